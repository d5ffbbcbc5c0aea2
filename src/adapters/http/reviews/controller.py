"""Reviews of sessions (S11): the student's review, the mentor's reply, reports, a mentor's
public reviews and the admin's moderation queue."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from msgspec import Meta

from adapters.http.access import AUTHENTICATED, PUBLIC, policy, provide_principal
from adapters.http.dependencies import provide_reviews
from adapters.http.errors import error_responses
from adapters.http.pagination import PageOut
from edu_core.application.actors import Actor, Principal
from edu_core.application.reviews import ReviewService, ReviewView
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from edu_core.domain.reviews import (
    MAX_HIDE_REASON,
    MAX_REPLY,
    MAX_REPORT_REASON,
    MAX_TEXT,
    ReviewStatus,
)

DEPENDENCIES = {"reviews": Provide(provide_reviews, sync_to_thread=False),
                "principal": Provide(provide_principal)}
ADMIN = policy(Role.ADMIN)
ReviewStatusName = Literal["visible", "reported", "hidden"]


class ReviewIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "rating": 5,
        "text": "Jonas explained momentum with examples from football; I finally understand "
                "elastic collisions. Well prepared and patient."}

    rating: Annotated[int, Meta(ge=1, le=5, description="1 to 5 stars.")]
    text: Annotated[str, Meta(max_length=MAX_TEXT, description=(
        "Plain text (shown as typed, never as markup); may be empty."))] = ""


class ReplyIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "text": "Thank you, Priya! Good luck with the exam; bring the past paper next time."}

    text: Annotated[str, Meta(min_length=1, max_length=MAX_REPLY)]


class ReportIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "reason": "The review names my phone number and asks students to book outside the "
                  "platform."}

    reason: Annotated[str, Meta(min_length=1, max_length=MAX_REPORT_REASON,
                                description="What is wrong with the review.")]


class HideIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "reason": "Reviews may not contain contact details; you are welcome to post it again "
                  "without them."}

    reason: Annotated[str, Meta(min_length=1, max_length=MAX_HIDE_REASON,
                                description="Shown to the review's author.")]


class ReviewOut(msgspec.Struct):
    id: UUID
    session_id: UUID
    mentor_id: UUID
    author_name: Annotated[str, Meta(description="First name and initial of the student.")]
    rating: int
    text: str
    created_at: datetime
    reply: str
    replied_at: datetime | None
    status: ReviewStatusName
    hidden_reason: Annotated[str | None, Meta(
        description="Why an admin hid the review (its author, mentor and admins see it).")]

    @classmethod
    def of(cls, view: ReviewView) -> "ReviewOut":
        r = view.review
        return cls(id=r.id, session_id=r.session_id, mentor_id=r.mentor_id,
                   author_name=view.author_name, rating=r.rating, text=r.text,
                   created_at=r.created_at, reply=r.reply, replied_at=r.replied_at,
                   status=r.status.value,
                   hidden_reason=r.hidden_reason)


class ReviewReportOut(msgspec.Struct):
    reporter_id: UUID
    reporter_name: str
    reason: str
    created_at: datetime
    resolved_at: datetime | None


class ModeratedReviewOut(msgspec.Struct):
    review: ReviewOut
    student_id: UUID
    mentor_name: str
    reported_at: datetime | None
    reports: list[ReviewReportOut]

    @classmethod
    def of(cls, view: ReviewView) -> "ModeratedReviewOut":
        r = view.review
        return cls(review=ReviewOut.of(view), student_id=r.student_id,
                   mentor_name=view.mentor_name, reported_at=r.reported_at,
                   reports=[ReviewReportOut(reporter_id=x.reporter_id,
                                            reporter_name=view.reporter_names[x.reporter_id],
                                            reason=x.reason, created_at=x.created_at,
                                            resolved_at=x.resolved_at)
                            for x in r.reports])


class ReviewPage(PageOut[ReviewOut]):
    items: list[ReviewOut]


class ModeratedReviewPage(PageOut[ModeratedReviewOut]):
    items: list[ModeratedReviewOut]


class ReviewsController(Controller):
    path = "/api/v1"
    tags = ["Reviews"]
    dependencies = DEPENDENCIES

    @post("/bookings/{session_id:uuid}/review", operation_id="reviewSession", status_code=201,
          summary="Review a completed session (its student, once)",
          description="`session_not_reviewable` (409) before the session is completed; "
                      "`review_exists` (409) for a second review; another person's session "
                      "is a 404 `session_not_found`.",
          responses=error_responses(401, 403, 404, 409, 422), **policy(Role.STUDENT))
    async def post_review(self, reviews: NamedDependency[ReviewService],
                          principal: NamedDependency[Principal], session_id: FromPath[UUID],
                          data: JSONBody[ReviewIn]) -> ReviewOut:
        return ReviewOut.of(await reviews.post(principal, session_id, rating=data.rating,
                                               text=data.text))

    @get("/bookings/{session_id:uuid}/review", operation_id="getSessionReview",
         summary="The review of one of my sessions",
         description="For the session's student and mentor (and admins), hidden or not: a "
                     "hidden review carries the admin's reason. `review_not_found` (404) "
                     "while there is none.",
         responses=error_responses(401, 404), **policy(AUTHENTICATED))
    async def session_review(self, reviews: NamedDependency[ReviewService],
                             principal: NamedDependency[Principal],
                             session_id: FromPath[UUID]) -> ReviewOut:
        return ReviewOut.of(await reviews.of_session(principal, session_id))

    @post("/reviews/{review_id:uuid}/reply", operation_id="replyToReview", status_code=200,
          summary="Reply to a review of my session (the mentor, once)",
          description="`reply_exists` (409) for a second reply.",
          responses=error_responses(401, 403, 404, 409, 422), **policy(Role.MENTOR))
    async def reply(self, reviews: NamedDependency[ReviewService],
                    principal: NamedDependency[Principal], review_id: FromPath[UUID],
                    data: JSONBody[ReplyIn]) -> ReviewOut:
        return ReviewOut.of(await reviews.reply(principal, review_id, data.text))

    @post("/reviews/{review_id:uuid}/report", operation_id="reportReview", status_code=200,
          summary="Report a review to the administrators",
          description="The review stays public until an admin decides. "
                      "`review_already_reported` (409) for a second report by the same "
                      "person; at most a few reports an hour per person (429).",
          responses=error_responses(401, 404, 409, 422, 429),
          **policy(AUTHENTICATED, rate_limit="public"))
    async def report(self, reviews: NamedDependency[ReviewService],
                     principal: NamedDependency[Principal], review_id: FromPath[UUID],
                     data: JSONBody[ReportIn]) -> ReviewOut:
        return ReviewOut.of(await reviews.report(principal, review_id, data.reason))

    @get("/mentors/{mentor_id:uuid}/reviews", operation_id="listMentorReviews",
         summary="A mentor's public reviews, newest first",
         responses=error_responses(404, 422, 429), **policy(PUBLIC, rate_limit="public"))
    async def of_mentor(self, reviews: NamedDependency[ReviewService],
                        paging: NamedDependency[PageRequest],
                        mentor_id: FromPath[UUID]) -> ReviewPage:
        return ReviewPage.of(await reviews.of_mentor(mentor_id, paging), ReviewOut.of)


class AdminReviewsController(Controller):
    path = "/api/v1/admin/reviews"
    tags = ["Admin: reviews"]
    dependencies = DEPENDENCIES

    @get("/", operation_id="listReviewsForModeration",
         summary="Reviews to moderate: reported ones longest waiting first",
         description="Defaults to reported reviews; other statuses (or `any`) list the most "
                     "recently changed first.",
         responses=error_responses(401, 403, 422), **ADMIN)
    async def queue(self, reviews: NamedDependency[ReviewService],
                    paging: NamedDependency[PageRequest],
                    status: Annotated[ReviewStatusName | Literal["any"],
                                      QueryParameter()] = "reported") -> ModeratedReviewPage:
        wanted = None if status == "any" else ReviewStatus(status)
        return ModeratedReviewPage.of(await reviews.queue(wanted, paging),
                                      ModeratedReviewOut.of)

    @post("/{review_id:uuid}/hide", operation_id="hideReview", status_code=200,
          summary="Hide a review, with a reason its author is shown",
          description="It leaves the mentor's public reviews and rating at once.",
          responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def hide(self, reviews: NamedDependency[ReviewService],
                   principal: NamedDependency[Principal], review_id: FromPath[UUID],
                   data: JSONBody[HideIn]) -> ModeratedReviewOut:
        return ModeratedReviewOut.of(await reviews.hide(Actor.of(principal), review_id,
                                                        data.reason))

    @post("/{review_id:uuid}/restore", operation_id="restoreReview", status_code=200,
          summary="Publish a hidden review again, or dismiss the reports on a reported one",
          responses=error_responses(401, 403, 404, 409), **ADMIN)
    async def restore(self, reviews: NamedDependency[ReviewService],
                      principal: NamedDependency[Principal],
                      review_id: FromPath[UUID]) -> ModeratedReviewOut:
        return ModeratedReviewOut.of(await reviews.restore(Actor.of(principal), review_id))
