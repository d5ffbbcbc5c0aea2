"""What happens in the forum, as domain events (stored in the outbox with the change that
raised them, handled after its commit: live updates, notices, mail digests)."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edu_core.domain.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class ForumEvent(DomainEvent):
    thread_id: UUID


@dataclass(frozen=True, kw_only=True)
class PostEvent(ForumEvent):
    post_id: UUID


@dataclass(frozen=True, kw_only=True)
class ThreadStarted(ForumEvent):
    name = "forum.thread_started"
    post_id: UUID
    author_id: UUID
    title: str
    item_id: UUID | None
    item_mentor_id: UUID | None


@dataclass(frozen=True, kw_only=True)
class PostCreated(PostEvent):
    """A reply (number > 1) or a thread's opening post (number 1)."""

    name = "forum.post_created"
    number: int
    author_id: UUID
    created_at: datetime


@dataclass(frozen=True, kw_only=True)
class PostEdited(PostEvent):
    name = "forum.post_edited"
    revision: int


@dataclass(frozen=True, kw_only=True)
class PostDeleted(PostEvent):
    """Deleted by its author."""

    name = "forum.post_deleted"


@dataclass(frozen=True, kw_only=True)
class PostVoted(PostEvent):
    name = "forum.post_voted"
    score: int


@dataclass(frozen=True, kw_only=True)
class AnswerAccepted(PostEvent):
    name = "forum.answer_accepted"
    post_author_id: UUID
    accepted_by: UUID


@dataclass(frozen=True, kw_only=True)
class AnswerUnaccepted(PostEvent):
    name = "forum.answer_unaccepted"


@dataclass(frozen=True, kw_only=True)
class PostFlagged(PostEvent):
    name = "forum.post_flagged"
    flagger_id: UUID
    open_flags: int


@dataclass(frozen=True, kw_only=True)
class PostHiddenByFlags(PostEvent):
    """Enough people flagged the post: it is hidden until an administrator decides."""

    name = "forum.post_hidden_by_flags"
    author_id: UUID


@dataclass(frozen=True, kw_only=True)
class PostModerated(PostEvent):
    """An administrator's decision on a post; ``reason`` is shown to its author."""

    name = "forum.post_moderated"
    author_id: UUID
    action: str  # ModerationAction value
    reason: str
    was_hidden: bool


@dataclass(frozen=True, kw_only=True)
class ForumDigestDue(ForumEvent):
    """Raised by a durable schedule: mail ``user_id`` the thread's new posts from ``since``
    up to the moment it was due (``occurred_at``)."""

    name = "forum.digest_due"
    user_id: UUID
    since: datetime
