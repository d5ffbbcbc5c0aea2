"""Shapes of mentor profiles: the owner's onboarding view, the admin review, the public page."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from adapters.http.catalog.schemas import TopicOut
from adapters.http.discovery.schemas import MentorWorkOut
from adapters.http.pagination import PageOut
from edu_core.application.mentors import MentorView, SearchResult
from edu_core.domain.mentors import MAX_BIO, MAX_HEADLINE, MAX_LANGUAGES, MAX_TOPICS

MentorStatusName = Literal["draft", "submitted", "verified", "rejected"]
Language = Annotated[str, Meta(min_length=2, max_length=3, pattern=r"^[a-zA-Z]{2,3}$")]
Currency = Annotated[str, Meta(min_length=3, max_length=3, pattern=r"^[A-Za-z]{3}$")]


class DocumentOut(msgspec.Struct):
    id: UUID
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime


class Steps(msgspec.Struct):
    profile: bool
    subjects: bool
    documents: bool


class RatingSummary(msgspec.Struct):
    average: float
    count: int
    distribution: dict[str, int]  # stars "1".."5" -> number of reviews


class PortfolioItemOut(msgspec.Struct):
    id: UUID
    title: str
    filename: str
    content_type: str
    size: int
    url: str


class PublicMentor(msgspec.Struct):
    id: UUID
    display_name: str
    headline: str
    bio: str
    photo_url: str | None
    languages: list[str]
    timezone: str
    hourly_rate_cents: int | None
    currency: str
    topics: list[TopicOut]
    verified_at: datetime | None
    rating: RatingSummary
    portfolio: list[PortfolioItemOut]

    @classmethod
    def of(cls, view: MentorView) -> "PublicMentor":
        p = view.profile
        return cls(id=p.user_id, display_name=view.user.display_name, headline=p.headline,
                   bio=p.bio, photo_url=view.photo_url, languages=list(p.languages),
                   timezone=p.timezone, hourly_rate_cents=p.hourly_rate_cents,
                   currency=p.currency, topics=[TopicOut.of(t) for t in view.topics],
                   verified_at=p.verified_at,
                   rating=RatingSummary(average=p.rating_avg, count=p.rating_count,
                                        distribution=view.rating_distribution),
                   portfolio=[PortfolioItemOut(id=i.id, title=i.title, filename=i.filename,
                                               content_type=i.content_type, size=i.size,
                                               url=view.portfolio_urls[i.id])
                              for i in p.portfolio])


class MentorProfileOut(PublicMentor):
    """What the mentor and admins see: the public fields plus the application's state."""

    email: str = ""
    status: MentorStatusName = "draft"
    steps: Steps | None = None
    documents: list[DocumentOut] = []
    rejection_reason: str | None = None
    submitted_at: datetime | None = None
    updated_at: datetime | None = None

    @classmethod
    def of_view(cls, view: MentorView) -> "MentorProfileOut":
        public = PublicMentor.of(view)
        p = view.profile
        steps = p.steps()
        return cls(**{f: getattr(public, f) for f in public.__struct_fields__},
                   email=view.user.email, status=p.status.value,
                   steps=Steps(**{k.value: v for k, v in steps.items()}),
                   documents=[DocumentOut(id=d.id, filename=d.filename,
                                          content_type=d.content_type, size=d.size,
                                          uploaded_at=d.uploaded_at) for d in p.documents],
                   rejection_reason=p.rejection_reason, submitted_at=p.submitted_at,
                   updated_at=p.updated_at)


class MentorPage(PageOut[MentorProfileOut]):
    items: list[MentorProfileOut]


class MentorProfileUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields present are changed. Rates are in minor units (cents)."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "headline": "Physics and maths for the Abitur, A-levels and the IB",
        "bio": "I taught physics for eight years at a Berlin Gymnasium. We start from what you "
               "already know and build up with worked problems, one step at a time.",
        "languages": ["de", "en"], "timezone": "Europe/Berlin", "hourly_rate_cents": 4500,
        "currency": "EUR"}

    headline: Annotated[str, Meta(max_length=MAX_HEADLINE)] | UnsetType = UNSET
    bio: Annotated[str, Meta(max_length=MAX_BIO)] | UnsetType = UNSET
    languages: Annotated[list[Language], Meta(max_length=MAX_LANGUAGES)] | UnsetType = UNSET
    timezone: Annotated[str, Meta(min_length=1, max_length=64)] | UnsetType = UNSET
    hourly_rate_cents: Annotated[int, Meta(ge=1, le=10_000_000)] | UnsetType = UNSET
    currency: Currency | UnsetType = UNSET


class TopicsIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"topic_ids": [
        "eee00741-5041-4531-999a-f49baee4c07d", "7aee967a-4fb0-4fd1-86d7-ccfe994378ab",
        "eff8c3c0-0881-4406-8e0e-04c78c4cea69"]}

    topic_ids: Annotated[list[UUID], Meta(max_length=MAX_TOPICS)]


class RejectIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "reason": "Please add a teaching certificate or a degree transcript: the documents sent "
                  "do not show your qualifications in physics."}

    reason: Annotated[str, Meta(min_length=1, max_length=1000)]


class LinkOut(msgspec.Struct):
    url: str
    expires_in: int


class MentorCardOut(msgspec.Struct):
    id: UUID
    display_name: str
    headline: str
    photo_url: str | None
    languages: list[str]
    timezone: str
    hourly_rate_cents: int | None
    currency: str
    rating_avg: float
    rating_count: int
    subjects: list[str]
    next_available: datetime | None
    work: MentorWorkOut
    approx_rate_cents: Annotated[int | None, Meta(
        description="The hourly rate converted to the search's `currency` (minor units), "
                    "approximate: for comparing and display only. Null without an exchange "
                    "rate for either currency, or without a rate.")] = None

    @classmethod
    def of(cls, result: SearchResult) -> "MentorCardOut":
        c = result.card
        return cls(id=c.mentor_id, display_name=c.display_name, headline=c.headline,
                   photo_url=result.photo_url, languages=list(c.languages),
                   timezone=c.timezone, hourly_rate_cents=c.hourly_rate_cents,
                   currency=c.currency, rating_avg=c.rating_avg, rating_count=c.rating_count,
                   subjects=list(c.subjects), next_available=result.next_available,
                   work=MentorWorkOut.of(c.work), approx_rate_cents=c.approx_rate_cents)


class MentorSearchPage(PageOut[MentorCardOut]):
    items: list[MentorCardOut]
    currency: Annotated[str, Meta(
        description="The viewer's currency the prices were compared in (`approx_rate_cents`).")]


SortName = Literal["relevance", "rating", "price", "price_desc", "soonest"]
