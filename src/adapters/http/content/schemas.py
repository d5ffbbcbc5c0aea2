"""Shapes of content items: the author's and reviewer's view (every version, answers
included) and the learner's (the live version, no answers)."""

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.catalog.schemas import TopicOut
from edu_core.application.content import (
    AttemptResult,
    ItemView,
    LearnerItem,
    VersionDiff,
    VersionView,
)
from edu_core.domain.catalog import Topic
from edu_core.domain.content import ContentItem, ContentVersion
from edu_core.domain.content.model import MAX_FEEDBACK, MAX_SUMMARY, MAX_TITLE
from edu_core.domain.pagination import Page

ContentKindName = Literal["note", "question", "simulation"]
ContentStatusName = Literal["draft", "pending", "approved", "rejected"]
Title = Annotated[str, Meta(min_length=1, max_length=MAX_TITLE)]
ChangeSummary = Annotated[str, Meta(max_length=MAX_SUMMARY)]
VersionNumber = Annotated[int, Meta(ge=1, le=1_000_000)]
Body = Annotated[dict[str, Any], Meta(
    max_length=50,
    description="The kind's document. note: `{html}`. question: `{type, prompt, explanation, "
                "choices: [{id, text}], correct: [ids]}` for single_choice/multiple_choice, "
                "`{type, prompt, explanation, answer, tolerance, unit}` for numeric, "
                "`{type, prompt, explanation, accepted: [text], case_sensitive}` for "
                "short_text. simulation: `{url, title}`. HTML is sanitised on save.")]


class ContentCreate(msgspec.Struct, forbid_unknown_fields=True):
    topic_id: UUID
    kind: ContentKindName
    title: Title
    body: Body
    change_summary: ChangeSummary = ""


class ContentSave(msgspec.Struct, forbid_unknown_fields=True):
    """A new version. ``base_version`` is the version the editor started from; when another
    version was saved since, the save is refused with ``concurrent_modification``."""

    base_version: VersionNumber
    title: Title
    body: Body
    change_summary: ChangeSummary = ""


class RevertIn(msgspec.Struct, forbid_unknown_fields=True):
    to_version: VersionNumber
    base_version: VersionNumber


class ApproveIn(msgspec.Struct, forbid_unknown_fields=True):
    version: Annotated[VersionNumber, Meta(description="The version the reviewer previewed.")]


class RejectContentIn(msgspec.Struct, forbid_unknown_fields=True):
    version: VersionNumber
    feedback: Annotated[str, Meta(min_length=1, max_length=MAX_FEEDBACK)]


class AttemptIn(msgspec.Struct, forbid_unknown_fields=True):
    answer: Annotated[dict[str, Any], Meta(
        max_length=5,
        description="`{choice}` (single choice), `{choices: [...]}` (multiple choice), "
                    "`{value}` (numeric) or `{text}` (short text).")]
    time_taken_ms: Annotated[int, Meta(ge=0, le=86_400_000)] = 0


class VersionOut(msgspec.Struct):
    number: int
    title: str
    body: dict[str, Any]
    author_id: UUID | None
    created_at: datetime
    change_summary: str
    reverted_from: int | None

    @classmethod
    def of(cls, view: VersionView) -> "VersionOut":
        v = view.version
        return cls(number=v.number, title=v.title, body=view.body, author_id=v.author_id,
                   created_at=v.created_at, change_summary=v.change_summary,
                   reverted_from=v.reverted_from)


class ContentSummaryOut(msgspec.Struct):
    """One row of a list: what status badges need, without bodies."""

    id: UUID
    topic_id: UUID
    mentor_id: UUID
    kind: str
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

    @classmethod
    def fields_of(cls, view: ItemView) -> dict[str, Any]:
        i = view.item
        return {"id": i.id, "topic_id": i.topic_id, "mentor_id": i.mentor_id, "kind": i.kind,
                "status": i.status.value, "title": i.latest.title,
                "latest_version": i.latest.number, "live_version": i.live_version,
                "has_unpublished_changes": i.has_unpublished_changes, "feedback": i.feedback,
                "created_at": i.created_at, "updated_at": i.updated_at,
                "submitted_at": i.submitted_at, "reviewed_at": i.reviewed_at,
                "mentor_name": view.mentor_name}

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


class ContentPage(msgspec.Struct):
    items: list[ContentSummaryOut]
    total: int
    page: int
    page_size: int

    @classmethod
    def of(cls, page: Page[ItemView]) -> "ContentPage":
        return cls(items=[ContentSummaryOut.of(v) for v in page.items], total=page.total,
                   page=page.page, page_size=page.page_size)


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


class DiffOut(msgspec.Struct):
    item_id: UUID
    from_version: int | None
    to_version: int
    diff: str  # unified diff of the versions' text renderings; empty when they read the same

    @classmethod
    def of(cls, d: VersionDiff) -> "DiffOut":
        return cls(item_id=d.item_id, from_version=d.from_version, to_version=d.to_version,
                   diff=d.diff)


class LearnerContentOut(msgspec.Struct):
    id: UUID
    topic_id: UUID
    kind: str
    version: int
    title: str
    body: dict[str, Any]
    mentor_id: UUID
    mentor_name: str
    gradable: bool
    updated_at: datetime

    @classmethod
    def of(cls, x: LearnerItem) -> "LearnerContentOut":
        return cls(id=x.item_id, topic_id=x.topic_id, kind=x.kind, version=x.version,
                   title=x.title, body=x.body, mentor_id=x.mentor_id,
                   mentor_name=x.mentor_name, gradable=x.gradable,
                   updated_at=x.updated_at)


class TopicContentPage(msgspec.Struct):
    topic: TopicOut
    items: list[LearnerContentOut]
    total: int
    page: int
    page_size: int

    @classmethod
    def of(cls, topic: Topic, page: Page[LearnerItem]) -> "TopicContentPage":
        return cls(topic=TopicOut.of(topic), items=[LearnerContentOut.of(x) for x in page.items],
                   total=page.total, page=page.page, page_size=page.page_size)


class AttemptOut(msgspec.Struct):
    id: UUID
    item_id: UUID
    version: int
    answer: dict[str, Any]
    correct: bool
    time_taken_ms: int
    created_at: datetime
    explanation: str | None = None
    solution: dict[str, Any] | None = None

    @classmethod
    def of(cls, result: AttemptResult) -> "AttemptOut":
        a, g = result.attempt, result.grade
        return cls(id=a.id, item_id=a.item_id, version=a.version, answer=a.answer,
                   correct=a.correct, time_taken_ms=a.time_taken_ms, created_at=a.created_at,
                   explanation=g.explanation, solution=g.solution)


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
