"""The forum (S29-S31): categories, threads linked to what is being learned, threaded posts,
votes, accepted answers, flags and the administrators' moderation queue.

Reading is open to everyone (signed in or not); writing needs an account. A post's Markdown
goes through the same renderer and sanitiser as lesson text, so formulas and images show the
way they do in lessons. Posts, threads and categories the caller may not see answer like
missing ones, so ids cannot be probed. Every moderation step is audited.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from uuid import UUID

from edu_core.application.actors import Actor, Principal
from edu_core.application.annotation_shares import AnnotationSharing, SharedAnnotationView
from edu_core.application.user_admin import CannotModifySelf, UserAdminService
from edu_core.domain.audit import AuditEntry
from edu_core.domain.catalog import Subject, Topic
from edu_core.domain.errors import InvalidInput, RateLimited
from edu_core.domain.forum import (
    Accepter,
    ForumAuthor,
    ForumCategory,
    ForumCategoryNotFound,
    ForumCategoryRequired,
    InvalidLink,
    InvalidPost,
    ModerationAction,
    Post,
    PostBody,
    PostNotFound,
    PostOrder,
    PostRevision,
    PostStatus,
    Thread,
    ThreadClosed,
    ThreadNotFound,
    ThreadSort,
    check_links,
    check_vote,
    clean_markdown,
    parse_cursor,
    quoted,
    segment,
)
from edu_core.domain.identity import Role, User, UserNotFound
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.content import MarkdownRenderer
from edu_core.ports.forum import (
    MAX_POSTS_PER_PAGE,
    CategorySummary,
    PostSlice,
    PostViewer,
    ThreadQuery,
    TopicThreadCounts,
)
from edu_core.ports.rate_limit import RateLimiter, RateRule
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

# Per person, whatever address they use: replies and new threads, new threads alone, flags.
POSTS_PER_TEN_MINUTES = RateRule(20, 600)
THREADS_PER_HOUR = RateRule(10, 3600)
FLAGS_PER_HOUR = RateRule(20, 3600)
PREVIEWS_PER_MINUTE = RateRule(60, 60)
DEFAULT_POSTS_PER_PAGE = 50


def thread_channel(thread_id: UUID) -> str:
    return f"thread:{thread_id}"


def thread_link(thread_id: UUID, number: int | None = None) -> str:
    return f"/forum/threads/{thread_id}" + (f"#post-{number}" if number else "")


@dataclass(frozen=True, slots=True)
class ReplyRef:
    post_id: UUID
    number: int
    author_name: str | None  # None when the post it answers cannot be read


@dataclass(frozen=True, slots=True)
class PostView:
    post: Post
    author: ForumAuthor | None  # None on a deleted post's placeholder
    readable: bool  # False: a placeholder (a deleted post), without text
    is_content_author: bool
    accepted: bool
    reply_to: ReplyRef | None
    my_vote: int = 0
    flagged_by_me: bool = False
    annotation: SharedAnnotationView | None = None  # shared with the post (readable ones)


@dataclass(frozen=True, slots=True)
class PostStream:
    items: list[PostView]
    next_cursor: str | None  # None: nothing after these
    total: int  # posts everyone can read in the thread (the opening post included)


@dataclass(frozen=True, slots=True)
class ThreadView:
    thread: Thread
    category: ForumCategory
    author: ForumAuthor | None
    excerpt: str = ""
    watching: bool | None = None  # for a signed-in caller: whether they hear of new posts


@dataclass(frozen=True, slots=True)
class ThreadDetail:
    thread: ThreadView
    accepted: PostView | None  # shown first, also in its place among the posts
    posts: PostStream


@dataclass(frozen=True, slots=True)
class VoteResult:
    post_id: UUID
    score: int
    upvotes: int
    downvotes: int
    my_vote: int


@dataclass(frozen=True, slots=True)
class ModeratedPostView:
    post: Post
    thread_title: str
    author: ForumAuthor | None
    flaggers: dict[UUID, str]  # names of the people who flagged it


def _viewer(principal: Principal | None) -> PostViewer:
    if principal is None:
        return PostViewer()
    return PostViewer(user_id=principal.user_id, is_admin=principal.is_admin)


def _window(order: PostOrder, cursor: str | None, start: int | None, limit: int) -> PostSlice:
    if not 1 <= limit <= MAX_POSTS_PER_PAGE:
        message = f"Use 1 to {MAX_POSTS_PER_PAGE}."
        raise InvalidInput(message, details={"fields": {"limit": message}})
    return PostSlice(order=order, after=parse_cursor(order, cursor) if cursor else None,
                     start=start if cursor is None else None, limit=limit)


def _cursor_of(post: Post, order: PostOrder) -> str:
    return post.path if order is PostOrder.THREADED else segment(post.number)


class ForumService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, limiter: RateLimiter,
                 renderer: MarkdownRenderer, accounts: UserAdminService,
                 sharing: AnnotationSharing) -> None:
        self._uow = uow
        self._sharing = sharing
        self._clock = clock
        self._limiter = limiter
        self._renderer = renderer
        self._accounts = accounts

    # -- helpers -----------------------------------------------------------------------------

    async def _spend(self, key: str, rule: RateRule) -> None:
        decision = await self._limiter.hit(key, rule)
        if not decision.allowed:
            raise RateLimited(retry_after_seconds=decision.retry_after_seconds)

    def _body(self, markdown: str) -> PostBody:
        source = clean_markdown(markdown)
        return PostBody.of(source, self._renderer.render(source))

    @staticmethod
    async def _author_account(uow: UnitOfWork, principal: Principal) -> User:
        user = principal.user or await uow.users.get(principal.user_id)
        if user is None:
            raise UserNotFound()
        return user

    async def _check_links(self, uow: UnitOfWork, principal: Principal, body: PostBody) -> None:
        if body.links and not principal.is_admin:
            account = await self._author_account(uow, principal)
            check_links(body, account_created_at=account.created_at, now=self._clock.now())

    @staticmethod
    async def _readable_thread(uow: UnitOfWork, viewer: Principal | None, thread_id: UUID,
                               *, for_update: bool = False) -> Thread:
        thread = await uow.forum.thread(thread_id, for_update=for_update)
        if thread is None or not (
                thread.status is PostStatus.VISIBLE or (viewer is not None and (
                    viewer.is_admin or (viewer.user_id == thread.author_id
                                        and not thread.status.gone)))):
            raise ThreadNotFound()
        return thread

    async def _post(self, uow: UnitOfWork, viewer: Principal, post_id: UUID) -> Post:
        """A post the viewer may see, in a thread they may read, locked until the commit."""
        post = await uow.forum.post(post_id, for_update=True)
        if post is None or not post.visible_to(viewer.user_id, is_admin=viewer.is_admin):
            raise PostNotFound()
        try:
            await self._readable_thread(uow, viewer, post.thread_id)
        except ThreadNotFound:
            raise PostNotFound() from None
        return post

    @staticmethod
    async def _category(uow: UnitOfWork, ref: str | UUID) -> ForumCategory:
        """A category by id, or by slug in any letter case."""
        key: UUID | str = ref
        if isinstance(ref, str):
            try:
                key = UUID(ref.strip())
            except ValueError:
                key = ref.strip().lower()
        found = await (uow.forum.category(key) if isinstance(key, UUID)
                       else uow.forum.category_by_slug(key))
        if found is None:
            raise ForumCategoryNotFound()
        return found

    async def _views(self, uow: UnitOfWork, thread: Thread, posts: Sequence[Post],
                     viewer: Principal | None) -> list[PostView]:
        """Posts as the viewer reads them: authors with their badges, the viewer's votes and
        flags, and the post each reply answers."""
        targets = {x.parent_id for x in posts if x.reply_to_number is not None and x.parent_id}
        known = {x.id: x for x in posts}
        parents = {**known, **await uow.forum.posts_by_id(targets - set(known))}
        authors = await uow.forum.authors({x.author_id for x in [*posts, *parents.values()]})
        marks = await uow.forum.marks(viewer.user_id, [x.id for x in posts]) \
            if viewer is not None else {}
        user_id = viewer.user_id if viewer else None
        is_admin = viewer.is_admin if viewer else False
        shares = await uow.handwritten.shares_in_posts(
            [x.id for x in posts if x.readable_by(user_id, is_admin=is_admin)])
        cards = await self._sharing.views(shares.values())
        views = []
        for post in posts:
            readable = post.readable_by(user_id, is_admin=is_admin)
            share = shares.get(post.id)
            author = authors.get(post.author_id) if readable else None
            reply_to = None
            parent = parents.get(post.parent_id) if post.parent_id else None
            if post.reply_to_number is not None and parent is not None:
                shown = parent.readable_by(user_id, is_admin=is_admin)
                named = authors.get(parent.author_id)
                reply_to = ReplyRef(parent.id, parent.number,
                                    named.name if shown and named else None)
            mark = marks.get(post.id)
            views.append(PostView(
                post=post, author=author, readable=readable,
                is_content_author=author is not None and author.is_content_author(
                    thread.item_mentor_id),
                accepted=thread.accepted_post_id == post.id, reply_to=reply_to,
                my_vote=mark.vote if mark else 0, flagged_by_me=bool(mark and mark.flagged),
                annotation=cards[share.id] if share is not None else None))
        return views

    async def _thread_view(self, uow: UnitOfWork, thread: Thread,
                           viewer: Principal | None, excerpt: str = "") -> ThreadView:
        category = await uow.forum.category(thread.category_id)
        if category is None:
            raise ThreadNotFound()
        authors = await uow.forum.authors([thread.author_id])
        watching = None
        if viewer is not None:
            choice = await uow.forum.watching(thread.id, viewer.user_id)
            watching = choice if choice is not None else (
                viewer.user_id in await uow.forum.subscribers(thread.id))
        return ThreadView(thread, category, authors.get(thread.author_id), excerpt, watching)

    async def _stream(self, uow: UnitOfWork, thread: Thread, viewer: Principal | None,
                      window: PostSlice) -> PostStream:
        found = await uow.forum.posts(thread.id, _viewer(viewer),
                                      PostSlice(window.order, window.after, window.start,
                                                window.limit + 1))
        more = len(found) > window.limit
        found = found[:window.limit]
        return PostStream(items=await self._views(uow, thread, found, viewer),
                          next_cursor=_cursor_of(found[-1], window.order) if more else None,
                          total=thread.reply_count + 1)

    def _audit(self, uow: UnitOfWork, actor: Actor, action: str, target_type: str,
               target_id: UUID, **details: object) -> None:
        uow.audit.record(AuditEntry(
            actor_id=actor.user_id, action=f"forum.{action}", target_type=target_type,
            target_id=str(target_id), occurred_at=self._clock.now(),
            details={"actor": actor.label, **details}))

    # -- categories --------------------------------------------------------------------------

    async def categories(self) -> list[CategorySummary]:
        async with self._uow() as uow:
            return await uow.forum.categories()

    async def create_category(self, actor: Actor, *, name: str, slug: str | None = None,
                              description: str = "", position: int = 0,
                              subject: str | None = None) -> ForumCategory:
        async with self._uow() as uow:
            subject_id = (await uow.catalog.resolve(Subject, subject)).id if subject else None
            category = ForumCategory.create(name=name, slug=slug, description=description,
                                            position=position, subject_id=subject_id,
                                            now=self._clock.now())
            uow.forum.save_category(category)
            self._audit(uow, actor, "category_created", "forum_category", category.id,
                        name=category.name, slug=category.slug)
            await uow.commit()
            return category

    async def update_category(self, actor: Actor, category_id: UUID, *,
                              name: str | None = None, slug: str | None = None,
                              description: str | None = None, position: int | None = None,
                              subject: str | None = None,
                              clear_subject: bool = False) -> ForumCategory:
        async with self._uow() as uow:
            category = await uow.forum.category(category_id)
            if category is None:
                raise ForumCategoryNotFound()
            subject_id = (await uow.catalog.resolve(Subject, subject)).id if subject else None
            category.update(self._clock.now(), name=name, slug=slug, description=description,
                            position=position, subject_id=subject_id,
                            clear_subject=clear_subject)
            uow.forum.save_category(category)
            self._audit(uow, actor, "category_updated", "forum_category", category.id,
                        name=category.name, slug=category.slug)
            await uow.commit()
            return category

    async def delete_category(self, actor: Actor, category_id: UUID) -> None:
        async with self._uow() as uow:
            category = await uow.forum.category(category_id)
            if category is None:
                raise ForumCategoryNotFound()
            await uow.forum.delete_category(category)
            self._audit(uow, actor, "category_deleted", "forum_category", category.id,
                        slug=category.slug)
            await uow.commit()

    # -- reading -----------------------------------------------------------------------------

    async def threads(self, viewer: Principal | None, page: PageRequest, *,
                      category: str | None = None, topic: str | None = None,
                      item_id: UUID | None = None, solved: bool | None = None,
                      sort: ThreadSort = ThreadSort.ACTIVITY) -> Page[ThreadView]:
        """Threads everyone can read, narrowed by category (slug or id), topic (slug or id)
        and item; an unknown category or topic is an error, not an empty page."""
        async with self._uow() as uow:
            category_id = (await self._category(uow, category)).id if category else None
            topic_id = (await uow.catalog.resolve(Topic, topic)).id if topic else None
            found = await uow.forum.threads(ThreadQuery(
                category_id=category_id, topic_id=topic_id, item_id=item_id, solved=solved,
                sort=sort), page)
            authors = await uow.forum.authors({x.thread.author_id for x in found.items})
            items = [ThreadView(x.thread, x.category, authors.get(x.thread.author_id),
                                x.excerpt) for x in found.items]
        return Page(items=items, total=found.total, page=found.page,
                    page_size=found.page_size)

    async def thread_counts(self, topic: str) -> TopicThreadCounts:
        async with self._uow() as uow:
            return await uow.forum.thread_counts((await uow.catalog.resolve(Topic, topic)).id)

    async def thread_page(self, viewer: Principal | None, thread_id: UUID, *,
                          order: PostOrder = PostOrder.THREADED, start: int | None = None,
                          limit: int = DEFAULT_POSTS_PER_PAGE) -> ThreadDetail:
        """The thread, its accepted answer and the first page of its posts (or the page that
        starts at post number ``start``)."""
        window = _window(order, None, start, limit)
        async with self._uow() as uow:
            thread = await self._readable_thread(uow, viewer, thread_id)
            stream = await self._stream(uow, thread, viewer, window)
            accepted = None
            if thread.accepted_post_id is not None:
                shown = next((x for x in stream.items if x.post.id == thread.accepted_post_id),
                             None)
                if shown is None:
                    found = await uow.forum.posts_by_id([thread.accepted_post_id])
                    answer = found.get(thread.accepted_post_id)
                    if answer is not None and answer.status is PostStatus.VISIBLE:
                        [shown] = await self._views(uow, thread, [answer], viewer)
                accepted = shown
            view = await self._thread_view(uow, thread, viewer)
        return ThreadDetail(view, accepted, stream)

    async def posts(self, viewer: Principal | None, thread_id: UUID, *,
                    order: PostOrder = PostOrder.THREADED, cursor: str | None = None,
                    start: int | None = None,
                    limit: int = DEFAULT_POSTS_PER_PAGE) -> PostStream:
        window = _window(order, cursor, start, limit)
        async with self._uow() as uow:
            thread = await self._readable_thread(uow, viewer, thread_id)
            return await self._stream(uow, thread, viewer, window)

    async def revisions(self, viewer: Principal | None, post_id: UUID,
                        page: PageRequest) -> Page[PostRevision]:
        """A post's edit history, for whoever may read the post's text."""
        async with self._uow() as uow:
            found = (await uow.forum.posts_by_id([post_id])).get(post_id)
            user_id = viewer.user_id if viewer else None
            if found is None or not found.readable_by(
                    user_id, is_admin=viewer.is_admin if viewer else False):
                raise PostNotFound()
            await self._readable_thread(uow, viewer, found.thread_id)
            return await uow.forum.revisions(post_id, page)

    def preview(self, markdown: str) -> str:
        """The HTML a post with this Markdown shows (formulas and images included)."""
        return self._body(markdown).html

    async def preview_for(self, principal: Principal, markdown: str) -> str:
        await self._spend(f"forum-previews:{principal.user_id}", PREVIEWS_PER_MINUTE)
        return self.preview(markdown)

    async def may_follow(self, principal: Principal, key: str) -> bool:
        """The ``thread:<id>`` live channel: anyone signed in who may read the thread."""
        try:
            thread_id = UUID(key)
        except ValueError:
            return False
        async with self._uow() as uow:
            try:
                await self._readable_thread(uow, principal, thread_id)
            except ThreadNotFound:
                return False
        return True

    # -- writing -----------------------------------------------------------------------------

    async def start_thread(self, principal: Principal, *, title: str, body: str,
                           category: str | UUID | None = None, topic: str | None = None,
                           item_id: UUID | None = None, quote: str = "",
                           annotation_id: UUID | None = None) -> ThreadDetail:
        """A new thread, optionally about a topic or a published content item ("Ask about
        this": ``quote`` is shown above the question) and showing an annotation the caller
        may share. Without a category, the one mirroring the topic's subject is used."""
        text = quoted(quote, clean_markdown(body)) if quote else body
        async with self._uow() as uow:
            share = (await self._sharing.snapshot(uow, principal, annotation_id)
                     if annotation_id is not None else None)
            thread, opening = await self.stage_thread(
                uow, principal, title=title, body=text, category=category, topic=topic,
                item_id=item_id)
            if share is not None:
                share.forum_post_id = opening.id
                uow.handwritten.add_share(share)
            await uow.commit()
            [shown] = await self._views(uow, thread, [opening], principal)
            view = await self._thread_view(uow, thread, principal)
        return ThreadDetail(view, None, PostStream([shown], None, 1))

    async def stage_thread(self, uow: UnitOfWork, principal: Principal, *, title: str,
                           body: str, category: str | UUID | None = None,
                           topic: str | None = None, item_id: UUID | None = None
                           ) -> tuple[Thread, Post]:
        """A new thread in the caller's unit of work, committed with whatever else the caller
        does there (a shared chat records its thread in the same transaction)."""
        content = self._body(body)
        await self._spend(f"forum-threads:{principal.user_id}", THREADS_PER_HOUR)
        await self._spend(f"forum-posts:{principal.user_id}", POSTS_PER_TEN_MINUTES)
        await self._check_links(uow, principal, content)
        topic_id, item_mentor_id = None, None
        if item_id is not None:
            item = await uow.content.get(item_id)
            if item is None or item.live is None:
                raise InvalidLink(details={"fields": {"item_id": InvalidLink.default_message}})
            topic_id, item_mentor_id = item.topic_id, item.mentor_id
        elif topic is not None:
            topic_id = (await uow.catalog.resolve(Topic, topic)).id
        if category is not None:
            chosen = await self._category(uow, category)
        else:
            chosen = await self._subject_category(uow, topic_id)
        thread, opening = Thread.start(
            category_id=chosen.id, author_id=principal.user_id, title=title, body=content,
            now=self._clock.now(), topic_id=topic_id, item_id=item_id,
            item_mentor_id=item_mentor_id)
        uow.forum.add_thread(thread, opening)
        return thread, opening

    @staticmethod
    async def _subject_category(uow: UnitOfWork, topic_id: UUID | None) -> ForumCategory:
        if topic_id is not None:
            topic = await uow.catalog.get_topic(topic_id)
            chapter = await uow.catalog.get_chapter(topic.chapter_id) if topic else None
            found = await uow.forum.category_for_subject(chapter.subject_id) if chapter else None
            if found is not None:
                return found
        raise ForumCategoryRequired(
            details={"fields": {"category": ForumCategoryRequired.default_message}})

    async def reply(self, principal: Principal, thread_id: UUID, body: str, *,
                    parent_id: UUID | None = None,
                    annotation_id: UUID | None = None) -> PostView:
        content = self._body(body)
        await self._spend(f"forum-posts:{principal.user_id}", POSTS_PER_TEN_MINUTES)
        async with self._uow() as uow:
            await self._check_links(uow, principal, content)
            thread = await self._readable_thread(uow, principal, thread_id)
            share = (await self._sharing.snapshot(uow, principal, annotation_id)
                     if annotation_id is not None else None)
            if thread.status is not PostStatus.VISIBLE:
                raise ThreadClosed()
            parent = None
            if parent_id is not None:
                parent = await uow.forum.post(parent_id)
                if parent is None or parent.thread_id != thread.id or not parent.visible_to(
                        principal.user_id, is_admin=principal.is_admin):
                    raise PostNotFound(details={"fields": {"parent_id": "No such post here."}})
            number = await uow.forum.next_post_number(thread.id)
            post = Post.reply(thread_id=thread.id, number=number, author_id=principal.user_id,
                              body=content, parent=parent, now=self._clock.now())
            uow.forum.add_post(post)
            if share is not None:
                share.forum_post_id = post.id
                uow.handwritten.add_share(share)
            await uow.commit()
            [view] = await self._views(uow, thread, [post], principal)
        return view

    async def edit(self, principal: Principal, post_id: UUID, body: str, *,
                   title: str | None = None) -> PostView:
        """The author rewrites their post (and, for an opening post, the thread's title);
        every earlier state stays in the post's history."""
        content = self._body(body)
        # Edits share the posting budget: every one of them is kept.
        await self._spend(f"forum-posts:{principal.user_id}", POSTS_PER_TEN_MINUTES)
        async with self._uow() as uow:
            await self._check_links(uow, principal, content)
            post = await self._post(uow, principal, post_id)
            thread = await uow.forum.thread(post.thread_id, for_update=True)
            if thread is None:
                raise PostNotFound()
            now = self._clock.now()
            changed_title = None
            if title is not None:
                if not post.is_opening:
                    raise InvalidPost(details={"fields": {
                        "title": "Only a thread's opening post has a title."}})
                if post.author_id == principal.user_id and not post.status.gone:
                    changed_title = thread.retitle(title, now)
            post.edit(principal.user_id, content, now, title=changed_title)
            await uow.commit()
            [view] = await self._views(uow, thread, [post], principal)
        return view

    async def delete(self, principal: Principal, post_id: UUID) -> None:
        """The author deletes their post; an opening post takes its thread with it."""
        async with self._uow() as uow:
            post = await self._post(uow, principal, post_id)
            thread = await uow.forum.thread(post.thread_id, for_update=True)
            if thread is None:
                raise PostNotFound()
            now = self._clock.now()
            post.delete(principal.user_id, now)
            if post.is_opening:
                thread.follow(post, now)
            thread.answer_gone(post, now)
            await uow.commit()

    async def vote(self, principal: Principal, post_id: UUID, value: int) -> VoteResult:
        check_vote(value)
        async with self._uow() as uow:
            post = await uow.forum.post(post_id)
            if post is None or not post.visible_to(principal.user_id,
                                                   is_admin=principal.is_admin):
                raise PostNotFound()
            try:
                await self._readable_thread(uow, principal, post.thread_id)
            except ThreadNotFound:
                raise PostNotFound() from None
            post.check_votable_by(principal.user_id)
            tally = await uow.forum.vote(post_id, principal.user_id, value, self._clock.now())
            await uow.commit()
        return VoteResult(post_id, tally.score, tally.upvotes, tally.downvotes, value)

    async def _accepter(self, uow: UnitOfWork, principal: Principal) -> Accepter:
        verified = False
        if principal.role is Role.MENTOR:
            author = (await uow.forum.authors([principal.user_id])).get(principal.user_id)
            verified = author is not None and author.verified_mentor
        return Accepter(principal.user_id, is_admin=principal.is_admin,
                        is_verified_mentor=verified)

    async def accept(self, principal: Principal, thread_id: UUID, post_id: UUID) -> ThreadView:
        async with self._uow() as uow:
            thread = await self._readable_thread(uow, principal, thread_id, for_update=True)
            post = await uow.forum.post(post_id)
            if post is None or post.thread_id != thread.id or not post.visible_to(
                    principal.user_id, is_admin=principal.is_admin):
                raise PostNotFound()
            thread.accept(post, await self._accepter(uow, principal), self._clock.now())
            await uow.commit()
            return await self._thread_view(uow, thread, principal)

    async def unaccept(self, principal: Principal, thread_id: UUID) -> ThreadView:
        async with self._uow() as uow:
            thread = await self._readable_thread(uow, principal, thread_id, for_update=True)
            thread.unaccept(await self._accepter(uow, principal), self._clock.now())
            await uow.commit()
            return await self._thread_view(uow, thread, principal)

    async def flag(self, principal: Principal, post_id: UUID, reason: str) -> bool:
        """Flags another person's post; returns True when the flag hid it (enough different
        people flagged it), until an administrator decides."""
        await self._spend(f"forum-flags:{principal.user_id}", FLAGS_PER_HOUR)
        async with self._uow() as uow:
            post = await self._post(uow, principal, post_id)
            now = self._clock.now()
            hidden = post.flag(principal.user_id, reason, now)
            if hidden:
                thread = await uow.forum.thread(post.thread_id, for_update=True)
                if thread is not None:
                    if post.is_opening:
                        thread.follow(post, now)
                    thread.answer_gone(post, now)
            self._audit(uow, Actor.of(principal), "post_flagged", "forum_post", post.id,
                        reason=post.flags[-1].reason, open_flags=post.open_flag_count)
            await uow.commit()
        return hidden

    async def watch(self, principal: Principal, thread_id: UUID, watching: bool) -> bool:
        async with self._uow() as uow:
            await self._readable_thread(uow, principal, thread_id)
            await uow.forum.set_watching(thread_id, principal.user_id, watching,
                                         self._clock.now())
            await uow.commit()
        return watching

    # -- administrators ----------------------------------------------------------------------

    async def _moderated_views(self, uow: UnitOfWork,
                               posts: Iterable[Post]) -> list[ModeratedPostView]:
        found = list(posts)
        people = {x.author_id for x in found} | {f.flagger_id for x in found for f in x.flags}
        authors = await uow.forum.authors(people)
        views = []
        for post in found:
            thread = await uow.forum.thread(post.thread_id)
            views.append(ModeratedPostView(
                post=post, thread_title=thread.title if thread else "",
                author=authors.get(post.author_id),
                flaggers={f.flagger_id: authors[f.flagger_id].name for f in post.flags
                          if f.flagger_id in authors}))
        return views

    async def moderation_queue(self, page: PageRequest) -> Page[ModeratedPostView]:
        """Flagged posts waiting for a decision: hidden ones first, then the longest
        waiting."""
        async with self._uow() as uow:
            found = await uow.forum.flagged(page)
            items = await self._moderated_views(uow, found.items)
        return Page(items=items, total=found.total, page=found.page, page_size=found.page_size)

    async def decide(self, actor: Actor, post_id: UUID, action: ModerationAction,
                     reason: str) -> ModeratedPostView:
        """An administrator's decision on a post; its reason reaches the author. ``suspend``
        also suspends the author's account (with the same reason)."""
        async with self._uow() as uow:
            post = await uow.forum.post(post_id, for_update=True)
            if post is None:
                raise PostNotFound()
            if action is ModerationAction.SUSPEND and post.author_id == actor.user_id:
                raise CannotModifySelf()
            thread = await uow.forum.thread(post.thread_id, for_update=True)
            if thread is None:
                raise PostNotFound()
            now = self._clock.now()
            post.moderate(action, reason, now)
            if post.is_opening:
                thread.follow(post, now)
            thread.answer_gone(post, now)
            self._audit(uow, actor, f"post_{action.value}", "forum_post", post.id,
                        reason=post.moderation_reason or "", author_id=str(post.author_id),
                        status=post.status.value)
            await uow.commit()
            [view] = await self._moderated_views(uow, [post])
        if action is ModerationAction.SUSPEND:
            await self._accounts.suspend(actor, post.author_id, post.moderation_reason or "")
        return view
