"""Persistence of content items, their versions and learners' attempts (part of the unit of
work), and the HTML sanitiser lesson text goes through."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol
from uuid import UUID

from edu_core.domain.content import Attempt, ContentItem, ContentStatus
from edu_core.domain.pagination import Page, PageRequest


class ContentOrder(StrEnum):
    REVIEW_QUEUE = "review_queue"  # oldest submission first
    RECENTLY_CHANGED = "recently_changed"  # the author's workspace
    OLDEST_FIRST = "oldest_first"  # reading order under a topic


@dataclass(frozen=True, slots=True)
class ContentQuery:
    mentor_id: UUID | None = None
    statuses: Sequence[ContentStatus] = ()
    kind: str | None = None
    topic_ids: Sequence[UUID] | None = None  # None: any topic; empty: none at all
    live_only: bool = False
    submitted_before: datetime | None = None  # only items submitted at or before this
    order: ContentOrder = ContentOrder.RECENTLY_CHANGED


class ContentRepository(Protocol):
    async def get(self, item_id: UUID) -> ContentItem | None:
        """The item with every version, oldest first."""
        ...

    async def version_body(self, item_id: UUID, number: int) -> Mapping[str, Any] | None:
        """The body of one stored version, without loading the item (a search hit needs no
        more); None when there is no such version."""
        ...

    async def save(self, item: ContentItem) -> None:
        """Insert a new item or write back a loaded one; versions are only ever appended.
        An item changed by someone else since it was loaded raises ``ConcurrentModification``;
        a topic that does not exist raises ``UnknownTopic``."""
        ...

    def add_attempt(self, attempt: Attempt) -> None:
        """Stage an attempt; it is stored with the unit of work's commit."""
        ...

    async def attempts(self, user_id: UUID, item_id: UUID) -> list[Attempt]:
        """The user's attempts at the item, newest first."""
        ...

    async def record_help(self, attempt: Attempt) -> None:
        """Write back the help a stored (or staged) attempt now records: ``hints_used`` and
        ``solution_shown`` only ever grow, so two racing requests cannot lower them."""
        ...

    # Declared last: inside the class body, later annotations would read ``list`` as this.
    async def list(self, query: ContentQuery, page: PageRequest) -> Page[ContentItem]: ...


class HtmlSanitizer(Protocol):
    def clean(self, html: str) -> str:
        """The allow-listed subset of untrusted HTML: no scripts, styles, event handlers or
        unsafe URLs survive."""
        ...


class MarkdownRenderer(Protocol):
    def render(self, markdown: str) -> str:
        """Markdown with LaTeX formulas (``$...$``, ``$$...$$``) as sanitised HTML in the
        lesson-text format: formulas become the editor's formula nodes (``data-latex``), raw
        HTML in the source is text, and the lesson sanitiser has cleaned the result."""
        ...
