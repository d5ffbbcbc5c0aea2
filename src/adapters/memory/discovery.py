"""In-memory discovery queries over the fake store. Typo tolerance follows pg_trgm's word
similarity closely enough for the port's contract: trigrams of lowercased alphanumeric words
(padded like pg_trgm's), compared with the closest run of words in the title."""

import re
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, TypeVar
from uuid import UUID

from edu_core.domain.courses import CourseStatus
from edu_core.domain.identity import UserStatus
from edu_core.domain.mentors import MentorProfile, MentorStatus
from edu_core.ports.discovery import (
    CourseSuggestion,
    FeaturedMentor,
    LessonSuggestion,
    MentorSuggestion,
    MentorWork,
    Overview,
    Suggestions,
)

if TYPE_CHECKING:
    from adapters.memory.unit_of_work import MemoryStore

_WORD = re.compile(r"[^\W_]+")
T = TypeVar("T")
WORD_SIMILARITY_THRESHOLD = 0.6  # pg_trgm.word_similarity_threshold's default


def trigrams(words: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for word in words:
        padded = f"  {word} "
        found.update(padded[i:i + 3] for i in range(len(padded) - 2))
    return found


def word_similarity(text: str, title: str) -> float:
    wanted = trigrams(_WORD.findall(text.lower()))
    words = _WORD.findall(title.lower())
    if not wanted or not words:
        return 0.0
    size = len(_WORD.findall(text))
    best = 0
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + size + 1) + 1):
            best = max(best, len(wanted & trigrams(words[start:end])))
    return best / len(wanted)


def _score(text: str, title: str) -> float | None:
    """The ranking score of a match, None when ``title`` does not match ``text``."""
    score = word_similarity(text, title)
    if text.lower() in title.lower() or score > WORD_SIMILARITY_THRESHOLD:
        return score
    return None


def _best(found: list[tuple[float, str, T]], limit: int) -> list[T]:
    return [s for _, _, s in sorted(found, key=lambda f: (-f[0], f[1]))[:limit]]


class MemoryDiscoveryQueries:
    def __init__(self, store: "MemoryStore") -> None:
        self._store = store

    def _public_mentors(self) -> list[MentorProfile]:
        users = self._store.users
        return [p for p in self._store.mentors.values()
                if p.status is MentorStatus.VERIFIED and p.user_id in users
                and users[p.user_id].status is UserStatus.ACTIVE]

    def _name(self, user_id: UUID) -> str:
        user = self._store.users.get(user_id)
        return user.display_name if user is not None else ""

    async def suggest(self, text: str, limit: int = 5) -> Suggestions:
        catalog = self._store.catalog
        lessons: list[tuple[float, str, LessonSuggestion]] = []
        for item in self._store.content.values():
            live = item.live
            topic = catalog.topics.get(item.topic_id)
            if live is None or topic is None:
                continue
            score = _score(text, live.title)
            if score is None:
                continue
            subject = catalog.subjects[catalog.chapters[topic.chapter_id].subject_id]
            lessons.append((score, live.title, LessonSuggestion(
                item_id=item.id, title=live.title, kind=item.kind, subject_slug=subject.slug,
                topic_slug=topic.slug, topic_name=topic.name,
                mentor_name=self._name(item.mentor_id))))
        courses: list[tuple[float, str, CourseSuggestion]] = []
        for course in self._store.courses.courses.values():
            score = _score(text, course.title)
            if course.status is CourseStatus.PUBLISHED and score is not None:
                courses.append((score, course.title, CourseSuggestion(
                    course_id=course.id, title=course.title,
                    mentor_name=self._name(course.mentor_id))))
        mentors: list[tuple[float, str, MentorSuggestion]] = []
        public = self._public_mentors()
        work = await self.work([p.user_id for p in public])
        for profile in public:
            name = self._name(profile.user_id)
            score = _score(text, name)
            if score is not None:
                mentors.append((score, name, MentorSuggestion(
                    mentor_id=profile.user_id, display_name=name, headline=profile.headline,
                    work=work[profile.user_id])))
        return Suggestions(lessons=_best(lessons, limit), courses=_best(courses, limit),
                           mentors=_best(mentors, limit))

    async def work(self, mentor_ids: Collection[UUID]) -> dict[UUID, MentorWork]:
        return {i: MentorWork(
            courses=sum(1 for c in self._store.courses.courses.values()
                        if c.mentor_id == i and c.status is CourseStatus.PUBLISHED),
            lessons=sum(1 for c in self._store.content.values()
                        if c.mentor_id == i and c.live_version is not None))
            for i in set(mentor_ids)}

    async def overview(self, featured: int) -> Overview:
        catalog = self._store.catalog
        public = self._public_mentors()
        work = await self.work([p.user_id for p in public])
        live = [i for i in self._store.content.values() if i.live_version is not None]
        taught = {catalog.chapters[catalog.topics[i.topic_id].chapter_id].subject_id
                  for i in live}
        subjects = sorted((catalog.subjects[s] for s in taught),
                          key=lambda s: (s.position, s.name))
        ranked = sorted(public, key=lambda p: (
            -(work[p.user_id].courses + work[p.user_id].lessons), -p.rating_avg,
            -(p.verified_at.timestamp() if p.verified_at else 0.0), str(p.user_id)))
        return Overview(
            verified_mentors=len(public), live_lessons=len(live),
            published_courses=sum(1 for c in self._store.courses.courses.values()
                                  if c.status is CourseStatus.PUBLISHED),
            subjects=tuple(s.name for s in subjects),
            featured=[FeaturedMentor(
                mentor_id=p.user_id, display_name=self._name(p.user_id), headline=p.headline,
                photo_key=p.photo_key,
                subjects=tuple(sorted({
                    catalog.subjects[catalog.chapters[catalog.topics[t].chapter_id].subject_id]
                    .name for t in p.topic_ids if t in catalog.topics})),
                rating_avg=p.rating_avg, rating_count=p.rating_count, work=work[p.user_id])
                for p in ranked[:featured]])
