"""Content routes: the mentor workspace, admin moderation, and learning (S13-S15, S19, S34)."""

from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.catalog.schemas import TopicOut
from adapters.http.conditional import CONDITIONAL_GET
from adapters.http.content.bodies import answered, submitted
from adapters.http.content.diff_schemas import DiffOut
from adapters.http.content.schemas import (
    ApproveIn,
    AttemptHelpOut,
    AttemptIn,
    AttemptList,
    AttemptOut,
    ContentCreate,
    ContentItemOut,
    ContentPage,
    ContentSave,
    ContentStatusName,
    ContentSummaryOut,
    LearnerContentOut,
    RejectContentIn,
    RevertIn,
    TopicContentPage,
    VersionList,
    VersionOut,
    VersionSummaryOut,
)
from adapters.http.dependencies import provide_content
from adapters.http.errors import error_responses
from edu_core.application.actors import Actor, Principal
from edu_core.application.content import ContentService
from edu_core.domain.content import ContentKindName, ContentStatus
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest

AUTHORS = policy([Role.MENTOR, Role.ADMIN])
ADMIN = policy(Role.ADMIN)
DEPENDENCIES = {"content": Provide(provide_content, sync_to_thread=False),
                "principal": Provide(provide_principal)}
Version = Annotated[int, QueryParameter(ge=1, le=1_000_000)]
CatalogRef = Annotated[str | None, QueryParameter(
    min_length=1, max_length=80, description="A slug or an id.")]
StatusFilter = Annotated[ContentStatusName | None, QueryParameter()]
KindFilter = Annotated[ContentKindName | None, QueryParameter()]
SAVE_CODES = ("`concurrent_modification` (409) when `base_version` is not the newest version; "
              "`content_under_review` (409) while pending; `invalid_content`, "
              "`simulation_host_not_allowed` (422) for a body the kind refuses; "
              "`content_kind_mismatch` (422) for a body of another kind than the item.")


class MyContentController(Controller):
    path = "/api/v1/mentor/content"
    tags = ["Mentor content"]
    dependencies = DEPENDENCIES

    @get("/", operation_id="listMyContent",
         summary="My content items with their review status, most recently changed first",
         description="Admins see every mentor's items.",
         responses=error_responses(401, 403), **AUTHORS)
    async def list_items(self, paging: NamedDependency[PageRequest],
                         content: NamedDependency[ContentService],
                         principal: NamedDependency[Principal], status: StatusFilter = None,
                         kind: KindFilter = None,
                         topic_id: Annotated[UUID | None, QueryParameter()] = None) -> ContentPage:
        found = await content.my_items(principal, paging,
                                       status=ContentStatus(status) if status else None,
                                       kind=kind, topic_id=topic_id)
        return ContentPage.of(found, ContentSummaryOut.of)

    @post("/", operation_id="createContent", summary="Write a new item (version 1, a draft)",
          description="Codes: `unknown_topic`, `invalid_content`, "
                      "`simulation_host_not_allowed`, `content_kind_mismatch` (422).",
          responses=error_responses(401, 403, 422), **policy(Role.MENTOR))
    async def create(self, content: NamedDependency[ContentService],
                     principal: NamedDependency[Principal],
                     data: JSONBody[ContentCreate]) -> ContentItemOut:
        view = await content.create(principal, topic_id=data.topic_id, kind=data.kind,
                                    title=data.title, body=submitted(data.body),
                                    change_summary=data.change_summary)
        return ContentItemOut.of_view(view)

    @get("/{item_id:uuid}", operation_id="getMyContent",
         summary="One of my items: its newest version and the live one",
         responses=error_responses(401, 403, 404), **AUTHORS)
    async def get_item(self, content: NamedDependency[ContentService],
                       principal: NamedDependency[Principal],
                       item_id: FromPath[UUID]) -> ContentItemOut:
        return ContentItemOut.of_view(await content.item(principal, item_id))

    @post("/{item_id:uuid}/versions", operation_id="saveContentVersion", status_code=200,
          summary="Save a new version of my item",
          description="Every save is a new, immutable version; a save identical to the newest "
                      "version changes nothing. Editing an approved item makes a draft while "
                      "the approved version stays live. " + SAVE_CODES,
          responses=error_responses(401, 403, 404, 409, 422), **AUTHORS)
    async def save(self, content: NamedDependency[ContentService],
                   principal: NamedDependency[Principal], item_id: FromPath[UUID],
                   data: JSONBody[ContentSave]) -> ContentItemOut:
        view = await content.save(principal, item_id, base_version=data.base_version,
                                  title=data.title, body=submitted(data.body),
                                  change_summary=data.change_summary)
        return ContentItemOut.of_view(view)

    @get("/{item_id:uuid}/versions", operation_id="listContentVersions",
         summary="Every version of my item, newest first",
         responses=error_responses(401, 403, 404), **AUTHORS)
    async def versions(self, content: NamedDependency[ContentService],
                       principal: NamedDependency[Principal],
                       item_id: FromPath[UUID]) -> VersionList:
        item, versions = await content.versions(principal, item_id)
        return VersionList(item_id=item.id, latest_version=item.latest.number,
                           live_version=item.live_version,
                           items=[VersionSummaryOut.of(item, v) for v in versions])

    @get("/{item_id:uuid}/versions/{number:int}", operation_id="getContentVersion",
         summary="One version of my item",
         responses=error_responses(401, 403, 404), **AUTHORS)
    async def version(self, content: NamedDependency[ContentService],
                      principal: NamedDependency[Principal], item_id: FromPath[UUID],
                      number: FromPath[int]) -> VersionOut:
        return VersionOut.of(await content.version(principal, item_id, number))

    @get("/{item_id:uuid}/diff", operation_id="diffContentVersions",
         summary="What changed between two versions, block by block",
         responses=error_responses(401, 403, 404), **AUTHORS)
    async def diff(self, content: NamedDependency[ContentService],
                   principal: NamedDependency[Principal], item_id: FromPath[UUID],
                   from_version: Annotated[int, QueryParameter(name="from", ge=1,
                                                               le=1_000_000)],
                   to_version: Annotated[int, QueryParameter(name="to", ge=1,
                                                             le=1_000_000)]) -> DiffOut:
        return DiffOut.of(await content.diff(principal, item_id, from_version, to_version))

    @post("/{item_id:uuid}/revert", operation_id="revertContent", status_code=200,
          summary="Restore an earlier version (saved as a new version)",
          description=SAVE_CODES, responses=error_responses(401, 403, 404, 409, 422),
          **AUTHORS)
    async def revert(self, content: NamedDependency[ContentService],
                     principal: NamedDependency[Principal], item_id: FromPath[UUID],
                     data: JSONBody[RevertIn]) -> ContentItemOut:
        view = await content.revert(principal, item_id, to_version=data.to_version,
                                    base_version=data.base_version)
        return ContentItemOut.of_view(view)

    @post("/{item_id:uuid}/submit", operation_id="submitContent", status_code=200,
          summary="Send my newest version for review",
          description="Only a draft or a rejected item (`invalid_content_transition`, 409), "
                      "and only by a verified mentor (`mentor_not_verified`, 403).",
          responses=error_responses(401, 403, 404, 409), **AUTHORS)
    async def submit(self, content: NamedDependency[ContentService],
                     principal: NamedDependency[Principal],
                     item_id: FromPath[UUID]) -> ContentItemOut:
        return ContentItemOut.of_view(await content.submit(principal, item_id))

    @post("/{item_id:uuid}/withdraw", operation_id="withdrawContent", status_code=200,
          summary="Take my pending item back out of review (a draft again)",
          description="Only a pending item (`invalid_content_transition`, 409). The live "
                      "version, if any, stays live.",
          responses=error_responses(401, 403, 404, 409), **AUTHORS)
    async def withdraw(self, content: NamedDependency[ContentService],
                       principal: NamedDependency[Principal],
                       item_id: FromPath[UUID]) -> ContentItemOut:
        return ContentItemOut.of_view(await content.withdraw(principal, item_id))


class AdminContentController(Controller):
    path = "/api/v1/admin/content"
    tags = ["Admin: content"]
    dependencies = DEPENDENCIES

    @get("/", operation_id="listContentForReview",
         summary="The moderation queue, oldest submission first",
         description="Defaults to pending items; `status=any` lists every item. `subject` and "
                     "`topic` take a slug or an id (`unknown_catalog_filter`, 422, when the "
                     "catalog has no such entry); `waiting_days` keeps items submitted at "
                     "least that many days ago.",
         responses=error_responses(401, 403, 422), **ADMIN)
    async def queue(
        self, paging: NamedDependency[PageRequest], content: NamedDependency[ContentService],
        status: Annotated[ContentStatusName | Literal["any"], QueryParameter()] = "pending",
        kind: KindFilter = None, subject: CatalogRef = None, topic: CatalogRef = None,
        mentor: Annotated[UUID | None, QueryParameter()] = None,
        waiting_days: Annotated[int | None, QueryParameter(ge=1, le=365)] = None,
    ) -> ContentPage:
        wanted = None if status == "any" else ContentStatus(status)
        found = await content.queue(paging, status=wanted, kind=kind,
                                    subject=subject, topic=topic, mentor_id=mentor,
                                    waiting_days=waiting_days)
        return ContentPage.of(found, ContentSummaryOut.of)

    @get("/{item_id:uuid}", operation_id="getContentForReview",
         summary="Preview an item: the version under review and the live one",
         responses=error_responses(401, 403, 404), **ADMIN)
    async def preview(self, content: NamedDependency[ContentService],
                      item_id: FromPath[UUID]) -> ContentItemOut:
        return ContentItemOut.of_view(await content.review(item_id))

    @get("/{item_id:uuid}/diff", operation_id="diffContentForReview",
         summary="What approving would change: the live version against the newest",
         responses=error_responses(401, 403, 404), **ADMIN)
    async def diff(self, content: NamedDependency[ContentService],
                   item_id: FromPath[UUID]) -> DiffOut:
        return DiffOut.of(await content.review_diff(item_id))

    @post("/{item_id:uuid}/approve", operation_id="approveContent", status_code=200,
          summary="Approve the pending version: learners see it from now on",
          description="`version` must be the pending one the reviewer saw "
                      "(`concurrent_modification`, 409).",
          responses=error_responses(401, 403, 404, 409), **ADMIN)
    async def approve(self, content: NamedDependency[ContentService],
                      principal: NamedDependency[Principal], item_id: FromPath[UUID],
                      data: JSONBody[ApproveIn]) -> ContentItemOut:
        view = await content.approve(Actor.of(principal), item_id, data.version)
        return ContentItemOut.of_view(view)

    @post("/{item_id:uuid}/reject", operation_id="rejectContent", status_code=200,
          summary="Reject the pending version with feedback the mentor can act on",
          responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def reject(self, content: NamedDependency[ContentService],
                     principal: NamedDependency[Principal], item_id: FromPath[UUID],
                     data: JSONBody[RejectContentIn]) -> ContentItemOut:
        view = await content.reject(Actor.of(principal), item_id, data.version, data.feedback)
        return ContentItemOut.of_view(view)


class LearningContentController(Controller):
    path = "/api/v1"
    tags = ["Learning"]
    dependencies = DEPENDENCIES

    @get("/topics/{topic:str}/content", operation_id="listTopicContent",
         summary="The approved content of a topic (slug or id), in reading order",
         description="Questions come without their answers.",
         responses=error_responses(401, 404), **policy(AUTHENTICATED))
    async def topic_content(self, paging: NamedDependency[PageRequest],
                            content: NamedDependency[ContentService],
                            topic: Annotated[str, PathParameter(
                                min_length=1, max_length=80,
                                description="A topic's slug or id.")]) -> TopicContentPage:
        found_topic, found = await content.topic_content(topic, paging)
        return TopicContentPage.of(found, LearnerContentOut.of,
                                     topic=TopicOut.of(found_topic))

    @get("/content/{item_id:uuid}", operation_id="getContent",
         summary="An approved item as learners see it",
         responses=error_responses(401, 404), **CONDITIONAL_GET,
         **policy(AUTHENTICATED))
    async def get_item(self, content: NamedDependency[ContentService],
                       item_id: FromPath[UUID]) -> LearnerContentOut:
        return LearnerContentOut.of(await content.learner_item(item_id))

    @post("/content/{item_id:uuid}/attempts", operation_id="answerQuestion", status_code=201,
          summary="Answer a question: the attempt is kept; the result says whether it was "
                  "right (with the explanation only when it was)",
          description="A wrong answer does not reveal the answer: ask for hints or the "
                      "solution on the attempt. Codes: `not_a_question`, `invalid_answer`, "
                      "`answer_type_mismatch` (422).",
          responses=error_responses(401, 403, 404, 422), **policy(AUTHENTICATED))
    async def attempt(self, content: NamedDependency[ContentService],
                      principal: NamedDependency[Principal], item_id: FromPath[UUID],
                      data: JSONBody[AttemptIn]) -> AttemptOut:
        result = await content.attempt(principal, item_id, answer=answered(data.answer),
                                       time_taken_ms=data.time_taken_ms)
        return AttemptOut.of(result)

    @get("/content/{item_id:uuid}/attempts", operation_id="listMyAttempts",
         summary="My attempts at a question, newest first",
         responses=error_responses(401, 404), **policy(AUTHENTICATED))
    async def attempts(self, content: NamedDependency[ContentService],
                       principal: NamedDependency[Principal],
                       item_id: FromPath[UUID]) -> AttemptList:
        found = await content.my_attempts(principal, item_id)
        return AttemptList(items=[AttemptOut.of_attempt(a) for a in found])

    @post("/content/{item_id:uuid}/attempts/{attempt_id:uuid}/hints", operation_id="revealHint",
          status_code=200, summary="Reveal the next hint for my attempt (recorded on it)",
          description="Hints come one at a time, in the mentor's order; the answer lists every "
                      "hint revealed so far. `no_more_hints` (409) once all are shown.",
          responses=error_responses(401, 404, 409, 422), **policy(AUTHENTICATED))
    async def reveal_hint(self, content: NamedDependency[ContentService],
                          principal: NamedDependency[Principal], item_id: FromPath[UUID],
                          attempt_id: FromPath[UUID]) -> AttemptHelpOut:
        return AttemptHelpOut.of(await content.reveal_hint(principal, item_id, attempt_id))

    @post("/content/{item_id:uuid}/attempts/{attempt_id:uuid}/solution",
          operation_id="showSolution", status_code=200,
          summary="Show the worked solution for my attempt (recorded on it)",
          description="The explanation and the correct answer; asking again changes nothing.",
          responses=error_responses(401, 404, 422), **policy(AUTHENTICATED))
    async def show_solution(self, content: NamedDependency[ContentService],
                            principal: NamedDependency[Principal], item_id: FromPath[UUID],
                            attempt_id: FromPath[UUID]) -> AttemptHelpOut:
        return AttemptHelpOut.of(await content.show_solution(principal, item_id, attempt_id))

