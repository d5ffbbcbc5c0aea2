"""Posts: a thread's opening post (number 1) and its replies, with their edit history, flags
and moderation.

**Threading.** Replies are shown threaded to ``DISPLAY_DEPTH`` levels below the opening post;
a reply to a post already at that depth is shown beside it (at the same depth, after it) with a
"replying to #n" reference, as Discourse does. Each post carries a materialised ``path`` (its
ancestors' numbers and its own, zero-padded and dot-separated, as displayed), so ordering a
thread's posts by path gives the threaded reading order with one index, and paging is a
keyset on it.

**Visibility.** ``visible`` posts are read by everyone; a ``deleted`` post (by its author)
stays in the thread as a placeholder without author or text, so replies to it keep their
context; ``hidden`` (by flags, pending review, or by an administrator) and ``removed`` (by an
administrator) posts are seen by their author and administrators only.

**Flags.** Anyone signed in flags another person's visible post once, with a reason. When
``FLAGS_TO_HIDE`` different people have open flags on it, the post is hidden until an
administrator decides: restore (flags dismissed), hide, delete, warn the author or suspend the
author; the decision resolves every open flag and its reason reaches the author.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid4

from edu_core.domain.events import DomainEvent
from edu_core.domain.forum.errors import (
    AlreadyFlagged,
    CannotFlagOwnPost,
    CannotVoteOwnPost,
    InvalidCursor,
    InvalidVote,
    LinksNotAllowedYet,
    NothingToModerate,
    NotYourPost,
    PostGone,
    PostNotFound,
)
from edu_core.domain.forum.events import (
    PostCreated,
    PostDeleted,
    PostEdited,
    PostEvent,
    PostFlagged,
    PostHiddenByFlags,
    PostModerated,
    PostVoted,
)
from edu_core.domain.forum.text import (
    MAX_FLAG_REASON,
    MAX_MODERATION_REASON,
    PostBody,
    clean_text,
)

DISPLAY_DEPTH = 3
FLAGS_TO_HIDE = 3
# Accounts younger than this cannot post links off the platform (spam arrives with new ones).
NEW_ACCOUNT_AGE = timedelta(hours=24)
# Path segments: numbers up to 99,999,999 posts per thread sort as text.
SEGMENT_DIGITS = 8
MAX_PATH = (SEGMENT_DIGITS + 1) * (DISPLAY_DEPTH + 1)


class PostStatus(StrEnum):
    VISIBLE = "visible"
    HIDDEN = "hidden"  # by flags (waiting for review) or by an administrator
    DELETED = "deleted"  # by its author: a placeholder stays
    REMOVED = "removed"  # by an administrator

    @property
    def gone(self) -> bool:
        """No longer part of the conversation: it cannot be edited, voted on or replied to."""
        return self in (PostStatus.DELETED, PostStatus.REMOVED)


class ModerationAction(StrEnum):
    RESTORE = "restore"  # visible again, open flags dismissed
    HIDE = "hide"
    DELETE = "delete"  # removed for good
    WARN = "warn"  # hidden, and the author receives a formal warning
    SUSPEND = "suspend"  # removed, and the author's account is suspended

    @property
    def outcome(self) -> PostStatus:
        return {ModerationAction.RESTORE: PostStatus.VISIBLE,
                ModerationAction.HIDE: PostStatus.HIDDEN,
                ModerationAction.WARN: PostStatus.HIDDEN,
                ModerationAction.DELETE: PostStatus.REMOVED,
                ModerationAction.SUSPEND: PostStatus.REMOVED}[self]


class PostOrder(StrEnum):
    THREADED = "threaded"  # replies under what they answer (by path)
    OLDEST = "oldest"  # flat, by number


def segment(number: int) -> str:
    return f"{number:0{SEGMENT_DIGITS}d}"


def parse_cursor(order: PostOrder, raw: str) -> str:
    """A cursor as ``posts`` pages it: a path (threaded) or a padded number (oldest)."""
    parts = raw.split(".")
    if order is PostOrder.OLDEST:
        parts_ok = len(parts) == 1
    else:
        parts_ok = 1 <= len(parts) <= DISPLAY_DEPTH + 1
    if not parts_ok or not all(len(p) == SEGMENT_DIGITS and p.isdigit() and p.isascii()
                               for p in parts):
        raise InvalidCursor(details={"fields": {"cursor": InvalidCursor.default_message}})
    return raw


def check_links(body: PostBody, *, account_created_at: datetime, now: datetime,
                exempt: bool = False) -> None:
    """New accounts post no links off the platform for their first day."""
    if not exempt and now - account_created_at < NEW_ACCOUNT_AGE and body.links:
        raise LinksNotAllowedYet(details={"fields": {"body": LinksNotAllowedYet.default_message}})


def check_vote(value: int) -> int:
    if value not in (-1, 0, 1):
        raise InvalidVote(details={"fields": {"value": InvalidVote.default_message}})
    return value


@dataclass(frozen=True, slots=True)
class VoteCounted:
    """A vote as stored, with the post's score after it (the record whose fact is
    ``PostVoted``)."""

    thread_id: UUID
    post_id: UUID
    score: int
    at: datetime

    def event(self) -> PostVoted:
        return PostVoted(occurred_at=self.at, thread_id=self.thread_id, post_id=self.post_id,
                         score=self.score)


@dataclass(frozen=True, slots=True)
class PostRevision:
    """One state of a post's text: number 1 is what was first posted; every edit adds one."""

    number: int
    markdown: str
    html: str
    editor_id: UUID
    created_at: datetime
    title: str | None = None  # the thread's title then (opening posts only)


@dataclass(kw_only=True)
class Flag:
    flagger_id: UUID
    reason: str
    created_at: datetime
    resolved_at: datetime | None = None  # when an administrator decided on the post
    id: UUID = field(default_factory=uuid4)


@dataclass(kw_only=True)
class Post:
    id: UUID = field(default_factory=uuid4)
    thread_id: UUID
    author_id: UUID
    number: int  # 1 is the opening post; replies count up in the order they were posted
    parent_id: UUID | None  # the post it answers (None: the thread itself)
    reply_to_number: int | None  # that post's number, kept for "replying to #n"
    depth: int  # as displayed: 0 the opening post, 1..DISPLAY_DEPTH replies
    path: str  # displayed ancestors and itself, see the module docstring
    body: PostBody
    created_at: datetime
    updated_at: datetime
    status: PostStatus = PostStatus.VISIBLE
    edited_at: datetime | None = None
    revision_count: int = 1
    hidden_by_flags: bool = False  # hidden because of flags, waiting for an administrator
    moderation_action: ModerationAction | None = None
    moderation_reason: str | None = None  # shown to the author
    moderated_at: datetime | None = None
    deleted_at: datetime | None = None
    # Kept by the repository with every vote (never written back from here): the sum of
    # the votes, and the votes each way.
    score: int = 0
    upvotes: int = 0
    downvotes: int = 0
    # Loaded where a post is changed, not in listings (``open_flag_count`` is always there).
    flags: list[Flag] = field(default_factory=list)
    open_flag_count: int = 0
    flagged_at: datetime | None = None  # when it entered the moderation queue
    # Revisions added since the post was loaded (the repository stores them).
    new_revisions: list[PostRevision] = field(default_factory=list, repr=False)
    version: int = 1
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    def opening(cls, *, thread_id: UUID, author_id: UUID, body: PostBody, now: datetime,
                title: str) -> "Post":
        post = cls(thread_id=thread_id, author_id=author_id, number=1, parent_id=None,
                   reply_to_number=None, depth=0, path=segment(1), body=body,
                   created_at=now, updated_at=now)
        post.new_revisions.append(PostRevision(1, body.markdown, body.html, author_id, now,
                                               title=title))
        post._raise(PostCreated, now, number=1, author_id=author_id, created_at=now)
        return post

    @classmethod
    def reply(cls, *, thread_id: UUID, number: int, author_id: UUID, body: PostBody,
              parent: "Post | None", now: datetime) -> "Post":
        """Reply number ``number`` (from the thread's counter) to ``parent``, or to the
        thread itself when ``parent`` is None or the opening post."""
        if number < 2:
            raise ValueError("replies are numbered from 2")
        if parent is not None and parent.thread_id != thread_id:
            raise PostNotFound()
        if parent is not None and parent.status.gone:
            raise PostGone("The post you are replying to was deleted.")
        own = segment(number)
        if parent is None or parent.number == 1:
            depth, path, parent_id, reply_to = 1, own, (parent.id if parent else None), None
        elif parent.depth < DISPLAY_DEPTH:
            depth, path = parent.depth + 1, f"{parent.path}.{own}"
            parent_id, reply_to = parent.id, parent.number
        else:
            # Deeper than shown: beside the parent, after it, with a reference to it.
            depth = DISPLAY_DEPTH
            path = f"{parent.path.rsplit('.', 1)[0]}.{own}"
            parent_id, reply_to = parent.id, parent.number
        post = cls(thread_id=thread_id, author_id=author_id, number=number,
                   parent_id=parent_id, reply_to_number=reply_to, depth=depth, path=path,
                   body=body, created_at=now, updated_at=now)
        post.new_revisions.append(PostRevision(1, body.markdown, body.html, author_id, now))
        post._raise(PostCreated, now, number=number, author_id=author_id, created_at=now)
        return post

    # -- reading ----------------------------------------------------------------------------

    @property
    def is_opening(self) -> bool:
        return self.number == 1

    @property
    def flattened(self) -> bool:
        """Shown beside the post it answers rather than under it (too deep to nest)."""
        if self.reply_to_number is None:
            return False
        shown_under = self.path.split(".")[-2] if "." in self.path else None
        return shown_under != segment(self.reply_to_number)

    @property
    def open_flags(self) -> list[Flag]:
        return [f for f in self.flags if f.resolved_at is None]

    @property
    def in_review(self) -> bool:
        return self.open_flag_count > 0

    def visible_to(self, viewer_id: UUID | None, *, is_admin: bool) -> bool:
        """Whether the viewer may read this post (a deleted one as a placeholder)."""
        if self.status in (PostStatus.VISIBLE, PostStatus.DELETED):
            return True
        return is_admin or (viewer_id is not None and viewer_id == self.author_id)

    def readable_by(self, viewer_id: UUID | None, *, is_admin: bool) -> bool:
        """Whether the viewer may read its text: a deleted post is shown to admins only."""
        if self.status is PostStatus.DELETED:
            return is_admin
        return self.visible_to(viewer_id, is_admin=is_admin)

    # -- the author -------------------------------------------------------------------------

    def edit(self, editor_id: UUID, body: PostBody, now: datetime, *,
             title: str | None = None) -> None:
        """The author rewrites the post; every state is kept as a revision."""
        if editor_id != self.author_id:
            raise NotYourPost()
        if self.status.gone:
            raise PostGone()
        if body.markdown == self.body.markdown and title is None:
            return
        self.body = body
        self.revision_count += 1
        self.edited_at = self.updated_at = now
        self.new_revisions.append(PostRevision(self.revision_count, body.markdown, body.html,
                                               editor_id, now, title=title))
        self._raise(PostEdited, now, revision=self.revision_count)

    def delete(self, by: UUID, now: datetime) -> None:
        if by != self.author_id:
            raise NotYourPost()
        if self.status.gone:
            raise PostGone()
        self.status = PostStatus.DELETED
        self.deleted_at = self.updated_at = now
        self._raise(PostDeleted, now)

    # -- everyone else ----------------------------------------------------------------------

    def check_votable_by(self, voter_id: UUID) -> None:
        if voter_id == self.author_id:
            raise CannotVoteOwnPost()
        if self.status is not PostStatus.VISIBLE:
            raise PostGone("Only visible posts take votes.")

    def flag(self, flagger_id: UUID, reason: str, now: datetime) -> bool:
        """Records the flag; returns True when it hid the post."""
        if flagger_id == self.author_id:
            raise CannotFlagOwnPost()
        if self.status is not PostStatus.VISIBLE:
            raise PostNotFound()
        if any(f.flagger_id == flagger_id for f in self.flags):
            raise AlreadyFlagged()
        self.flags.append(Flag(flagger_id=flagger_id, created_at=now, reason=clean_text(
            reason, name="reason", max_length=MAX_FLAG_REASON)))
        if self.flagged_at is None or not self.open_flag_count:
            self.flagged_at = now
        self.open_flag_count = len({f.flagger_id for f in self.open_flags})
        self.updated_at = now
        self._raise(PostFlagged, now, flagger_id=flagger_id, open_flags=self.open_flag_count)
        if self.open_flag_count >= FLAGS_TO_HIDE:
            self.status = PostStatus.HIDDEN
            self.hidden_by_flags = True
            self._raise(PostHiddenByFlags, now, author_id=self.author_id)
            return True
        return False

    # -- administrators ---------------------------------------------------------------------

    def moderate(self, action: ModerationAction, reason: str, now: datetime) -> None:
        """An administrator's decision; every open flag is resolved by it."""
        if self.status is PostStatus.DELETED:
            raise NothingToModerate("The author deleted this post already.")
        if action is ModerationAction.RESTORE:
            if self.status is PostStatus.VISIBLE and not self.open_flag_count:
                raise NothingToModerate("The post is visible and nobody flagged it.")
            text = clean_text(reason, name="reason", max_length=MAX_MODERATION_REASON,
                              required=False)
        else:
            if self.status is action.outcome and not self.open_flag_count and (
                    action in (ModerationAction.HIDE, ModerationAction.DELETE)):
                raise NothingToModerate()
            text = clean_text(reason, name="reason", max_length=MAX_MODERATION_REASON)
        was_hidden = self.status is not PostStatus.VISIBLE
        self.status = action.outcome
        self.hidden_by_flags = False
        self.moderation_action = action
        self.moderation_reason = text or None
        self.moderated_at = self.updated_at = now
        for found in self.open_flags:
            found.resolved_at = now
        self.open_flag_count = 0
        self.flagged_at = None
        self._raise(PostModerated, now, author_id=self.author_id, action=action.value,
                    reason=text, was_hidden=was_hidden)

    def _raise(self, kind: type[PostEvent], now: datetime, **values: Any) -> None:
        self.events.append(kind(occurred_at=now, thread_id=self.thread_id, post_id=self.id,
                                **values))
