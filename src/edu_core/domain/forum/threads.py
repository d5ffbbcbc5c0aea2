"""Threads: a title in a category, optionally linked to a catalog topic or a published content
item, with at most one accepted answer (which marks it solved).

A thread shares its opening post's fate: hidden, deleted or removed with it. Its counters
(replies, last activity, the opening post's score) are kept by the repository with atomic
updates, so concurrent replies and votes never conflict with a change to the thread itself.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from edu_core.domain.events import DomainEvent
from edu_core.domain.forum.errors import NotAllowedToAccept, NotAnAnswer, NothingAccepted
from edu_core.domain.forum.events import AnswerAccepted, AnswerUnaccepted, ThreadStarted
from edu_core.domain.forum.posts import Post, PostStatus
from edu_core.domain.forum.text import PostBody, clean_title


class ThreadSort(StrEnum):
    ACTIVITY = "activity"  # latest post first
    VOTES = "votes"  # the opening post's score, then activity
    UNSOLVED = "unsolved"  # threads without an accepted answer first, then activity


@dataclass(frozen=True, slots=True)
class Accepter:
    """Who asks to mark an answer: the thread's author, an administrator or a verified
    mentor may."""

    user_id: UUID
    is_admin: bool = False
    is_verified_mentor: bool = False


@dataclass(kw_only=True)
class Thread:
    id: UUID = field(default_factory=uuid4)
    category_id: UUID
    author_id: UUID
    title: str
    topic_id: UUID | None = None
    item_id: UUID | None = None
    item_mentor_id: UUID | None = None  # the linked item's author (notified, and badged)
    status: PostStatus = PostStatus.VISIBLE  # the opening post's
    accepted_post_id: UUID | None = None
    accepted_by: UUID | None = None
    accepted_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    # Kept by the repository (never written back from here).
    last_activity_at: datetime
    reply_count: int = 0  # replies others can read
    score: int = 0  # the opening post's
    post_count: int = 1  # numbers handed out so far
    version: int = 1
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def start(cls, *, category_id: UUID, author_id: UUID, title: str, body: PostBody,
              now: datetime, topic_id: UUID | None = None, item_id: UUID | None = None,
              item_mentor_id: UUID | None = None) -> tuple["Thread", Post]:
        """A new thread and its opening post."""
        thread = cls(category_id=category_id, author_id=author_id, title=clean_title(title),
                     topic_id=topic_id, item_id=item_id, item_mentor_id=item_mentor_id,
                     created_at=now, updated_at=now, last_activity_at=now)
        opening = Post.opening(thread_id=thread.id, author_id=author_id, body=body, now=now,
                               title=thread.title)
        thread.events.append(ThreadStarted(
            occurred_at=now, thread_id=thread.id, post_id=opening.id, author_id=author_id,
            title=thread.title, item_id=item_id, item_mentor_id=item_mentor_id))
        return thread, opening

    @property
    def solved(self) -> bool:
        return self.accepted_post_id is not None

    def retitle(self, title: str, now: datetime) -> str | None:
        """The new title, or None when it did not change."""
        clean = clean_title(title)
        if clean == self.title:
            return None
        self.title = clean
        self.updated_at = now
        return clean

    def follow(self, opening: Post, now: datetime) -> None:
        """Take the opening post's visibility."""
        if opening.thread_id != self.id or not opening.is_opening:
            raise ValueError("not this thread's opening post")
        if self.status is not opening.status:
            self.status = opening.status
            self.updated_at = now

    def accept(self, post: Post, by: Accepter, now: datetime) -> bool:
        """Mark ``post`` as the answer; False when it already was."""
        if not (by.user_id == self.author_id or by.is_admin or by.is_verified_mentor):
            raise NotAllowedToAccept()
        if post.thread_id != self.id or post.is_opening or post.status is not PostStatus.VISIBLE:
            raise NotAnAnswer()
        if self.accepted_post_id == post.id:
            return False
        self.accepted_post_id, self.accepted_by, self.accepted_at = post.id, by.user_id, now
        self.updated_at = now
        self._raise(AnswerAccepted, now, post_id=post.id, post_author_id=post.author_id,
                    accepted_by=by.user_id)
        return True

    def unaccept(self, by: Accepter, now: datetime) -> None:
        if not (by.user_id == self.author_id or by.is_admin or by.is_verified_mentor):
            raise NotAllowedToAccept()
        if self.accepted_post_id is None:
            raise NothingAccepted()
        self._drop_answer(now)

    def answer_gone(self, post: Post, now: datetime) -> None:
        """The accepted answer left the conversation (deleted, hidden, removed): the thread
        is unsolved again."""
        if self.accepted_post_id == post.id and post.status is not PostStatus.VISIBLE:
            self._drop_answer(now)

    def _drop_answer(self, now: datetime) -> None:
        post_id = self.accepted_post_id
        self.accepted_post_id = self.accepted_by = self.accepted_at = None
        self.updated_at = now
        self._raise(AnswerUnaccepted, now, post_id=post_id)

    def _raise(self, kind: type[AnswerAccepted] | type[AnswerUnaccepted], now: datetime,
               **values: Any) -> None:
        self.events.append(kind(occurred_at=now, thread_id=self.id, **values))
