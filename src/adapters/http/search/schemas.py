"""Shapes of search results. Snippets and titles come as plain-text segments with a
``highlight`` flag: clients render them as text (e.g. ``<mark>`` around highlighted segments)
and never as HTML."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.pagination import PageOut
from edu_core.domain.content.search import MAX_RESULTS, Segment
from edu_core.ports.content_search import CatalogPlace, ContentHit
from edu_core.ports.forum import ForumHit, ForumSearchResults

ScopeName = Literal["live", "workspace"]


class HighlightSegment(msgspec.Struct):
    text: str
    highlight: bool

    @classmethod
    def all_of(cls, found: list[Segment]) -> list["HighlightSegment"]:
        return [cls(text=s.text, highlight=s.highlight) for s in found]


class CatalogPlaceOut(msgspec.Struct):
    id: UUID
    slug: str
    name: str

    @classmethod
    def of(cls, place: CatalogPlace) -> "CatalogPlaceOut":
        return cls(id=place.id, slug=place.slug, name=place.name)


class MentorRefOut(msgspec.Struct):
    id: UUID
    name: str


class SearchHitOut(msgspec.Struct):
    item_id: UUID
    kind: str
    version: int
    is_live: bool
    status: str | None  # only on the caller's own items (workspace scope)
    title: str
    title_highlight: list[HighlightSegment]
    snippet: list[HighlightSegment]
    rank: float
    topic: CatalogPlaceOut
    chapter: CatalogPlaceOut
    subject: CatalogPlaceOut
    mentor: MentorRefOut
    at_seconds: Annotated[float | None, Meta(description=(
        "Video items: when a searched word is first said (from the captions); link to "
        "`/content/{item_id}#t=<seconds>`. Null otherwise."))] = None

    @classmethod
    def of(cls, hit: ContentHit) -> "SearchHitOut":
        return cls(item_id=hit.item_id, kind=hit.kind, version=hit.version,
                   is_live=hit.is_live, status=hit.status, title=hit.title,
                   title_highlight=HighlightSegment.all_of(hit.title_highlight),
                   snippet=HighlightSegment.all_of(hit.snippet), rank=hit.rank,
                   topic=CatalogPlaceOut.of(hit.topic), chapter=CatalogPlaceOut.of(hit.chapter),
                   subject=CatalogPlaceOut.of(hit.subject),
                   mentor=MentorRefOut(id=hit.mentor_id, name=hit.mentor_name),
                   at_seconds=hit.at_seconds)


class DiscussionHitOut(msgspec.Struct):
    thread_id: UUID
    kind: Annotated[Literal["thread", "post"], Meta(description=(
        "`thread`: the title or opening post matched; `post`: a reply did (link to "
        "`#post-{post_number}`)."))]
    post_id: UUID | None
    post_number: int | None
    title: str
    title_highlight: list[HighlightSegment]
    snippet: list[HighlightSegment]
    rank: float
    category: CatalogPlaceOut
    solved: bool
    reply_count: int
    last_activity_at: datetime

    @classmethod
    def of(cls, hit: ForumHit) -> "DiscussionHitOut":
        return cls(thread_id=hit.thread_id, kind="post" if hit.kind == "post" else "thread",
                   post_id=hit.post_id, post_number=hit.post_number, title=hit.title,
                   title_highlight=HighlightSegment.all_of(hit.title_highlight),
                   snippet=HighlightSegment.all_of(hit.snippet), rank=hit.rank,
                   category=CatalogPlaceOut(hit.category.id, hit.category.slug,
                                            hit.category.name),
                   solved=hit.solved, reply_count=hit.reply_count,
                   last_activity_at=hit.last_activity_at)


class DiscussionResultsOut(msgspec.Struct):
    items: list[DiscussionHitOut]
    total: int
    total_exact: bool

    @classmethod
    def of(cls, found: ForumSearchResults) -> "DiscussionResultsOut":
        return cls(items=[DiscussionHitOut.of(x) for x in found.items], total=found.total,
                   total_exact=found.total_exact)


class SearchPage(PageOut[SearchHitOut]):
    items: list[SearchHitOut]
    total: Annotated[int, Meta(description=f"Matches, counted up to {MAX_RESULTS}.")]
    total_exact: Annotated[bool, Meta(
        description=f"False when more than {MAX_RESULTS} items match: only the best "
                    f"{MAX_RESULTS} can be paged through; narrow the search to see others.")]
    scope: ScopeName
    discussions: Annotated[DiscussionResultsOut | None, Meta(description=(
        "Forum threads matching the same words and filters, this page of them; absent when "
        "`kind` names content kinds only or `scope` is `workspace`."))] = None
