"""Shapes of the forum API. Post bodies are Markdown with LaTeX (``$...$``, ``$$...$$``) on the
way in and sanitised lesson-text HTML on the way out (``html``: formulas as the editor's
``data-latex`` nodes, images as signed links)."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from adapters.http.handwritten.schemas import AnnotationRef, SharedAnnotationOut
from adapters.http.pagination import PageOut
from edu_core.application.forum import ModeratedPostView, PostStream, PostView, ThreadView
from edu_core.domain.catalog import MAX_SLUG
from edu_core.domain.forum import (
    MAX_BODY,
    MAX_FLAG_REASON,
    MAX_MODERATION_REASON,
    MAX_QUOTE,
    MAX_TITLE,
    ForumAuthor,
    ForumCategory,
    Post,
    PostRevision,
    PostStatus,
)
from edu_core.ports.forum import CategorySummary, TopicThreadCounts

BadgeName = Literal["verified_mentor", "admin"]
PostStatusName = Literal["visible", "hidden", "deleted", "removed"]
ModerationName = Literal["restore", "hide", "delete", "warn", "suspend"]
SortName = Literal["activity", "votes", "unsolved"]
OrderName = Literal["threaded", "oldest"]
Markdown = Annotated[str, Meta(min_length=1, max_length=MAX_BODY, description=(
    "Markdown; `$...$` and `$$...$$` are LaTeX formulas. Raw HTML is shown as text."))]
Title = Annotated[str, Meta(min_length=1, max_length=MAX_TITLE)]
CategoryName = Annotated[str, Meta(min_length=1, max_length=80)]
CategorySlug = Annotated[str, Meta(min_length=1, max_length=MAX_SLUG,
                                   description="Lower-case letters, digits and dashes.")]
Description = Annotated[str, Meta(max_length=500)]
Position = Annotated[int, Meta(ge=0, le=10_000)]
SubjectRef = Annotated[str, Meta(min_length=1, max_length=80,
                                 description="The mirrored catalog subject: a slug or an id.")]


# ---- what clients send ------------------------------------------------------------------

CategoryRef = Annotated[str, Meta(
    min_length=1, max_length=80,
    description=("A category's slug or id. Optional when the thread is about a topic or an "
                 "item whose subject has a category."))]
TopicRef = Annotated[str, Meta(min_length=1, max_length=80, description=(
    "The catalog topic it is about: a slug or an id."))]


class ThreadIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "title": "Where does the energy go when a ball stops bouncing?",
        "body": "Energy is conserved, so $E_k + E_p$ should stay the same. But a dropped ball "
                "bounces lower each time and finally stops. Where did the energy go?",
        "category": "physics", "topic": "work-energy-power"}

    title: Title
    body: Markdown
    category: CategoryRef | None = None
    topic: TopicRef | None = None
    item_id: Annotated[UUID | None, Meta(description=(
        "The published lesson or question it is about (its topic comes with it)."))] = None
    quote: Annotated[str, Meta(max_length=MAX_QUOTE, description=(
        "\"Ask about this\": plain text shown as a quote above the body, e.g. a question's "
        "prompt and the answer given."))] = ""
    annotation_id: AnnotationRef = None


class ReplyIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "body": "Each bounce turns some kinetic energy into heat and sound: the ball and the "
                "floor warm up very slightly. The total is conserved, the mechanical part is not.",
        "parent_id": "f983d5a7-5d13-4fff-b7a7-884ae33c555b"}

    body: Markdown
    parent_id: Annotated[UUID | None, Meta(description=(
        "The post it answers; none (or the opening post) answers the thread."))] = None
    annotation_id: AnnotationRef = None


class EditIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "body": "Energy is conserved, so $E_k + E_p$ should stay the same. But a dropped ball "
                "bounces lower each time. Where did the energy go? (Edit: ignoring air "
                "resistance.)",
        "title": "Where does the energy of a bouncing ball go?"}

    body: Markdown
    title: Annotated[Title | None, Meta(description=(
        "A new title for the thread (its opening post only)."))] = None


class VoteIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"value": 1}

    value: Annotated[int, Meta(ge=-1, le=1, description="1 up, -1 down, 0 takes it back.")]


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"post_id": "93949c90-fbb9-442d-a11a-d9155ad8a6cd"}

    post_id: UUID


class FlagIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "reason": "Posts the full worked solution of a graded homework question."}

    reason: Annotated[str, Meta(min_length=1, max_length=MAX_FLAG_REASON,
                                description="What is wrong with the post.")]


class WatchIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"watching": True}

    watching: Annotated[bool, Meta(description=(
        "true: hear of every new post; false: mute the thread (also for its author and "
        "those who replied)."))]


class PreviewIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "body": "The height follows from energy conservation: $h = \\frac{v^2}{2g}$."}

    body: Markdown


class CategoryIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "name": "Physics", "slug": "physics",
        "description": "Mechanics, energy, waves and circuits.", "position": 0,
        "subject": "physics"}

    name: CategoryName
    slug: CategorySlug | None = None
    description: Description = ""
    position: Position = 0
    subject: SubjectRef | None = None


class CategoryUpdate(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "description": "Mechanics, energy, waves, circuits and modern physics.", "position": 1}

    name: CategoryName | UnsetType = UNSET
    slug: CategorySlug | UnsetType = UNSET
    description: Description | UnsetType = UNSET
    position: Position | UnsetType = UNSET
    subject: Annotated[SubjectRef | None, Meta(
        description="null stops mirroring a subject.")] | UnsetType = UNSET


class DecisionIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "action": "hide",
        "reason": "Please give hints rather than the full solution of a graded question."}

    action: Annotated[ModerationName, Meta(description=(
        "`restore`: visible again, flags dismissed; `hide`; `delete` (removed for good); "
        "`warn`: hidden and the author formally warned; `suspend`: removed and the author's "
        "account suspended."))]
    reason: Annotated[str, Meta(max_length=MAX_MODERATION_REASON, description=(
        "Shown to the post's author; required except to restore."))] = ""


# ---- what the server answers --------------------------------------------------------------

class AuthorOut(msgspec.Struct):
    id: UUID
    name: str
    badges: Annotated[list[BadgeName], Meta(description=(
        "From the account's role and verification, never from anything typed."))]
    is_content_author: Annotated[bool, Meta(description=(
        "A mentor posting in a thread about their own content item."))] = False

    @classmethod
    def of(cls, author: ForumAuthor | None, item_mentor_id: UUID | None = None
           ) -> "AuthorOut | None":
        if author is None or author.deleted:
            return None
        return cls(id=author.id, name=author.name, badges=[b.value for b in author.badges],
                   is_content_author=author.is_content_author(item_mentor_id))


class ReplyRefOut(msgspec.Struct):
    post_id: UUID
    number: int
    author_name: str | None


class PostOut(msgspec.Struct):
    id: UUID
    thread_id: UUID
    number: Annotated[int, Meta(description="1 is the opening post; the link anchor #post-N.")]
    parent_id: UUID | None
    depth: Annotated[int, Meta(description=(
        "Indentation: 0 the opening post, 1 to 3 replies. Deeper replies stay at 3, after "
        "the post they answer, with `reply_to` set."))]
    flattened: Annotated[bool, Meta(description=(
        "Shown beside the post it answers (too deep to nest): show \"replying to\"."))]
    reply_to: ReplyRefOut | None
    status: PostStatusName
    author: Annotated[AuthorOut | None, Meta(description=(
        "None for a deleted post's placeholder or an erased account."))]
    markdown: Annotated[str | None, Meta(description="The source; None on a placeholder.")]
    html: Annotated[str | None, Meta(description="What to show; None on a placeholder.")]
    created_at: datetime
    edited_at: datetime | None
    revision_count: int
    score: int
    upvotes: int
    downvotes: int
    accepted: bool
    my_vote: Annotated[int, Meta(description="The caller's vote: -1, 0 or 1.")]
    flagged_by_me: bool
    in_review: Annotated[bool, Meta(description=(
        "Hidden by flags, waiting for a moderator (seen by its author and admins)."))]
    moderation_reason: Annotated[str | None, Meta(description=(
        "Why a moderator hid or removed it (its author and admins see it)."))]
    annotation: Annotated[SharedAnnotationOut | None, Meta(description=(
        "An annotation shared with the post (none on a placeholder)."))] = None

    @classmethod
    def of(cls, view: PostView) -> "PostOut":
        out = cls.build(view.post, view.author if view.readable else None,
                         readable=view.readable, is_content_author=view.is_content_author,
                         accepted=view.accepted, my_vote=view.my_vote,
                         flagged_by_me=view.flagged_by_me,
                         reply_to=ReplyRefOut(view.reply_to.post_id, view.reply_to.number,
                                              view.reply_to.author_name)
                         if view.reply_to else None)
        if view.readable:
            out.annotation = SharedAnnotationOut.of(view.annotation)
        return out

    @classmethod
    def build(cls, post: Post, author: ForumAuthor | None, *, readable: bool = True,
              is_content_author: bool = False, accepted: bool = False, my_vote: int = 0,
              flagged_by_me: bool = False, reply_to: ReplyRefOut | None = None) -> "PostOut":
        shown = AuthorOut.of(author)
        if shown is not None and is_content_author:
            shown.is_content_author = True
        moderated = post.status in (PostStatus.HIDDEN, PostStatus.REMOVED)
        return cls(
            id=post.id, thread_id=post.thread_id, number=post.number, parent_id=post.parent_id,
            depth=post.depth, flattened=post.flattened, reply_to=reply_to,
            status=post.status.value, author=shown,
            markdown=post.body.markdown if readable else None,
            html=post.body.html if readable else None, created_at=post.created_at,
            edited_at=post.edited_at, revision_count=post.revision_count, score=post.score,
            upvotes=post.upvotes, downvotes=post.downvotes, accepted=accepted,
            my_vote=my_vote, flagged_by_me=flagged_by_me, in_review=post.hidden_by_flags,
            moderation_reason=post.moderation_reason if moderated else None)


class PostStreamOut(msgspec.Struct):
    items: list[PostOut]
    next_cursor: Annotated[str | None, Meta(description=(
        "Pass as `cursor` for the next posts; null at the end."))]
    total: Annotated[int, Meta(description="Posts everyone can read, the opening one included.")]

    @classmethod
    def of(cls, stream: PostStream) -> "PostStreamOut":
        return cls(items=[PostOut.of(x) for x in stream.items], next_cursor=stream.next_cursor,
                   total=stream.total)


class CategoryRefOut(msgspec.Struct):
    id: UUID
    slug: str
    name: str


class ThreadOut(msgspec.Struct):
    id: UUID
    title: str
    category: CategoryRefOut
    author: AuthorOut | None
    topic_id: UUID | None
    item_id: UUID | None
    status: PostStatusName
    solved: bool
    accepted_post_id: UUID | None
    reply_count: int
    score: Annotated[int, Meta(description="The opening post's score.")]
    created_at: datetime
    last_activity_at: datetime
    excerpt: Annotated[str, Meta(description="The opening post's first words (plain text).")]
    watching: Annotated[bool | None, Meta(description=(
        "Whether the caller hears of new posts; null when not signed in."))] = None

    @classmethod
    def of(cls, view: ThreadView) -> "ThreadOut":
        t, c = view.thread, view.category
        return cls(id=t.id, title=t.title, category=CategoryRefOut(c.id, c.slug, c.name),
                   author=AuthorOut.of(view.author, t.item_mentor_id), topic_id=t.topic_id,
                   item_id=t.item_id, status=t.status.value, solved=t.solved,
                   accepted_post_id=t.accepted_post_id, reply_count=t.reply_count,
                   score=t.score, created_at=t.created_at,
                   last_activity_at=t.last_activity_at, excerpt=view.excerpt,
                   watching=view.watching)


class ThreadPage(PageOut[ThreadOut]):
    items: list[ThreadOut]


class ThreadDetailOut(msgspec.Struct):
    thread: ThreadOut
    accepted: Annotated[PostOut | None, Meta(description=(
        "The accepted answer, to show first (it also keeps its place among the posts)."))]
    posts: PostStreamOut


class CategoryOut(msgspec.Struct):
    id: UUID
    name: str
    slug: str
    description: str
    position: int
    subject_id: UUID | None
    thread_count: int

    @classmethod
    def of(cls, category: ForumCategory, thread_count: int = 0) -> "CategoryOut":
        return cls(id=category.id, name=category.name, slug=category.slug,
                   description=category.description, position=category.position,
                   subject_id=category.subject_id, thread_count=thread_count)

    @classmethod
    def summary(cls, found: CategorySummary) -> "CategoryOut":
        return cls.of(found.category, found.thread_count)


class ItemCountOut(msgspec.Struct):
    item_id: UUID
    threads: int


class ThreadCountsOut(msgspec.Struct):
    topic_threads: Annotated[int, Meta(description="About the topic or any of its items.")]
    items: Annotated[list[ItemCountOut], Meta(description="Items with at least one thread.")]

    @classmethod
    def of(cls, counts: TopicThreadCounts) -> "ThreadCountsOut":
        return cls(topic_threads=counts.topic_threads,
                   items=[ItemCountOut(x.item_id, x.threads) for x in counts.items])


class RevisionOut(msgspec.Struct):
    number: int
    markdown: str
    html: str
    title: str | None
    created_at: datetime

    @classmethod
    def of(cls, revision: PostRevision) -> "RevisionOut":
        return cls(number=revision.number, markdown=revision.markdown, html=revision.html,
                   title=revision.title, created_at=revision.created_at)


class RevisionPage(PageOut[RevisionOut]):
    items: list[RevisionOut]


class VoteOut(msgspec.Struct):
    post_id: UUID
    score: int
    upvotes: int
    downvotes: int
    my_vote: int


class FlagOut(msgspec.Struct):
    hidden: Annotated[bool, Meta(description="The flag hid the post until a moderator decides.")]


class WatchOut(msgspec.Struct):
    watching: bool


class PreviewOut(msgspec.Struct):
    html: str


class ForumFlagOut(msgspec.Struct):
    flagger_id: UUID
    flagger_name: str | None
    reason: str
    created_at: datetime
    resolved_at: datetime | None


class ModeratedPostOut(msgspec.Struct):
    post: PostOut
    thread_title: str
    flags: list[ForumFlagOut]
    flagged_at: datetime | None

    @classmethod
    def of(cls, view: ModeratedPostView) -> "ModeratedPostOut":
        post = view.post
        return cls(post=PostOut.build(post, view.author), thread_title=view.thread_title,
                   flags=[ForumFlagOut(flagger_id=f.flagger_id,
                                       flagger_name=view.flaggers.get(f.flagger_id),
                                       reason=f.reason, created_at=f.created_at,
                                       resolved_at=f.resolved_at) for f in post.flags],
                   flagged_at=post.flagged_at)


class ModeratedPostPage(PageOut[ModeratedPostOut]):
    items: list[ModeratedPostOut]
