"""The subject catalog: subjects -> chapters -> topics, managed by admins.

Mentors say which topics they teach and content hangs off topics, so topics have a slug that is
unique across the whole catalog (URLs and search filters use it); a chapter's slug is unique
within its subject; a subject's slug is unique.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from uuid import UUID, uuid4

from edu_core.domain.errors import Conflict, InvalidInput, NotFound

MAX_NAME = 120
MAX_DESCRIPTION = 2000
MAX_SLUG = 80
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class InvalidSlug(InvalidInput):
    code = "invalid_slug"
    default_message = "Use lowercase letters, digits and single hyphens (at most 80 characters)."


class InvalidCatalogName(InvalidInput):
    code = "invalid_name"
    default_message = "Give a name of 1 to 120 characters."


class InvalidDescription(InvalidInput):
    code = "invalid_description"
    default_message = "Keep the description under 2000 characters."


class SlugTaken(Conflict):
    code = "slug_taken"
    default_message = "Another entry already uses this slug."


class CatalogNodeNotFound(NotFound):
    default_message = "No such subject, chapter or topic."


class InvalidSiblingOrder(InvalidInput):
    code = "invalid_sibling_order"
    default_message = ("List every entry of this level exactly once: no missing, unknown or "
                       "repeated ids.")


class UnknownCatalogFilter(InvalidInput):
    """A subject or topic named by slug or id (a search or list filter) that does not exist."""

    code = "unknown_catalog_filter"

    def __init__(self, field: str) -> None:
        message = f"No such {field} in the catalog."
        super().__init__(message, details={"fields": {field: message}})


@dataclass(frozen=True, slots=True)
class CatalogUsage:
    """What still hangs off a subject, chapter or topic: its own chapters and topics, and
    what refers to those topics (mentors teaching them, content filed under them, courses
    holding that content)."""

    chapters: int = 0
    topics: int = 0
    mentors: int = 0
    content_items: int = 0
    courses: int = 0

    @property
    def in_use(self) -> bool:
        return any((self.chapters, self.topics, self.mentors, self.content_items,
                    self.courses))

    def describe(self) -> str:
        counts = [(self.chapters, "chapter"), (self.topics, "topic"), (self.mentors, "mentor"),
                  (self.content_items, "content item"), (self.courses, "course")]
        parts = [f"{n} {noun}{'' if n == 1 else 's'}" for n, noun in counts if n]
        if not parts:
            return "nothing"
        return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


class CatalogNodeInUse(Conflict):
    code = "catalog_node_in_use"
    default_message = "Remove what it contains first."

    @classmethod
    def of(cls, usage: CatalogUsage) -> "CatalogNodeInUse":
        return cls(f"Still in use by {usage.describe()}: move or remove them first.",
                   details={"usage": {"chapters": usage.chapters, "topics": usage.topics,
                                      "mentors": usage.mentors,
                                      "content_items": usage.content_items,
                                      "courses": usage.courses}})


def parse_catalog_ref(ref: str, field: str) -> UUID | str:
    """A catalog reference as users and URLs write it: an id, or a slug in any letter case.
    Anything that can be neither raises ``UnknownCatalogFilter`` before a query is made."""
    text = ref.strip()
    try:
        return UUID(text)
    except ValueError:
        slug = text.lower()
        if len(slug) > MAX_SLUG or not _SLUG.match(slug):
            raise UnknownCatalogFilter(field) from None
        return slug


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:MAX_SLUG].rstrip("-")


def validate_slug(raw: str | None, *, fallback_from: str) -> str:
    slug = slugify(fallback_from) if raw is None or raw == "" else raw
    if not slug or len(slug) > MAX_SLUG or not _SLUG.match(slug):
        raise InvalidSlug(details={"fields": {"slug": InvalidSlug.default_message}})
    return slug


def validate_name(raw: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not 1 <= len(name) <= MAX_NAME or any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidCatalogName(details={"fields": {"name": InvalidCatalogName.default_message}})
    return name


def validate_description(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw).strip()
    if len(text) > MAX_DESCRIPTION or "\x00" in text:
        raise InvalidDescription(
            details={"fields": {"description": InvalidDescription.default_message}})
    return text


def validate_position(raw: int) -> int:
    if not 0 <= raw <= 10_000:
        raise InvalidInput("Positions run from 0 to 10000.",
                           details={"fields": {"position": "Use a number from 0 to 10000."}})
    return raw


@dataclass(kw_only=True)
class Subject:
    name: str
    slug: str
    description: str = ""
    position: int = 0
    id: UUID = field(default_factory=uuid4)

    @classmethod
    def create(cls, *, name: str, slug: str | None = None, description: str = "",
               position: int = 0) -> "Subject":
        clean = validate_name(name)
        return cls(name=clean, slug=validate_slug(slug, fallback_from=clean),
                   description=validate_description(description),
                   position=validate_position(position))


@dataclass(kw_only=True)
class Chapter:
    subject_id: UUID
    name: str
    slug: str
    position: int = 0
    id: UUID = field(default_factory=uuid4)

    @classmethod
    def create(cls, *, subject_id: UUID, name: str, slug: str | None = None,
               position: int = 0) -> "Chapter":
        clean = validate_name(name)
        return cls(subject_id=subject_id, name=clean,
                   slug=validate_slug(slug, fallback_from=clean),
                   position=validate_position(position))


@dataclass(kw_only=True)
class Topic:
    chapter_id: UUID
    name: str
    slug: str
    description: str = ""
    position: int = 0
    id: UUID = field(default_factory=uuid4)

    @classmethod
    def create(cls, *, chapter_id: UUID, name: str, slug: str | None = None,
               description: str = "", position: int = 0) -> "Topic":
        clean = validate_name(name)
        return cls(chapter_id=chapter_id, name=clean,
                   slug=validate_slug(slug, fallback_from=clean),
                   description=validate_description(description),
                   position=validate_position(position))


@dataclass(frozen=True)
class ChapterTree:
    chapter: Chapter
    topics: tuple[Topic, ...]


@dataclass(frozen=True)
class SubjectTree:
    subject: Subject
    chapters: tuple[ChapterTree, ...]


CatalogNode = Subject | Chapter | Topic


def assemble_tree(subject_list: list[Subject], chapter_list: list[Chapter],
                  topic_list: list[Topic]) -> list[SubjectTree]:
    """Nest ordered flat lists (each already sorted by position, name)."""
    topics_of: dict[UUID, list[Topic]] = {}
    for topic in topic_list:
        topics_of.setdefault(topic.chapter_id, []).append(topic)
    chapters_of: dict[UUID, list[ChapterTree]] = {}
    for chapter in chapter_list:
        chapters_of.setdefault(chapter.subject_id, []).append(
            ChapterTree(chapter, tuple(topics_of.get(chapter.id, ()))))
    return [SubjectTree(s, tuple(chapters_of.get(s.id, ()))) for s in subject_list]
