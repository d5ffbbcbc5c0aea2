"""Reviews of sessions (S11): the student reviews a completed session once, the mentor replies
once, anyone signed in reports, an admin hides (with a reason the author sees) or restores.
Every change is audited; the mentor's rating follows in the same transaction (see
``ports.reviews``).

A session or review the caller has no part in answers like a missing one, so ids cannot be
probed; hidden reviews are seen by their author, their mentor and admins only.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from edu_core.application.actors import Actor, Principal
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.audit import AuditEntry
from edu_core.domain.bookings import SessionNotFound
from edu_core.domain.errors import PermissionDenied, RateLimited
from edu_core.domain.mentors import MentorProfileNotFound
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.reviews import (
    Review,
    ReviewEvent,
    ReviewExists,
    ReviewHidden,
    ReviewNotFound,
    ReviewPosted,
    ReviewReplied,
    ReviewRestored,
    ReviewStatus,
)
from edu_core.ports.clock import Clock
from edu_core.ports.rate_limit import RateLimiter, RateRule
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

# Reports cost an admin's time: a person gets this many an hour, whatever address they use.
REPORTS_PER_HOUR = RateRule(10, 3600)


class OnlyTheMentorReplies(PermissionDenied):
    code = "only_the_mentor_replies"
    default_message = "Only the reviewed mentor can reply to a review."


def public_name(display_name: str) -> str:
    """How a reviewer is named in public: the first name and the initial of the last."""
    parts = display_name.split()
    if len(parts) < 2:
        return display_name
    return f"{parts[0]} {parts[-1][0]}."


@dataclass(frozen=True)
class ReviewView:
    review: Review
    author_name: str  # in public form (see ``public_name``)
    # For the admins' queue: the mentor's display name, and each reporter's.
    mentor_name: str = ""
    reporter_names: Mapping[UUID, str] = field(default_factory=dict)


class ReviewService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, limiter: RateLimiter) -> None:
        self._uow = uow
        self._clock = clock
        self._limiter = limiter

    # -- helpers -----------------------------------------------------------------------------

    async def _views(self, uow: UnitOfWork, found: Iterable[Review]) -> list[ReviewView]:
        items = list(found)
        # Everyone a view names, in one read.
        users = await uow.users.get_many({person for x in items for person in (
            x.student_id, x.mentor_id, *(report.reporter_id for report in x.reports))})
        names = {user_id: user.display_name for user_id, user in users.items()}
        return [ReviewView(
            x, public_name(names[x.student_id]) if x.student_id in names else "Former student",
            mentor_name=names.get(x.mentor_id, "Former mentor"),
            reporter_names={r.reporter_id: names.get(r.reporter_id, "Former member")
                            for r in x.reports}) for x in items]

    async def _page(self, uow: UnitOfWork, found: Page[Review]) -> Page[ReviewView]:
        return Page(items=await self._views(uow, found.items), total=found.total,
                    page=found.page, page_size=found.page_size)

    async def _review(self, uow: UnitOfWork, principal: Principal, review_id: UUID) -> Review:
        """A review the caller may see: a public one, or a hidden one of theirs."""
        review = await uow.reviews.get(review_id)
        if review is None or not (review.status.public or principal.is_admin or
                                  principal.user_id in (review.student_id, review.mentor_id)):
            raise ReviewNotFound()
        return review

    def _audit(self, uow: UnitOfWork, actor: Actor, review: Review, action: str,
               **details: Any) -> None:
        uow.audit.record(AuditEntry(
            actor_id=actor.user_id, action=f"review.{action}", target_type="review",
            target_id=str(review.id), occurred_at=self._clock.now(),
            details={"actor": actor.label, "session_id": str(review.session_id),
                     "mentor_id": str(review.mentor_id), "status": review.status.value,
                     **details}))

    async def _commit(self, uow: UnitOfWork, review: Review) -> ReviewView:
        await uow.commit()
        [view] = await self._views(uow, [review])
        return view

    # -- the parties -------------------------------------------------------------------------

    async def post(self, principal: Principal, session_id: UUID, *, rating: int,
                   text: str) -> ReviewView:
        """The session's student reviews it once it is completed; once."""
        async with self._uow() as uow:
            session = await uow.bookings.get(session_id)
            if session is None or session.student_id != principal.user_id:
                raise SessionNotFound()
            if await uow.reviews.for_session(session_id) is not None:
                raise ReviewExists()
            review = Review.post(session, rating=rating, text=text, now=self._clock.now())
            uow.reviews.add(review)
            self._audit(uow, Actor.of(principal), review, "posted", rating=review.rating)
            return await self._commit(uow, review)

    async def of_session(self, principal: Principal, session_id: UUID) -> ReviewView:
        """The review of a session, for its student, its mentor or an admin."""
        async with self._uow() as uow:
            session = await uow.bookings.get(session_id)
            if session is None or not (principal.is_admin or principal.user_id in (
                    session.student_id, session.mentor_id)):
                raise SessionNotFound()
            review = await uow.reviews.for_session(session_id)
            if review is None:
                raise ReviewNotFound()
            [view] = await self._views(uow, [review])
        return view

    async def reply(self, principal: Principal, review_id: UUID, text: str) -> ReviewView:
        async with self._uow() as uow:
            review = await self._review(uow, principal, review_id)
            if review.mentor_id != principal.user_id:
                raise OnlyTheMentorReplies()
            review.answer(text, self._clock.now())
            self._audit(uow, Actor.of(principal), review, "replied")
            return await self._commit(uow, review)

    async def report(self, principal: Principal, review_id: UUID, reason: str) -> ReviewView:
        decision = await self._limiter.hit(f"review-reports:{principal.user_id}",
                                           REPORTS_PER_HOUR)
        if not decision.allowed:
            raise RateLimited(retry_after_seconds=decision.retry_after_seconds)
        async with self._uow() as uow:
            review = await self._review(uow, principal, review_id)
            review.report(principal.user_id, reason, self._clock.now())
            self._audit(uow, Actor.of(principal), review, "reported",
                        reason=review.reports[-1].reason)
            return await self._commit(uow, review)

    async def of_mentor(self, mentor_id: UUID, page: PageRequest) -> Page[ReviewView]:
        """A public mentor's public reviews, newest first."""
        async with self._uow() as uow:
            profile = await uow.mentors.get(mentor_id)
            if profile is None or not profile.is_public:
                raise MentorProfileNotFound()
            return await self._page(uow, await uow.reviews.public_of_mentor(mentor_id, page))

    # -- admin moderation --------------------------------------------------------------------

    async def queue(self, status: ReviewStatus | None, page: PageRequest) -> Page[ReviewView]:
        async with self._uow() as uow:
            return await self._page(uow, await uow.reviews.queue(status, page))

    async def hide(self, actor: Actor, review_id: UUID, reason: str) -> ReviewView:
        async with self._uow() as uow:
            review = await uow.reviews.get(review_id)
            if review is None:
                raise ReviewNotFound()
            review.hide(reason, self._clock.now())
            self._audit(uow, actor, review, "hidden", reason=review.hidden_reason)
            return await self._commit(uow, review)

    async def restore(self, actor: Actor, review_id: UUID) -> ReviewView:
        async with self._uow() as uow:
            review = await uow.reviews.get(review_id)
            if review is None:
                raise ReviewNotFound()
            review.restore(self._clock.now())
            self._audit(uow, actor, review, "restored")
            return await self._commit(uow, review)


class ReviewInAppHandlers:
    """In-app notices after the change committed: the mentor hears of a new review, the
    student of the mentor's reply and of an admin hiding or restoring their review."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(ReviewPosted, self.posted), on(ReviewReplied, self.replied),
                on(ReviewHidden, self.hidden), on(ReviewRestored, self.restored)]

    async def _notify(self, event: ReviewEvent, recipient: UUID, title: str, body: str,
                      link: str) -> None:
        async with self._uow() as uow:
            # The event id is the notification's: a redelivered event adds nothing.
            uow.notifications.add(Notification(
                id=event.event_id, user_id=recipient, kind=event.name, title=title,
                body=body, link=link, created_at=self._clock.now()))
            await uow.commit()

    async def posted(self, event: ReviewPosted) -> None:
        stars = "star" if event.rating == 1 else "stars"
        await self._notify(event, event.mentor_id, f"New review: {event.rating} {stars}",
                           "A student reviewed your session. You can reply once.",
                           f"/sessions/{event.session_id}")

    async def replied(self, event: ReviewReplied) -> None:
        await self._notify(event, event.student_id, "Your mentor replied to your review",
                           "See what they wrote.", f"/sessions/{event.session_id}")

    async def hidden(self, event: ReviewHidden) -> None:
        await self._notify(event, event.student_id, "Your review was hidden", event.reason,
                           f"/sessions/{event.session_id}")

    async def restored(self, event: ReviewRestored) -> None:
        if event.was_hidden:
            await self._notify(event, event.student_id, "Your review is public again",
                               "An administrator restored it.", f"/sessions/{event.session_id}")
