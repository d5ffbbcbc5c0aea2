"""Full-text search over content items (S16): the index written with every save (part of the
unit of work) and the query side."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from edu_core.domain.content.search import SearchDocument, Segment
from edu_core.domain.pagination import PageRequest
from edu_core.ports.forum import ForumSearchResults


class ContentSearchIndex(Protocol):
    async def put(self, document: SearchDocument) -> None:
        """Store the item's search document in the unit of work's transaction, replacing the
        previous one: the index changes if and only if the item does."""
        ...


@dataclass(frozen=True, slots=True)
class ContentSearchCriteria:
    """What to look for and what the caller may see.

    Every item is searched in its live (approved, learner-visible) text, except the items of
    ``latest_of`` (a mentor's own) or, with ``all_latest`` (admins), every item: those are
    searched in their newest version's full text, in whatever state they are.
    """

    text: str = ""  # web-search syntax: "a phrase", or, -word; empty: filters only
    kinds: Sequence[str] = ()
    subject_id: UUID | None = None
    topic_id: UUID | None = None
    mentor_id: UUID | None = None
    latest_of: UUID | None = None
    all_latest: bool = False


@dataclass(frozen=True, slots=True)
class CatalogPlace:
    id: UUID
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ContentHit:
    item_id: UUID
    kind: str
    version: int  # the version that was searched and is shown
    is_live: bool  # that version is the one learners see
    status: str | None  # the review state, only for items the caller manages
    title: str
    title_highlight: list[Segment]
    snippet: list[Segment]
    rank: float  # higher is better; 0 when no text was searched
    topic: CatalogPlace
    chapter: CatalogPlace
    subject: CatalogPlace
    mentor_id: UUID
    mentor_name: str
    # Media items: when a searched word is first said (from the captions), else None.
    at_seconds: float | None = None


@dataclass(frozen=True, slots=True)
class ContentSearchResults:
    items: list[ContentHit]
    total: int  # matches, counted up to MAX_RESULTS
    total_exact: bool  # False: more than MAX_RESULTS match
    page: int
    page_size: int
    # Forum threads matching the same words and places (same page), when they were asked for.
    discussions: ForumSearchResults | None = None


class ContentSearch(Protocol):
    async def search(self, criteria: ContentSearchCriteria,
                     page: PageRequest) -> ContentSearchResults:
        """Best match first (title matches outweigh body matches), then by item id; without
        text, by title then item id. At most ``MAX_RESULTS`` matches are counted and paged
        through; past that the results are the best of a bounded set of candidates, in which
        items that match in their title come first."""
        ...

