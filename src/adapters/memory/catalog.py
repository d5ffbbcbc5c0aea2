"""In-memory catalog repository: a private working copy per unit of work, published at
commit, with the same refusals as the Postgres adapter."""

import copy
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TypeVar
from uuid import UUID

from edu_core.domain.catalog import (
    CatalogNode,
    CatalogNodeInUse,
    CatalogNodeNotFound,
    CatalogUsage,
    Chapter,
    SlugTaken,
    Subject,
    SubjectTree,
    Topic,
    UnknownCatalogFilter,
    assemble_tree,
    parse_catalog_ref,
)
from edu_core.ports.catalog import Referable


@dataclass
class CatalogData:
    subjects: dict[UUID, Subject] = field(default_factory=dict)
    chapters: dict[UUID, Chapter] = field(default_factory=dict)
    topics: dict[UUID, Topic] = field(default_factory=dict)


N = TypeVar("N", Subject, Chapter, Topic)


def _ordered(items: Collection[N]) -> list[N]:
    return sorted(items, key=lambda n: (n.position, n.name))


@dataclass(frozen=True, slots=True)
class TopicUses:
    """What refers to a set of topics, as the rest of the memory store sees it."""

    mentors: int = 0
    content_items: int = 0
    courses: int = 0


def _no_uses(topic_ids: Collection[UUID]) -> TopicUses:
    return TopicUses()


class MemoryCatalogRepository:
    def __init__(self, published: CatalogData,
                 uses: Callable[[Collection[UUID]], TopicUses] = _no_uses) -> None:
        self._published = published
        self._uses = uses
        self.working: CatalogData | None = None

    @property
    def _data(self) -> CatalogData:
        if self.working is None:
            self.working = copy.deepcopy(self._published)
        return self.working

    async def save(self, node: CatalogNode) -> None:
        data = self._data
        node = copy.deepcopy(node)
        if isinstance(node, Subject):
            if any(s.slug == node.slug and s.id != node.id for s in data.subjects.values()):
                raise SlugTaken(details={"fields": {"slug": SlugTaken.default_message}})
            data.subjects[node.id] = node
        elif isinstance(node, Chapter):
            if node.subject_id not in data.subjects:
                raise CatalogNodeNotFound("The parent does not exist.")
            if any(c.slug == node.slug and c.subject_id == node.subject_id and c.id != node.id
                   for c in data.chapters.values()):
                raise SlugTaken(details={"fields": {"slug": SlugTaken.default_message}})
            data.chapters[node.id] = node
        else:
            if node.chapter_id not in data.chapters:
                raise CatalogNodeNotFound("The parent does not exist.")
            if any(t.slug == node.slug and t.id != node.id for t in data.topics.values()):
                raise SlugTaken(details={"fields": {"slug": SlugTaken.default_message}})
            data.topics[node.id] = node

    async def delete(self, node: CatalogNode) -> None:
        data = self._data
        if isinstance(node, Subject):
            if any(c.subject_id == node.id for c in data.chapters.values()):
                raise CatalogNodeInUse()
            data.subjects.pop(node.id, None)
        elif isinstance(node, Chapter):
            if any(t.chapter_id == node.id for t in data.topics.values()):
                raise CatalogNodeInUse()
            data.chapters.pop(node.id, None)
        else:
            data.topics.pop(node.id, None)

    async def usage(self, node: CatalogNode) -> CatalogUsage:
        data = self._data
        if isinstance(node, Topic):
            return self._with_uses(CatalogUsage(), [node.id])
        chapter_ids = ({node.id} if isinstance(node, Chapter) else
                       {c.id for c in data.chapters.values() if c.subject_id == node.id})
        topic_ids = [t.id for t in data.topics.values() if t.chapter_id in chapter_ids]
        return self._with_uses(CatalogUsage(
            chapters=0 if isinstance(node, Chapter) else len(chapter_ids),
            topics=len(topic_ids)), topic_ids)

    def _with_uses(self, usage: CatalogUsage, topic_ids: Collection[UUID]) -> CatalogUsage:
        uses = self._uses(topic_ids)
        return CatalogUsage(chapters=usage.chapters, topics=usage.topics, mentors=uses.mentors,
                            content_items=uses.content_items, courses=uses.courses)

    async def get_subject(self, subject_id: UUID) -> Subject | None:
        return copy.deepcopy(self._data.subjects.get(subject_id))

    async def get_chapter(self, chapter_id: UUID) -> Chapter | None:
        return copy.deepcopy(self._data.chapters.get(chapter_id))

    async def get_topic(self, topic_id: UUID) -> Topic | None:
        return copy.deepcopy(self._data.topics.get(topic_id))

    async def subject_by_slug(self, slug: str) -> Subject | None:
        return next((copy.deepcopy(s) for s in self._data.subjects.values() if s.slug == slug),
                    None)

    async def chapter_by_slug(self, subject_id: UUID, slug: str) -> Chapter | None:
        return next((copy.deepcopy(c) for c in self._data.chapters.values()
                     if c.subject_id == subject_id and c.slug == slug), None)

    async def topic_by_slug(self, slug: str) -> Topic | None:
        return next((copy.deepcopy(t) for t in self._data.topics.values() if t.slug == slug),
                    None)

    async def resolve(self, kind: type[Referable], ref: str) -> Referable:
        level = kind.__name__.lower()
        key = parse_catalog_ref(ref, level)
        nodes = self._data.subjects if kind is Subject else self._data.topics
        found = next((n for n in nodes.values()
                      if (n.id if isinstance(key, UUID) else n.slug) == key), None)
        if not isinstance(found, kind):  # None, or (never) a node of the other kind
            raise UnknownCatalogFilter(level)
        return copy.deepcopy(found)

    async def topics(self, ids: Collection[UUID]) -> list[Topic]:
        wanted = set(ids)
        return copy.deepcopy(_ordered([t for t in self._data.topics.values() if t.id in wanted]))

    async def children(self, kind: type[CatalogNode], parent_id: UUID | None
                       ) -> list[CatalogNode]:
        data = self._data
        found: list[CatalogNode]
        if kind is Subject:
            found = list(_ordered(data.subjects.values()))
        elif kind is Chapter:
            found = list(_ordered([c for c in data.chapters.values()
                                   if c.subject_id == parent_id]))
        else:
            found = list(_ordered([t for t in data.topics.values()
                                   if t.chapter_id == parent_id]))
        return copy.deepcopy(found)

    async def tree(self) -> list[SubjectTree]:
        data = self._data
        return copy.deepcopy(assemble_tree(_ordered(data.subjects.values()),
                                           _ordered(data.chapters.values()),
                                           _ordered(data.topics.values())))
