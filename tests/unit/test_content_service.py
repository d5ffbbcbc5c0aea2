"""Content use cases against in-memory fakes: ownership, moderation with audit, and what the
mentor hears (mail and in-app, once per decision even when an event is delivered twice)."""

import uuid
from dataclasses import dataclass

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.mail.renderer import MailRenderer
from adapters.memory.fakes import FakeClock, MemoryEventDispatcher
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.actors import Actor, Principal
from edu_core.application.content import ContentService, MentorNotVerified
from edu_core.application.content_notifications import ContentInAppHandlers, ContentMailHandlers
from edu_core.application.messagebus import EventHandlers, HandlerRegistry
from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import ContentNotFound, ContentStatus, default_kinds
from edu_core.domain.identity import Role, Transport, User
from edu_core.domain.mentors import MentorProfile, VerificationDocument
from edu_core.domain.pagination import PageRequest
from tests.unit.conftest import FakeMailer


@dataclass
class World:
    uow: MemoryUnitOfWorkFactory
    clock: FakeClock
    mailer: FakeMailer
    dispatcher: MemoryEventDispatcher
    content: ContentService
    topic: Topic
    # Numbered, not random: every run registers the same addresses.
    people: int = 0

    async def person(self, role: Role, *, verified: bool = True) -> Principal:
        now = self.clock.now()
        self.people += 1
        user = User.register(email=f"{role.value}-{self.people}@example.org",
                             display_name=f"A {role.value}", role=role, password_hash="h",
                             timezone="UTC", now=now)
        async with self.uow() as uow:
            uow.users.add(user)
            if role is Role.MENTOR:
                profile = MentorProfile.start(user.id, timezone="UTC", now=now)
                profile.update_profile(now, headline="h", bio="b", languages=["en"],
                                       hourly_rate_cents=1000, currency="EUR")
                profile.set_topics([self.topic.id], now)
                profile.add_document(VerificationDocument(
                    blob_key="k", filename="d.pdf", content_type="application/pdf", size=1,
                    uploaded_at=now), now)
                profile.submit(now)
                if verified:
                    profile.verify(now)
                await uow.mentors.save(profile)
            await uow.commit()
        return Principal(user_id=user.id, role=role, session_id=uuid.uuid4(),
                         transport=Transport.BEARER)


async def redeliver(handlers: EventHandlers, world: World) -> None:
    """Every stored event to every handler of ``handlers`` once more, as a broker might."""
    registry = HandlerRegistry([handlers])
    for event in world.uow.store.outbox:
        for sub in registry.for_event(event.name):
            await sub.handler(event)


@pytest.fixture
async def world() -> World:
    uow = MemoryUnitOfWorkFactory()
    clock = FakeClock()
    mailer = FakeMailer()
    dispatcher = MemoryEventDispatcher(uow.store, HandlerRegistry([
        ContentMailHandlers(mailer=mailer, uow=uow, web_base_url="https://app.test"),
        ContentInAppHandlers(uow=uow, clock=clock)]))
    uow.signal = dispatcher
    subject = Subject.create(name="Physics")
    chapter = Chapter.create(subject_id=subject.id, name="Mechanics")
    topic = Topic.create(chapter_id=chapter.id, name="Energy")
    async with uow() as u:
        for node in (subject, chapter, topic):
            await u.catalog.save(node)
        await u.commit()
    service = ContentService(uow=uow, clock=clock,
                             kinds=default_kinds(), sanitizer=Nh3HtmlSanitizer())
    return World(uow, clock, mailer, dispatcher, service, topic)


async def test_moderation_is_audited_and_the_mentor_hears_each_decision_once(
        world: World) -> None:
    mentor, admin = await world.person(Role.MENTOR), await world.person(Role.ADMIN)
    c = world.content
    view = await c.create(mentor, topic_id=world.topic.id, kind="note", title="Energy",
                          body={"html": "<p>E = mc²<img src=x onerror=alert(1)></p>"})
    item_id = view.item.id
    assert view.latest.body == {"html": "<p>E = mc²<img></p>"}
    await c.submit(mentor, item_id)
    world.clock.advance(minutes=5)
    await c.reject(Actor.of(admin), item_id, 1, "Cite a source.")
    await c.save(mentor, item_id, base_version=1, title="Energy",
                 body={"html": "<p>E = mc² (Einstein, 1905)</p>"})
    await c.submit(mentor, item_id)
    world.clock.advance(minutes=5)
    approved = await c.approve(Actor.of(admin), item_id, 2)
    assert (approved.item.status, approved.item.live_version) == (ContentStatus.APPROVED, 2)
    assert approved.mentor_name == "A mentor"

    await world.dispatcher.drain()
    content_events = [e.name for e in world.uow.store.outbox if e.name.startswith("content.")]
    assert content_events == ["content.submitted", "content.rejected", "content.submitted",
                              "content.approved"]
    templates = [(m.template, m.context["version"]) for m in world.mailer.sent]
    assert templates == [("content_rejected", 1), ("content_approved", 2)]
    renderer = MailRenderer()
    rejected = renderer.render(world.mailer.sent[0])
    assert "Cite a source." in rejected.text and "Cite a source." in rejected.html
    assert f"https://app.test/mentor/content/{item_id}" in rejected.text
    assert "Energy" in renderer.render(world.mailer.sent[1]).subject

    # At-least-once delivery: handling the same events again adds no notification.
    await redeliver(ContentInAppHandlers(uow=world.uow, clock=world.clock), world)
    async with world.uow() as uow:
        inbox = await uow.notifications.for_user(mentor.user_id, PageRequest(1, 20))
        audit = await uow.audit.list(PageRequest(1, 10), target_id=str(item_id))
    assert sorted(n.kind for n in inbox.items) == ["content.approved", "content.rejected"]
    assert [e.action for e in audit.items] == ["content.approved", "content.rejected"]
    assert audit.items[1].details["feedback"] == "Cite a source."


async def test_only_the_owner_or_an_admin_reaches_an_item(world: World) -> None:
    mentor, other = await world.person(Role.MENTOR), await world.person(Role.MENTOR)
    admin = await world.person(Role.ADMIN)
    c = world.content
    item_id = (await c.create(mentor, topic_id=world.topic.id, kind="note", title="Mine",
                              body={"html": "<p>x</p>"})).item.id
    for call in (c.item(other, item_id), c.versions(other, item_id),
                 c.version(other, item_id, 1), c.diff(other, item_id, 1, 1),
                 c.submit(other, item_id),
                 c.save(other, item_id, base_version=1, title="Stolen", body={"html": "y"}),
                 c.revert(other, item_id, to_version=1, base_version=1),
                 c.learner_item(item_id)):
        with pytest.raises(ContentNotFound):
            await call
    edited = await c.save(admin, item_id, base_version=1, title="Fixed by staff",
                          body={"html": "<p>x</p>"})
    assert (edited.item.latest.number, edited.item.latest.author_id) == (2, admin.user_id)
    assert (await c.my_items(other, PageRequest())).items == []
    assert [v.item.id for v in (await c.my_items(admin, PageRequest())).items] == [item_id]


async def test_an_unverified_mentor_drafts_but_cannot_submit(world: World) -> None:
    newcomer = await world.person(Role.MENTOR, verified=False)
    item = await world.content.create(newcomer, topic_id=world.topic.id, kind="simulation",
                                      title="Skate park",
                                      body={"url": "https://phet.colorado.edu/sims/x",
                                            "title": "Skate park"})
    with pytest.raises(MentorNotVerified):
        await world.content.submit(newcomer, item.item.id)
    async with world.uow() as uow:
        stored = await uow.content.get(item.item.id)
    assert stored is not None and stored.status is ContentStatus.DRAFT


async def test_admins_hear_of_each_submission_still_waiting_once(world: World) -> None:
    mentor = await world.person(Role.MENTOR)
    admins = [await world.person(Role.ADMIN), await world.person(Role.ADMIN)]
    c = world.content
    item_id = (await c.create(mentor, topic_id=world.topic.id, kind="note", title="Momentum",
                              body={"html": "<p>p = mv</p>"})).item.id

    async def inbox(principal: Principal) -> list[str]:
        async with world.uow() as uow:
            found = await uow.notifications.for_user(principal.user_id, PageRequest(1, 20))
        return [n.kind for n in found.items]

    # Withdrawn before the event was handled: nothing left for admins to look at.
    await c.submit(mentor, item_id)
    withdrawn = await c.withdraw(mentor, item_id)
    assert (withdrawn.item.status, withdrawn.item.submitted_at) == (ContentStatus.DRAFT, None)
    await world.dispatcher.drain()
    assert [await inbox(a) for a in admins] == [[], []]

    world.clock.advance(minutes=1)
    await c.submit(mentor, item_id)
    await world.dispatcher.drain()
    assert [await inbox(a) for a in admins] == [["content.submitted"]] * 2
    assert await inbox(mentor) == []
    async with world.uow() as uow:
        note = (await uow.notifications.for_user(admins[0].user_id, PageRequest())).items[0]
    assert (note.title, note.link) == ("Review \u201cMomentum\u201d",
                                       f"/admin/content/{item_id}")
    assert note.body == "A mentor sent version 1 of a note for review."

    # At-least-once delivery: a redelivered event adds nothing.
    await redeliver(ContentInAppHandlers(uow=world.uow, clock=world.clock), world)
    assert [await inbox(a) for a in admins] == [["content.submitted"]] * 2
    async with world.uow() as uow:
        audit = await uow.audit.list(PageRequest(1, 10), target_id=str(item_id))
    assert [(e.action, e.actor_id) for e in audit.items] == [("content.withdrawn",
                                                              mentor.user_id)]
