"""What people hear of the forum, after the change committed.

- **Live:** every change to a thread's posts (new, edited, deleted, voted, accepted, hidden,
  moderated) is pushed as ids on the thread's channel; open pages re-fetch what changed.
- **In-app:** the thread's subscribers (its author, everyone who posted in it, its watchers,
  minus those who muted it) hear of each new post; the mentor whose content item a new thread
  is about hears of the thread; an answer's author hears that it was accepted; a post's author
  hears of flags hiding it and of every moderation decision, with its reason; administrators
  hear of posts hidden by flags.
- **Mail:** new posts reach a subscriber in digests, at most one per thread an hour: the first
  post schedules a digest a few minutes later (so a burst of replies arrives together), and
  while a digest is pending or was sent less than an hour ago, later posts wait for the next
  one. Digests are durable schedules (``forum:<thread>:mail:<user>``) that survive restarts.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID, uuid5

from edu_core.application.forum import thread_channel, thread_link
from edu_core.application.messagebus import Subscription, on
from edu_core.application.notification_preferences import wants
from edu_core.domain.forum import (
    FORMER_MEMBER,
    AnswerAccepted,
    AnswerUnaccepted,
    ForumDigestDue,
    ModerationAction,
    PostCreated,
    PostDeleted,
    PostEdited,
    PostEvent,
    PostHiddenByFlags,
    PostModerated,
    PostStatus,
    PostVoted,
    ThreadStarted,
    excerpt,
)
from edu_core.domain.identity import Role, UserStatus
from edu_core.domain.notification_preferences import Channel
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest
from edu_core.domain.schedules import Schedule, ScheduleStatus
from edu_core.ports.clock import Clock
from edu_core.ports.identity import UserQuery
from edu_core.ports.live import LivePublisher
from edu_core.ports.mail import Mailer, MailRequest
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

# A burst of replies arrives in one digest.
DIGEST_DELAY = timedelta(minutes=5)
DIGEST_INTERVAL = timedelta(hours=1)
# A digest found late (everything was down) is still worth sending for this long.
DIGEST_GRACE = timedelta(days=1)
DIGEST_POSTS_SHOWN = 5
MODERATION_WORDS = {
    ModerationAction.RESTORE.value: ("Your post is visible again",
                                     "A moderator reviewed it and restored it."),
    ModerationAction.HIDE.value: ("A moderator hid your post", ""),
    ModerationAction.DELETE.value: ("A moderator removed your post", ""),
    ModerationAction.WARN.value: ("A warning from the moderators", ""),
    ModerationAction.SUSPEND.value: ("A moderator removed your post", ""),
}


def digest_key(thread_id: UUID, user_id: UUID) -> str:
    return f"forum:{thread_id}:mail:{user_id}"


class ForumLiveUpdates:
    """Ids of what changed, on ``thread:<id>``; pages listening re-fetch the posts."""

    def __init__(self, *, live: LivePublisher) -> None:
        self._live = live

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(PostCreated, self.created), on(PostEdited, self.edited),
                on(PostDeleted, self.deleted), on(PostVoted, self.voted),
                on(AnswerAccepted, self.accepted), on(AnswerUnaccepted, self.unaccepted),
                on(PostHiddenByFlags, self.hidden), on(PostModerated, self.moderated)]

    async def _push(self, event: PostEvent, **extra: object) -> None:
        await self._live.publish(thread_channel(event.thread_id), {
            "type": event.name, "thread_id": str(event.thread_id),
            "post_id": str(event.post_id), **extra})

    async def created(self, event: PostCreated) -> None:
        await self._push(event, number=event.number)

    async def voted(self, event: PostVoted) -> None:
        await self._push(event, score=event.score)

    async def edited(self, event: PostEdited) -> None:
        await self._push(event)

    async def deleted(self, event: PostDeleted) -> None:
        await self._push(event)

    async def accepted(self, event: AnswerAccepted) -> None:
        await self._push(event)

    async def unaccepted(self, event: AnswerUnaccepted) -> None:
        await self._push(event)

    async def hidden(self, event: PostHiddenByFlags) -> None:
        await self._push(event)

    async def moderated(self, event: PostModerated) -> None:
        await self._push(event)


async def _admins(uow: UnitOfWork) -> list[UUID]:
    found, page = [], 1
    while True:
        admins = await uow.users.list(UserQuery(role=Role.ADMIN, status=UserStatus.ACTIVE),
                                      PageRequest(page, MAX_PAGE_SIZE))
        found += [a.id for a in admins.items]
        if page * MAX_PAGE_SIZE >= admins.total:
            return found
        page += 1


class ForumInAppHandlers:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(PostCreated, self.post_created), on(ThreadStarted, self.thread_started),
                on(AnswerAccepted, self.answer_accepted),
                on(PostHiddenByFlags, self.hidden_by_flags),
                on(PostModerated, self.moderated)]

    def _add(self, uow: UnitOfWork, event: PostEvent | ThreadStarted, recipient: UUID,
             title: str, body: str, link: str, kind: str | None = None) -> None:
        # One notice per event and person: a redelivered event adds nothing.
        uow.notifications.add(Notification(
            id=uuid5(event.event_id, str(recipient)), user_id=recipient,
            kind=kind or event.name, title=title, body=body, link=link,
            created_at=self._clock.now()))

    async def post_created(self, event: PostCreated) -> None:
        if event.number == 1:
            return  # a new thread has nobody following it yet
        async with self._uow() as uow:
            thread = await uow.forum.thread(event.thread_id)
            post = (await uow.forum.posts_by_id([event.post_id])).get(event.post_id)
            if thread is None or post is None or post.status is not PostStatus.VISIBLE or \
                    thread.status is not PostStatus.VISIBLE:
                return
            author = (await uow.forum.authors([event.author_id])).get(event.author_id)
            who = author.name if author and not author.deleted else FORMER_MEMBER
            for recipient in sorted(await uow.forum.subscribers(thread.id) - {event.author_id}):
                if await wants(uow, recipient, event.name, Channel.IN_APP):
                    self._add(uow, event, recipient, f"New reply in \u201c{thread.title}\u201d",
                              f"{who}: {excerpt(post.body.text, 140)}",
                              thread_link(thread.id, event.number))
            await uow.commit()

    async def thread_started(self, event: ThreadStarted) -> None:
        mentor = event.item_mentor_id
        if mentor is None or mentor == event.author_id:
            return
        async with self._uow() as uow:
            if not await wants(uow, mentor, event.name, Channel.IN_APP):
                return
            author = (await uow.forum.authors([event.author_id])).get(event.author_id)
            who = author.name if author and not author.deleted else FORMER_MEMBER
            self._add(uow, event, mentor, "A question about your content",
                      f"{who} asked: {event.title}", thread_link(event.thread_id))
            await uow.commit()

    async def answer_accepted(self, event: AnswerAccepted) -> None:
        if event.post_author_id == event.accepted_by:
            return
        async with self._uow() as uow:
            if not await wants(uow, event.post_author_id, event.name, Channel.IN_APP):
                return
            thread = await uow.forum.thread(event.thread_id)
            title = thread.title if thread else "a thread"
            post = (await uow.forum.posts_by_id([event.post_id])).get(event.post_id)
            self._add(uow, event, event.post_author_id, "Your answer was accepted",
                      f"In \u201c{title}\u201d.",
                      thread_link(event.thread_id, post.number if post else None))
            await uow.commit()

    async def hidden_by_flags(self, event: PostHiddenByFlags) -> None:
        async with self._uow() as uow:
            post = (await uow.forum.posts_by_id([event.post_id])).get(event.post_id)
            if post is None or not post.hidden_by_flags:
                return  # an administrator decided already
            link = thread_link(event.thread_id, post.number)
            self._add(uow, event, event.author_id, "Your post is hidden for review",
                      "Several people flagged it. A moderator will look at it soon.", link)
            for admin in await _admins(uow):
                if admin != event.author_id and await wants(uow, admin, event.name,
                                                            Channel.IN_APP):
                    self._add(uow, event, admin, "A forum post was hidden by flags",
                              excerpt(post.body.text, 140), "/admin/forum")
            await uow.commit()

    async def moderated(self, event: PostModerated) -> None:
        title, default = MODERATION_WORDS[event.action]
        if event.action == ModerationAction.RESTORE.value and not event.was_hidden:
            return  # the flags were dismissed: nothing changed for the author
        async with self._uow() as uow:
            post = (await uow.forum.posts_by_id([event.post_id])).get(event.post_id)
            self._add(uow, event, event.author_id, title, event.reason or default,
                      thread_link(event.thread_id, post.number if post else None))
            await uow.commit()


class ForumMailHandlers:
    def __init__(self, *, mailer: Mailer, uow: UnitOfWorkFactory, clock: Clock,
                 web_base_url: str) -> None:
        self._mailer = mailer
        self._uow = uow
        self._clock = clock
        self._base = web_base_url.rstrip("/")

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(PostCreated, self.schedule_digests), on(ForumDigestDue, self.send_digest),
                on(ThreadStarted, self.thread_started), on(PostModerated, self.moderated)]

    async def schedule_digests(self, event: PostCreated) -> None:
        """Puts (or leaves) the digest that will carry this post to each subscriber."""
        if event.number == 1:
            return
        async with self._uow() as uow:
            subscribers = await uow.forum.subscribers(event.thread_id) - {event.author_id}
            now = self._clock.now()
            for user_id in sorted(subscribers):
                if not await wants(uow, user_id, PostCreated.name, Channel.EMAIL):
                    continue
                await self._schedule(uow, event, user_id, now)
            await uow.commit()

    @staticmethod
    async def _schedule(uow: UnitOfWork, event: PostCreated, user_id: UUID,
                        now: datetime) -> None:
        key = digest_key(event.thread_id, user_id)
        current = await uow.schedules.get(key)
        posted = event.created_at
        soon = max(posted, now) + DIGEST_DELAY
        if current is not None and isinstance(current.event, ForumDigestDue):
            if current.status is ScheduleStatus.PENDING:
                if posted < current.due_at:
                    return  # the pending digest covers it
                since, due = current.event.since, max(soon, current.due_at)
            elif current.status is ScheduleStatus.FIRED:
                if posted < current.due_at:
                    return  # the digest sent covered it
                since, due = current.due_at, max(soon, current.due_at + DIGEST_INTERVAL)
            else:
                since, due = posted, soon
        else:
            since, due = posted, soon
        await uow.schedules.put(Schedule(
            key=key, due_at=due, grace=DIGEST_GRACE,
            event=ForumDigestDue(occurred_at=due, thread_id=event.thread_id, user_id=user_id,
                                 since=since)))

    async def send_digest(self, event: ForumDigestDue) -> None:
        async with self._uow() as uow:
            thread = await uow.forum.thread(event.thread_id)
            user = await uow.users.get(event.user_id)
            if thread is None or thread.status is not PostStatus.VISIBLE or user is None or \
                    not user.is_active or not await wants(uow, user.id, PostCreated.name,
                                                          Channel.EMAIL) or \
                    user.id not in await uow.forum.subscribers(thread.id):
                return
            posts = await uow.forum.posts_between(thread.id, event.since, event.occurred_at,
                                                  exclude_author=user.id)
            if not posts:
                return
            authors = await uow.forum.authors({x.author_id for x in posts})
        lines = []
        for post in posts[:DIGEST_POSTS_SHOWN]:
            author = authors.get(post.author_id)
            who = author.name if author and not author.deleted else FORMER_MEMBER
            lines.append(f"{who}: {excerpt(post.body.text, 160)}")
        if len(posts) > DIGEST_POSTS_SHOWN:
            lines.append(f"... and {len(posts) - DIGEST_POSTS_SHOWN} more.")
        await self._mailer.send(MailRequest(to=user.email, template="forum_digest", context={
            "display_name": user.display_name, "title": thread.title, "count": len(posts),
            "summary": "\n\n".join(lines),
            "link": f"{self._base}{thread_link(thread.id, posts[0].number)}"}))

    async def thread_started(self, event: ThreadStarted) -> None:
        mentor_id = event.item_mentor_id
        if mentor_id is None or mentor_id == event.author_id:
            return
        async with self._uow() as uow:
            mentor = await uow.users.get(mentor_id)
            if mentor is None or not mentor.is_active or not await wants(
                    uow, mentor.id, event.name, Channel.EMAIL):
                return
            author = (await uow.forum.authors([event.author_id])).get(event.author_id)
        who = author.name if author and not author.deleted else FORMER_MEMBER
        await self._mailer.send(MailRequest(to=mentor.email, template="forum_item_thread",
                                            context={
            "display_name": mentor.display_name, "author": who, "title": event.title,
            "link": f"{self._base}{thread_link(event.thread_id)}"}))

    async def moderated(self, event: PostModerated) -> None:
        """The reason reaches the author by mail too, except for a restore (no news) and a
        suspension (the account's suspension notice says it)."""
        if event.action in (ModerationAction.RESTORE.value, ModerationAction.SUSPEND.value):
            return
        async with self._uow() as uow:
            user = await uow.users.get(event.author_id)
            if user is None or user.deleted_at is not None:
                return
            thread = await uow.forum.thread(event.thread_id)
        title, _ = MODERATION_WORDS[event.action]
        await self._mailer.send(MailRequest(to=user.email, template="forum_moderated", context={
            "display_name": user.display_name, "headline": title, "reason": event.reason,
            "title": thread.title if thread else "",
            "warning": int(event.action == ModerationAction.WARN.value),
            "link": f"{self._base}{thread_link(event.thread_id)}"}))
