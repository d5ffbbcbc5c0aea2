"""Catalog use cases: anyone may read the tree; admins shape it (every change audited)."""

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from edu_core.application.actors import Actor
from edu_core.domain.audit import AuditEntry
from edu_core.domain.catalog import (
    CatalogNode,
    CatalogNodeInUse,
    CatalogNodeNotFound,
    Chapter,
    InvalidSiblingOrder,
    Subject,
    SubjectTree,
    Topic,
    validate_description,
    validate_name,
    validate_position,
    validate_slug,
)
from edu_core.domain.errors import InvalidInput
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

N = TypeVar("N", Subject, Chapter, Topic)


@dataclass(frozen=True)
class NodeChanges:
    name: str | None = None
    slug: str | None = None
    description: str | None = None
    position: int | None = None


@dataclass(frozen=True)
class ImportReport:
    created: int
    updated: int


class InvalidCatalogDocument(InvalidInput):
    code = "invalid_catalog_document"
    default_message = "The catalog document does not have the expected shape."


class CatalogService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def tree(self) -> list[SubjectTree]:
        async with self._uow() as uow:
            return await uow.catalog.tree()

    async def create_subject(self, actor: Actor, *, name: str, slug: str | None = None,
                             description: str = "", position: int = 0) -> Subject:
        subject = Subject.create(name=name, slug=slug, description=description,
                                 position=position)
        return await self._store(actor, "catalog.subject.create", subject)

    async def create_chapter(self, actor: Actor, subject_id: UUID, *, name: str,
                             slug: str | None = None, position: int = 0) -> Chapter:
        chapter = Chapter.create(subject_id=subject_id, name=name, slug=slug, position=position)
        return await self._store(actor, "catalog.chapter.create", chapter)

    async def create_topic(self, actor: Actor, chapter_id: UUID, *, name: str,
                           slug: str | None = None, description: str = "",
                           position: int = 0) -> Topic:
        topic = Topic.create(chapter_id=chapter_id, name=name, slug=slug,
                             description=description, position=position)
        return await self._store(actor, "catalog.topic.create", topic)

    async def update(self, actor: Actor, kind: type[CatalogNode], node_id: UUID,
                     changes: NodeChanges) -> CatalogNode:
        async with self._uow() as uow:
            node = await self._get(uow, kind, node_id)
            before = _snapshot(node)
            if changes.name is not None:
                node.name = validate_name(changes.name)
            if changes.slug is not None:
                node.slug = validate_slug(changes.slug, fallback_from=node.name)
            if changes.description is not None:
                if isinstance(node, Chapter):
                    raise InvalidInput("Chapters have no description.",
                                       details={"fields": {"description": "Not applicable."}})
                node.description = validate_description(changes.description)
            if changes.position is not None:
                node.position = validate_position(changes.position)
            await uow.catalog.save(node)
            self._audit(uow, actor, f"catalog.{_kind(node)}.update", node,
                        {"before": before, "after": _snapshot(node)})
            await uow.commit()
            return node

    async def delete(self, actor: Actor, kind: type[CatalogNode], node_id: UUID) -> None:
        async with self._uow() as uow:
            node = await self._get(uow, kind, node_id)
            usage = await uow.catalog.usage(node)
            if usage.in_use:
                raise CatalogNodeInUse.of(usage)
            await uow.catalog.delete(node)
            self._audit(uow, actor, f"catalog.{_kind(node)}.delete", node, _snapshot(node))
            await uow.commit()

    async def reorder(self, actor: Actor, kind: type[CatalogNode], parent_id: UUID | None,
                      ids: Sequence[UUID]) -> list[SubjectTree]:
        """Give the children of one parent positions 0..n-1 in the order of ``ids``, atomically.

        ``parent_id`` is ``None`` for subjects, a subject id for chapters and a chapter id for
        topics. ``ids`` must name every current sibling exactly once; otherwise nothing changes
        (``InvalidSiblingOrder``). An unknown parent is ``CatalogNodeNotFound``.
        """
        parent_kind: type[CatalogNode] | None = {Subject: None, Chapter: Subject,
                                                 Topic: Chapter}[kind]
        async with self._uow() as uow:
            parent: CatalogNode | None = None
            if parent_kind is not None:
                if parent_id is None:
                    raise CatalogNodeNotFound()
                parent = await self._get(uow, parent_kind, parent_id)
            siblings = await uow.catalog.children(kind, parent_id)
            _check_order(siblings, ids)
            by_id = {node.id: node for node in siblings}
            moved = 0
            for position, node_id in enumerate(ids):
                node = by_id[node_id]
                if node.position != position:
                    node.position = validate_position(position)
                    await uow.catalog.save(node)
                    moved += 1
            level = kind.__name__.lower()
            uow.audit.record(AuditEntry(
                actor_id=actor.user_id, action=f"catalog.{level}.reorder",
                target_type=_kind(parent) if parent is not None else "catalog",
                target_id=str(parent.id) if parent is not None else "catalog",
                occurred_at=self._clock.now(),
                details={"actor": actor.label, "kind": level, "moved": moved,
                         "before": [str(node.id) for node in siblings],
                         "after": [str(node_id) for node_id in ids]}))
            tree = await uow.catalog.tree()
            await uow.commit()
        return tree

    async def import_document(self, actor: Actor, document: Any) -> ImportReport:
        """Create or update subjects, chapters and topics matched by slug, in one transaction.

        Shape: ``{"subjects": [{"name", "slug"?, "description"?, "chapters": [{"name",
        "slug"?, "topics": [{"name", "slug"?, "description"?}]}]}]}``; positions follow the
        order in the document. Nothing is deleted.
        """
        subjects = _list(document, "subjects", "")
        created = updated = 0
        async with self._uow() as uow:
            for s_pos, raw_subject in enumerate(subjects):
                where = f"subjects[{s_pos}]"
                name = _text(raw_subject, "name", where)
                slug = validate_slug(_opt_text(raw_subject, "slug", where), fallback_from=name)
                subject = await uow.catalog.subject_by_slug(slug)
                desc = _opt_text(raw_subject, "description", where) or ""
                if subject is None:
                    subject = Subject.create(name=name, slug=slug, description=desc,
                                             position=s_pos)
                    created += 1
                else:
                    subject.name, subject.description = validate_name(name), desc
                    subject.position = s_pos
                    updated += 1
                await uow.catalog.save(subject)
                for c_pos, raw_chapter in enumerate(_list(raw_subject, "chapters", where)):
                    c_where = f"{where}.chapters[{c_pos}]"
                    c_name = _text(raw_chapter, "name", c_where)
                    c_slug = validate_slug(_opt_text(raw_chapter, "slug", c_where),
                                           fallback_from=c_name)
                    chapter = await uow.catalog.chapter_by_slug(subject.id, c_slug)
                    if chapter is None:
                        chapter = Chapter.create(subject_id=subject.id, name=c_name,
                                                 slug=c_slug, position=c_pos)
                        created += 1
                    else:
                        chapter.name, chapter.position = validate_name(c_name), c_pos
                        updated += 1
                    await uow.catalog.save(chapter)
                    for t_pos, raw_topic in enumerate(_list(raw_chapter, "topics", c_where)):
                        t_where = f"{c_where}.topics[{t_pos}]"
                        t_name = _text(raw_topic, "name", t_where)
                        t_slug = validate_slug(_opt_text(raw_topic, "slug", t_where),
                                               fallback_from=t_name)
                        t_desc = _opt_text(raw_topic, "description", t_where) or ""
                        topic = await uow.catalog.topic_by_slug(t_slug)
                        if topic is None:
                            topic = Topic.create(chapter_id=chapter.id, name=t_name,
                                                 slug=t_slug, description=t_desc,
                                                 position=t_pos)
                            created += 1
                        else:
                            topic.chapter_id, topic.position = chapter.id, t_pos
                            topic.name = validate_name(t_name)
                            topic.description = validate_description(t_desc)
                            updated += 1
                        await uow.catalog.save(topic)
            uow.audit.record(AuditEntry(
                actor_id=actor.user_id, action="catalog.import", target_type="catalog",
                target_id="catalog", occurred_at=self._clock.now(),
                details={"actor": actor.label, "created": created, "updated": updated}))
            await uow.commit()
        return ImportReport(created=created, updated=updated)

    async def _store(self, actor: Actor, action: str, node: N) -> N:
        async with self._uow() as uow:
            await uow.catalog.save(node)
            self._audit(uow, actor, action, node, _snapshot(node))
            await uow.commit()
        return node

    @staticmethod
    async def _get(uow: UnitOfWork, kind: type[CatalogNode], node_id: UUID) -> CatalogNode:
        getter = {Subject: uow.catalog.get_subject, Chapter: uow.catalog.get_chapter,
                  Topic: uow.catalog.get_topic}[kind]
        node = await getter(node_id)
        if node is None:
            raise CatalogNodeNotFound()
        return node

    def _audit(self, uow: UnitOfWork, actor: Actor, action: str, node: CatalogNode,
               details: Mapping[str, Any]) -> None:
        uow.audit.record(AuditEntry(
            actor_id=actor.user_id, action=action, target_type=_kind(node),
            target_id=str(node.id), occurred_at=self._clock.now(),
            details={"actor": actor.label, **details}))


def _kind(node: CatalogNode) -> str:
    return type(node).__name__.lower()


def _snapshot(node: CatalogNode) -> dict[str, Any]:
    return {k: (str(v) if isinstance(v, UUID) else v) for k, v in vars(node).items()}


def _check_order(siblings: Sequence[CatalogNode], ids: Sequence[UUID]) -> None:
    current = {node.id for node in siblings}
    wanted = set(ids)
    duplicates = sorted(str(i) for i, n in Counter(ids).items() if n > 1)
    missing = sorted(str(i) for i in current - wanted)
    unknown = sorted(str(i) for i in wanted - current)
    if duplicates or missing or unknown:
        raise InvalidSiblingOrder(details={"missing": missing, "unknown": unknown,
                                           "duplicates": duplicates})


def _bad(where: str, message: str) -> InvalidCatalogDocument:
    return InvalidCatalogDocument(f"{where or 'document'}: {message}",
                                  details={"path": where or "$"})


def _list(parent: Any, key: str, where: str) -> Sequence[Any]:
    if not isinstance(parent, dict):
        raise _bad(where, "expected an object")
    value = parent.get(key, [])
    if not isinstance(value, list):
        raise _bad(f"{where}.{key}".lstrip("."), "expected a list")
    return value


def _text(parent: Any, key: str, where: str) -> str:
    if not isinstance(parent, dict) or not isinstance(parent.get(key), str):
        raise _bad(where, f"'{key}' must be a string")
    value: str = parent[key]
    return value


def _opt_text(parent: Any, key: str, where: str) -> str | None:
    value = parent.get(key) if isinstance(parent, dict) else None
    if value is not None and not isinstance(value, str):
        raise _bad(where, f"'{key}' must be a string")
    return value
