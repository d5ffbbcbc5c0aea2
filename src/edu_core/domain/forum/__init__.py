"""The forum (S29-S31): categories, threads linked to what is being learned, threaded posts
with votes, accepted answers, badges and moderation."""

from edu_core.domain.forum.badges import FORMER_MEMBER, Badge, ForumAuthor
from edu_core.domain.forum.categories import ForumCategory
from edu_core.domain.forum.errors import (
    AlreadyFlagged,
    CannotFlagOwnPost,
    CannotVoteOwnPost,
    ForumCategoryNotEmpty,
    ForumCategoryNotFound,
    ForumCategoryRequired,
    ForumCategorySlugTaken,
    InvalidCursor,
    InvalidLink,
    InvalidPost,
    InvalidVote,
    LinksNotAllowedYet,
    NotAllowedToAccept,
    NotAnAnswer,
    NothingAccepted,
    NothingToModerate,
    NotYourPost,
    PostGone,
    PostNotFound,
    ThreadClosed,
    ThreadNotFound,
)
from edu_core.domain.forum.events import (
    AnswerAccepted,
    AnswerUnaccepted,
    ForumDigestDue,
    ForumEvent,
    PostCreated,
    PostDeleted,
    PostEdited,
    PostEvent,
    PostFlagged,
    PostHiddenByFlags,
    PostModerated,
    PostVoted,
    ThreadStarted,
)
from edu_core.domain.forum.posts import (
    DISPLAY_DEPTH,
    FLAGS_TO_HIDE,
    NEW_ACCOUNT_AGE,
    Flag,
    ModerationAction,
    Post,
    PostOrder,
    PostRevision,
    PostStatus,
    VoteCounted,
    check_links,
    check_vote,
    parse_cursor,
    segment,
)
from edu_core.domain.forum.text import (
    MAX_BODY,
    MAX_FLAG_REASON,
    MAX_MODERATION_REASON,
    MAX_QUOTE,
    MAX_TITLE,
    MIN_TITLE,
    PostBody,
    clean_markdown,
    excerpt,
    quoted,
)
from edu_core.domain.forum.threads import Accepter, Thread, ThreadSort

__all__ = [
    "DISPLAY_DEPTH", "FLAGS_TO_HIDE", "FORMER_MEMBER", "MAX_BODY", "MAX_FLAG_REASON",
    "MAX_MODERATION_REASON", "MAX_QUOTE", "MAX_TITLE", "MIN_TITLE", "NEW_ACCOUNT_AGE",
    "Accepter", "AlreadyFlagged", "AnswerAccepted", "AnswerUnaccepted", "Badge",
    "CannotFlagOwnPost", "CannotVoteOwnPost", "Flag", "ForumAuthor", "ForumCategory",
    "ForumCategoryNotEmpty", "ForumCategoryNotFound", "ForumCategoryRequired",
    "ForumCategorySlugTaken", "ForumDigestDue", "ForumEvent", "InvalidCursor", "InvalidLink",
    "InvalidPost", "InvalidVote", "LinksNotAllowedYet", "ModerationAction",
    "NotAllowedToAccept", "NotAnAnswer", "NotYourPost", "NothingAccepted",
    "NothingToModerate", "Post", "PostBody", "PostCreated", "PostDeleted", "PostEdited",
    "PostEvent", "PostFlagged", "PostGone", "PostHiddenByFlags", "PostModerated",
    "PostNotFound", "PostOrder", "PostRevision", "PostStatus", "PostVoted", "Thread",
    "ThreadClosed", "ThreadNotFound", "ThreadSort", "ThreadStarted", "VoteCounted", "check_links",
    "check_vote", "clean_markdown", "excerpt", "parse_cursor", "quoted", "segment",
]
