"""Persistence of the subject catalog (part of the unit of work)."""

from collections.abc import Collection
from typing import Protocol, TypeVar
from uuid import UUID

from edu_core.domain.catalog import (
    CatalogNode,
    CatalogUsage,
    Chapter,
    Subject,
    SubjectTree,
    Topic,
)

Referable = TypeVar("Referable", Subject, Topic)


class CatalogRepository(Protocol):
    async def save(self, node: CatalogNode) -> None:
        """Insert or update. Raises ``SlugTaken`` on a duplicate slug and
        ``CatalogNodeNotFound`` when the parent does not exist."""
        ...

    async def delete(self, node: CatalogNode) -> None:
        """Raises ``CatalogNodeInUse`` while anything refers to the node."""
        ...

    async def usage(self, node: CatalogNode) -> CatalogUsage:
        """What still refers to ``node`` and the topics under it (zeros when nothing)."""
        ...

    async def get_subject(self, subject_id: UUID) -> Subject | None: ...

    async def get_chapter(self, chapter_id: UUID) -> Chapter | None: ...

    async def get_topic(self, topic_id: UUID) -> Topic | None: ...

    async def subject_by_slug(self, slug: str) -> Subject | None: ...

    async def chapter_by_slug(self, subject_id: UUID, slug: str) -> Chapter | None: ...

    async def topic_by_slug(self, slug: str) -> Topic | None: ...

    async def resolve(self, kind: type[Referable], ref: str) -> Referable:
        """The subject or topic a slug or id names (the one way every filter and URL resolves
        one). Raises ``UnknownCatalogFilter`` (422) naming the level when nothing matches;
        callers resolving a path segment turn that into their own 404."""
        ...

    async def topics(self, ids: Collection[UUID]) -> list[Topic]:
        """The topics among ``ids`` that exist (unknown ids are simply absent)."""
        ...

    async def children(self, kind: type[CatalogNode], parent_id: UUID | None
                       ) -> list[CatalogNode]:
        """The nodes of ``kind`` under ``parent_id`` (``None`` for subjects; a subject id for
        chapters; a chapter id for topics), ordered by position then name. Postgres locks the
        rows until the end of the unit of work so concurrent reorders do not interleave."""
        ...

    async def tree(self) -> list[SubjectTree]:
        """The whole catalog, each level ordered by position then name."""
        ...
