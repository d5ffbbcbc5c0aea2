"""The subject catalog (S4 of the marketplace): public tree, admin editing."""

from typing import Any
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT
from msgspec import UNSET

from adapters.http.access import PUBLIC, policy, provide_principal
from adapters.http.catalog.schemas import (
    CatalogOut,
    ChapterIn,
    ChapterOut,
    ChapterUpdate,
    NodeUpdate,
    OrderIn,
    SubjectIn,
    SubjectOut,
    TopicIn,
    TopicOut,
)
from adapters.http.conditional import CONDITIONAL_GET
from adapters.http.dependencies import provide_catalog
from adapters.http.errors import error_responses
from edu_core.application.actors import Actor, Principal
from edu_core.application.catalog import CatalogService, NodeChanges
from edu_core.domain.catalog import Chapter, Subject, SubjectTree, Topic
from edu_core.domain.identity import Role

ADMIN = policy(Role.ADMIN)
DEPENDENCIES = {"catalog": Provide(provide_catalog, sync_to_thread=False),
                "principal": Provide(provide_principal)}


def _changes(data: NodeUpdate | ChapterUpdate) -> NodeChanges:
    def given(name: str) -> Any:
        value = getattr(data, name, UNSET)
        return None if value is UNSET else value

    return NodeChanges(name=given("name"), slug=given("slug"),
                       description=given("description"), position=given("position"))


_ORDER_DESCRIPTION = (
    "`ids` lists every current child exactly once, in the wanted order; they get positions "
    "0, 1, 2, … in one transaction. A list with a missing, unknown or repeated id changes "
    "nothing and is refused with `invalid_sibling_order`. Returns the whole catalog.")


def _tree(trees: list[SubjectTree]) -> CatalogOut:
    return CatalogOut(subjects=[SubjectOut.of_tree(t) for t in trees])


class CatalogController(Controller):
    path = "/api/v1/catalog"
    tags = ["Catalog"]
    dependencies = {"catalog": Provide(provide_catalog, sync_to_thread=False)}

    @get("/", operation_id="getCatalog", summary="The whole catalog: subjects, chapters, topics",
         responses=error_responses(429), **CONDITIONAL_GET,
         **policy(PUBLIC, rate_limit="public"))
    async def tree(self, catalog: NamedDependency[CatalogService]) -> CatalogOut:
        return _tree(await catalog.tree())


class AdminCatalogController(Controller):
    path = "/api/v1/admin/catalog"
    tags = ["Admin: catalog"]
    dependencies = DEPENDENCIES

    @post("/subjects", operation_id="createSubject", summary="Add a subject",
          description="The slug is derived from the name when left out.",
          responses=error_responses(401, 403, 409, 422), **ADMIN)
    async def create_subject(self, catalog: NamedDependency[CatalogService],
                             principal: NamedDependency[Principal],
                             data: JSONBody[SubjectIn]) -> SubjectOut:
        subject = await catalog.create_subject(
            Actor.of(principal), name=data.name, slug=data.slug, description=data.description,
            position=data.position)
        return SubjectOut.of(subject)

    @put("/subjects/order", operation_id="reorderSubjects",
         summary="Put all subjects in a new order, atomically",
         description=_ORDER_DESCRIPTION, responses=error_responses(401, 403, 422), **ADMIN)
    async def reorder_subjects(self, catalog: NamedDependency[CatalogService],
                               principal: NamedDependency[Principal],
                               data: JSONBody[OrderIn]) -> CatalogOut:
        return _tree(await catalog.reorder(Actor.of(principal), Subject, None, data.ids))

    @patch("/subjects/{subject_id:uuid}", operation_id="updateSubject",
           summary="Rename, re-slug, describe or reorder a subject",
           responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def update_subject(self, catalog: NamedDependency[CatalogService],
                             principal: NamedDependency[Principal],
                             subject_id: FromPath[UUID], data: JSONBody[NodeUpdate]
                             ) -> SubjectOut:
        node = await catalog.update(Actor.of(principal), Subject, subject_id, _changes(data))
        assert isinstance(node, Subject)
        return SubjectOut.of(node)

    @delete("/subjects/{subject_id:uuid}", operation_id="deleteSubject",
            summary="Remove an empty subject", status_code=HTTP_204_NO_CONTENT,
            responses=error_responses(401, 403, 404, 409), **ADMIN)
    async def delete_subject(self, catalog: NamedDependency[CatalogService],
                             principal: NamedDependency[Principal],
                             subject_id: FromPath[UUID]) -> None:
        await catalog.delete(Actor.of(principal), Subject, subject_id)

    @post("/subjects/{subject_id:uuid}/chapters", operation_id="createChapter",
          summary="Add a chapter to a subject",
          responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def create_chapter(self, catalog: NamedDependency[CatalogService],
                             principal: NamedDependency[Principal],
                             subject_id: FromPath[UUID], data: JSONBody[ChapterIn]
                             ) -> ChapterOut:
        chapter = await catalog.create_chapter(Actor.of(principal), subject_id, name=data.name,
                                               slug=data.slug, position=data.position)
        return ChapterOut.of(chapter)

    @put("/subjects/{subject_id:uuid}/chapters/order", operation_id="reorderChapters",
         summary="Put all chapters of a subject in a new order, atomically",
         description=_ORDER_DESCRIPTION, responses=error_responses(401, 403, 404, 422),
         **ADMIN)
    async def reorder_chapters(self, catalog: NamedDependency[CatalogService],
                               principal: NamedDependency[Principal],
                               subject_id: FromPath[UUID], data: JSONBody[OrderIn]
                               ) -> CatalogOut:
        return _tree(await catalog.reorder(Actor.of(principal), Chapter, subject_id, data.ids))

    @patch("/chapters/{chapter_id:uuid}", operation_id="updateChapter",
           summary="Rename, re-slug or reorder a chapter",
           responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def update_chapter(self, catalog: NamedDependency[CatalogService],
                             principal: NamedDependency[Principal],
                             chapter_id: FromPath[UUID], data: JSONBody[ChapterUpdate]
                             ) -> ChapterOut:
        node = await catalog.update(Actor.of(principal), Chapter, chapter_id, _changes(data))
        assert isinstance(node, Chapter)
        return ChapterOut.of(node)

    @delete("/chapters/{chapter_id:uuid}", operation_id="deleteChapter",
            summary="Remove an empty chapter", status_code=HTTP_204_NO_CONTENT,
            responses=error_responses(401, 403, 404, 409), **ADMIN)
    async def delete_chapter(self, catalog: NamedDependency[CatalogService],
                             principal: NamedDependency[Principal],
                             chapter_id: FromPath[UUID]) -> None:
        await catalog.delete(Actor.of(principal), Chapter, chapter_id)

    @post("/chapters/{chapter_id:uuid}/topics", operation_id="createTopic",
          summary="Add a topic to a chapter",
          description="Topic slugs are unique across the whole catalog.",
          responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def create_topic(self, catalog: NamedDependency[CatalogService],
                           principal: NamedDependency[Principal],
                           chapter_id: FromPath[UUID], data: JSONBody[TopicIn]) -> TopicOut:
        topic = await catalog.create_topic(Actor.of(principal), chapter_id, name=data.name,
                                           slug=data.slug, description=data.description,
                                           position=data.position)
        return TopicOut.of(topic)

    @put("/chapters/{chapter_id:uuid}/topics/order", operation_id="reorderTopics",
         summary="Put all topics of a chapter in a new order, atomically",
         description=_ORDER_DESCRIPTION, responses=error_responses(401, 403, 404, 422),
         **ADMIN)
    async def reorder_topics(self, catalog: NamedDependency[CatalogService],
                             principal: NamedDependency[Principal],
                             chapter_id: FromPath[UUID], data: JSONBody[OrderIn]
                             ) -> CatalogOut:
        return _tree(await catalog.reorder(Actor.of(principal), Topic, chapter_id, data.ids))

    @patch("/topics/{topic_id:uuid}", operation_id="updateTopic",
           summary="Rename, re-slug, describe or reorder a topic",
           responses=error_responses(401, 403, 404, 409, 422), **ADMIN)
    async def update_topic(self, catalog: NamedDependency[CatalogService],
                           principal: NamedDependency[Principal],
                           topic_id: FromPath[UUID], data: JSONBody[NodeUpdate]) -> TopicOut:
        node = await catalog.update(Actor.of(principal), Topic, topic_id, _changes(data))
        assert isinstance(node, Topic)
        return TopicOut.of(node)

    @delete("/topics/{topic_id:uuid}", operation_id="deleteTopic",
            summary="Remove a topic nothing refers to", status_code=HTTP_204_NO_CONTENT,
            responses=error_responses(401, 403, 404, 409), **ADMIN)
    async def delete_topic(self, catalog: NamedDependency[CatalogService],
                           principal: NamedDependency[Principal],
                           topic_id: FromPath[UUID]) -> None:
        await catalog.delete(Actor.of(principal), Topic, topic_id)
