"""Shapes of content items: the author's and reviewer's view (every version, answers
included) and the learner's (the live version, no answers)."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.catalog.schemas import TopicOut
from adapters.http.content.bodies import (
    AnswerIn,
    AnswerOut,
    ContentBody,
    ContentBodyIn,
    SolutionOut,
    answer_out,
    body_of,
    solution_out,
)
from adapters.http.pagination import PageOut
from edu_core.application.content import (
    AttemptResult,
    HelpResult,
    ItemView,
    LearnerItem,
    VersionView,
)
from edu_core.domain.content import Attempt, ContentItem, ContentKindName, ContentVersion
from edu_core.domain.content.assistant import (
    DEFAULT_SUGGESTIONS,
    MAX_SUGGESTIONS,
    MIN_SUGGESTIONS,
)
from edu_core.domain.content.model import MAX_FEEDBACK, MAX_SUMMARY, MAX_TITLE

ContentStatusName = Literal["draft", "pending", "approved", "rejected"]
Title = Annotated[str, Meta(min_length=1, max_length=MAX_TITLE)]
ChangeSummary = Annotated[str, Meta(max_length=MAX_SUMMARY)]
VersionNumber = Annotated[int, Meta(ge=1, le=1_000_000)]
class ContentCreate(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "topic_id": "7aee967a-4fb0-4fd1-86d7-ccfe994378ab", "kind": "note",
        "title": "Conservation of mechanical energy",
        "body": {"kind": "note", "html": (
            "<h2>Energy changes form</h2><p>Without friction, a falling ball trades potential "
            "energy for kinetic energy and their sum stays the same: <span "
            "data-type=\"inline-math\" data-latex=\"\\tfrac{1}{2} m v^2 + m g h = "
            "\\text{const}\"></span>.</p>")},
        "change_summary": "First draft"}

    topic_id: UUID
    kind: ContentKindName
    title: Title
    body: Annotated[ContentBodyIn, Meta(description=(
        "The document, of the item's `kind` (`content_kind_mismatch`, 422, otherwise)."))]
    change_summary: ChangeSummary = ""


class SuggestQuestionsIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"count": 3}

    count: Annotated[int, Meta(ge=MIN_SUGGESTIONS, le=MAX_SUGGESTIONS)] = DEFAULT_SUGGESTIONS


class SuggestedItems(msgspec.Struct):
    """The new drafts, each marked ``machine_suggested``."""

    items: list["ContentItemOut"]


class ContentSave(msgspec.Struct, forbid_unknown_fields=True):
    """A new version. ``base_version`` is the version the editor started from; when another
    version was saved since, the save is refused with ``concurrent_modification``."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "base_version": 2, "title": "How high does the ball rise?",
        "body": {
            "kind": "question", "type": "numeric",
            "prompt": "<p>A ball is thrown straight up at 12 m/s. How high does it rise? Take "
                      "g = 9.8 m/s² and ignore air resistance.</p>",
            "explanation": "<p>At the top all kinetic energy has become potential energy: "
                           "h = v²/2g = 144/19.6 ≈ 7.35 m.</p>",
            "answer": 7.35, "tolerance": 0.05, "unit": "m",
            "hints": ["At the highest point the ball is momentarily at rest.",
                      "Set the kinetic energy at launch equal to the potential energy at the "
                      "top."]},
        "change_summary": "Added a second hint"}

    base_version: VersionNumber
    title: Title
    body: Annotated[ContentBodyIn, Meta(description=(
        "The document, of the item's kind (`content_kind_mismatch`, 422, otherwise)."))]
    change_summary: ChangeSummary = ""


class RevertIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"to_version": 2, "base_version": 4}

    to_version: VersionNumber
    base_version: VersionNumber


class ApproveIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"version": 3}

    version: Annotated[VersionNumber, Meta(description="The version the reviewer previewed.")]


class RejectContentIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "version": 3,
        "feedback": "The second hint gives the answer away; ask for the energy at the top "
                    "instead. Please also say that air resistance is ignored."}

    version: VersionNumber
    feedback: Annotated[str, Meta(min_length=1, max_length=MAX_FEEDBACK)]


class AttemptIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"answer": {"type": "numeric", "value": 7.3},
                                         "time_taken_ms": 48000}

    answer: Annotated[AnswerIn, Meta(description=(
        "Tagged with the question's `type` (`answer_type_mismatch`, 422, otherwise)."))]
    time_taken_ms: Annotated[int, Meta(ge=0, le=86_400_000)] = 0


class VersionOut(msgspec.Struct):
    number: int
    title: str
    body: ContentBody
    author_id: UUID | None
    created_at: datetime
    change_summary: str
    reverted_from: int | None

    @classmethod
    def of(cls, view: VersionView) -> "VersionOut":
        v = view.version
        return cls(number=v.number, title=v.title, body=body_of(view.kind, view.body),
                   author_id=v.author_id,
                   created_at=v.created_at, change_summary=v.change_summary,
                   reverted_from=v.reverted_from)


class ContentSummaryOut(msgspec.Struct):
    """One row of a list: what status badges need, without bodies."""

    id: UUID
    topic_id: UUID
    mentor_id: UUID
    kind: ContentKindName
    status: ContentStatusName
    title: str
    latest_version: int
    live_version: int | None
    has_unpublished_changes: bool
    feedback: str | None
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    reviewed_at: datetime | None
    mentor_name: str | None = None
    # Drafted by the content assistant (from a note or a video's captions), then perhaps
    # edited: shown to the mentor and the reviewer.
    machine_suggested: bool = False

    @classmethod
    def fields_of(cls, view: ItemView) -> dict[str, Any]:
        i = view.item
        return {"id": i.id, "topic_id": i.topic_id, "mentor_id": i.mentor_id,
                "kind": ContentKindName(i.kind),
                "status": i.status.value, "title": i.latest.title,
                "latest_version": i.latest.number, "live_version": i.live_version,
                "has_unpublished_changes": i.has_unpublished_changes, "feedback": i.feedback,
                "created_at": i.created_at, "updated_at": i.updated_at,
                "submitted_at": i.submitted_at, "reviewed_at": i.reviewed_at,
                "mentor_name": view.mentor_name, "machine_suggested": i.machine_suggested}

    @classmethod
    def of(cls, view: ItemView) -> "ContentSummaryOut":
        return cls(**cls.fields_of(view))


class ContentItemOut(ContentSummaryOut, kw_only=True):
    latest: VersionOut
    live: VersionOut | None = None

    @classmethod
    def of_view(cls, view: ItemView) -> "ContentItemOut":
        return cls(**ContentSummaryOut.fields_of(view), latest=VersionOut.of(view.latest),
                   live=VersionOut.of(view.live) if view.live else None)


class ContentPage(PageOut[ContentSummaryOut]):
    items: list[ContentSummaryOut]


class VersionSummaryOut(msgspec.Struct):
    number: int
    title: str
    author_id: UUID | None
    created_at: datetime
    change_summary: str
    reverted_from: int | None
    is_live: bool
    is_latest: bool

    @classmethod
    def of(cls, item: ContentItem, v: ContentVersion) -> "VersionSummaryOut":
        return cls(number=v.number, title=v.title, author_id=v.author_id,
                   created_at=v.created_at, change_summary=v.change_summary,
                   reverted_from=v.reverted_from, is_live=v.number == item.live_version,
                   is_latest=v.number == item.latest.number)


class VersionList(msgspec.Struct):
    item_id: UUID
    latest_version: int
    live_version: int | None
    items: list[VersionSummaryOut]


class LearnerContentOut(msgspec.Struct):
    id: UUID
    topic_id: UUID
    kind: ContentKindName
    version: int
    title: str
    body: ContentBody
    mentor_id: UUID
    mentor_name: str
    gradable: bool
    updated_at: datetime
    excerpt: Annotated[str, Meta(description=(
        "The opening words as plain text (formulas readable, never LaTeX), cut between "
        "words; empty for a simulation."))] = ""

    @classmethod
    def of(cls, x: LearnerItem) -> "LearnerContentOut":
        return cls(id=x.item_id, topic_id=x.topic_id, kind=ContentKindName(x.kind),
                   version=x.version, title=x.title, body=body_of(x.kind, x.body),
                   mentor_id=x.mentor_id,
                   mentor_name=x.mentor_name, gradable=x.gradable,
                   updated_at=x.updated_at, excerpt=x.excerpt)


class TopicContentPage(PageOut[LearnerContentOut]):
    items: list[LearnerContentOut]
    topic: TopicOut


class AttemptOut(msgspec.Struct):
    id: UUID
    item_id: UUID
    version: int
    answer: AnswerOut
    correct: bool
    time_taken_ms: int
    created_at: datetime
    hints_used: int = 0  # hints revealed for this attempt (or before it, on the same version)
    solution_shown: bool = False  # the learner asked for the worked solution
    hints_total: int | None = None  # hints the version offers (on a fresh answer)
    # With a correct answer only: after a wrong one, ask for hints or the solution.
    explanation: str | None = None
    solution: SolutionOut | None = None

    @classmethod
    def of(cls, result: AttemptResult) -> "AttemptOut":
        a, g = result.attempt, result.grade
        return cls(id=a.id, item_id=a.item_id, version=a.version, answer=answer_out(a.answer),
                   correct=a.correct, time_taken_ms=a.time_taken_ms, created_at=a.created_at,
                   hints_used=a.hints_used, solution_shown=a.solution_shown,
                   hints_total=result.hints_total, explanation=g.explanation,
                   solution=solution_out(g.solution))

    @classmethod
    def of_attempt(cls, a: Attempt) -> "AttemptOut":
        return cls(id=a.id, item_id=a.item_id, version=a.version, answer=answer_out(a.answer),
                   correct=a.correct, time_taken_ms=a.time_taken_ms, created_at=a.created_at,
                   hints_used=a.hints_used, solution_shown=a.solution_shown)


class AttemptHelpOut(msgspec.Struct):
    """Help on an attempt: the hints revealed so far, in order, and the worked solution once
    asked for."""

    attempt_id: UUID
    item_id: UUID
    hints: list[str]
    hints_used: int
    hints_total: int
    solution_shown: bool
    explanation: str | None = None
    solution: SolutionOut | None = None

    @classmethod
    def of(cls, result: HelpResult) -> "AttemptHelpOut":
        a = result.attempt
        return cls(attempt_id=a.id, item_id=a.item_id, hints=result.hints,
                   hints_used=a.hints_used, hints_total=result.hints_total,
                   solution_shown=a.solution_shown, explanation=result.explanation,
                   solution=solution_out(result.solution))


class AttemptList(msgspec.Struct):
    items: list[AttemptOut]


class ContentImageOut(msgspec.Struct):
    """An image uploaded for lesson text. Put ``url`` in the note's ``<img src>``: it displays
    right away, and the server stores it as the stable ``/files/<key>`` (a signed link
    expires); every response that carries the note signs its images afresh."""

    key: Annotated[str, Meta(description="Storage key, `content/<mentor id>/<token>`.")]
    url: Annotated[str, Meta(description="A signed link the browser can display now "
                                         "(valid for a few hours).")]
    width: int
    height: int
