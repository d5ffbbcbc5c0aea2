"""Postgres repository of the forum (ADR 25).

Aggregates (categories, threads, posts with their flags and new revisions) are written at
commit (``flush``): new rows inserted, loaded ones updated under their version. Counters are
never written from an aggregate: a stored reply adds one to its thread's ``reply_count`` and
moves ``last_activity_at`` in one ``UPDATE``; a post that stops or starts being readable moves
the count the other way; post numbers come from ``UPDATE ... SET post_count = post_count + 1
RETURNING``, which holds the thread row until the commit. A vote locks its post's row
(``SELECT ... FOR UPDATE``), reads the voter's previous vote after the lock is granted, and
applies the difference in one ``UPDATE``: concurrent voters queue on the row, so no vote is
lost or counted twice.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    RowMapping,
    Select,
    String,
    and_,
    bindparam,
    delete,
    except_,
    exists,
    func,
    insert,
    literal,
    literal_column,
    null,
    or_,
    select,
    union,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.content_search import MARKERS
from adapters.db.results import rowcount
from adapters.db.tables import (
    SEARCH_CONFIG,
    chapters,
    forum_categories,
    forum_flags,
    forum_post_revisions,
    forum_posts,
    forum_threads,
    forum_votes,
    forum_watches,
    mentor_profiles,
    topics,
    users,
)
from adapters.pending_events import PendingEvents
from edu_core.domain.content.search import MAX_RESULTS, Segment, segments
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.forum import (
    Flag,
    ForumAuthor,
    ForumCategory,
    ForumCategoryNotEmpty,
    ModerationAction,
    Post,
    PostBody,
    PostNotFound,
    PostOrder,
    PostRevision,
    PostStatus,
    Thread,
    ThreadNotFound,
    ThreadSort,
    VoteCounted,
    excerpt,
)
from edu_core.domain.identity import Role
from edu_core.domain.mentors import MentorStatus
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.search_text import websearch_text
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

c = forum_categories.c
t = forum_threads.c
p = forum_posts.c
VISIBLE = PostStatus.VISIBLE.value
# Read by everyone: visible posts, and deleted ones as placeholders.
_SHOWN = [PostStatus.VISIBLE.value, PostStatus.DELETED.value]

_CATEGORY_COLUMNS = ("id", "name", "slug", "description", "position", "subject_id",
                     "created_at", "updated_at")
_THREAD_COLUMNS = ("id", "category_id", "author_id", "title", "topic_id", "item_id",
                   "item_mentor_id", "accepted_post_id", "accepted_by", "accepted_at",
                   "created_at", "updated_at", "version")
_THREAD_COUNTERS = ("last_activity_at", "reply_count", "score", "post_count")
_POST_COLUMNS = ("id", "thread_id", "author_id", "number", "parent_id", "reply_to_number",
                 "depth", "path", "edited_at", "revision_count", "hidden_by_flags",
                 "moderation_reason", "moderated_at", "deleted_at", "open_flag_count",
                 "flagged_at", "created_at", "updated_at", "version")
_POST_COUNTERS = ("score", "upvotes", "downvotes")


def category_values(category: ForumCategory) -> dict[str, Any]:
    return {name: getattr(category, name) for name in _CATEGORY_COLUMNS}


def thread_values(thread: Thread) -> dict[str, Any]:
    values = {name: getattr(thread, name) for name in _THREAD_COLUMNS}
    values.update(status=thread.status.value, solved=thread.solved)
    return values


def post_values(post: Post) -> dict[str, Any]:
    values = {name: getattr(post, name) for name in _POST_COLUMNS}
    values.update(status=post.status.value, markdown=post.body.markdown, html=post.body.html,
                  body_text=post.body.text,
                  moderation_action=post.moderation_action.value
                  if post.moderation_action else None)
    return values


def category_of(row: RowMapping) -> ForumCategory:
    return ForumCategory(**{name: row[name] for name in _CATEGORY_COLUMNS})


def thread_of(row: RowMapping) -> Thread:
    return Thread(**{name: row[name] for name in (*_THREAD_COLUMNS, *_THREAD_COUNTERS)},
                  status=PostStatus(row["status"]))


def post_of(row: RowMapping, flags: list[Flag] | None = None) -> Post:
    action = row["moderation_action"]
    return Post(**{name: row[name] for name in (*_POST_COLUMNS, *_POST_COUNTERS)},
                status=PostStatus(row["status"]),
                body=PostBody(markdown=row["markdown"], html=row["html"],
                              text=row["body_text"]),
                moderation_action=ModerationAction(action) if action else None,
                flags=flags or [])


def _flag_state(post: Post) -> dict[UUID, datetime | None]:
    return {f.id: f.resolved_at for f in post.flags}


# Everything a post row has but its search document (never read back).
_POST_ROW = [col for col in forum_posts.c if col.name != "search_document"]
_THREAD_ROW = [col for col in forum_threads.c if col.name != "title_document"]
_CATEGORY_ROW = [forum_categories.c[name].label(f"in_category_{name}")
                 for name in _CATEGORY_COLUMNS]


class PostgresForumRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._pending = events
        self._categories: dict[UUID, ForumCategory] = {}
        self._new_threads: list[Thread] = []
        self._new_posts: list[Post] = []
        self._threads: dict[UUID, tuple[Thread, dict[str, Any]]] = {}
        self._posts: dict[UUID, tuple[Post, dict[str, Any], dict[UUID, datetime | None]]] = {}

    # -- categories -------------------------------------------------------------------------

    async def categories(self) -> list[CategorySummary]:
        counted = (select(t.category_id, func.count().label("threads"))
                   .where(t.status == VISIBLE).group_by(t.category_id).subquery())
        rows = (await self._s.execute(
            select(forum_categories, func.coalesce(counted.c.threads, 0).label("threads"))
            .outerjoin(counted, counted.c.category_id == c.id)
            .order_by(c.position, c.name, c.id))).mappings()
        return [CategorySummary(category_of(row), row["threads"]) for row in rows]

    async def category(self, category_id: UUID) -> ForumCategory | None:
        row = (await self._s.execute(
            select(forum_categories).where(c.id == category_id))).mappings().first()
        return category_of(row) if row else None

    async def category_by_slug(self, slug: str) -> ForumCategory | None:
        row = (await self._s.execute(
            select(forum_categories).where(c.slug == slug))).mappings().first()
        return category_of(row) if row else None

    async def category_for_subject(self, subject_id: UUID) -> ForumCategory | None:
        row = (await self._s.execute(
            select(forum_categories).where(c.subject_id == subject_id)
            .order_by(c.position, c.name, c.id).limit(1))).mappings().first()
        return category_of(row) if row else None

    def save_category(self, category: ForumCategory) -> None:
        self._categories[category.id] = category

    async def delete_category(self, category: ForumCategory) -> None:
        # The row lock makes a thread being created in it wait, then fail, not slip in.
        await self._s.execute(select(c.id).where(c.id == category.id).with_for_update())
        if (await self._s.execute(select(exists().where(
                t.category_id == category.id)))).scalar_one():
            raise ForumCategoryNotEmpty()
        self._categories.pop(category.id, None)
        await self._s.execute(delete(forum_categories).where(c.id == category.id))

    # -- threads ----------------------------------------------------------------------------

    def add_thread(self, thread: Thread, opening: Post) -> None:
        self._new_threads.append(thread)
        self._new_posts.append(opening)

    async def thread(self, thread_id: UUID, *, for_update: bool = False) -> Thread | None:
        known = self._threads.get(thread_id)
        if known is not None and not for_update:
            return known[0]
        statement = select(*_THREAD_ROW).where(t.id == thread_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._s.execute(statement)).mappings().first()
        if row is None:
            return None
        if known is not None:
            return known[0]
        thread = thread_of(row)
        self._threads[thread.id] = (thread, thread_values(thread))
        return thread

    async def threads(self, query: ThreadQuery, page: PageRequest) -> Page[ThreadSummary]:
        where: list[ColumnElement[bool]] = [t.status == VISIBLE]
        if query.category_id is not None:
            where.append(t.category_id == query.category_id)
        if query.topic_id is not None:
            where.append(t.topic_id == query.topic_id)
        if query.item_id is not None:
            where.append(t.item_id == query.item_id)
        if query.solved is not None:
            where.append(t.solved.is_(query.solved))
        recent: list[Any] = [t.last_activity_at.desc(), t.id.desc()]
        order: list[Any] = {ThreadSort.ACTIVITY: recent,
                            ThreadSort.VOTES: [t.score.desc(), *recent],
                            ThreadSort.UNSOLVED: [t.solved, *recent]}[query.sort]
        total = (await self._s.execute(
            select(func.count()).select_from(forum_threads).where(*where))).scalar_one()
        if page.offset >= total:
            return Page(items=[], total=total, page=page.page, page_size=page.page_size)
        # The page's threads are chosen from the threads alone (an index walk); only they
        # are then joined to their category and opening post, however deep the page.
        chosen = (select(t.id).where(*where).order_by(*order).offset(page.offset)
                  .limit(page.page_size).subquery("chosen"))
        opening = forum_posts.alias("opening")
        columns: list[Any] = [*_THREAD_ROW, *_CATEGORY_ROW,
                              func.left(opening.c.body_text, 400).label("opening_text")]
        rows = (await self._s.execute(
            select(*columns)
            .select_from(chosen.join(forum_threads, t.id == chosen.c.id)
                         .join(forum_categories, c.id == t.category_id)
                         .outerjoin(opening, and_(opening.c.thread_id == t.id,
                                                  opening.c.number == 1)))
            .order_by(*order)
        )).mappings()
        items = [ThreadSummary(thread_of(row), ForumCategory(**{
            name: row[f"in_category_{name}"] for name in _CATEGORY_COLUMNS}),
            excerpt(row["opening_text"] or "")) for row in rows]
        return Page(items=items, total=total, page=page.page, page_size=page.page_size)

    async def thread_counts(self, topic_id: UUID) -> TopicThreadCounts:
        mine = [t.topic_id == topic_id, t.status == VISIBLE]
        total = (await self._s.execute(
            select(func.count()).select_from(forum_threads).where(*mine))).scalar_one()
        rows = await self._s.execute(
            select(t.item_id, func.count()).where(*mine, t.item_id.is_not(None))
            .group_by(t.item_id).order_by(t.item_id))
        return TopicThreadCounts(total, [ItemThreadCount(row[0], row[1]) for row in rows])

    # -- posts ------------------------------------------------------------------------------

    async def next_post_number(self, thread_id: UUID) -> int:
        number = (await self._s.execute(
            update(forum_threads).where(t.id == thread_id)
            .values(post_count=t.post_count + 1).returning(t.post_count))).scalar_one_or_none()
        if number is None:
            raise ThreadNotFound()
        return int(number)

    def add_post(self, post: Post) -> None:
        self._new_posts.append(post)

    async def post(self, post_id: UUID, *, for_update: bool = False) -> Post | None:
        known = self._posts.get(post_id)
        if known is not None and not for_update:
            return known[0]
        statement = select(*_POST_ROW).where(p.id == post_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._s.execute(statement)).mappings().first()
        if row is None:
            return None
        if known is not None:
            return known[0]
        post = post_of(row, (await self._flags([post_id]))[post_id])
        self._posts[post.id] = (post, post_values(post), _flag_state(post))
        return post

    async def _flags(self, post_ids: Sequence[UUID]) -> dict[UUID, list[Flag]]:
        found: dict[UUID, list[Flag]] = {i: [] for i in post_ids}
        f = forum_flags.c
        rows = (await self._s.execute(select(forum_flags).where(f.post_id.in_(post_ids))
                                      .order_by(f.post_id, f.created_at, f.id))).mappings()
        for row in rows:
            found[row["post_id"]].append(Flag(
                id=row["id"], flagger_id=row["flagger_id"], reason=row["reason"],
                created_at=row["created_at"], resolved_at=row["resolved_at"]))
        return found

    async def posts(self, thread_id: UUID, viewer: PostViewer,
                    window: PostSlice) -> list[Post]:
        where: list[ColumnElement[bool]] = [p.thread_id == thread_id]
        if not viewer.is_admin:
            readable = p.status.in_(_SHOWN)
            where.append(readable if viewer.user_id is None
                         else or_(readable, p.author_id == viewer.user_id))
        key = p.path if window.order is PostOrder.THREADED else p.number
        if window.after is not None:
            where.append(p.path > window.after if window.order is PostOrder.THREADED
                         else p.number > int(window.after))
        elif window.start is not None:
            start = (select(key).where(p.thread_id == thread_id, p.number == window.start)
                     .scalar_subquery())
            where.append(key >= start)
        rows = (await self._s.execute(
            select(*_POST_ROW).where(*where).order_by(key).limit(window.limit))).mappings()
        return [post_of(row) for row in rows]

    async def posts_by_id(self, post_ids: Collection[UUID]) -> dict[UUID, Post]:
        if not post_ids:
            return {}
        rows = (await self._s.execute(
            select(*_POST_ROW).where(p.id.in_(list(post_ids))))).mappings()
        return {row["id"]: post_of(row) for row in rows}

    async def revisions(self, post_id: UUID, page: PageRequest) -> Page[PostRevision]:
        r = forum_post_revisions.c
        total = (await self._s.execute(select(func.count()).select_from(forum_post_revisions)
                                       .where(r.post_id == post_id))).scalar_one()
        rows = (await self._s.execute(select(forum_post_revisions).where(r.post_id == post_id)
                                      .order_by(r.number).offset(page.offset)
                                      .limit(page.page_size))).mappings()
        return Page(items=[PostRevision(number=row["number"], markdown=row["markdown"],
                                        html=row["html"], editor_id=row["editor_id"],
                                        created_at=row["created_at"], title=row["title"])
                           for row in rows], total=total, page=page.page,
                    page_size=page.page_size)

    async def authors(self, user_ids: Collection[UUID]) -> dict[UUID, ForumAuthor]:
        if not user_ids:
            return {}
        rows = await self._s.execute(
            select(users.c.id, users.c.display_name, users.c.role, users.c.deleted_at,
                   mentor_profiles.c.status)
            .outerjoin(mentor_profiles, mentor_profiles.c.user_id == users.c.id)
            .where(users.c.id.in_(list(user_ids))))
        return {row[0]: ForumAuthor(id=row[0], name=row[1], role=Role(row[2]),
                                    verified_mentor=row[4] == MentorStatus.VERIFIED.value,
                                    deleted=row[3] is not None) for row in rows}

    async def posts_between(self, thread_id: UUID, since: datetime, until: datetime, *,
                            exclude_author: UUID) -> list[Post]:
        rows = (await self._s.execute(
            select(*_POST_ROW).where(p.thread_id == thread_id, p.status == VISIBLE,
                                     p.created_at >= since, p.created_at < until,
                                     p.author_id != exclude_author)
            .order_by(p.created_at, p.number).limit(100))).mappings()
        return [post_of(row) for row in rows]

    # -- votes and marks --------------------------------------------------------------------

    async def vote(self, post_id: UUID, voter_id: UUID, value: int,
                   now: datetime) -> VoteTally:
        target = (await self._s.execute(
            select(p.thread_id, p.number).where(p.id == post_id).with_for_update())).first()
        if target is None:
            raise PostNotFound()
        v = forum_votes.c
        # Read after the lock is granted: a voter who got there first has committed.
        previous = (await self._s.execute(select(v.value).where(
            v.post_id == post_id, v.user_id == voter_id))).scalar_one_or_none() or 0
        if value == previous:
            row = (await self._s.execute(select(p.score, p.upvotes, p.downvotes)
                                         .where(p.id == post_id))).one()
            return VoteTally(row[0], row[1], row[2], previous)
        if value == 0:
            await self._s.execute(delete(forum_votes).where(v.post_id == post_id,
                                                            v.user_id == voter_id))
        elif previous == 0:
            await self._s.execute(insert(forum_votes).values(
                post_id=post_id, user_id=voter_id, value=value, created_at=now,
                updated_at=now))
        else:
            await self._s.execute(update(forum_votes).where(
                v.post_id == post_id, v.user_id == voter_id).values(value=value,
                                                                    updated_at=now))
        row = (await self._s.execute(
            update(forum_posts).where(p.id == post_id).values(
                score=p.score + (value - previous),
                upvotes=p.upvotes + (int(value == 1) - int(previous == 1)),
                downvotes=p.downvotes + (int(value == -1) - int(previous == -1)))
            .returning(p.score, p.upvotes, p.downvotes))).one()
        if target.number == 1:
            await self._s.execute(update(forum_threads).where(t.id == target.thread_id)
                                  .values(score=row[0]))
        self._pending.stored(VoteCounted(target.thread_id, post_id, row[0], now))
        return VoteTally(row[0], row[1], row[2], previous)

    async def marks(self, user_id: UUID, post_ids: Sequence[UUID]) -> dict[UUID, ViewerMarks]:
        if not post_ids:
            return {}
        v, f = forum_votes.c, forum_flags.c
        ids = list(post_ids)
        rows = await self._s.execute(
            select(v.post_id, v.value, literal(False)).where(v.user_id == user_id,
                                                             v.post_id.in_(ids))
            .union_all(select(f.post_id, literal(0), literal(True))
                       .where(f.flagger_id == user_id, f.post_id.in_(ids))))
        found: dict[UUID, ViewerMarks] = {}
        for post_id, vote, flagged in rows:
            known = found.get(post_id, ViewerMarks(0, False))
            found[post_id] = ViewerMarks(vote or known.vote, flagged or known.flagged)
        return found

    # -- watching ---------------------------------------------------------------------------

    async def set_watching(self, thread_id: UUID, user_id: UUID, watching: bool,
                           now: datetime) -> None:
        statement = pg_insert(forum_watches).values(thread_id=thread_id, user_id=user_id,
                                                    watching=watching, updated_at=now)
        await self._s.execute(statement.on_conflict_do_update(
            index_elements=[forum_watches.c.thread_id, forum_watches.c.user_id],
            set_={"watching": watching, "updated_at": now}))

    async def forget_watching(self, user_id: UUID) -> None:
        await self._s.execute(delete(forum_watches).where(forum_watches.c.user_id == user_id))

    async def watching(self, thread_id: UUID, user_id: UUID) -> bool | None:
        w = forum_watches.c
        found: bool | None = (await self._s.execute(select(w.watching).where(
            w.thread_id == thread_id, w.user_id == user_id))).scalar_one_or_none()
        return found

    async def subscribers(self, thread_id: UUID) -> set[UUID]:
        w = forum_watches.c
        rows = await self._s.execute(except_(
            union(select(t.author_id).where(t.id == thread_id),
                  select(p.author_id).where(p.thread_id == thread_id, p.status == VISIBLE),
                  select(w.user_id).where(w.thread_id == thread_id, w.watching)),
            select(w.user_id).where(w.thread_id == thread_id, ~w.watching)))
        return {row[0] for row in rows}

    # -- moderation -------------------------------------------------------------------------

    async def flagged(self, page: PageRequest) -> Page[Post]:
        waiting = p.open_flag_count > 0
        total = (await self._s.execute(
            select(func.count()).select_from(forum_posts).where(waiting))).scalar_one()
        rows = list((await self._s.execute(
            select(*_POST_ROW).where(waiting)
            .order_by((p.status == PostStatus.HIDDEN.value).desc(), p.flagged_at, p.id)
            .offset(page.offset).limit(page.page_size))).mappings())
        flags = await self._flags([row["id"] for row in rows])
        return Page(items=[post_of(row, flags[row["id"]]) for row in rows], total=total,
                    page=page.page, page_size=page.page_size)

    # -- search -----------------------------------------------------------------------------

    async def search(self, criteria: ForumSearchCriteria,
                     page: PageRequest) -> ForumSearchResults:
        statement = _search_statement(_Shape.of(criteria))
        values: dict[str, Any] = {
            "subject_id": criteria.subject_id, "topic_id": criteria.topic_id,
            "mentor_id": criteria.mentor_id, "offset": page.offset,
            "limit": max(0, min(page.page_size, MAX_RESULTS - page.offset))}
        if criteria.text:
            values["query"] = websearch_text(criteria.text)
        rows = (await self._s.execute(statement, values)).all()
        if rows:
            counted = rows[0].counted
        elif page.offset:
            counted = (await self._s.execute(
                _search_statement(_Shape.of(criteria)),
                {**values, "offset": 0, "limit": 1})).all()
            counted = counted[0].counted if counted else 0
        else:
            counted = 0
        return ForumSearchResults(
            items=[_hit(row) for row in rows], total=min(counted, MAX_RESULTS),
            total_exact=counted <= MAX_RESULTS, page=page.page, page_size=page.page_size)

    # -- commit -----------------------------------------------------------------------------

    async def flush(self) -> None:
        """Write what changed (called by the unit of work at commit)."""
        for category in self._categories.values():
            values = category_values(category)
            await self._s.execute(pg_insert(forum_categories).values(**values)
                                  .on_conflict_do_update(index_elements=[c.id], set_=values))
        self._categories.clear()
        for thread in self._new_threads:
            await self._s.execute(insert(forum_threads).values(
                **thread_values(thread),
                **{name: getattr(thread, name) for name in _THREAD_COUNTERS}))
            self._settle_thread(thread)
        self._new_threads.clear()
        for post in self._new_posts:
            await self._s.execute(insert(forum_posts).values(**post_values(post)))
            await self._write_extras(post, {})
            if post.number > 1:
                await self._count_replies(post.thread_id, 1 if post.status is
                                          PostStatus.VISIBLE else 0, post.created_at)
            self._settle_post(post)
        self._new_posts.clear()
        for thread, before in list(self._threads.values()):
            values = thread_values(thread)
            if values == before:
                self._pending.take_from(thread)
                continue
            values["version"] = before["version"] + 1
            result = await self._s.execute(update(forum_threads).where(
                t.id == thread.id, t.version == before["version"]).values(**values))
            if rowcount(result) != 1:
                raise ConcurrentModification()
            thread.version = values["version"]
            self._settle_thread(thread)
        for post, before, flags in list(self._posts.values()):
            values = post_values(post)
            if values == before and _flag_state(post) == flags and not post.new_revisions:
                self._pending.take_from(post)
                continue
            values["version"] = before["version"] + 1
            result = await self._s.execute(update(forum_posts).where(
                p.id == post.id, p.version == before["version"]).values(**values))
            if rowcount(result) != 1:
                raise ConcurrentModification()
            post.version = values["version"]
            await self._write_extras(post, flags)
            was, now_shown = before["status"] == VISIBLE, post.status is PostStatus.VISIBLE
            if post.number > 1 and was != now_shown:
                await self._count_replies(post.thread_id, 1 if now_shown else -1, None)
            self._settle_post(post)

    async def _count_replies(self, thread_id: UUID, delta: int,
                             activity: datetime | None) -> None:
        values: dict[str, Any] = {"reply_count": t.reply_count + delta}
        if activity is not None:
            values["last_activity_at"] = func.greatest(t.last_activity_at, activity)
        if delta or activity is not None:
            await self._s.execute(update(forum_threads).where(t.id == thread_id).values(**values))

    async def _write_extras(self, post: Post, flags_before: dict[UUID, datetime | None]) -> None:
        if post.new_revisions:
            await self._s.execute(insert(forum_post_revisions), [
                {"post_id": post.id, "number": r.number, "markdown": r.markdown, "html": r.html,
                 "title": r.title, "editor_id": r.editor_id, "created_at": r.created_at}
                for r in post.new_revisions])
        fresh = [f for f in post.flags if f.id not in flags_before]
        if fresh:
            await self._s.execute(insert(forum_flags), [
                {"id": f.id, "post_id": post.id, "flagger_id": f.flagger_id, "reason": f.reason,
                 "created_at": f.created_at, "resolved_at": f.resolved_at} for f in fresh])
        for found in post.flags:
            if found.id in flags_before and flags_before[found.id] != found.resolved_at:
                await self._s.execute(update(forum_flags).where(forum_flags.c.id == found.id)
                                      .values(resolved_at=found.resolved_at))

    def _settle_thread(self, thread: Thread) -> None:
        self._pending.take_from(thread)
        self._threads[thread.id] = (thread, thread_values(thread))

    def _settle_post(self, post: Post) -> None:
        self._pending.take_from(post)
        post.new_revisions.clear()
        self._posts[post.id] = (post, post_values(post), _flag_state(post))


# -- search -----------------------------------------------------------------------------------

CONFIG: ColumnElement[Any] = literal_column(f"'{SEARCH_CONFIG}'::regconfig")
# A title (A) hit weighs five times a body (D, the default) hit.
WEIGHTS: ColumnElement[Any] = literal_column("'{0.2, 0.1, 0.2, 1.0}'::float4[]")
SNIPPET_OPTIONS = (f"{MARKERS}, MaxWords=18, MinWords=6, ShortWord=2, MaxFragments=2, "
                   'FragmentDelimiter=" … "')
TITLE_OPTIONS = f"{MARKERS}, HighlightAll=true"


@dataclass(frozen=True)
class _Shape:
    text: bool
    subject: bool
    topic: bool
    mentor: bool

    @classmethod
    def of(cls, criteria: ForumSearchCriteria) -> "_Shape":
        return cls(text=bool(criteria.text), subject=criteria.subject_id is not None,
                   topic=criteria.topic_id is not None, mentor=criteria.mentor_id is not None)


def _thread_filters(shape: _Shape, threads: Any) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [threads.c.status == VISIBLE]
    if shape.topic:
        where.append(threads.c.topic_id == bindparam("topic_id"))
    if shape.subject:
        subject: Any = bindparam("subject_id")
        where.append(or_(
            threads.c.topic_id.in_(select(topics.c.id)
                                   .join(chapters, chapters.c.id == topics.c.chapter_id)
                                   .where(chapters.c.subject_id == subject)),
            threads.c.category_id.in_(select(c.id).where(c.subject_id == subject))))
    if shape.mentor:
        where.append(threads.c.item_mentor_id == bindparam("mentor_id"))
    return where


@cache  # bounded: a shape is four flags
def _search_statement(shape: _Shape) -> Select[Any]:
    """One statement: the matching threads (best hit each), their count, and the page's
    headlines (computed for the returned rows only)."""
    query = func.websearch_to_tsquery(CONFIG, bindparam("query", type_=String))
    if shape.text:
        title = func.setweight(t.title_document, literal_column("'A'"))
        titled = (select(t.id.label("thread_id"), null().label("post_id"),
                         literal(1).label("number"),
                         func.ts_rank_cd(WEIGHTS, title, query, 1).label("rank"))
                  .where(*_thread_filters(shape, forum_threads),
                         t.title_document.op("@@")(query)).limit(MAX_RESULTS))
        posted = (select(p.thread_id, p.id.label("post_id"), p.number,
                         func.ts_rank_cd(WEIGHTS, p.search_document, query, 1).label("rank"))
                  .join(forum_threads, t.id == p.thread_id)
                  .where(*_thread_filters(shape, forum_threads), p.status == VISIBLE,
                         p.search_document.op("@@")(query)).limit(MAX_RESULTS))
        hits = union_all(titled, posted).subquery("hits")
        best = (select(hits).ext(distinct_on(hits.c.thread_id))
                .order_by(hits.c.thread_id, hits.c.rank.desc(), hits.c.number)
                .subquery("best"))
    else:
        # The most recently active threads, up to one past MAX_RESULTS (an index scan).
        best = (select(t.id.label("thread_id"), null().label("post_id"),
                       literal(1).label("number"), literal(0.0, Float).label("rank"))
                .where(*_thread_filters(shape, forum_threads))
                .order_by(t.last_activity_at.desc(), t.id.desc()).limit(MAX_RESULTS + 1)
                .subquery("best"))
    ordered = best.join(forum_threads, t.id == best.c.thread_id)
    order = ([best.c.rank.desc(), best.c.thread_id] if shape.text
             else [t.last_activity_at.desc(), t.id.desc()])
    page = (select(best.c.thread_id, best.c.post_id, best.c.number, best.c.rank,
                   func.count().over().label("counted"))
            .select_from(ordered).order_by(*order)
            .offset(bindparam("offset", type_=Integer))
            .limit(bindparam("limit", type_=Integer)).subquery("page"))
    shown = forum_posts.alias("shown")
    columns: list[Any] = [
        page.c.thread_id, page.c.post_id, page.c.number, page.c.rank, page.c.counted,
        t.title, t.solved, t.reply_count, t.last_activity_at,
        c.id.label("category_id"), c.slug.label("category_slug"),
        c.name.label("category_name"), func.left(shown.c.body_text, 400).label("opening")]
    if shape.text:
        columns += [
            func.ts_headline(CONFIG, shown.c.body_text, query,
                             literal(SNIPPET_OPTIONS)).label("snippet"),
            func.ts_headline(CONFIG, t.title, query, literal(TITLE_OPTIONS))
            .label("title_marked")]
    return (select(*columns)
            .select_from(page.join(forum_threads, t.id == page.c.thread_id)
                         .join(forum_categories, c.id == t.category_id)
                         .join(shown, and_(shown.c.thread_id == page.c.thread_id,
                                           shown.c.number == page.c.number)))
            .order_by(*([page.c.rank.desc(), page.c.thread_id] if shape.text
                        else [t.last_activity_at.desc(), t.id.desc()])))


def _hit(row: Any) -> ForumHit:
    snippet = segments(row.snippet) if "snippet" in row._fields else []
    if not any(s.highlight for s in snippet):
        opening = excerpt(row.opening or "", 240)
        snippet = [Segment(opening)] if opening else []
    title_marked = row.title_marked if "title_marked" in row._fields else row.title
    is_post = row.post_id is not None and row.number > 1
    return ForumHit(
        thread_id=row.thread_id, kind="post" if is_post else "thread",
        post_id=row.post_id if is_post else None, post_number=row.number if is_post else None,
        title=row.title, title_highlight=segments(title_marked), snippet=snippet,
        rank=round(float(row.rank), 6),
        category=CategoryRef(row.category_id, row.category_slug, row.category_name),
        solved=row.solved, reply_count=row.reply_count,
        last_activity_at=row.last_activity_at)

