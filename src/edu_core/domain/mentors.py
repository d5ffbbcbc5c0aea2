"""Mentor profiles and their verification (S6, S9).

A mentor builds a profile in a resumable flow (profile -> subjects -> documents -> submit); an
admin verifies or rejects it. Only verified profiles are public. A rejected mentor fixes what
the reason says and submits again; a verified mentor keeps editing the public fields without
losing verification (documents are frozen once submitted, so what was checked stays on file).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from edu_core.domain.errors import Conflict, InvalidInput, NotFound
from edu_core.domain.events import DomainEvent
from edu_core.domain.identity import validate_timezone
from edu_core.domain.money import CURRENCIES, minor_per_major

MAX_HEADLINE = 120
MAX_BIO = 5000
MAX_LANGUAGES = 10
MAX_TOPICS = 40
MAX_DOCUMENTS = 10
# Hourly rates run from 1 to 100,000 major units, wide enough for INR or JPY; stored in the
# currency's minor units (see domain.money).
MIN_RATE_MAJOR, MAX_RATE_MAJOR = 1, 100_000
MIN_RATE = 100  # the rate a new profile starts from when only the currency is set
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


class MentorStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    VERIFIED = "verified"
    REJECTED = "rejected"


class OnboardingStep(StrEnum):
    PROFILE = "profile"
    SUBJECTS = "subjects"
    DOCUMENTS = "documents"


class MentorProfileNotFound(NotFound):
    default_message = "No such mentor."


class InvalidMentorProfile(InvalidInput):
    code = "invalid_mentor_profile"
    default_message = "Some profile fields are not acceptable."


class IncompleteOnboarding(InvalidInput):
    code = "onboarding_incomplete"
    default_message = "Finish every step before submitting."


class OnboardingLocked(Conflict):
    code = "onboarding_locked"
    default_message = "The application is under review; wait for the decision."


class InvalidTransition(Conflict):
    code = "invalid_mentor_transition"
    default_message = "The application is not in a state that allows this."


def _field_error(name: str, message: str) -> InvalidMentorProfile:
    return InvalidMentorProfile(message, details={"fields": {name: message}})


def clean_text(raw: str, *, name: str, max_length: int, multiline: bool) -> str:
    text = unicodedata.normalize("NFC", raw).strip()
    if not multiline:
        text = " ".join(text.split())
    allowed = {"\n", "\t"} if multiline else set()
    if len(text) > max_length or any(
            unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        raise _field_error(name, f"Use at most {max_length} characters, no control characters.")
    return text


def clean_languages(codes: Iterable[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for raw in codes:
        code = raw.strip().lower()
        if not _LANGUAGE.match(code):
            raise _field_error("languages", f"{raw!r} is not an ISO 639 language code.")
        if code not in seen:
            seen.append(code)
    if len(seen) > MAX_LANGUAGES:
        raise _field_error("languages", f"List at most {MAX_LANGUAGES} languages.")
    return tuple(seen)


def clean_rate(cents: int, currency: str) -> tuple[int, str]:
    """(minor units, ISO code); the bounds follow the currency's minor unit."""
    code = currency.strip().upper()
    if code not in CURRENCIES:
        raise _field_error("currency", f"Choose one of {', '.join(sorted(CURRENCIES))}.")
    unit = minor_per_major(code)
    if not MIN_RATE_MAJOR * unit <= cents <= MAX_RATE_MAJOR * unit:
        raise _field_error("hourly_rate_cents",
                           f"Choose an hourly rate between {MIN_RATE_MAJOR:,} and "
                           f"{MAX_RATE_MAJOR:,} {code}.")
    return cents, code


@dataclass(frozen=True, kw_only=True)
class MentorSubmitted(DomainEvent):
    name = "mentor.submitted"
    mentor_id: UUID


@dataclass(frozen=True, kw_only=True)
class MentorVerified(DomainEvent):
    name = "mentor.verified"
    mentor_id: UUID


@dataclass(frozen=True, kw_only=True)
class MentorRejected(DomainEvent):
    name = "mentor.rejected"
    mentor_id: UUID
    reason: str


@dataclass(kw_only=True)
class VerificationDocument:
    blob_key: str
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime
    id: UUID = field(default_factory=uuid4)


@dataclass(kw_only=True)
class PortfolioItem:
    """A sample of the mentor's material shown on the public profile (S9)."""

    title: str
    blob_key: str
    filename: str
    content_type: str
    size: int
    uploaded_at: datetime
    id: UUID = field(default_factory=uuid4)


MAX_PORTFOLIO = 12


@dataclass(kw_only=True)
class MentorProfile:
    user_id: UUID
    status: MentorStatus = MentorStatus.DRAFT
    headline: str = ""
    bio: str = ""
    photo_key: str | None = None
    languages: tuple[str, ...] = ()
    timezone: str = "UTC"
    hourly_rate_cents: int | None = None
    currency: str = "EUR"
    topic_ids: tuple[UUID, ...] = ()
    documents: list[VerificationDocument] = field(default_factory=list)
    portfolio: list[PortfolioItem] = field(default_factory=list)
    rejection_reason: str | None = None
    submitted_at: datetime | None = None
    verified_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    version: int = 1
    # Maintained by the reviews context (read-only here); zero until reviews exist.
    rating_avg: float = 0.0
    rating_count: int = 0
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def start(cls, user_id: UUID, *, timezone: str, now: datetime) -> "MentorProfile":
        return cls(user_id=user_id, timezone=timezone, created_at=now, updated_at=now)

    # -- the steps -------------------------------------------------------------------------

    def _editable(self) -> None:
        if self.status is MentorStatus.SUBMITTED:
            raise OnboardingLocked()

    def update_profile(self, now: datetime, *, headline: str | None = None,
                       bio: str | None = None, languages: Iterable[str] | None = None,
                       timezone: str | None = None, hourly_rate_cents: int | None = None,
                       currency: str | None = None) -> None:
        self._editable()
        if headline is not None:
            self.headline = clean_text(headline, name="headline", max_length=MAX_HEADLINE,
                                       multiline=False)
        if bio is not None:
            self.bio = clean_text(bio, name="bio", max_length=MAX_BIO, multiline=True)
        if languages is not None:
            self.languages = clean_languages(languages)
        if timezone is not None:
            self.timezone = validate_timezone(timezone)
        if hourly_rate_cents is not None or currency is not None:
            self.hourly_rate_cents, self.currency = clean_rate(
                hourly_rate_cents if hourly_rate_cents is not None
                else (self.hourly_rate_cents or MIN_RATE),
                currency if currency is not None else self.currency)
        self.updated_at = now

    def set_photo(self, blob_key: str | None, now: datetime) -> str | None:
        """Returns the previous photo's key so the caller can delete the blob."""
        self._editable()
        previous, self.photo_key = self.photo_key, blob_key
        self.updated_at = now
        return previous

    def set_topics(self, topic_ids: Iterable[UUID], now: datetime) -> None:
        self._editable()
        unique = tuple(dict.fromkeys(topic_ids))
        if len(unique) > MAX_TOPICS:
            raise _field_error("topic_ids", f"Choose at most {MAX_TOPICS} topics.")
        self.topic_ids = unique
        self.updated_at = now

    def add_document(self, document: VerificationDocument, now: datetime) -> None:
        if self.status in (MentorStatus.SUBMITTED, MentorStatus.VERIFIED):
            raise OnboardingLocked("Documents cannot change while under review or once "
                                   "verified.")
        if len(self.documents) >= MAX_DOCUMENTS:
            raise _field_error("file", f"Attach at most {MAX_DOCUMENTS} documents.")
        self.documents.append(document)
        self.updated_at = now

    def remove_document(self, document_id: UUID, now: datetime) -> VerificationDocument:
        if self.status in (MentorStatus.SUBMITTED, MentorStatus.VERIFIED):
            raise OnboardingLocked("Documents cannot change while under review or once "
                                   "verified.")
        for doc in self.documents:
            if doc.id == document_id:
                self.documents.remove(doc)
                self.updated_at = now
                return doc
        raise NotFound("No such document.")

    def add_portfolio_item(self, item: PortfolioItem, now: datetime) -> None:
        """Samples are public material, not part of the review: editable in every state."""
        title = clean_text(item.title, name="title", max_length=120, multiline=False)
        if not title:
            raise _field_error("title", "Give the sample a title.")
        if len(self.portfolio) >= MAX_PORTFOLIO:
            raise _field_error("file", f"Show at most {MAX_PORTFOLIO} samples.")
        item.title = title
        self.portfolio.append(item)
        self.updated_at = now

    def remove_portfolio_item(self, item_id: UUID, now: datetime) -> PortfolioItem:
        for item in self.portfolio:
            if item.id == item_id:
                self.portfolio.remove(item)
                self.updated_at = now
                return item
        raise NotFound("No such sample.")

    def steps(self) -> dict[OnboardingStep, bool]:
        return {
            OnboardingStep.PROFILE: bool(self.headline and self.bio and self.languages
                                         and self.hourly_rate_cents),
            OnboardingStep.SUBJECTS: bool(self.topic_ids),
            OnboardingStep.DOCUMENTS: bool(self.documents),
        }

    # -- review ----------------------------------------------------------------------------

    def submit(self, now: datetime) -> None:
        if self.status not in (MentorStatus.DRAFT, MentorStatus.REJECTED):
            raise InvalidTransition("Only a draft or a rejected application can be submitted.")
        missing = [step.value for step, done in self.steps().items() if not done]
        if missing:
            raise IncompleteOnboarding(details={"missing_steps": missing})
        self.status = MentorStatus.SUBMITTED
        self.submitted_at = now
        self.updated_at = now
        self.events.append(MentorSubmitted(occurred_at=now, mentor_id=self.user_id))

    def verify(self, now: datetime) -> None:
        if self.status is not MentorStatus.SUBMITTED:
            raise InvalidTransition("Only a submitted application can be verified.")
        self.status = MentorStatus.VERIFIED
        self.rejection_reason = None
        self.verified_at = now
        self.updated_at = now
        self.events.append(MentorVerified(occurred_at=now, mentor_id=self.user_id))

    def reject(self, reason: str, now: datetime) -> None:
        if self.status is not MentorStatus.SUBMITTED:
            raise InvalidTransition("Only a submitted application can be rejected.")
        text = clean_text(reason, name="reason", max_length=1000, multiline=True)
        if not text:
            raise _field_error("reason", "Say what the mentor should fix.")
        self.status = MentorStatus.REJECTED
        self.rejection_reason = text
        self.updated_at = now
        self.events.append(MentorRejected(occurred_at=now, mentor_id=self.user_id, reason=text))

    @property
    def is_public(self) -> bool:
        return self.status is MentorStatus.VERIFIED


class UnknownTopics(InvalidInput):
    code = "unknown_topics"
    default_message = "Some of the chosen topics do not exist."
