"""Forum use cases and their handlers on the in-memory fakes: asking about a lesson, badges,
who sees a hidden post, the rate limits, moderation, live pushes, in-app notices and the
hourly mail digests."""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.content.markdown import MarkdownItRenderer
from adapters.mail.renderer import MailRenderer
from adapters.memory.fakes import FakeClock, FakePasswordHasher, MemoryEventDispatcher
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Actor, Principal
from edu_core.application.annotation_shares import AnnotationSharing
from edu_core.application.forum import (
    FLAGS_PER_HOUR,
    ForumService,
    thread_channel,
)
from edu_core.application.forum_notifications import (
    DIGEST_DELAY,
    ForumInAppHandlers,
    ForumLiveUpdates,
    ForumMailHandlers,
    digest_key,
)
from edu_core.application.identity import AuthConfig, IdentityService
from edu_core.application.live import default_channel_policies
from edu_core.application.user_admin import UserAdminService
from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import ContentItem
from edu_core.domain.errors import RateLimited
from edu_core.domain.forum import (
    ForumCategory,
    ForumCategoryRequired,
    InvalidLink,
    LinksNotAllowedYet,
    ModerationAction,
    NotAllowedToAccept,
    NotYourPost,
    PostCreated,
    PostNotFound,
    PostOrder,
    PostStatus,
    ThreadNotFound,
)
from edu_core.domain.identity import PasswordPolicy, Role, Transport, User, UserStatus
from edu_core.domain.mentors import MentorProfile, MentorStatus
from edu_core.domain.pagination import PageRequest
from edu_core.domain.schedules import ScheduleStatus
from tests.unit.conftest import FakeMailer, FakeRateLimiter
from tests.unit.test_content_images import MemoryBlobs

NOW = datetime(2026, 4, 6, 8, 0, tzinfo=UTC)


class Published:
    def __init__(self) -> None:
        self.messages: list[tuple[str, Mapping[str, Any]]] = []

    async def publish(self, channel: str, message: Mapping[str, Any]) -> None:
        self.messages.append((channel, message))


class World:
    def __init__(self) -> None:
        self.uow = MemoryUnitOfWorkFactory()
        self.clock = FakeClock(NOW)
        self.mailer = FakeMailer()
        self.live = Published()
        self.dispatcher = MemoryEventDispatcher(self.uow.store, clock=self.clock)
        self.uow.signal = self.dispatcher
        identity = IdentityService(uow=self.uow, hasher=FakePasswordHasher(), clock=self.clock,
                                   policy=PasswordPolicy(), limiter=FakeRateLimiter(self.clock),
                                   config=AuthConfig())
        self.forum = ForumService(uow=self.uow, clock=self.clock,
                                  limiter=FakeRateLimiter(self.clock),
                                  renderer=MarkdownItRenderer(Nh3HtmlSanitizer()),
                                  accounts=UserAdminService(uow=self.uow, clock=self.clock,
                                                            identity=identity),
                                  sharing=AnnotationSharing(storage=MemoryBlobs(),
                                                            clock=self.clock))
        for group in (ForumInAppHandlers(uow=self.uow, clock=self.clock),
                      ForumMailHandlers(mailer=self.mailer, uow=self.uow, clock=self.clock,
                                        web_base_url="https://app.test"),
                      ForumLiveUpdates(live=self.live)):
            self.dispatcher.registry.add(group)
        store = self.uow.store
        self.subject = Subject(name="Physics", slug="physics")
        chapter = Chapter(subject_id=self.subject.id, name="Mechanics", slug="mechanics")
        self.topic = Topic(chapter_id=chapter.id, name="Energy", slug="energy")
        store.catalog.subjects[self.subject.id] = self.subject
        store.catalog.chapters[chapter.id] = chapter
        store.catalog.topics[self.topic.id] = self.topic
        self.category = ForumCategory.create(name="Physics", subject_id=self.subject.id,
                                             now=NOW)
        self.general = ForumCategory.create(name="General", now=NOW, position=1)
        store.forum.categories.update({c.id: c for c in (self.category, self.general)})
        self.mentor = self.user(Role.MENTOR, "Amara Okafor")
        store.mentors[self.mentor.user_id] = MentorProfile(
            user_id=self.mentor.user_id, status=MentorStatus.VERIFIED, timezone="UTC",
            hourly_rate_cents=6000, currency="EUR", created_at=NOW, updated_at=NOW)
        self.item = ContentItem.create(topic_id=self.topic.id, mentor_id=self.mentor.user_id,
                                       kind="note", title="Kinetic energy",
                                       body={"html": "<p>½mv²</p>"},
                                       author_id=self.mentor.user_id, now=NOW)
        self.item.submit(NOW)
        self.item.approve(version=1, reviewer_id=None, now=NOW)
        store.content[self.item.id] = self.item

    def user(self, role: Role = Role.STUDENT, name: str = "Sam Taylor",
             age: timedelta = timedelta(days=30)) -> Principal:
        user = User.register(email=f"u{uuid4().hex[:8]}@example.org", display_name=name,
                             role=role, password_hash="h", timezone="UTC", now=NOW - age)
        user.events.clear()
        self.uow.store.users[user.id] = user
        return Principal(user_id=user.id, role=role, session_id=uuid4(),
                         transport=Transport.BEARER)

    async def deliver(self) -> None:
        await self.dispatcher.drain()

    def notices(self, who: Principal, kind: str | None = None) -> list[Any]:
        return sorted((n for n in self.uow.store.notifications.values()
                       if n.user_id == who.user_id and (kind is None or n.kind == kind)),
                      key=lambda n: n.created_at)

    def mails(self, template: str) -> list[Any]:
        return [m for m in self.mailer.sent if m.template == template]


async def test_asking_about_a_lesson_links_it_and_brings_its_mentor() -> None:
    world = World()
    student = world.user()
    page = await world.forum.start_thread(
        student, title="Why ½ in kinetic energy?", body="I answered $mv^2$. Why the half?",
        item_id=world.item.id, quote="What is the kinetic energy of 2 kg at 3 m/s?\n"
                                     "Your answer: 18 J")
    thread = page.thread.thread
    assert (thread.item_id, thread.topic_id, thread.item_mentor_id) == (
        world.item.id, world.topic.id, world.mentor.user_id)
    assert page.thread.category.id == world.category.id  # the subject's category
    [opening] = page.posts.items
    assert opening.post.body.html.startswith("<blockquote>")
    assert '<span data-type="inline-math" data-latex="mv^2"></span>' in opening.post.body.html
    assert page.thread.watching is True  # its author follows it

    await world.deliver()
    [notice] = world.notices(world.mentor, "forum.thread_started")
    assert (notice.title, notice.link) == ("A question about your content",
                                           f"/forum/threads/{thread.id}")
    [mail] = world.mails("forum_item_thread")
    assert mail.context["title"] == "Why ½ in kinetic energy?"

    answer = await world.forum.reply(world.mentor, thread.id,
                                     "Because\n\n$$E_k = \\int_0^v mv\\,dv = \\tfrac12 mv^2$$")
    assert answer.author is not None and answer.is_content_author
    assert [b.value for b in answer.author.badges] == ["verified_mentor"]
    assert '<div data-type="block-math"' in answer.post.body.html
    view = await world.forum.accept(student, thread.id, answer.post.id)
    assert view.thread.solved
    shown = await world.forum.thread_page(None, thread.id)
    assert shown.accepted is not None and shown.accepted.post.id == answer.post.id
    assert [x.accepted for x in shown.posts.items] == [False, True]
    await world.deliver()
    assert [n.title for n in world.notices(world.mentor, "forum.answer_accepted")] == [
        "Your answer was accepted"]


async def test_a_thread_needs_a_category_a_published_item_and_an_account_old_enough_for_links(
        ) -> None:
    world = World()
    student = world.user()
    with pytest.raises(ForumCategoryRequired):
        await world.forum.start_thread(student, title="A general question", body="Hello")
    draft = ContentItem.create(topic_id=world.topic.id, mentor_id=world.mentor.user_id,
                               kind="note", title="Draft", body={"html": "<p>x</p>"},
                               author_id=world.mentor.user_id, now=NOW)
    world.uow.store.content[draft.id] = draft
    with pytest.raises(InvalidLink):
        await world.forum.start_thread(student, title="About the draft", body="Hm",
                                       item_id=draft.id)
    newcomer = world.user(age=timedelta(hours=2))
    with pytest.raises(LinksNotAllowedYet):
        await world.forum.start_thread(newcomer, title="Great offer", category="general",
                                       body="Visit [this](https://spam.example)")
    page = await world.forum.start_thread(newcomer, title="See the lesson", category="general",
                                          body="[Energy](/topics/energy) explains it.")
    assert page.thread.category.slug == "general"


async def test_a_hidden_post_is_seen_by_its_author_and_admins_only() -> None:
    world = World()
    asker, helper, stranger = world.user(), world.user(name="Mei Lin"), world.user()
    admin = world.user(Role.ADMIN, "Grace")
    thread = (await world.forum.start_thread(asker, title="Units of energy",
                                             body="Joules?", topic="energy")).thread.thread
    post = await world.forum.reply(helper, thread.id, "Yes, joules.")
    flaggers = [world.user() for _ in range(3)]
    assert [await world.forum.flag(f, post.post.id, "Wrong") for f in flaggers] == [
        False, False, True]

    async def numbers(viewer: Principal | None) -> list[int]:
        page = await world.forum.thread_page(viewer, thread.id)
        return [x.post.number for x in page.posts.items]

    assert await numbers(stranger) == [1] and await numbers(None) == [1]
    assert await numbers(helper) == [1, 2] and await numbers(admin) == [1, 2]
    with pytest.raises(PostNotFound):
        await world.forum.vote(stranger, post.post.id, 1)
    with pytest.raises(PostNotFound):
        await world.forum.revisions(stranger, post.post.id, PageRequest())
    await world.deliver()
    [hidden] = world.notices(helper, "forum.post_hidden_by_flags")
    assert hidden.title == "Your post is hidden for review"
    assert [n.link for n in world.notices(admin, "forum.post_hidden_by_flags")] == [
        "/admin/forum"]

    queue = await world.forum.moderation_queue(PageRequest())
    [waiting] = queue.items
    assert (waiting.post.id, len(waiting.post.flags)) == (post.post.id, 3)
    restored = await world.forum.decide(Actor(admin.user_id, "user"), post.post.id,
                                        ModerationAction.RESTORE, "")
    assert restored.post.status is PostStatus.VISIBLE
    assert await numbers(stranger) == [1, 2]
    assert (await world.forum.moderation_queue(PageRequest())).total == 0
    await world.deliver()
    assert [n.title for n in world.notices(helper, "forum.post_moderated")] == [
        "Your post is visible again"]


async def test_outsiders_cannot_edit_delete_or_accept() -> None:
    world = World()
    asker, helper, outsider = world.user(), world.user(), world.user()
    thread = (await world.forum.start_thread(asker, title="Momentum", body="p = mv?",
                                             category="general")).thread.thread
    answer = await world.forum.reply(helper, thread.id, "Yes.")
    with pytest.raises(NotYourPost):
        await world.forum.edit(outsider, answer.post.id, "Mine now")
    with pytest.raises(NotYourPost):
        await world.forum.delete(outsider, answer.post.id)
    with pytest.raises(NotAllowedToAccept):
        await world.forum.accept(outsider, thread.id, answer.post.id)
    unverified = world.user(Role.MENTOR)
    with pytest.raises(NotAllowedToAccept):
        await world.forum.accept(unverified, thread.id, answer.post.id)
    await world.forum.accept(world.mentor, thread.id, answer.post.id)
    # Deleting the opening post takes the thread away from everyone but admins.
    opening = (await world.forum.thread_page(asker, thread.id)).posts.items[0]
    await world.forum.delete(asker, opening.post.id)
    with pytest.raises(ThreadNotFound):
        await world.forum.thread_page(outsider, thread.id)
    with pytest.raises(ThreadNotFound):
        await world.forum.thread_page(asker, thread.id)


async def test_flags_and_posts_are_rate_limited_per_person() -> None:
    world = World()
    asker, flagger = world.user(), world.user()
    thread = (await world.forum.start_thread(asker, title="Many posts", body="Go",
                                             category="general")).thread.thread
    posts = [await world.forum.reply(asker, thread.id, f"Post {n}") for n in range(19)]
    with pytest.raises(RateLimited):
        await world.forum.reply(asker, thread.id, "One too many")
    helper = world.user()
    posts += [await world.forum.reply(helper, thread.id, f"More {n}") for n in range(2)]
    for post in posts[:FLAGS_PER_HOUR.limit]:
        await world.forum.flag(flagger, post.post.id, "Spam")
    with pytest.raises(RateLimited):
        await world.forum.flag(flagger, posts[-1].post.id, "Spam")
    world.clock.advance(hours=1)
    await world.forum.reply(asker, thread.id, "Later")


async def test_suspending_the_author_removes_the_post_and_suspends_the_account() -> None:
    world = World()
    troll, admin = world.user(), world.user(Role.ADMIN)
    thread = (await world.forum.start_thread(troll, title="Buy followers now",
                                             body="Cheap!", category="general")).thread.thread
    opening = (await world.forum.thread_page(None, thread.id)).posts.items[0]
    decided = await world.forum.decide(Actor(admin.user_id, "user"), opening.post.id,
                                       ModerationAction.SUSPEND, "Spam accounts are removed.")
    assert decided.post.status is PostStatus.REMOVED
    assert world.uow.store.users[troll.user_id].status is UserStatus.SUSPENDED
    with pytest.raises(ThreadNotFound):
        await world.forum.thread_page(None, thread.id)
    await world.deliver()
    assert [n.body for n in world.notices(troll, "forum.post_moderated")] == [
        "Spam accounts are removed."]
    assert world.mails("forum_moderated") == []  # the suspension notice tells it


async def test_live_pushes_go_to_the_thread_channel_which_readers_may_follow() -> None:
    world = World()
    asker, voter = world.user(), world.user()
    thread = (await world.forum.start_thread(asker, title="Live thread", body="Watch",
                                             category="general")).thread.thread
    reply = await world.forum.reply(voter, thread.id, "Here")
    await world.forum.vote(asker, reply.post.id, 1)
    await world.forum.accept(asker, thread.id, reply.post.id)
    await world.deliver()
    channel = thread_channel(thread.id)
    pushed = [(c, m["type"]) for c, m in world.live.messages]
    assert pushed == [(channel, "forum.post_created"), (channel, "forum.post_created"),
                      (channel, "forum.post_voted"), (channel, "forum.answer_accepted")]
    assert world.live.messages[2][1]["score"] == 1
    policies = default_channel_policies()
    policies.register("thread", world.forum.may_follow)
    assert await policies.may_read(voter, channel)
    assert not await policies.may_read(voter, f"thread:{uuid4()}")
    assert not await policies.may_read(voter, "thread:not-a-uuid")


async def test_subscribers_get_a_notice_per_post_and_one_mail_digest_per_thread_an_hour(
        ) -> None:
    world = World()
    asker, helper, watcher, muted = (world.user(name="Ann Asker"), world.user(name="Mei Lin"),
                                     world.user(name="Wes Watcher"),
                                     world.user(name="Max Muted"))
    thread = (await world.forum.start_thread(asker, title="Friction", body="Why?",
                                             category="general")).thread.thread
    await world.forum.watch(watcher, thread.id, True)
    await world.forum.reply(muted, thread.id, "Interesting")
    await world.forum.watch(muted, thread.id, False)
    await world.forum.reply(helper, thread.id, "Surfaces interlock.")
    world.clock.advance(minutes=1)
    await world.forum.reply(helper, thread.id, "And adhesion.")
    await world.deliver()
    assert [n.body for n in world.notices(asker, "forum.post_created")] == [
        "Max Muted: Interesting", "Mei Lin: Surfaces interlock.", "Mei Lin: And adhesion."]
    assert len(world.notices(watcher, "forum.post_created")) == 3
    assert len(world.notices(muted, "forum.post_created")) == 0
    assert world.mails("forum_digest") == []  # not yet: a burst is gathered first
    key = digest_key(thread.id, asker.user_id)
    # Gathered from when the first post was handled (a minute in).
    assert world.uow.store.schedules[key].due_at == NOW + timedelta(minutes=1) + DIGEST_DELAY

    world.clock.advance(minutes=5)
    await world.deliver()
    digests = {m.to: m for m in world.mails("forum_digest")}
    asker_mail = digests[world.uow.store.users[asker.user_id].email]
    assert asker_mail.context["count"] == 3
    assert "Mei Lin: And adhesion." in str(asker_mail.context["summary"])
    assert world.uow.store.users[muted.user_id].email not in digests
    assert world.uow.store.schedules[key].status is ScheduleStatus.FIRED

    # Within the hour a new post waits for the next digest, an hour after the last one.
    world.clock.advance(minutes=10)
    await world.forum.reply(helper, thread.id, "Also temperature.")
    await world.deliver()
    assert world.uow.store.schedules[key].due_at == (
        NOW + timedelta(minutes=1) + DIGEST_DELAY + timedelta(hours=1))
    sent = len(world.mails("forum_digest"))
    world.clock.advance(minutes=30)
    await world.deliver()
    assert len(world.mails("forum_digest")) == sent
    world.clock.advance(minutes=30)
    await world.deliver()
    later = [m for m in world.mails("forum_digest")[sent:]
             if m.to == world.uow.store.users[asker.user_id].email]
    assert [m.context["count"] for m in later] == [1]


async def test_posts_page_by_cursor_through_a_long_thread() -> None:
    world = World()
    asker, helper = world.user(), world.user()
    thread = (await world.forum.start_thread(asker, title="Long thread", body="Start",
                                             category="general")).thread.thread
    previous = None
    for n in range(12):
        parent = previous.post.id if previous is not None and n % 3 else None
        previous = await world.forum.reply(helper if n % 2 else asker, thread.id, f"Post {n}",
                                           parent_id=parent)
    page = await world.forum.thread_page(None, thread.id, limit=5)
    seen = [x.post.number for x in page.posts.items]
    cursor = page.posts.next_cursor
    while cursor is not None:
        more = await world.forum.posts(None, thread.id, cursor=cursor, limit=5)
        seen += [x.post.number for x in more.items]
        cursor = more.next_cursor
    assert sorted(seen) == list(range(1, 14)) and len(seen) == 13
    assert page.posts.total == 13
    oldest = await world.forum.posts(None, thread.id, order=PostOrder.OLDEST, start=10,
                                     limit=100)
    assert [x.post.number for x in oldest.items] == [10, 11, 12, 13]
    flattened = [x for x in (await world.forum.posts(None, thread.id, limit=100)).items
                 if x.post.flattened]
    assert all(x.reply_to is not None and x.reply_to.author_name for x in flattened)


async def test_a_redelivered_event_adds_no_second_notice() -> None:
    world = World()
    asker, helper = world.user(), world.user()
    thread = (await world.forum.start_thread(asker, title="Once only", body="Hi",
                                             category="general")).thread.thread
    await world.forum.reply(helper, thread.id, "Hello")
    await world.deliver()
    [created] = [e for e in world.uow.store.outbox
                 if isinstance(e, PostCreated) and e.number == 2]
    handlers = ForumInAppHandlers(uow=world.uow, clock=world.clock)
    await handlers.post_created(created)
    await handlers.post_created(created)
    assert len(world.notices(asker, "forum.post_created")) == 1


async def test_forum_mails_render_with_what_their_handlers_send() -> None:
    world = World()
    student, admin = world.user(name="Ann Asker"), world.user(Role.ADMIN)
    page = await world.forum.start_thread(student, title="Rendering <check>",
                                          body="Hello", item_id=world.item.id)
    thread = page.thread.thread
    reply = await world.forum.reply(world.mentor, thread.id, "An answer with $x^2$")
    await world.deliver()
    world.clock.advance(minutes=10)
    await world.deliver()
    await world.forum.decide(Actor(admin.user_id, "user"), reply.post.id,
                             ModerationAction.WARN, "Be <b>precise</b>.")
    await world.deliver()
    renderer = MailRenderer()
    digest = renderer.render(world.mails("forum_digest")[0])
    assert digest.subject == '1 new post in "Rendering <check>"'
    assert "Rendering &lt;check&gt;" in digest.html and "Amara Okafor: An answer" in digest.text
    item_thread = renderer.render(world.mails("forum_item_thread")[0])
    assert "Ann Asker" in item_thread.text and item_thread.subject.endswith(
        '"Rendering <check>"')
    warned = renderer.render(world.mails("forum_moderated")[0])
    assert "Be &lt;b&gt;precise&lt;/b&gt;." in warned.html and "formal warning" in warned.text
