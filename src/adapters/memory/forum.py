"""In-memory forum, staged until commit. ``check_commit`` refuses what the database refuses
(stale writes, a slug in use, a second flag by one person); ``apply`` keeps the counters the
way the Postgres adapter does (replies and activity per stored post, scores summed from the
votes), so both pass the same contract suite."""

import copy
import dataclasses
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from adapters.memory.catalog import CatalogData
from adapters.memory.content_search import _highlighted, parse, words
from adapters.pending_events import PendingEvents
from edu_core.domain.content.search import MAX_RESULTS
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.forum import (
    AlreadyFlagged,
    ForumAuthor,
    ForumCategory,
    ForumCategoryNotEmpty,
    ForumCategorySlugTaken,
    Post,
    PostNotFound,
    PostOrder,
    PostRevision,
    PostStatus,
    Thread,
    ThreadNotFound,
    ThreadSort,
    VoteCounted,
    excerpt,
    segment,
)
from edu_core.domain.identity import User
from edu_core.domain.mentors import MentorProfile, MentorStatus
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.forum import (
    CategoryRef,
    CategorySummary,
    ForumHit,
    ForumSearchCriteria,
    ForumSearchResults,
    ItemThreadCount,
    PostSlice,
    PostViewer,
    ThreadQuery,
    ThreadSummary,
    TopicThreadCounts,
    ViewerMarks,
    VoteTally,
)

_THREAD_COUNTERS = ("last_activity_at", "reply_count", "score", "post_count")
_POST_COUNTERS = ("score", "upvotes", "downvotes")
_SHOWN = (PostStatus.VISIBLE, PostStatus.DELETED)


@dataclass
class ForumData:
    categories: dict[UUID, ForumCategory] = field(default_factory=dict)
    threads: dict[UUID, Thread] = field(default_factory=dict)
    posts: dict[UUID, Post] = field(default_factory=dict)
    revisions: dict[UUID, list[PostRevision]] = field(default_factory=dict)
    votes: dict[tuple[UUID, UUID], int] = field(default_factory=dict)  # (post, user)
    voted_at: dict[tuple[UUID, UUID], datetime] = field(default_factory=dict)
    watches: dict[tuple[UUID, UUID], bool] = field(default_factory=dict)  # (thread, user)
    watched_at: dict[tuple[UUID, UUID], datetime] = field(default_factory=dict)


_NOT_COMPARED = frozenset({"events", "new_revisions", "version"})


def _state(found: Thread | Post) -> dict[str, object]:
    """What a write-back changes: everything but counters, pending events and the version."""
    counters = _POST_COUNTERS if isinstance(found, Post) else _THREAD_COUNTERS
    return {k: v for k, v in vars(found).items() if k not in counters and k not in _NOT_COMPARED}


class MemoryForumRepository:
    def __init__(self, data: ForumData, *, users: Callable[[], dict[UUID, User]],
                 mentors: Callable[[], dict[UUID, MentorProfile]],
                 catalog: Callable[[], CatalogData], events: PendingEvents) -> None:
        self._data = data
        self._users = users
        self._mentors = mentors
        self._catalog = catalog
        self._pending = events
        self.categories_staged: dict[UUID, ForumCategory] = {}
        self.categories_deleted: set[UUID] = set()
        self.threads_staged: dict[UUID, Thread] = {}
        self.posts_staged: dict[UUID, Post] = {}
        self._versions: dict[UUID, int] = {}  # 0: new
        self._votes: list[tuple[UUID, UUID, int, datetime]] = []
        self._watches: dict[tuple[UUID, UUID], tuple[bool, datetime]] = {}
        self._forgotten: set[UUID] = set()  # users whose choices are all dropped

    # -- categories -------------------------------------------------------------------------

    async def categories(self) -> list[CategorySummary]:
        counts: dict[UUID, int] = {}
        for thread in self._data.threads.values():
            if thread.status is PostStatus.VISIBLE:
                counts[thread.category_id] = counts.get(thread.category_id, 0) + 1
        found = sorted(self._data.categories.values(),
                       key=lambda x: (x.position, x.name, str(x.id)))
        return [CategorySummary(copy.deepcopy(x), counts.get(x.id, 0)) for x in found]

    async def category(self, category_id: UUID) -> ForumCategory | None:
        if category_id in self.categories_deleted:
            return None
        found = self.categories_staged.get(category_id) or self._data.categories.get(
            category_id)
        return copy.deepcopy(found) if found else None

    async def category_by_slug(self, slug: str) -> ForumCategory | None:
        found = next((x for x in self._data.categories.values() if x.slug == slug), None)
        return copy.deepcopy(found) if found else None

    async def category_for_subject(self, subject_id: UUID) -> ForumCategory | None:
        found = sorted((x for x in self._data.categories.values() if x.subject_id == subject_id),
                       key=lambda x: (x.position, x.name, str(x.id)))
        return copy.deepcopy(found[0]) if found else None

    def save_category(self, category: ForumCategory) -> None:
        self.categories_staged[category.id] = category

    async def delete_category(self, category: ForumCategory) -> None:
        if any(x.category_id == category.id for x in
               [*self._data.threads.values(), *self.threads_staged.values()]):
            raise ForumCategoryNotEmpty()
        self.categories_staged.pop(category.id, None)
        self.categories_deleted.add(category.id)

    # -- threads ----------------------------------------------------------------------------

    def add_thread(self, thread: Thread, opening: Post) -> None:
        self.threads_staged[thread.id] = thread
        self._versions[thread.id] = 0
        self.add_post(opening)

    async def thread(self, thread_id: UUID, *, for_update: bool = False) -> Thread | None:
        if thread_id not in self.threads_staged:
            stored = self._data.threads.get(thread_id)
            if stored is None:
                return None
            self.threads_staged[thread_id] = copy.deepcopy(stored)
            self._versions[thread_id] = stored.version
        return self.threads_staged[thread_id]

    def _opening_text(self, thread_id: UUID) -> str:
        for post in self._data.posts.values():
            if post.thread_id == thread_id and post.number == 1:
                return post.body.text
        return ""

    async def threads(self, query: ThreadQuery, page: PageRequest) -> Page[ThreadSummary]:
        found = [x for x in self._data.threads.values() if x.status is PostStatus.VISIBLE
                 and (query.category_id is None or x.category_id == query.category_id)
                 and (query.topic_id is None or x.topic_id == query.topic_id)
                 and (query.item_id is None or x.item_id == query.item_id)
                 and (query.solved is None or x.solved is query.solved)]
        found.sort(key=lambda x: (x.last_activity_at, str(x.id)), reverse=True)
        if query.sort is ThreadSort.VOTES:
            found.sort(key=lambda x: x.score, reverse=True)
        elif query.sort is ThreadSort.UNSOLVED:
            found.sort(key=lambda x: x.solved)
        chunk = found[page.offset:page.offset + page.page_size]
        return Page(items=[ThreadSummary(copy.deepcopy(x),
                                         copy.deepcopy(self._data.categories[x.category_id]),
                                         excerpt(self._opening_text(x.id)))
                           for x in chunk], total=len(found), page=page.page,
                    page_size=page.page_size)

    async def thread_counts(self, topic_id: UUID) -> TopicThreadCounts:
        mine = [x for x in self._data.threads.values()
                if x.topic_id == topic_id and x.status is PostStatus.VISIBLE]
        items: dict[UUID, int] = {}
        for thread in mine:
            if thread.item_id is not None:
                items[thread.item_id] = items.get(thread.item_id, 0) + 1
        return TopicThreadCounts(len(mine), [ItemThreadCount(i, n) for i, n in
                                             sorted(items.items(), key=lambda x: str(x[0]))])

    # -- posts ------------------------------------------------------------------------------

    async def next_post_number(self, thread_id: UUID) -> int:
        # Like a sequence: handed out at once, never reused (a rollback leaves a gap).
        stored = self._data.threads.get(thread_id)
        if stored is None:
            raise ThreadNotFound()
        stored.post_count += 1
        return stored.post_count

    def add_post(self, post: Post) -> None:
        self.posts_staged[post.id] = post
        self._versions[post.id] = 0

    async def post(self, post_id: UUID, *, for_update: bool = False) -> Post | None:
        if post_id not in self.posts_staged:
            stored = self._data.posts.get(post_id)
            if stored is None:
                return None
            self.posts_staged[post_id] = copy.deepcopy(stored)
            self._versions[post_id] = stored.version
        return self.posts_staged[post_id]

    @staticmethod
    def _listed(post: Post) -> Post:
        return dataclasses.replace(copy.deepcopy(post), flags=[])

    async def posts(self, thread_id: UUID, viewer: PostViewer,
                    window: PostSlice) -> list[Post]:
        found = [x for x in self._data.posts.values() if x.thread_id == thread_id and (
            viewer.is_admin or x.status in _SHOWN or x.author_id == viewer.user_id)]
        threaded = window.order is PostOrder.THREADED

        def key(post: Post) -> str:
            return post.path if threaded else segment(post.number)

        found.sort(key=key)
        if window.after is not None:
            found = [x for x in found if key(x) > window.after]
        elif window.start is not None:
            start = next((x for x in self._data.posts.values()
                          if x.thread_id == thread_id and x.number == window.start), None)
            if start is not None:
                found = [x for x in found if key(x) >= key(start)]
        return [self._listed(x) for x in found[:window.limit]]

    async def posts_by_id(self, post_ids: Collection[UUID]) -> dict[UUID, Post]:
        return {i: self._listed(self._data.posts[i]) for i in post_ids if i in self._data.posts}

    async def revisions(self, post_id: UUID, page: PageRequest) -> Page[PostRevision]:
        found = self._data.revisions.get(post_id, [])
        return Page(items=found[page.offset:page.offset + page.page_size], total=len(found),
                    page=page.page, page_size=page.page_size)

    async def authors(self, user_ids: Collection[UUID]) -> dict[UUID, ForumAuthor]:
        users, mentors = self._users(), self._mentors()
        found = {}
        for user_id in user_ids:
            user = users.get(user_id)
            if user is None:
                continue
            profile = mentors.get(user_id)
            found[user_id] = ForumAuthor(
                id=user.id, name=user.display_name, role=user.role,
                verified_mentor=profile is not None and profile.status is MentorStatus.VERIFIED,
                deleted=user.deleted_at is not None)
        return found

    async def posts_between(self, thread_id: UUID, since: datetime, until: datetime, *,
                            exclude_author: UUID) -> list[Post]:
        found = [x for x in self._data.posts.values()
                 if x.thread_id == thread_id and x.status is PostStatus.VISIBLE
                 and since <= x.created_at < until and x.author_id != exclude_author]
        found.sort(key=lambda x: (x.created_at, x.number))
        return [self._listed(x) for x in found[:100]]

    # -- votes and marks --------------------------------------------------------------------

    async def vote(self, post_id: UUID, voter_id: UUID, value: int,
                   now: datetime) -> VoteTally:
        post = self._data.posts.get(post_id)
        if post is None:
            raise PostNotFound()
        staged = [v for p, u, v, _ in self._votes if (p, u) == (post_id, voter_id)]
        previous = staged[-1] if staged else self._data.votes.get((post_id, voter_id), 0)
        self._votes.append((post_id, voter_id, value, now))
        votes = {u: v for (p, u), v in self._data.votes.items() if p == post_id}
        for p, u, v, _ in self._votes:
            if p == post_id:
                votes[u] = v
        return VoteTally(sum(votes.values()), sum(1 for v in votes.values() if v == 1),
                         sum(1 for v in votes.values() if v == -1), previous)

    async def marks(self, user_id: UUID, post_ids: Sequence[UUID]) -> dict[UUID, ViewerMarks]:
        found = {}
        for post_id in post_ids:
            vote = self._data.votes.get((post_id, user_id), 0)
            post = self._data.posts.get(post_id)
            flagged = post is not None and any(f.flagger_id == user_id for f in post.flags)
            if vote or flagged:
                found[post_id] = ViewerMarks(vote, flagged)
        return found

    # -- watching ---------------------------------------------------------------------------

    async def set_watching(self, thread_id: UUID, user_id: UUID, watching: bool,
                           now: datetime) -> None:
        self._watches[(thread_id, user_id)] = (watching, now)

    async def watching(self, thread_id: UUID, user_id: UUID) -> bool | None:
        key = (thread_id, user_id)
        if key in self._watches:
            return self._watches[key][0]
        return None if user_id in self._forgotten else self._data.watches.get(key)

    async def forget_watching(self, user_id: UUID) -> None:
        self._forgotten.add(user_id)
        for key in [k for k in self._watches if k[1] == user_id]:
            del self._watches[key]

    async def subscribers(self, thread_id: UUID) -> set[UUID]:
        thread = self._data.threads.get(thread_id)
        found = {thread.author_id} if thread else set()
        found |= {x.author_id for x in self._data.posts.values()
                  if x.thread_id == thread_id and x.status is PostStatus.VISIBLE}
        choices = {u: w for (t, u), w in self._data.watches.items() if t == thread_id}
        found |= {u for u, w in choices.items() if w}
        return found - {u for u, w in choices.items() if not w}

    # -- moderation and search --------------------------------------------------------------

    async def flagged(self, page: PageRequest) -> Page[Post]:
        found = [x for x in self._data.posts.values() if x.open_flag_count > 0]
        found.sort(key=lambda x: (x.status is not PostStatus.HIDDEN,
                                  x.flagged_at or x.created_at, str(x.id)))
        chunk = found[page.offset:page.offset + page.page_size]
        return Page(items=[copy.deepcopy(x) for x in chunk], total=len(found), page=page.page,
                    page_size=page.page_size)

    def _in_filters(self, thread: Thread, criteria: ForumSearchCriteria) -> bool:
        catalog = self._catalog()
        if criteria.topic_id is not None and thread.topic_id != criteria.topic_id:
            return False
        if criteria.mentor_id is not None and thread.item_mentor_id != criteria.mentor_id:
            return False
        if criteria.subject_id is not None:
            topic = catalog.topics.get(thread.topic_id) if thread.topic_id else None
            chapter = catalog.chapters.get(topic.chapter_id) if topic else None
            category = self._data.categories.get(thread.category_id)
            if not ((chapter is not None and chapter.subject_id == criteria.subject_id) or (
                    category is not None and category.subject_id == criteria.subject_id)):
                return False
        return True

    async def search(self, criteria: ForumSearchCriteria,
                     page: PageRequest) -> ForumSearchResults:
        alternatives = parse(criteria.text)
        hits = {w for alt in alternatives for c in alt if not c.negated for w in c.words}
        found: list[tuple[float, Thread, Post]] = []
        for thread in self._data.threads.values():
            if thread.status is not PostStatus.VISIBLE or not self._in_filters(thread,
                                                                                criteria):
                continue
            posts = sorted((x for x in self._data.posts.values() if x.thread_id == thread.id
                            and x.status is PostStatus.VISIBLE), key=lambda x: x.number)
            if not posts:
                continue
            if not criteria.text:
                found.append((0.0, thread, posts[0]))
                continue
            candidates = []
            title = words(thread.title)
            if any(all(c.matches(title) for c in alt) for alt in alternatives):
                candidates.append((5.0 * sum(1 for w in title if w in hits), posts[0]))
            for post in posts:
                body = words(post.body.text)
                if any(all(c.matches(body) for c in alt) for alt in alternatives):
                    candidates.append((sum(1.0 for w in body if w in hits) / len(body),
                                       post))
            if candidates:
                rank, best = max(candidates, key=lambda x: (x[0], -x[1].number))
                found.append((rank, thread, best))
        if criteria.text:
            found.sort(key=lambda x: (-x[0], str(x[1].id)))
        else:
            found.sort(key=lambda x: (x[1].last_activity_at, str(x[1].id)), reverse=True)
        reachable = found[:MAX_RESULTS]
        chosen = reachable[page.offset:page.offset + page.page_size]
        return ForumSearchResults(
            items=[self._hit(rank, thread, post, hits) for rank, thread, post in chosen],
            total=len(reachable), total_exact=len(found) <= MAX_RESULTS, page=page.page,
            page_size=page.page_size)

    def _hit(self, rank: float, thread: Thread, post: Post, hits: set[str]) -> ForumHit:
        category = self._data.categories[thread.category_id]
        text = excerpt(post.body.text, 240)
        is_post = post.number > 1
        return ForumHit(
            thread_id=thread.id, kind="post" if is_post else "thread",
            post_id=post.id if is_post else None, post_number=post.number if is_post else None,
            title=thread.title, title_highlight=_highlighted(thread.title, hits),
            snippet=_highlighted(text, hits) if text else [],
            rank=round(rank, 6), category=CategoryRef(category.id, category.slug,
                                                      category.name),
            solved=thread.solved, reply_count=thread.reply_count,
            last_activity_at=thread.last_activity_at)

    # -- commit -----------------------------------------------------------------------------

    def check_commit(self) -> None:
        """What the database refuses, refused here: stale writes, a slug in use, a second
        flag by one person."""
        slugs = {x.slug: x.id for x in self._data.categories.values()
                 if x.id not in self.categories_deleted}
        for category in self.categories_staged.values():
            owner = slugs.get(category.slug)
            if owner is not None and owner != category.id:
                raise ForumCategorySlugTaken()
        staged: list[tuple[Thread | Post, Thread | Post | None]] = [
            *((x, self._data.threads.get(i)) for i, x in self.threads_staged.items()),
            *((x, self._data.posts.get(i)) for i, x in self.posts_staged.items())]
        for found, known in staged:
            loaded = self._versions[found.id]
            if loaded and known is not None and known.version != loaded and \
                    self._changed(found, known):
                raise ConcurrentModification()
        for post in self.posts_staged.values():
            flaggers = [f.flagger_id for f in post.flags]
            if len(flaggers) != len(set(flaggers)):
                raise AlreadyFlagged()

    @staticmethod
    def _changed(found: Thread | Post, stored: Thread | Post) -> bool:
        return _state(found) != _state(stored)

    def apply(self) -> None:
        data = self._data
        for category_id in self.categories_deleted:
            data.categories.pop(category_id, None)
        for category in self.categories_staged.values():
            data.categories[category.id] = copy.deepcopy(category)
        for thread_id, thread in self.threads_staged.items():
            stored_thread = data.threads.get(thread_id)
            if stored_thread is None:
                data.threads[thread_id] = copy.deepcopy(thread)
            elif self._changed(thread, stored_thread):
                thread.version = stored_thread.version + 1
                kept = {name: getattr(stored_thread, name) for name in _THREAD_COUNTERS}
                data.threads[thread_id] = dataclasses.replace(copy.deepcopy(thread), **kept,
                                                              events=[])
            self._pending.take_from(thread)
        for post_id, post in self.posts_staged.items():
            stored = data.posts.get(post_id)
            thread = data.threads[post.thread_id]
            if stored is None:
                if post.number > 1 and post.status is PostStatus.VISIBLE:
                    thread.reply_count += 1
                if post.number > 1:
                    thread.last_activity_at = max(thread.last_activity_at, post.created_at)
            elif self._changed(post, stored):
                post.version = stored.version + 1
                was = stored.status is PostStatus.VISIBLE
                shown = post.status is PostStatus.VISIBLE
                if post.number > 1 and was != shown:
                    thread.reply_count += 1 if shown else -1
            else:
                self._pending.take_from(post)
                continue
            data.revisions.setdefault(post_id, []).extend(post.new_revisions)
            post.new_revisions.clear()
            kept = {name: getattr(stored, name) for name in _POST_COUNTERS} if stored else {}
            data.posts[post_id] = dataclasses.replace(copy.deepcopy(post), **kept, events=[])
            self._pending.take_from(post)
        for post_id, voter_id, value, now in self._votes:
            if data.votes.get((post_id, voter_id), 0) == value:
                continue
            if value:
                data.votes[(post_id, voter_id)] = value
                data.voted_at[(post_id, voter_id)] = now
            else:
                data.votes.pop((post_id, voter_id), None)
                data.voted_at.pop((post_id, voter_id), None)
            target = data.posts[post_id]
            votes = [v for (p, _), v in data.votes.items() if p == post_id]
            target.score, target.upvotes = sum(votes), votes.count(1)
            target.downvotes = votes.count(-1)
            if target.number == 1:
                data.threads[target.thread_id].score = target.score
            self._pending.stored(VoteCounted(target.thread_id, post_id, target.score, now))
        for key in [k for k in data.watches if k[1] in self._forgotten]:
            data.watches.pop(key)
            data.watched_at.pop(key, None)
        for key, (watching, at) in self._watches.items():
            data.watches[key], data.watched_at[key] = watching, at
