"""Shapes of the subject catalog."""

from typing import Annotated, Any, ClassVar
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from edu_core.domain.catalog import Chapter, Subject, SubjectTree, Topic

Name = Annotated[str, Meta(min_length=1, max_length=120)]
Slug = Annotated[str, Meta(min_length=1, max_length=80, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
Description = Annotated[str, Meta(max_length=2000)]
Position = Annotated[int, Meta(ge=0, le=10_000)]


class TopicOut(msgspec.Struct):
    id: UUID
    chapter_id: UUID
    slug: str
    name: str
    description: str
    position: int

    @classmethod
    def of(cls, t: Topic) -> "TopicOut":
        return cls(id=t.id, chapter_id=t.chapter_id, slug=t.slug, name=t.name,
                   description=t.description, position=t.position)


class ChapterOut(msgspec.Struct):
    id: UUID
    subject_id: UUID
    slug: str
    name: str
    position: int
    topics: list[TopicOut]

    @classmethod
    def of(cls, c: Chapter, topics: tuple[Topic, ...] = ()) -> "ChapterOut":
        return cls(id=c.id, subject_id=c.subject_id, slug=c.slug, name=c.name,
                   position=c.position, topics=[TopicOut.of(t) for t in topics])


class SubjectOut(msgspec.Struct):
    id: UUID
    slug: str
    name: str
    description: str
    position: int
    chapters: list[ChapterOut]

    @classmethod
    def of(cls, s: Subject) -> "SubjectOut":
        return cls(id=s.id, slug=s.slug, name=s.name, description=s.description,
                   position=s.position, chapters=[])

    @classmethod
    def of_tree(cls, tree: SubjectTree) -> "SubjectOut":
        out = cls.of(tree.subject)
        out.chapters = [ChapterOut.of(c.chapter, c.topics) for c in tree.chapters]
        return out


class CatalogOut(msgspec.Struct):
    subjects: list[SubjectOut]


class SubjectIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "name": "Physics", "slug": "physics",
        "description": "Motion, energy, waves, electricity and the structure of matter.",
        "position": 0}

    name: Name
    slug: Slug | None = None
    description: Description = ""
    position: Position = 0


class ChapterIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"name": "Mechanics", "slug": "mechanics",
                                         "position": 0}

    name: Name
    slug: Slug | None = None
    position: Position = 0


class TopicIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "name": "Work, energy and power", "slug": "work-energy-power",
        "description": "Kinetic and potential energy, conservation of energy, power.",
        "position": 2}

    name: Name
    slug: Slug | None = None
    description: Description = ""
    position: Position = 0


class NodeUpdate(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "name": "Work, energy and power",
        "description": "Kinetic and potential energy, conservation of energy, power and "
                       "efficiency."}

    name: Name | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    description: Description | UnsetType = UNSET
    position: Position | UnsetType = UNSET


class ChapterUpdate(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"name": "Classical mechanics",
                                         "slug": "classical-mechanics"}

    name: Name | UnsetType = UNSET
    slug: Slug | UnsetType = UNSET
    position: Position | UnsetType = UNSET


MAX_SIBLINGS = 1000


class OrderIn(msgspec.Struct, forbid_unknown_fields=True):
    """Every child of one parent, in the wanted order (each id exactly once)."""

    EXAMPLE: ClassVar[dict[str, Any]] = {"ids": [
        "6a69eafc-7d63-4fa3-8211-848271d6de64", "3b9d7125-a2e9-4a66-9837-ec89ed4d6470",
        "e3e6f00e-0015-4f2a-a790-198f602a29df"]}

    ids: Annotated[list[UUID], Meta(max_length=MAX_SIBLINGS)]
