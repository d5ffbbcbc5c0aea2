"""Postgres repository of the subject catalog.

Writes run in a SAVEPOINT so a refused write (duplicate slug, missing parent, node in use)
becomes a domain error and leaves the surrounding transaction usable.
"""

from collections.abc import Collection
from dataclasses import asdict
from typing import Any
from uuid import UUID

from asyncpg.exceptions import (
    ForeignKeyViolationError,
    RestrictViolationError,
    UniqueViolationError,
)
from sqlalchemy import Table, bindparam, delete, distinct, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError

from adapters.db.connections import Session, among
from adapters.db.tables import (
    chapters,
    content_items,
    course_items,
    mentor_topics,
    subjects,
    topics,
)
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

_TABLES: dict[type, Table] = {Subject: subjects, Chapter: chapters, Topic: topics}
# What ``resolve`` reads, per kind and by id or slug.
_BY = {(kind, by): select(table).where(table.c[by] == bindparam("key"))
       for kind, table in _TABLES.items() for by in ("id", "slug")}
_TOPICS = (select(topics).where(among(topics.c.id))
           .order_by(topics.c.position, topics.c.name))


def _cause(exc: IntegrityError) -> BaseException | None:
    return getattr(exc.orig, "__cause__", None)


class PostgresCatalogRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def save(self, node: CatalogNode) -> None:
        table = _TABLES[type(node)]
        values = asdict(node)
        statement = insert(table).values(**values).on_conflict_do_update(
            index_elements=[table.c.id], set_={k: v for k, v in values.items() if k != "id"})
        try:
            async with self._s.begin_nested():
                await self._s.execute(statement)
        except IntegrityError as exc:
            cause = _cause(exc)
            if isinstance(cause, UniqueViolationError):
                raise SlugTaken(details={"fields": {"slug": SlugTaken.default_message}}) from exc
            if isinstance(cause, ForeignKeyViolationError):
                raise CatalogNodeNotFound("The parent does not exist.") from exc
            raise

    async def delete(self, node: CatalogNode) -> None:
        table = _TABLES[type(node)]
        try:
            async with self._s.begin_nested():
                await self._s.execute(delete(table).where(table.c.id == node.id))
        except IntegrityError as exc:
            # PostgreSQL reports an ON DELETE RESTRICT refusal as restrict_violation (23001)
            # since the 2025 minor releases, as foreign_key_violation (23503) before.
            if isinstance(_cause(exc), (ForeignKeyViolationError, RestrictViolationError)):
                raise CatalogNodeInUse() from exc
            raise

    async def usage(self, node: CatalogNode) -> CatalogUsage:
        if isinstance(node, Topic):
            topic_ids: Any = select(topics.c.id).where(topics.c.id == node.id)
            own_chapters = own_topics = 0
        else:
            under = (topics.c.chapter_id == node.id if isinstance(node, Chapter) else
                     topics.c.chapter_id.in_(select(chapters.c.id)
                                             .where(chapters.c.subject_id == node.id)))
            topic_ids = select(topics.c.id).where(under)
            own_topics = await self._count(select(func.count()).select_from(topics)
                                           .where(under))
            own_chapters = 0 if isinstance(node, Chapter) else await self._count(
                select(func.count()).select_from(chapters)
                .where(chapters.c.subject_id == node.id))
        items = select(content_items.c.id).where(content_items.c.topic_id.in_(topic_ids))
        return CatalogUsage(
            chapters=own_chapters, topics=own_topics,
            mentors=await self._count(
                select(func.count(distinct(mentor_topics.c.mentor_id)))
                .where(mentor_topics.c.topic_id.in_(topic_ids))),
            content_items=await self._count(
                select(func.count()).select_from(content_items)
                .where(content_items.c.topic_id.in_(topic_ids))),
            courses=await self._count(
                select(func.count(distinct(course_items.c.course_id)))
                .where(course_items.c.item_id.in_(items))))

    async def _count(self, statement: Any) -> int:
        return int((await self._s.execute(statement)).scalar_one())

    async def _one(self, table: Table, kind: type[Any], *where: Any) -> Any:
        row = (await self._s.execute(select(table).where(*where))).mappings().first()
        return kind(**row) if row is not None else None

    async def get_subject(self, subject_id: UUID) -> Subject | None:
        found: Subject | None = await self._one(subjects, Subject, subjects.c.id == subject_id)
        return found

    async def get_chapter(self, chapter_id: UUID) -> Chapter | None:
        found: Chapter | None = await self._one(chapters, Chapter, chapters.c.id == chapter_id)
        return found

    async def get_topic(self, topic_id: UUID) -> Topic | None:
        found: Topic | None = await self._one(topics, Topic, topics.c.id == topic_id)
        return found

    async def subject_by_slug(self, slug: str) -> Subject | None:
        found: Subject | None = await self._one(subjects, Subject, subjects.c.slug == slug)
        return found

    async def chapter_by_slug(self, subject_id: UUID, slug: str) -> Chapter | None:
        found: Chapter | None = await self._one(
            chapters, Chapter, chapters.c.subject_id == subject_id, chapters.c.slug == slug)
        return found

    async def topic_by_slug(self, slug: str) -> Topic | None:
        found: Topic | None = await self._one(topics, Topic, topics.c.slug == slug)
        return found

    async def resolve(self, kind: type[Referable], ref: str) -> Referable:
        level = kind.__name__.lower()
        key = parse_catalog_ref(ref, level)
        by = "id" if isinstance(key, UUID) else "slug"
        row = (await self._s.execute(_BY[kind, by], {"key": key})).mappings().first()
        found: Referable | None = kind(**row) if row is not None else None
        if found is None:
            raise UnknownCatalogFilter(level)
        return found

    async def topics(self, ids: Collection[UUID]) -> list[Topic]:
        if not ids:
            return []
        rows = (await self._s.execute(_TOPICS, {"ids": list(ids)})).mappings()
        return [Topic(**row) for row in rows]

    async def children(self, kind: type[CatalogNode], parent_id: UUID | None
                       ) -> list[CatalogNode]:
        table = _TABLES[kind]
        query = select(table)
        if kind is Chapter:
            query = query.where(table.c.subject_id == parent_id)
        elif kind is Topic:
            query = query.where(table.c.chapter_id == parent_id)
        query = query.order_by(table.c.position, table.c.name, table.c.id).with_for_update()
        rows = (await self._s.execute(query)).mappings()
        return [kind(**row) for row in rows]

    async def tree(self) -> list[SubjectTree]:
        async def all_of(table: Table, kind: type[Any]) -> list[Any]:
            rows = await self._s.execute(select(table).order_by(table.c.position, table.c.name))
            return [kind(**row) for row in rows.mappings()]

        subject_list: list[Subject] = await all_of(subjects, Subject)
        chapter_list: list[Chapter] = await all_of(chapters, Chapter)
        topic_list: list[Topic] = await all_of(topics, Topic)
        return assemble_tree(subject_list, chapter_list, topic_list)

