"""Reading everything a person did that no other port lists by person (for the data export).

Each reader pages through one person's own records, oldest first. The records say what the
person wrote or chose, and name others by id only: another party's words and names are their
personal data, not the reader's.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from edu_core.domain.bookings import SessionStatus
from edu_core.domain.content import Attempt
from edu_core.domain.courses import Completion
from edu_core.domain.forum import PostStatus
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.reviews import ReviewStatus


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """A forum thread the person started."""

    id: UUID
    title: str
    category_id: UUID
    category: str  # its name
    topic_id: UUID | None
    item_id: UUID | None
    status: PostStatus
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PostRecord:
    """A forum post the person wrote, whatever became of it."""

    id: UUID
    thread_id: UUID
    thread_title: str
    number: int
    reply_to_post_id: UUID | None  # the post it answers (None: the thread)
    reply_to_number: int | None
    markdown: str
    status: PostStatus
    moderation_reason: str | None  # an administrator's reason, as shown to the author
    created_at: datetime
    edited_at: datetime | None
    deleted_at: datetime | None


@dataclass(frozen=True, slots=True)
class VoteRecord:
    post_id: UUID
    value: int  # 1 or -1
    at: datetime  # when it took this value


@dataclass(frozen=True, slots=True)
class FlagRecord:
    id: UUID
    post_id: UUID
    reason: str
    at: datetime
    state: str  # open | resolved (an administrator decided on the post)
    resolved_at: datetime | None


@dataclass(frozen=True, slots=True)
class WatchRecord:
    thread_id: UUID
    watching: bool  # False: muted
    at: datetime


@dataclass(frozen=True, slots=True)
class ChatMessageRecord:
    """A chat message the person sent (the other party's are theirs)."""

    id: UUID
    session_id: UUID
    seq: int
    body: str  # Markdown, as typed
    created_at: datetime
    attachments: list[str] = field(default_factory=list)  # file names, in upload order


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A session the person booked (as its student) or gave (as its mentor)."""

    id: UUID
    role: str  # student | mentor
    other_party_id: UUID
    starts_at: datetime
    ends_at: datetime
    status: SessionStatus
    price: int  # minor units of ``currency``
    currency: str
    paid: int
    refunded: int
    trial: bool
    created_at: datetime


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """A review the person wrote as a student, or their reply to one as the mentor."""

    review_id: UUID
    session_id: UUID
    written_as: str  # student (the review) | mentor (the reply)
    rating: int | None  # the student's stars; None for a reply
    text: str
    at: datetime
    status: ReviewStatus  # the review's


@dataclass(frozen=True, slots=True)
class VideoUploadRecord:
    """A video upload the person started, finished or not (where its parts are stored is the
    platform's business, not theirs)."""

    id: UUID
    filename: str
    size: int
    content_type: str
    status: str
    video_id: UUID | None
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class VideoPositionRecord:
    """Where the person stopped in a video lesson."""

    item_id: UUID
    seconds: float
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CaptionRecord:
    """A caption track the person uploaded to one of their videos, with its text."""

    id: UUID
    video_id: UUID
    language: str
    label: str
    cues: list[dict[str, object]]
    created_at: datetime


class PersonalDataReader(Protocol):
    async def attempts(self, user_id: UUID, page: PageRequest) -> Page[Attempt]:
        """Every answer the person gave, oldest first."""
        ...

    async def completions(self, user_id: UUID, page: PageRequest) -> Page[Completion]:
        """Every item the person marked done, oldest first."""
        ...

    async def forum_threads(self, user_id: UUID, page: PageRequest) -> Page[ThreadRecord]: ...

    async def forum_posts(self, user_id: UUID, page: PageRequest) -> Page[PostRecord]: ...

    async def forum_votes(self, user_id: UUID, page: PageRequest) -> Page[VoteRecord]: ...

    async def forum_flags(self, user_id: UUID, page: PageRequest) -> Page[FlagRecord]: ...

    async def forum_watches(self, user_id: UUID, page: PageRequest) -> Page[WatchRecord]: ...

    async def chat_messages(self, user_id: UUID,
                            page: PageRequest) -> Page[ChatMessageRecord]: ...

    async def sessions(self, user_id: UUID, page: PageRequest) -> Page[SessionRecord]:
        """Ordered by start."""
        ...

    async def reviews(self, user_id: UUID, page: PageRequest) -> Page[ReviewRecord]:
        """Reviews and replies together, by when they were written."""
        ...

    async def video_uploads(self, user_id: UUID,
                            page: PageRequest) -> Page[VideoUploadRecord]: ...

    async def video_positions(self, user_id: UUID,
                              page: PageRequest) -> Page[VideoPositionRecord]:
        """By when they were last moved."""
        ...

    async def video_captions(self, user_id: UUID, page: PageRequest) -> Page[CaptionRecord]:
        """The tracks of the person's videos, by when they were added."""
        ...
