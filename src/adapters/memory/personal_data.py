"""The data export's reads over the in-memory store."""

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from adapters.memory.unit_of_work import MemoryStore
from edu_core.domain.content import Attempt
from edu_core.domain.courses import Completion
from edu_core.domain.pagination import Page, PageRequest
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


def _page(items: list[T], page: PageRequest, order: Callable[[T], Any]) -> Page[T]:
    items = sorted(items, key=order)
    return Page(items=items[page.offset:page.offset + page.page_size], total=len(items),
                page=page.page, page_size=page.page_size)


class MemoryPersonalDataReader:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    async def attempts(self, user_id: UUID, page: PageRequest) -> Page[Attempt]:
        mine = [a for a in self._store.attempts.values() if a.user_id == user_id]
        return _page(mine, page, lambda a: (a.created_at, str(a.id)))

    async def completions(self, user_id: UUID, page: PageRequest) -> Page[Completion]:
        mine = [c for c in self._store.courses.completions.values() if c.user_id == user_id]
        return _page(mine, page, lambda c: (c.completed_at, str(c.item_id)))

    async def forum_threads(self, user_id: UUID, page: PageRequest) -> Page[ThreadRecord]:
        forum = self._store.forum
        mine = [ThreadRecord(id=x.id, title=x.title, category_id=x.category_id,
                             category=forum.categories[x.category_id].name,
                             topic_id=x.topic_id, item_id=x.item_id, status=x.status,
                             created_at=x.created_at)
                for x in forum.threads.values() if x.author_id == user_id]
        return _page(mine, page, lambda x: (x.created_at, str(x.id)))

    async def forum_posts(self, user_id: UUID, page: PageRequest) -> Page[PostRecord]:
        threads = self._store.forum.threads
        mine = [PostRecord(id=x.id, thread_id=x.thread_id,
                           thread_title=threads[x.thread_id].title, number=x.number,
                           reply_to_post_id=x.parent_id, reply_to_number=x.reply_to_number,
                           markdown=x.body.markdown, status=x.status,
                           moderation_reason=x.moderation_reason, created_at=x.created_at,
                           edited_at=x.edited_at, deleted_at=x.deleted_at)
                for x in self._store.forum.posts.values() if x.author_id == user_id]
        return _page(mine, page, lambda x: (x.created_at, str(x.id)))

    async def forum_votes(self, user_id: UUID, page: PageRequest) -> Page[VoteRecord]:
        forum = self._store.forum
        mine = [VoteRecord(post_id=post_id, value=value, at=forum.voted_at[(post_id, voter)])
                for (post_id, voter), value in forum.votes.items() if voter == user_id]
        return _page(mine, page, lambda x: (x.at, str(x.post_id)))

    async def forum_flags(self, user_id: UUID, page: PageRequest) -> Page[FlagRecord]:
        mine = [FlagRecord(id=flag.id, post_id=post.id, reason=flag.reason, at=flag.created_at,
                           state="open" if flag.resolved_at is None else "resolved",
                           resolved_at=flag.resolved_at)
                for post in self._store.forum.posts.values() for flag in post.flags
                if flag.flagger_id == user_id]
        return _page(mine, page, lambda x: (x.at, str(x.id)))

    async def forum_watches(self, user_id: UUID, page: PageRequest) -> Page[WatchRecord]:
        forum = self._store.forum
        mine = [WatchRecord(thread_id=thread_id, watching=watching,
                            at=forum.watched_at[(thread_id, watcher)])
                for (thread_id, watcher), watching in forum.watches.items()
                if watcher == user_id]
        return _page(mine, page, lambda x: (x.at, str(x.thread_id)))

    async def chat_messages(self, user_id: UUID,
                            page: PageRequest) -> Page[ChatMessageRecord]:
        chat = self._store.chat
        mine = [ChatMessageRecord(
            id=x.id, session_id=x.session_id, seq=x.seq, body=x.body, created_at=x.created_at,
            attachments=[f.filename for f in sorted(
                (f for f in chat.attachments.values() if f.message_id == x.id),
                key=lambda f: (f.created_at, str(f.id)))])
            for room in chat.messages.values() for x in room if x.sender_id == user_id]
        return _page(mine, page, lambda x: (x.created_at, str(x.id)))

    async def sessions(self, user_id: UUID, page: PageRequest) -> Page[SessionRecord]:
        mine = [SessionRecord(
            id=x.id, role="student" if x.student_id == user_id else "mentor",
            other_party_id=x.mentor_id if x.student_id == user_id else x.student_id,
            starts_at=x.starts_at, ends_at=x.ends_at, status=x.status, price=x.price,
            currency=x.currency, paid=x.paid, refunded=x.refunded, trial=x.trial,
            created_at=x.created_at)
            for x in self._store.bookings.sessions.values() if user_id in (x.student_id,
                                                                            x.mentor_id)]
        return _page(mine, page, lambda x: (x.starts_at, str(x.id)))

    async def reviews(self, user_id: UUID, page: PageRequest) -> Page[ReviewRecord]:
        mine = []
        for x in self._store.reviews.reviews.values():
            if x.student_id == user_id:
                mine.append(ReviewRecord(review_id=x.id, session_id=x.session_id,
                                         written_as="student", rating=x.rating, text=x.text,
                                         at=x.created_at, status=x.status))
            if x.mentor_id == user_id and x.reply:
                mine.append(ReviewRecord(review_id=x.id, session_id=x.session_id,
                                         written_as="mentor", rating=None, text=x.reply,
                                         at=x.replied_at or x.updated_at, status=x.status))
        return _page(mine, page, lambda x: (x.at, str(x.review_id), x.written_as))

    async def video_uploads(self, user_id: UUID,
                            page: PageRequest) -> Page[VideoUploadRecord]:
        mine = [VideoUploadRecord(
            id=x.id, filename=x.filename, size=x.size, content_type=x.content_type,
            status=x.status.value, video_id=x.video_id, created_at=x.created_at,
            expires_at=x.expires_at)
            for x in self._store.videos.uploads.values() if x.owner_id == user_id]
        return _page(mine, page, lambda x: (x.created_at, str(x.id)))

    async def video_positions(self, user_id: UUID,
                              page: PageRequest) -> Page[VideoPositionRecord]:
        videos = self._store.videos
        mine = [VideoPositionRecord(item_id=item_id, seconds=seconds,
                                    updated_at=videos.moved_at[(item_id, student_id)])
                for (item_id, student_id), seconds in videos.positions.items()
                if student_id == user_id]
        return _page(mine, page, lambda x: (x.updated_at, str(x.item_id)))

    async def video_captions(self, user_id: UUID, page: PageRequest) -> Page[CaptionRecord]:
        videos = self._store.videos
        mine = [CaptionRecord(id=x.id, video_id=x.video_id, language=x.language, label=x.label,
                              cues=[{"start": c.start, "end": c.end, "text": c.text}
                                    for c in x.cues], created_at=x.created_at)
                for x in videos.captions.values()
                if x.video_id in videos.videos and videos.videos[x.video_id].owner_id == user_id]
        return _page(mine, page, lambda x: (x.created_at, str(x.id)))
