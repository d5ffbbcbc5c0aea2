"""Mentor profiles: onboarding for the mentor, review for admins, the public page for all."""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from msgspec import UNSET

from adapters.http.access import PUBLIC, policy, provide_principal
from adapters.http.conditional import CONDITIONAL_GET
from adapters.http.dependencies import provide_mentors
from adapters.http.errors import error_responses
from adapters.http.mentors.schemas import (
    LinkOut,
    MentorCardOut,
    MentorPage,
    MentorProfileOut,
    MentorProfileUpdate,
    MentorSearchPage,
    MentorStatusName,
    PublicMentor,
    RejectIn,
    SortName,
    TopicsIn,
)
from adapters.http.mentors.uploads import BinaryUploadOperation
from edu_core.application.actors import Actor, Principal
from edu_core.application.mentors import DOCUMENT_LINK_TTL, MentorService
from edu_core.domain.calendar_range import within_calendar
from edu_core.domain.errors import InvalidInput
from edu_core.domain.files import FileKind
from edu_core.domain.identity import Role
from edu_core.domain.mentors import MentorStatus
from edu_core.domain.money import REFERENCE_CURRENCY
from edu_core.domain.pagination import PageRequest
from edu_core.ports.mentors import MentorSort

MENTOR = policy(Role.MENTOR)
ADMIN = policy(Role.ADMIN)
Filename = Annotated[str | None, QueryParameter(max_length=255,
                                                description="The file's original name.")]
# The limit itself is enforced while streaming; this only stops absurd bodies early.
UPLOAD_SLACK = 64 * 1024


def _aware(value: datetime | None, field: str) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise InvalidInput("Give times with their UTC offset (e.g. 2026-03-23T09:00+01:00).",
                           details={"fields": {field: "Needs an offset."}})
    return within_calendar(value, field)


def _given(value: Any) -> Any:
    return None if value is UNSET else value


async def _body(request: Request[Any, Any, Any]) -> Any:
    async for chunk in request.stream():
        if chunk:
            yield chunk


class MyMentorProfileController(Controller):
    path = "/api/v1/mentor/profile"
    tags = ["Mentor onboarding"]
    dependencies = {"mentors": Provide(provide_mentors, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="getMyMentorProfile",
         summary="My mentor profile and onboarding progress",
         description="Starts an empty draft on first use. `steps` says which steps are done.",
         responses=error_responses(401, 403), **MENTOR)
    async def get_profile(self, mentors: NamedDependency[MentorService],
                          principal: NamedDependency[Principal]) -> MentorProfileOut:
        return MentorProfileOut.of_view(await mentors.my_profile(principal))

    @patch("/", operation_id="updateMyMentorProfile",
           summary="Save the profile step (headline, bio, languages, timezone, rate)",
           responses=error_responses(401, 403, 409, 422), **MENTOR)
    async def update_profile(self, mentors: NamedDependency[MentorService],
                             principal: NamedDependency[Principal],
                             data: JSONBody[MentorProfileUpdate]) -> MentorProfileOut:
        view = await mentors.update_my_profile(
            principal, headline=_given(data.headline), bio=_given(data.bio),
            languages=_given(data.languages), timezone=_given(data.timezone),
            hourly_rate_cents=_given(data.hourly_rate_cents), currency=_given(data.currency))
        return MentorProfileOut.of_view(view)

    @put("/topics", operation_id="setMyMentorTopics",
         summary="Save the subjects step: the catalog topics I teach",
         responses=error_responses(401, 403, 409, 422), **MENTOR)
    async def set_topics(self, mentors: NamedDependency[MentorService],
                         principal: NamedDependency[Principal],
                         data: JSONBody[TopicsIn]) -> MentorProfileOut:
        return MentorProfileOut.of_view(await mentors.set_my_topics(principal, data.topic_ids))

    @put("/photo", operation_id="uploadMyMentorPhoto",
         summary="Upload my profile photo (PNG, JPEG or WebP, up to 5 MB)",
         operation_class=BinaryUploadOperation,
         request_max_body_size=FileKind.AVATAR.policy.max_bytes + UPLOAD_SLACK,
         responses=error_responses(401, 403, 409, 413, 422), **MENTOR)
    async def upload_photo(self, request: Request[Any, Any, Any],
                           mentors: NamedDependency[MentorService],
                           principal: NamedDependency[Principal],
                           filename: Filename = None) -> MentorProfileOut:
        view = await mentors.upload_photo(principal, _body(request), filename=filename,
                                          content_type=request.headers.get("content-type"))
        return MentorProfileOut.of_view(view)

    @post("/documents", operation_id="uploadMyVerificationDocument",
          summary="Attach a verification document (PDF, PNG or JPEG, up to 10 MB)",
          operation_class=BinaryUploadOperation,
          request_max_body_size=FileKind.VERIFICATION_DOCUMENT.policy.max_bytes + UPLOAD_SLACK,
          responses=error_responses(401, 403, 409, 413, 422), **MENTOR)
    async def upload_document(self, request: Request[Any, Any, Any],
                              mentors: NamedDependency[MentorService],
                              principal: NamedDependency[Principal],
                              filename: Filename = None) -> MentorProfileOut:
        view = await mentors.upload_document(principal, _body(request), filename=filename,
                                             content_type=request.headers.get("content-type"))
        return MentorProfileOut.of_view(view)

    @post("/portfolio", operation_id="addMyPortfolioItem",
          summary="Add a sample of my material to my public profile (PDF, PNG or JPEG, "
                  "up to 20 MB)",
          operation_class=BinaryUploadOperation,
          request_max_body_size=FileKind.PORTFOLIO.policy.max_bytes + UPLOAD_SLACK,
          responses=error_responses(401, 403, 413, 422), **MENTOR)
    async def add_portfolio_item(
        self, request: Request[Any, Any, Any], mentors: NamedDependency[MentorService],
        principal: NamedDependency[Principal],
        title: Annotated[str, QueryParameter(min_length=1, max_length=120)],
        filename: Filename = None,
    ) -> MentorProfileOut:
        view = await mentors.add_portfolio_item(
            principal, _body(request), title=title, filename=filename,
            content_type=request.headers.get("content-type"))
        return MentorProfileOut.of_view(view)

    @delete("/portfolio/{item_id:uuid}", operation_id="deleteMyPortfolioItem",
            summary="Remove a sample from my public profile", status_code=200,
            responses=error_responses(401, 403, 404), **MENTOR)
    async def delete_portfolio_item(self, mentors: NamedDependency[MentorService],
                                    principal: NamedDependency[Principal],
                                    item_id: FromPath[UUID]) -> MentorProfileOut:
        return MentorProfileOut.of_view(await mentors.remove_portfolio_item(principal, item_id))

    @delete("/documents/{document_id:uuid}", operation_id="deleteMyVerificationDocument",
            summary="Remove a document (not while under review or once verified)",
            status_code=200, responses=error_responses(401, 403, 404, 409), **MENTOR)
    async def delete_document(self, mentors: NamedDependency[MentorService],
                              principal: NamedDependency[Principal],
                              document_id: FromPath[UUID]) -> MentorProfileOut:
        return MentorProfileOut.of_view(await mentors.remove_document(principal, document_id))

    @get("/documents/{document_id:uuid}/link", operation_id="getMyVerificationDocumentLink",
         summary="A short-lived download link for one of my documents",
         responses=error_responses(401, 403, 404), **MENTOR)
    async def document_link(self, mentors: NamedDependency[MentorService],
                            principal: NamedDependency[Principal],
                            document_id: FromPath[UUID]) -> LinkOut:
        url = await mentors.document_link(principal, principal.user_id, document_id)
        return LinkOut(url=url, expires_in=int(DOCUMENT_LINK_TTL.total_seconds()))

    @post("/submit", operation_id="submitMyMentorApplication", status_code=200,
          summary="Submit the application for review",
          description="Refused with `onboarding_incomplete` (and `details.missing_steps`) "
                      "until every step is done.",
          responses=error_responses(401, 403, 409, 422), **MENTOR)
    async def submit(self, mentors: NamedDependency[MentorService],
                     principal: NamedDependency[Principal]) -> MentorProfileOut:
        return MentorProfileOut.of_view(await mentors.submit(principal))


class AdminMentorsController(Controller):
    path = "/api/v1/admin/mentors"
    tags = ["Admin: mentors"]
    dependencies = {"mentors": Provide(provide_mentors, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="listMentorApplications",
         summary="Mentor applications, oldest submission first",
         description="Defaults to the review queue (`status=submitted`).",
         responses=error_responses(401, 403), **ADMIN)
    async def list_mentors(
        self, paging: NamedDependency[PageRequest], mentors: NamedDependency[MentorService],
        status: FromQuery[MentorStatusName] = "submitted",
    ) -> MentorPage:
        return MentorPage.of(await mentors.queue(MentorStatus(status),
                                                 paging), MentorProfileOut.of_view)

    @get("/{mentor_id:uuid}", operation_id="getMentorApplication",
         summary="One application with its documents",
         responses=error_responses(401, 403, 404), **ADMIN)
    async def get_mentor(self, mentors: NamedDependency[MentorService],
                         mentor_id: FromPath[UUID]) -> MentorProfileOut:
        return MentorProfileOut.of_view(await mentors.review(mentor_id))

    @get("/{mentor_id:uuid}/documents/{document_id:uuid}/link",
         operation_id="getMentorDocumentLink",
         summary="A short-lived link to preview or download a verification document",
         responses=error_responses(401, 403, 404), **ADMIN)
    async def document_link(self, mentors: NamedDependency[MentorService],
                            principal: NamedDependency[Principal], mentor_id: FromPath[UUID],
                            document_id: FromPath[UUID]) -> LinkOut:
        url = await mentors.document_link(principal, mentor_id, document_id)
        return LinkOut(url=url, expires_in=int(DOCUMENT_LINK_TTL.total_seconds()))

    @post("/{mentor_id:uuid}/verify", operation_id="verifyMentor", status_code=200,
          summary="Verify a submitted application (the mentor becomes public)",
          responses=error_responses(401, 403, 404, 409), **ADMIN)
    async def verify(self, mentors: NamedDependency[MentorService],
                     principal: NamedDependency[Principal],
                     mentor_id: FromPath[UUID]) -> MentorProfileOut:
        return MentorProfileOut.of_view(await mentors.verify(Actor.of(principal), mentor_id))

    @post("/{mentor_id:uuid}/reject", operation_id="rejectMentor", status_code=200,
          summary="Reject a submitted application with a reason the mentor can act on",
          responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def reject(self, mentors: NamedDependency[MentorService],
                     principal: NamedDependency[Principal], mentor_id: FromPath[UUID],
                     data: JSONBody[RejectIn]) -> MentorProfileOut:
        view = await mentors.reject(Actor.of(principal), mentor_id, data.reason)
        return MentorProfileOut.of_view(view)


class PublicMentorsController(Controller):
    path = "/api/v1/mentors"
    tags = ["Mentors"]
    dependencies = {"mentors": Provide(provide_mentors, sync_to_thread=False)}

    @get("/", operation_id="searchMentors", summary="Search verified mentors",
         description="`q` searches names (typo-tolerant), headlines and bios (web-search "
                     "syntax: quotes, `or`, `-word`). `subject` and `topic` take a slug or an "
                     "id. `currency` is the viewer's (default USD): `min_price`/`max_price` "
                     "are hourly rates in its ISO 4217 minor units (cents; whole yen for "
                     "JPY), and the price range and the price sorts compare every mentor's "
                     "rate converted through the exchange rates. A mentor whose currency has "
                     "no exchange rate cannot be compared: a price range leaves them out and "
                     "the price sorts put them last. Each card carries the mentor's own rate "
                     "and `approx_rate_cents` in `currency`. The default `relevance` sort "
                     "puts mentors without a free slot in the next three weeks after those "
                     "with one. "
                     "`free_from`/`free_to` keep mentors with a bookable slot in that window; "
                     "`sort=soonest` orders by the first free slot. Each card says when the "
                     "mentor is next available (within three weeks) and what they have "
                     "published (`work`: published courses, approved lessons).",
         responses=error_responses(422, 429), **CONDITIONAL_GET,
         **policy(PUBLIC, rate_limit="public"))
    async def search(
        self, paging: NamedDependency[PageRequest], mentors: NamedDependency[MentorService],
        q: Annotated[str | None, QueryParameter(max_length=200)] = None,
        subject: Annotated[str | None, QueryParameter(max_length=80)] = None,
        topic: Annotated[str | None, QueryParameter(max_length=80)] = None,
        language: Annotated[str | None, QueryParameter(min_length=2, max_length=3,
                                                       pattern=r"^[a-zA-Z]{2,3}$")] = None,
        currency: Annotated[str | None, QueryParameter(min_length=3, max_length=3,
                                                       pattern=r"^[A-Za-z]{3}$")] = None,
        min_price: Annotated[int | None, QueryParameter(ge=0, le=10_000_000)] = None,
        max_price: Annotated[int | None, QueryParameter(ge=0, le=10_000_000)] = None,
        min_rating: Annotated[float | None, QueryParameter(ge=0, le=5)] = None,
        free_from: Annotated[datetime | None, QueryParameter(
            description="With `free_to`: only mentors with a free slot in this window. "
                        "ISO 8601 with an offset, e.g. the viewer's local time.")] = None,
        free_to: Annotated[datetime | None, QueryParameter()] = None,
        sort: FromQuery[SortName] = "relevance",
    ) -> MentorSearchPage:
        found = await mentors.search(
            paging, text=q, subject=subject, topic=topic,
            language=language, currency=currency, min_rate_cents=min_price,
            max_rate_cents=max_price, min_rating=min_rating,
            free_from=_aware(free_from, "free_from"), free_to=_aware(free_to, "free_to"),
            sort=MentorSort(sort))
        return MentorSearchPage.of(found, MentorCardOut.of,
                                   currency=(currency or REFERENCE_CURRENCY).upper())

    @get("/{mentor_id:uuid}", operation_id="getMentor",
         summary="A verified mentor's public profile",
         responses=error_responses(404, 429), **CONDITIONAL_GET,
         **policy(PUBLIC, rate_limit="public"))
    async def get_mentor(self, mentors: NamedDependency[MentorService],
                         mentor_id: FromPath[UUID]) -> PublicMentor:
        return PublicMentor.of(await mentors.public_profile(mentor_id))
