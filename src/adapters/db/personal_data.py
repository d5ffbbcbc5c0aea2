"""Postgres reads of a person's own records for the data export, a page at a time.

Every read starts from an index on the person's column (author, voter, flagger, sender,
student or mentor), so an export costs in proportion to what the person did.
"""

from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    RowMapping,
    Select,
    Table,
    case,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.db.connections import among
from adapters.db.tables import (
    chat_attachments,
    chat_messages,
    content_attempts,
    content_completions,
    forum_categories,
    forum_flags,
    forum_posts,
    forum_threads,
    forum_votes,
    forum_watches,
    mentoring_sessions,
    reviews,
    video_captions,
    video_positions,
    video_uploads,
    videos,
)
from edu_core.domain.bookings import SessionStatus
from edu_core.domain.content import Attempt
from edu_core.domain.courses import Completion
from edu_core.domain.forum import PostStatus
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.reviews import ReviewStatus
from edu_core.ports.personal_data import (
    CaptionRecord,
    ChatMessageRecord,
    FlagRecord,
    PostRecord,
    ReviewRecord,
    SessionRecord,
    ThreadRecord,
    VideoPositionRecord,
    VideoUploadRecord,
    VoteRecord,
    WatchRecord,
)

T = TypeVar("T")

t, p, c = forum_threads.c, forum_posts.c, forum_categories.c
v, f, w = forum_votes.c, forum_flags.c, forum_watches.c
m, a = chat_messages.c, chat_attachments.c
s, r = mentoring_sessions.c, reviews.c


def _paged(rows: Sequence[RowMapping], total: int, page: PageRequest,
           make: Callable[[RowMapping], T]) -> Page[T]:
    return Page(items=[make(row) for row in rows], total=total, page=page.page,
                page_size=page.page_size)


class PostgresPersonalDataReader:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _rows(self, counted: Table, mine: ColumnElement[bool], query: Select[Any],
                    order: list[Any], page: PageRequest) -> tuple[Sequence[RowMapping], int]:
        """One page of ``query`` narrowed to ``mine``, and how many rows of ``counted`` are
        the person's (counted without the joins the page needs)."""
        async with self._engine.connect() as connection:
            total = (await connection.execute(
                select(func.count()).select_from(counted).where(mine))).scalar_one()
            rows = (await connection.execute(
                query.where(mine).order_by(*order).offset(page.offset)
                .limit(page.page_size))).mappings().all()
        return rows, total

    async def attempts(self, user_id: UUID, page: PageRequest) -> Page[Attempt]:
        k = content_attempts.c
        rows, total = await self._rows(content_attempts, k.user_id == user_id,
                                       select(content_attempts), [k.created_at, k.id], page)
        return _paged(rows, total, page, lambda row: Attempt(**row))

    async def completions(self, user_id: UUID, page: PageRequest) -> Page[Completion]:
        k = content_completions.c
        rows, total = await self._rows(content_completions, k.user_id == user_id,
                                       select(content_completions),
                                       [k.completed_at, k.item_id], page)
        return _paged(rows, total, page, lambda row: Completion(**row))

    async def forum_threads(self, user_id: UUID, page: PageRequest) -> Page[ThreadRecord]:
        query = select(t.id, t.title, t.category_id, c.name.label("category"), t.topic_id,
                       t.item_id, t.status, t.created_at).join(
            forum_categories, c.id == t.category_id)
        rows, total = await self._rows(forum_threads, t.author_id == user_id, query,
                                       [t.created_at, t.id], page)
        return _paged(rows, total, page, lambda row: ThreadRecord(
            **{**row, "status": PostStatus(row["status"])}))

    async def forum_posts(self, user_id: UUID, page: PageRequest) -> Page[PostRecord]:
        query = select(p.id, p.thread_id, t.title.label("thread_title"), p.number,
                       p.parent_id.label("reply_to_post_id"), p.reply_to_number, p.markdown,
                       p.status, p.moderation_reason, p.created_at, p.edited_at,
                       p.deleted_at).join(forum_threads, t.id == p.thread_id)
        rows, total = await self._rows(forum_posts, p.author_id == user_id, query,
                                       [p.created_at, p.id], page)
        return _paged(rows, total, page, lambda row: PostRecord(
            **{**row, "status": PostStatus(row["status"])}))

    async def forum_votes(self, user_id: UUID, page: PageRequest) -> Page[VoteRecord]:
        query = select(v.post_id, v.value, v.updated_at.label("at"))
        rows, total = await self._rows(forum_votes, v.user_id == user_id, query,
                                       [v.updated_at, v.post_id], page)
        return _paged(rows, total, page, lambda row: VoteRecord(**row))

    async def forum_flags(self, user_id: UUID, page: PageRequest) -> Page[FlagRecord]:
        state = case((f.resolved_at.is_(None), literal("open")), else_=literal("resolved"))
        query = select(f.id, f.post_id, f.reason, f.created_at.label("at"), state.label("state"),
                       f.resolved_at)
        rows, total = await self._rows(forum_flags, f.flagger_id == user_id, query,
                                       [f.created_at, f.id], page)
        return _paged(rows, total, page, lambda row: FlagRecord(**row))

    async def forum_watches(self, user_id: UUID, page: PageRequest) -> Page[WatchRecord]:
        query = select(w.thread_id, w.watching, w.updated_at.label("at"))
        rows, total = await self._rows(forum_watches, w.user_id == user_id, query,
                                       [w.updated_at, w.thread_id], page)
        return _paged(rows, total, page, lambda row: WatchRecord(**row))

    async def chat_messages(self, user_id: UUID,
                            page: PageRequest) -> Page[ChatMessageRecord]:
        query = select(m.id, m.session_id, m.seq, m.body, m.created_at)
        rows, total = await self._rows(chat_messages, m.sender_id == user_id, query,
                                       [m.created_at, m.id], page)
        names: dict[UUID, list[str]] = {row["id"]: [] for row in rows}
        if names:
            async with self._engine.connect() as connection:
                found = await connection.execute(
                    select(a.message_id, a.filename).where(among(a.message_id))
                    .order_by(a.created_at, a.id), {"ids": list(names)})
            for message_id, filename in found:
                names[message_id].append(filename)
        return _paged(rows, total, page, lambda row: ChatMessageRecord(
            **row, attachments=names[row["id"]]))

    async def sessions(self, user_id: UUID, page: PageRequest) -> Page[SessionRecord]:
        as_student = s.student_id == user_id
        query = select(
            s.id, case((as_student, literal("student")), else_=literal("mentor")).label("role"),
            case((as_student, s.mentor_id), else_=s.student_id).label("other_party_id"),
            s.starts_at, s.ends_at, s.status, s.price, s.currency, s.paid, s.refunded,
            s.trial, s.created_at)
        rows, total = await self._rows(mentoring_sessions,
                                       or_(as_student, s.mentor_id == user_id), query,
                                       [s.starts_at, s.id], page)
        return _paged(rows, total, page, lambda row: SessionRecord(
            **{**row, "status": SessionStatus(row["status"])}))

    async def reviews(self, user_id: UUID, page: PageRequest) -> Page[ReviewRecord]:
        written = r.student_id == user_id
        replied = (r.mentor_id == user_id) & (r.reply != "")
        both = union_all(
            select(r.id.label("review_id"), r.session_id, literal("student").label("written_as"),
                   r.rating, r.text, r.created_at.label("at"), r.status).where(written),
            select(r.id, r.session_id, literal("mentor"), null(), r.reply,
                   func.coalesce(r.replied_at, r.updated_at), r.status).where(replied)
        ).subquery()
        async with self._engine.connect() as connection:
            total = 0
            for which in (written, replied):
                total += (await connection.execute(
                    select(func.count()).select_from(reviews).where(which))).scalar_one()
            rows = (await connection.execute(
                select(both).order_by(both.c.at, both.c.review_id, both.c.written_as)
                .offset(page.offset).limit(page.page_size))).mappings().all()
        return _paged(rows, total, page, lambda row: ReviewRecord(
            **{**row, "status": ReviewStatus(row["status"])}))

    async def video_uploads(self, user_id: UUID,
                            page: PageRequest) -> Page[VideoUploadRecord]:
        u = video_uploads.c
        query = select(u.id, u.filename, u.size, u.content_type, u.status, u.video_id,
                       u.created_at, u.expires_at)
        rows, total = await self._rows(video_uploads, u.owner_id == user_id, query,
                                       [u.created_at, u.id], page)
        return _paged(rows, total, page, lambda row: VideoUploadRecord(**row))

    async def video_positions(self, user_id: UUID,
                              page: PageRequest) -> Page[VideoPositionRecord]:
        k = video_positions.c
        rows, total = await self._rows(video_positions, k.student_id == user_id,
                                       select(k.item_id, k.seconds, k.updated_at),
                                       [k.updated_at, k.item_id], page)
        return _paged(rows, total, page, lambda row: VideoPositionRecord(
            **{**row, "seconds": float(row["seconds"])}))

    async def video_captions(self, user_id: UUID, page: PageRequest) -> Page[CaptionRecord]:
        k, o = video_captions.c, videos.c
        mine = k.video_id.in_(select(o.id).where(o.owner_id == user_id).scalar_subquery())
        query = select(k.id, k.video_id, k.language, k.label, k.cues, k.created_at)
        rows, total = await self._rows(video_captions, mine, query, [k.created_at, k.id], page)
        return _paged(rows, total, page, lambda row: CaptionRecord(**row))
