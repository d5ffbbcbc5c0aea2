"""Read-only queries behind discovery: suggestions while typing in the search box, the figures
and featured mentors of the landing page, and what each mentor has published."""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

# Suggestions are a handful per section: the box shows them, the results page shows the rest.
MAX_SUGGESTIONS = 5


@dataclass(frozen=True, slots=True)
class LessonSuggestion:
    """A live (approved) lesson: a note, question or simulation."""

    item_id: UUID
    title: str
    kind: str
    subject_slug: str
    topic_slug: str
    topic_name: str
    mentor_name: str


@dataclass(frozen=True, slots=True)
class CourseSuggestion:
    course_id: UUID
    title: str
    mentor_name: str


@dataclass(frozen=True, slots=True)
class MentorWork:
    """What a mentor has published: courses learners can open and live lessons."""

    courses: int = 0
    lessons: int = 0


@dataclass(frozen=True, slots=True)
class MentorSuggestion:
    """A verified mentor whose account is active."""

    mentor_id: UUID
    display_name: str
    headline: str
    work: MentorWork = MentorWork()


@dataclass(frozen=True, slots=True)
class Suggestions:
    lessons: list[LessonSuggestion] = field(default_factory=list)
    courses: list[CourseSuggestion] = field(default_factory=list)
    mentors: list[MentorSuggestion] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class FeaturedMentor:
    mentor_id: UUID
    display_name: str
    headline: str
    photo_key: str | None
    subjects: tuple[str, ...]
    rating_avg: float
    rating_count: int
    work: MentorWork


@dataclass(frozen=True, slots=True)
class Overview:
    verified_mentors: int
    live_lessons: int
    published_courses: int
    subjects: tuple[str, ...]  # the names of subjects with a live lesson, in catalog order
    featured: list[FeaturedMentor]


class DiscoveryQueries(Protocol):
    async def suggest(self, text: str, limit: int = MAX_SUGGESTIONS) -> Suggestions:
        """Up to ``limit`` of each: live lessons and published courses by title, verified
        mentors by name; typo tolerant (trigram similarity), best match first. ``text`` is
        already trimmed and non-empty."""
        ...

    async def work(self, mentor_ids: Collection[UUID]) -> dict[UUID, MentorWork]:
        """Published work of each of ``mentor_ids`` (zeros for a mentor without any)."""
        ...

    async def overview(self, featured: int) -> Overview:
        """Platform figures and up to ``featured`` verified mentors with published work, the
        most published first."""
        ...
