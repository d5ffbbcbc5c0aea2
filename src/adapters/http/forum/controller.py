"""The forum over HTTP (S29-S31): reading is open to everyone, writing needs an account, and
administrators moderate flagged posts and shape the categories.

Live updates: a signed-in page subscribes to ``thread:<id>`` on the WebSocket gateway; every
new, edited, deleted, voted, accepted, hidden or moderated post arrives there as
``{"type": "forum.<event>", "thread_id", "post_id", ...}`` (ids only: re-fetch the posts).
"""

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post, put
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT
from msgspec import UNSET

from adapters.http.access import (
    AUTHENTICATED,
    OPTIONAL_SIGN_IN,
    policy,
    provide_principal,
    provide_viewer,
)
from adapters.http.content.image_links import ImageLinks, provide_image_links
from adapters.http.content.images import (
    Filename,
    _body,
    provide_content_images,
)
from adapters.http.content.schemas import ContentImageOut
from adapters.http.errors import error_responses
from adapters.http.forum.schemas import (
    AcceptIn,
    CategoryIn,
    CategoryOut,
    CategoryUpdate,
    DecisionIn,
    EditIn,
    FlagIn,
    FlagOut,
    ModeratedPostOut,
    ModeratedPostPage,
    OrderName,
    PostOut,
    PostStreamOut,
    PreviewIn,
    PreviewOut,
    ReplyIn,
    RevisionOut,
    RevisionPage,
    SortName,
    ThreadCountsOut,
    ThreadDetailOut,
    ThreadIn,
    ThreadOut,
    ThreadPage,
    VoteIn,
    VoteOut,
    WatchIn,
    WatchOut,
)
from adapters.http.mentors.uploads import BinaryUploadOperation
from edu_core.application.actors import Actor, Principal
from edu_core.application.content_images import KIND, ContentImages
from edu_core.application.forum import DEFAULT_POSTS_PER_PAGE, ForumService
from edu_core.domain.forum import ModerationAction, PostOrder, ThreadSort
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from edu_core.ports.forum import MAX_POSTS_PER_PAGE


def provide_forum(state: State) -> ForumService:
    service: ForumService = state.container.forum()
    return service


DEPENDENCIES = {"forum": Provide(provide_forum, sync_to_thread=False),
                "principal": Provide(provide_principal),
                "viewer": Provide(provide_viewer)}
ADMIN = policy(Role.ADMIN)
SIGNED_IN = policy(AUTHENTICATED, rate_limit="public")
Ref = Annotated[str | None, QueryParameter(min_length=1, max_length=80,
                                           description="A slug or an id.")]
Limit = Annotated[int, QueryParameter(ge=1, le=MAX_POSTS_PER_PAGE,
                                      description="Posts per page.")]
Start = Annotated[int | None, QueryParameter(ge=1, le=99_999_999, description=(
    "Start at this post number (a `#post-N` link), including it."))]
Order = Annotated[OrderName, QueryParameter(description=(
    "`threaded`: replies under what they answer (3 levels); `oldest`: flat, by number."))]

_THREAD_CODES = ("`forum_thread_not_found` (404) for a thread that does not exist or that "
                 "the caller may not read.")
_WRITE_CODES = ("`invalid_forum_post` (422) for an empty or oversized field; "
                "`forum_links_not_allowed_yet` (422): accounts younger than a day cannot post "
                "links off the platform; `rate_limited` (429) past 20 posts in 10 minutes.")


class ForumController(Controller):
    path = "/api/v1/forum"
    tags = ["Forum"]
    dependencies = DEPENDENCIES

    # -- reading ----------------------------------------------------------------------------

    @get("/categories", operation_id="listForumCategories",
         summary="The forum's categories, in order, with their thread counts",
         responses=error_responses(401, 429), **OPTIONAL_SIGN_IN)
    async def categories(self, forum: NamedDependency[ForumService]) -> list[CategoryOut]:
        return [CategoryOut.summary(x) for x in await forum.categories()]

    @get("/threads", operation_id="listForumThreads",
         summary="Threads, by latest activity, votes or unsolved first",
         description="Filters combine: a category (slug or id), a topic (slug or id: threads "
                     "about it or any of its items), an item, solved or not. "
                     "`forum_category_not_found` (404) and `unknown_catalog_filter` (422) "
                     "for a category or topic that does not exist.",
         responses=error_responses(401, 404, 422, 429), **OPTIONAL_SIGN_IN)
    async def threads(self, forum: NamedDependency[ForumService],
                      viewer: NamedDependency[Principal | None],
                      paging: NamedDependency[PageRequest], category: Ref = None,
                      topic: Ref = None,
                      item: Annotated[UUID | None, QueryParameter(
                          description="Threads about this content item.")] = None,
                      solved: Annotated[bool | None, QueryParameter(
                          description="Only solved (true) or unsolved (false) threads.")
                      ] = None,
                      sort: Annotated[SortName, QueryParameter()] = "activity") -> ThreadPage:
        found = await forum.threads(viewer, paging, category=category, topic=topic,
                                    item_id=item, solved=solved, sort=ThreadSort(sort))
        return ThreadPage.of(found, ThreadOut.of)

    @get("/counts", operation_id="countForumThreads",
         summary="How many threads a topic and each of its items have",
         description="For a topic page: the threads about the topic or any of its items, and "
                     "per item. `unknown_catalog_filter` (422) for an unknown topic.",
         responses=error_responses(401, 422, 429), **OPTIONAL_SIGN_IN)
    async def counts(self, forum: NamedDependency[ForumService],
                     topic: Annotated[str, QueryParameter(
                         min_length=1, max_length=80,
                         description="A topic's slug or id.")]) -> ThreadCountsOut:
        return ThreadCountsOut.of(await forum.thread_counts(topic))

    @get("/threads/{thread_id:uuid}", operation_id="getForumThread",
         summary="A thread, its accepted answer and its first posts",
         description=f"{_THREAD_CODES} `start` opens the page at a post number.",
         responses=error_responses(401, 404, 422, 429), **OPTIONAL_SIGN_IN)
    async def thread(self, forum: NamedDependency[ForumService],
                     viewer: NamedDependency[Principal | None], thread_id: FromPath[UUID],
                     order: Order = "threaded", start: Start = None,
                     limit: Limit = DEFAULT_POSTS_PER_PAGE) -> ThreadDetailOut:
        found = await forum.thread_page(viewer, thread_id, order=PostOrder(order), start=start,
                                        limit=limit)
        return ThreadDetailOut(thread=ThreadOut.of(found.thread),
                             accepted=PostOut.of(found.accepted) if found.accepted else None,
                             posts=PostStreamOut.of(found.posts))

    @get("/threads/{thread_id:uuid}/posts", operation_id="listForumPosts",
         summary="More of a thread's posts (keyset paging)",
         description=f"Pass the previous page's `next_cursor` as `cursor` with the same "
                     f"`order`; a cursor of another order is `invalid_forum_cursor` (422). "
                     f"{_THREAD_CODES}",
         responses=error_responses(401, 404, 422, 429), **OPTIONAL_SIGN_IN)
    async def posts(self, forum: NamedDependency[ForumService],
                    viewer: NamedDependency[Principal | None], thread_id: FromPath[UUID],
                    order: Order = "threaded",
                    cursor: Annotated[str | None, QueryParameter(
                        max_length=40, description="`next_cursor` of the previous page.")
                    ] = None,
                    start: Start = None,
                    limit: Limit = DEFAULT_POSTS_PER_PAGE) -> PostStreamOut:
        return PostStreamOut.of(await forum.posts(viewer, thread_id, order=PostOrder(order),
                                                  cursor=cursor, start=start, limit=limit))

    @get("/posts/{post_id:uuid}/revisions", operation_id="listForumPostRevisions",
         summary="A post's edit history, oldest first",
         description="`forum_post_not_found` (404) for a post the caller may not read.",
         responses=error_responses(401, 404, 429), **OPTIONAL_SIGN_IN)
    async def revisions(self, forum: NamedDependency[ForumService],
                        viewer: NamedDependency[Principal | None],
                        paging: NamedDependency[PageRequest],
                        post_id: FromPath[UUID]) -> RevisionPage:
        return RevisionPage.of(await forum.revisions(viewer, post_id, paging), RevisionOut.of)

    # -- writing ----------------------------------------------------------------------------

    @post("/threads", operation_id="createForumThread", status_code=201,
          summary="Start a thread, optionally about a topic or a lesson (\"Ask about this\")",
          description="Without `category`, the category mirroring the subject of the topic "
                      "or item is used (`forum_category_required` (422) when there is none). "
                      "`invalid_forum_link` (422) for an item that is not published; "
                      "`unknown_catalog_filter` (422) for an unknown topic; at most 10 new "
                      f"threads an hour. {_WRITE_CODES}",
          responses=error_responses(401, 403, 404, 422, 429), **SIGNED_IN)
    async def start_thread(self, forum: NamedDependency[ForumService],
                           principal: NamedDependency[Principal],
                           data: JSONBody[ThreadIn]) -> ThreadDetailOut:
        found = await forum.start_thread(principal, title=data.title, body=data.body,
                                         category=data.category, topic=data.topic,
                                         item_id=data.item_id, quote=data.quote,
                                         annotation_id=data.annotation_id)
        return ThreadDetailOut(thread=ThreadOut.of(found.thread), accepted=None,
                             posts=PostStreamOut.of(found.posts))

    @post("/threads/{thread_id:uuid}/posts", operation_id="replyToForumThread",
          status_code=201, summary="Reply to a thread or to one of its posts",
          description=f"{_THREAD_CODES} `forum_thread_closed` (409) once the thread was "
                      f"deleted; `forum_post_gone` (409) when the post answered was deleted. "
                      f"{_WRITE_CODES}",
          responses=error_responses(401, 403, 404, 409, 422, 429), **SIGNED_IN)
    async def reply(self, forum: NamedDependency[ForumService],
                    principal: NamedDependency[Principal], thread_id: FromPath[UUID],
                    data: JSONBody[ReplyIn]) -> PostOut:
        return PostOut.of(await forum.reply(principal, thread_id, data.body,
                                            parent_id=data.parent_id,
                                            annotation_id=data.annotation_id))

    @patch("/posts/{post_id:uuid}", operation_id="editForumPost",
           summary="Edit my post (its earlier text stays in its history)",
           description="`forum_not_your_post` (403) for someone else's post; "
                       "`forum_post_gone` (409) once it was deleted. `title` renames the "
                       f"thread (opening posts only). {_WRITE_CODES}",
           responses=error_responses(401, 403, 404, 409, 422, 429), **SIGNED_IN)
    async def edit(self, forum: NamedDependency[ForumService],
                   principal: NamedDependency[Principal], post_id: FromPath[UUID],
                   data: JSONBody[EditIn]) -> PostOut:
        return PostOut.of(await forum.edit(principal, post_id, data.body, title=data.title))

    @delete("/posts/{post_id:uuid}", operation_id="deleteForumPost",
            status_code=HTTP_204_NO_CONTENT, summary="Delete my post",
            description="A placeholder stays so replies keep their context; deleting a "
                        "thread's opening post deletes the thread. `forum_not_your_post` "
                        "(403) for someone else's post; `forum_post_gone` (409) twice.",
            responses=error_responses(401, 403, 404, 409, 429), **SIGNED_IN)
    async def delete_post(self, forum: NamedDependency[ForumService],
                          principal: NamedDependency[Principal],
                          post_id: FromPath[UUID]) -> None:
        await forum.delete(principal, post_id)

    @put("/posts/{post_id:uuid}/vote", operation_id="voteOnForumPost",
         summary="Vote a post up or down (one vote per person, changeable)",
         description="`forum_cannot_vote_own_post` (409); `forum_post_gone` (409) for a post "
                     "that is not visible.",
         responses=error_responses(401, 404, 409, 422, 429), **SIGNED_IN)
    async def vote(self, forum: NamedDependency[ForumService],
                   principal: NamedDependency[Principal], post_id: FromPath[UUID],
                   data: JSONBody[VoteIn]) -> VoteOut:
        result = await forum.vote(principal, post_id, data.value)
        return VoteOut(post_id=result.post_id, score=result.score, upvotes=result.upvotes,
                       downvotes=result.downvotes, my_vote=result.my_vote)

    @put("/threads/{thread_id:uuid}/accepted", operation_id="acceptForumAnswer",
         summary="Mark a reply as the thread's accepted answer",
         description="The thread's author, a verified mentor or an administrator "
                     "(`forum_accept_not_allowed` (403) for others); `forum_not_an_answer` "
                     "(409) for the opening post or a post that is not visible.",
         responses=error_responses(401, 403, 404, 409, 429), **SIGNED_IN)
    async def accept(self, forum: NamedDependency[ForumService],
                     principal: NamedDependency[Principal], thread_id: FromPath[UUID],
                     data: JSONBody[AcceptIn]) -> ThreadOut:
        return ThreadOut.of(await forum.accept(principal, thread_id, data.post_id))

    @delete("/threads/{thread_id:uuid}/accepted", operation_id="unacceptForumAnswer",
            status_code=200, summary="Take back the accepted answer",
            description="`forum_nothing_accepted` (409) when there is none.",
            responses=error_responses(401, 403, 404, 409, 429), **SIGNED_IN)
    async def unaccept(self, forum: NamedDependency[ForumService],
                       principal: NamedDependency[Principal],
                       thread_id: FromPath[UUID]) -> ThreadOut:
        return ThreadOut.of(await forum.unaccept(principal, thread_id))

    @post("/posts/{post_id:uuid}/flags", operation_id="flagForumPost", status_code=200,
          summary="Flag a post for the moderators",
          description="Three flags from different people hide the post until an administrator "
                      "decides. `forum_cannot_flag_own_post` (409); "
                      "`forum_post_already_flagged` (409) for a second flag; at most 20 flags "
                      "an hour (429).",
          responses=error_responses(401, 404, 409, 422, 429), **SIGNED_IN)
    async def flag(self, forum: NamedDependency[ForumService],
                   principal: NamedDependency[Principal], post_id: FromPath[UUID],
                   data: JSONBody[FlagIn]) -> FlagOut:
        return FlagOut(hidden=await forum.flag(principal, post_id, data.reason))

    @put("/threads/{thread_id:uuid}/watch", operation_id="watchForumThread",
         summary="Watch a thread, or mute it",
         description="Watchers, the thread's author and everyone who replied hear of new "
                     "posts (in the app, and by e-mail in hourly digests) unless they muted it.",
         responses=error_responses(401, 404, 429), **SIGNED_IN)
    async def watch(self, forum: NamedDependency[ForumService],
                    principal: NamedDependency[Principal], thread_id: FromPath[UUID],
                    data: JSONBody[WatchIn]) -> WatchOut:
        return WatchOut(watching=await forum.watch(principal, thread_id, data.watching))

    @post("/preview", operation_id="previewForumPost", status_code=200,
          summary="Render Markdown as a post would show it",
          description="The same renderer and sanitiser as a stored post: formulas, images "
                      "and links exactly as they will appear. At most 60 a minute.",
          responses=error_responses(401, 422, 429), **SIGNED_IN)
    async def preview(self, forum: NamedDependency[ForumService],
                      principal: NamedDependency[Principal],
                      data: JSONBody[PreviewIn]) -> PreviewOut:
        return PreviewOut(html=await forum.preview_for(principal, data.body))


class ForumImagesController(Controller):
    path = "/api/v1/forum/images"
    tags = ["Forum"]
    dependencies = {"content_images": Provide(provide_content_images, sync_to_thread=False),
                    "image_links": Provide(provide_image_links, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @post("/", operation_id="uploadForumImage", status_code=201,
          summary="Upload an image for a post (PNG, JPEG, WebP or GIF, up to 10 MB)",
          description="Checked and re-encoded like lesson images (metadata dropped). Put "
                      "`url` in the Markdown as `![description](url)`: the post keeps the "
                      "stable reference and every response signs it afresh. Codes: "
                      "`unsupported_file_type`, `empty_file`, `image_dimensions_too_large` "
                      "(422), `payload_too_large` (413), `rate_limited` (429).",
          operation_class=BinaryUploadOperation, request_max_body_size=KIND.policy.max_bytes,
          responses=error_responses(401, 403, 413, 422, 429),
          **policy(AUTHENTICATED, rate_limit="uploads"))
    async def upload(self, request: Request[Any, Any, Any],
                     content_images: NamedDependency[ContentImages],
                     image_links: NamedDependency[ImageLinks],
                     principal: NamedDependency[Principal],
                     filename: Filename = None) -> ContentImageOut:
        image = await content_images.upload_for_post(
            principal, _body(request), filename=filename,
            content_type=request.headers.get("content-type"))
        return ContentImageOut(key=image.key, url=await image_links.url(image.key),
                               width=image.width, height=image.height)


class AdminForumController(Controller):
    path = "/api/v1/admin/forum"
    tags = ["Admin: forum"]
    dependencies = DEPENDENCIES

    @get("/flags", operation_id="listFlaggedForumPosts",
         summary="Flagged posts waiting for a decision: hidden ones first, then the oldest",
         responses=error_responses(401, 403), **ADMIN)
    async def queue(self, forum: NamedDependency[ForumService],
                    paging: NamedDependency[PageRequest]) -> ModeratedPostPage:
        return ModeratedPostPage.of(await forum.moderation_queue(paging), ModeratedPostOut.of)

    @post("/posts/{post_id:uuid}/decision", operation_id="decideOnForumPost",
          status_code=200, summary="Decide on a post: restore, hide, delete, warn or suspend",
          description="Resolves every open flag; the reason reaches the author (in the app, "
                      "and by e-mail for hide, delete and warn; a suspension's notice carries "
                      "it). `forum_nothing_to_moderate` (409) when the decision changes "
                      "nothing; `cannot_modify_self` (409) to suspend oneself; "
                      "`invalid_forum_post` (422) without a reason.",
          responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def decide(self, forum: NamedDependency[ForumService],
                     principal: NamedDependency[Principal], post_id: FromPath[UUID],
                     data: JSONBody[DecisionIn]) -> ModeratedPostOut:
        return ModeratedPostOut.of(await forum.decide(
            Actor.of(principal), post_id, ModerationAction(data.action), data.reason))

    @post("/categories", operation_id="createForumCategory", status_code=201,
          summary="Add a category",
          description="`forum_category_slug_taken` (409); `invalid_slug`, "
                      "`invalid_catalog_name` (422); `unknown_catalog_filter` (422) for an "
                      "unknown subject.",
          responses=error_responses(401, 403, 409, 422), **ADMIN)
    async def create_category(self, forum: NamedDependency[ForumService],
                              principal: NamedDependency[Principal],
                              data: JSONBody[CategoryIn]) -> CategoryOut:
        return CategoryOut.of(await forum.create_category(
            Actor.of(principal), name=data.name, slug=data.slug, description=data.description,
            position=data.position, subject=data.subject))

    @patch("/categories/{category_id:uuid}", operation_id="updateForumCategory",
           summary="Rename, reorder or re-link a category",
           description="Only the fields sent change; `subject: null` stops mirroring one.",
           responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def update_category(self, forum: NamedDependency[ForumService],
                              principal: NamedDependency[Principal],
                              category_id: FromPath[UUID],
                              data: JSONBody[CategoryUpdate]) -> CategoryOut:
        def given(value: Any) -> Any:
            return None if value is UNSET else value

        return CategoryOut.of(await forum.update_category(
            Actor.of(principal), category_id, name=given(data.name), slug=given(data.slug),
            description=given(data.description), position=given(data.position),
            subject=given(data.subject), clear_subject=data.subject is None))

    @delete("/categories/{category_id:uuid}", operation_id="deleteForumCategory",
            status_code=HTTP_204_NO_CONTENT, summary="Remove an empty category",
            description="`forum_category_not_empty` (409) while it holds threads.",
            responses=error_responses(401, 403, 404, 409), **ADMIN)
    async def delete_category(self, forum: NamedDependency[ForumService],
                              principal: NamedDependency[Principal],
                              category_id: FromPath[UUID]) -> None:
        await forum.delete_category(Actor.of(principal), category_id)
