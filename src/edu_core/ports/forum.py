"""Persistence of the forum (part of the unit of work), and the reads its pages need.

Counters that many people change at once are never written back from an aggregate: a
thread's reply count and last activity change with atomic updates when a post is stored or
changes visibility, a post's score with each vote (under the post's row lock, so concurrent
voters cannot lose a vote), and post numbers come from the thread's counter.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from edu_core.domain.content.search import Segment
from edu_core.domain.forum import (
    ForumAuthor,
    ForumCategory,
    Post,
    PostOrder,
    PostRevision,
    Thread,
    ThreadSort,
)
from edu_core.domain.pagination import Page, PageRequest

# A thread page reads this many posts at most per request.
MAX_POSTS_PER_PAGE = 100


@dataclass(frozen=True, slots=True)
class CategorySummary:
    category: ForumCategory
    thread_count: int  # threads everyone can read


@dataclass(frozen=True, slots=True)
class ThreadQuery:
    category_id: UUID | None = None
    topic_id: UUID | None = None
    item_id: UUID | None = None
    solved: bool | None = None  # None: either
    sort: ThreadSort = ThreadSort.ACTIVITY


@dataclass(frozen=True, slots=True)
class ThreadSummary:
    thread: Thread
    category: ForumCategory
    excerpt: str  # the opening post's first words, as plain text


@dataclass(frozen=True, slots=True)
class PostViewer:
    """Who reads a thread: hidden and removed posts reach their author and admins only."""

    user_id: UUID | None = None
    is_admin: bool = False


@dataclass(frozen=True, slots=True)
class PostSlice:
    """A page of a thread's posts: after ``after`` (a cursor, exclusive), or from post number
    ``start`` (inclusive), or from the beginning."""

    order: PostOrder = PostOrder.THREADED
    after: str | None = None
    start: int | None = None
    limit: int = 50


@dataclass(frozen=True, slots=True)
class ViewerMarks:
    vote: int  # -1, 0 or 1
    flagged: bool


@dataclass(frozen=True, slots=True)
class VoteTally:
    score: int
    upvotes: int
    downvotes: int
    previous: int  # the voter's vote before this one (0: none)


@dataclass(frozen=True, slots=True)
class ItemThreadCount:
    item_id: UUID
    threads: int


@dataclass(frozen=True, slots=True)
class TopicThreadCounts:
    topic_threads: int  # about the topic or any of its items
    items: list[ItemThreadCount]  # items with at least one thread


@dataclass(frozen=True, slots=True)
class ForumSearchCriteria:
    text: str = ""  # web-search syntax; empty: filters only, latest activity first
    subject_id: UUID | None = None
    topic_id: UUID | None = None
    mentor_id: UUID | None = None  # threads about this mentor's content


@dataclass(frozen=True, slots=True)
class CategoryRef:
    id: UUID
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class ForumHit:
    """One thread found, through its title or the best-matching of its posts."""

    thread_id: UUID
    kind: str  # "thread": the title or the opening post matched; "post": a reply did
    post_id: UUID | None  # the reply that matched
    post_number: int | None
    title: str
    title_highlight: list[Segment]
    snippet: list[Segment]
    rank: float
    category: CategoryRef
    solved: bool
    reply_count: int
    last_activity_at: datetime


@dataclass(frozen=True, slots=True)
class ForumSearchResults:
    items: list[ForumHit]
    total: int  # matching threads, counted up to MAX_RESULTS
    total_exact: bool
    page: int
    page_size: int


class ForumRepository(Protocol):
    # -- categories ---------------------------------------------------------------------

    async def categories(self) -> list[CategorySummary]:
        """Every category by position, then name."""
        ...

    async def category(self, category_id: UUID) -> ForumCategory | None: ...

    async def category_by_slug(self, slug: str) -> ForumCategory | None: ...

    async def category_for_subject(self, subject_id: UUID) -> ForumCategory | None:
        """The first category (by position) that mirrors the subject."""
        ...

    def save_category(self, category: ForumCategory) -> None:
        """Insert or update at commit; a slug in use raises ``ForumCategorySlugTaken``."""
        ...

    async def delete_category(self, category: ForumCategory) -> None:
        """Raises ``ForumCategoryNotEmpty`` while any thread is in it."""
        ...

    # -- threads ------------------------------------------------------------------------

    def add_thread(self, thread: Thread, opening: Post) -> None: ...

    async def thread(self, thread_id: UUID, *, for_update: bool = False) -> Thread | None:
        """The thread; changes are written at commit (``ConcurrentModification`` when it
        changed meanwhile). ``for_update`` locks it until then."""
        ...

    async def threads(self, query: ThreadQuery, page: PageRequest) -> Page[ThreadSummary]:
        """Threads everyone can read, in the query's order (ties: newest id first)."""
        ...

    async def thread_counts(self, topic_id: UUID) -> TopicThreadCounts: ...

    # -- posts --------------------------------------------------------------------------

    async def next_post_number(self, thread_id: UUID) -> int:
        """The next reply's number; the thread's counter stays locked until the commit."""
        ...

    def add_post(self, post: Post) -> None: ...

    async def post(self, post_id: UUID, *, for_update: bool = False) -> Post | None:
        """The post with its flags; changes (and new revisions) are written at commit."""
        ...

    async def posts(self, thread_id: UUID, viewer: PostViewer,
                    window: PostSlice) -> list[Post]:
        """Up to ``window.limit`` posts the viewer may see (deleted ones as placeholders),
        in the window's order; read-only copies without their flags."""
        ...

    async def posts_by_id(self, post_ids: Collection[UUID]) -> dict[UUID, Post]:
        """Read-only copies, whatever their status."""
        ...

    async def revisions(self, post_id: UUID, page: PageRequest) -> Page[PostRevision]:
        """The states of the post's text, oldest first."""
        ...

    async def authors(self, user_ids: Collection[UUID]) -> dict[UUID, ForumAuthor]:
        """Names, roles and mentor verification of the users that exist, in one read."""
        ...

    async def posts_between(self, thread_id: UUID, since: datetime, until: datetime, *,
                            exclude_author: UUID) -> list[Post]:
        """Visible posts created in ``[since, until)`` by others, oldest first."""
        ...

    # -- votes and marks ----------------------------------------------------------------

    async def vote(self, post_id: UUID, voter_id: UUID, value: int,
                   now: datetime) -> VoteTally:
        """Set the voter's vote (0 takes it back) and the post's score in this transaction,
        exact under concurrent voters; raises ``PostVoted`` with the new score."""
        ...

    async def marks(self, user_id: UUID, post_ids: Sequence[UUID]) -> dict[UUID, ViewerMarks]:
        """The user's votes and flags on the posts (posts without either are absent)."""
        ...

    # -- watching -----------------------------------------------------------------------

    async def set_watching(self, thread_id: UUID, user_id: UUID, watching: bool,
                           now: datetime) -> None:
        """Watch a thread, or mute it (also for its author and people who replied)."""
        ...

    async def watching(self, thread_id: UUID, user_id: UUID) -> bool | None:
        """The user's explicit choice, None when they made none."""
        ...

    async def forget_watching(self, user_id: UUID) -> None:
        """Drop every choice the user made to watch or mute a thread (the account is erased)."""
        ...

    async def subscribers(self, thread_id: UUID) -> set[UUID]:
        """Who hears of new posts: the author, everyone who posted in it and its watchers,
        except those who muted it."""
        ...

    # -- moderation and search ----------------------------------------------------------

    async def flagged(self, page: PageRequest) -> Page[Post]:
        """Posts with open flags (with their flags): hidden ones first, then the longest
        waiting."""
        ...

    async def search(self, criteria: ForumSearchCriteria,
                     page: PageRequest) -> ForumSearchResults:
        """Threads everyone can read whose title or visible posts match, best first (one hit
        per thread); without text, by latest activity."""
        ...
