"""Discovery read queries in SQL: trigram suggestions for the search box (GIN ``gin_trgm_ops``
indexes on live lesson titles, published course titles and user names), the landing page's
figures and featured mentors, and each mentor's published work."""

from collections.abc import Collection
from typing import Any
from uuid import UUID

from sqlalchemy import Float, and_, cast, func, literal, or_, select, union_all
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.types import String

from adapters.db.connections import Database, Session, among
from adapters.db.identity_repository import escape_like
from adapters.db.tables import (
    chapters,
    content_items,
    content_search,
    courses,
    mentor_profiles,
    mentor_topics,
    subjects,
    topics,
    users,
)
from edu_core.ports.discovery import (
    CourseSuggestion,
    FeaturedMentor,
    LessonSuggestion,
    MentorSuggestion,
    MentorWork,
    Overview,
    Suggestions,
)

cs, mp, u = content_search, mentor_profiles, users
PUBLISHED = courses.c.status == "published"
LIVE_ITEM = content_items.c.live_version.is_not(None)


def _matches(column: Any, text: str) -> tuple[Any, Any]:
    """(where, score): a substring, or a word of ``column`` close to ``text`` (pg_trgm's word
    similarity, so "newtn" finds "Newton's laws"); both answered by the trigram index."""
    where = or_(column.ilike(f"%{escape_like(text)}%", escape="\\"), column.op("%>")(text))
    return where, func.word_similarity(text, column)


def _public_mentor() -> Any:
    return and_(mp.c.status == "verified", u.c.status == "active")


def course_count(mentor: Any) -> Any:
    return (select(func.count()).select_from(courses)
            .where(PUBLISHED, courses.c.mentor_id == mentor).scalar_subquery())


def lesson_count(mentor: Any) -> Any:
    return (select(func.count()).select_from(content_items)
            .where(LIVE_ITEM, content_items.c.mentor_id == mentor).scalar_subquery())


def _subject_names(mentor: Any) -> Any:
    return (
        select(func.coalesce(func.array_agg(func.distinct(subjects.c.name)),
                             cast([], ARRAY(String))))
        .select_from(mentor_topics.join(topics, topics.c.id == mentor_topics.c.topic_id)
                     .join(chapters, chapters.c.id == topics.c.chapter_id)
                     .join(subjects, subjects.c.id == chapters.c.subject_id))
        .where(mentor_topics.c.mentor_id == mentor)
        .scalar_subquery())


_WORK = union_all(
    select(courses.c.mentor_id, literal("courses").label("kind"), func.count())
    .where(PUBLISHED, among(courses.c.mentor_id))
    .group_by(courses.c.mentor_id),
    select(content_items.c.mentor_id, literal("lessons").label("kind"), func.count())
    .where(LIVE_ITEM, among(content_items.c.mentor_id))
    .group_by(content_items.c.mentor_id))


async def published_work(conn: Session,
                         mentor_ids: Collection[UUID]) -> dict[UUID, MentorWork]:
    """What each of ``mentor_ids`` has published, in one round trip for a whole page of
    mentors (both counts are answered by the ``mentor_id``-first indexes)."""
    ids = list(set(mentor_ids))
    if not ids:
        return {}
    found: dict[UUID, dict[str, int]] = {i: {} for i in ids}
    for mentor_id, kind, count in await conn.execute(_WORK, {"ids": ids}):
        found[mentor_id][kind] = count
    return {i: MentorWork(courses=n.get("courses", 0), lessons=n.get("lessons", 0))
            for i, n in found.items()}


class PostgresDiscoveryQueries:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def suggest(self, text: str, limit: int = 5) -> Suggestions:
        lesson_where, lesson_score = _matches(cs.c.live_title, text)
        lessons = (
            select(cs.c.item_id, cs.c.live_title, cs.c.kind, subjects.c.slug.label("subject"),
                   topics.c.slug.label("topic"), topics.c.name.label("topic_name"),
                   u.c.display_name)
            .select_from(cs.join(topics, topics.c.id == cs.c.topic_id)
                         .join(chapters, chapters.c.id == topics.c.chapter_id)
                         .join(subjects, subjects.c.id == chapters.c.subject_id)
                         .join(u, u.c.id == cs.c.mentor_id))
            .where(cs.c.live_version.is_not(None), lesson_where)
            .order_by(lesson_score.desc(), cs.c.live_title, cs.c.item_id).limit(limit))
        course_where, course_score = _matches(courses.c.title, text)
        course_rows = (
            select(courses.c.id, courses.c.title, u.c.display_name)
            .select_from(courses.join(u, u.c.id == courses.c.mentor_id))
            .where(PUBLISHED, course_where)
            .order_by(course_score.desc(), courses.c.title, courses.c.id).limit(limit))
        mentor_where, mentor_score = _matches(u.c.display_name, text)
        mentors = (
            select(mp.c.user_id, u.c.display_name, mp.c.headline,
                   course_count(mp.c.user_id), lesson_count(mp.c.user_id))
            .select_from(mp.join(u, u.c.id == mp.c.user_id))
            .where(_public_mentor(), mentor_where)
            .order_by(mentor_score.desc(), u.c.display_name, mp.c.user_id).limit(limit))
        async with self._db.session() as conn:
            found_lessons = (await conn.execute(lessons)).all()
            found_courses = (await conn.execute(course_rows)).all()
            found_mentors = (await conn.execute(mentors)).all()
        return Suggestions(
            lessons=[LessonSuggestion(item_id=r[0], title=r[1], kind=r[2], subject_slug=r[3],
                                      topic_slug=r[4], topic_name=r[5], mentor_name=r[6])
                     for r in found_lessons],
            courses=[CourseSuggestion(course_id=r[0], title=r[1], mentor_name=r[2])
                     for r in found_courses],
            mentors=[MentorSuggestion(mentor_id=r[0], display_name=r[1], headline=r[2],
                                      work=MentorWork(courses=r[3], lessons=r[4]))
                     for r in found_mentors])

    async def work(self, mentor_ids: Collection[UUID]) -> dict[UUID, MentorWork]:
        async with self._db.session() as conn:
            return await published_work(conn, mentor_ids)

    async def overview(self, featured: int) -> Overview:
        mentor_count = (select(func.count()).select_from(mp.join(u, u.c.id == mp.c.user_id))
                        .where(_public_mentor()))
        live_lessons = select(func.count()).select_from(content_items).where(LIVE_ITEM)
        published_courses = select(func.count()).select_from(courses).where(PUBLISHED)
        taught = (select(subjects.c.name)
                  .where(select(literal(1)).select_from(
                      content_items.join(topics, topics.c.id == content_items.c.topic_id)
                      .join(chapters, chapters.c.id == topics.c.chapter_id))
                      .where(LIVE_ITEM, chapters.c.subject_id == subjects.c.id).exists())
                  .order_by(subjects.c.position, subjects.c.name))
        course_n = course_count(mp.c.user_id).label("courses")
        lesson_n = lesson_count(mp.c.user_id).label("lessons")
        best = (select(mp.c.user_id, u.c.display_name, mp.c.headline, mp.c.photo_key,
                       cast(mp.c.rating_avg, Float).label("rating_avg"), mp.c.rating_count,
                       _subject_names(mp.c.user_id).label("subjects"), course_n, lesson_n)
                .select_from(mp.join(u, u.c.id == mp.c.user_id))
                .where(_public_mentor())
                .order_by((course_n + lesson_n).desc(), mp.c.rating_avg.desc(),
                          mp.c.verified_at.desc(), mp.c.user_id)
                .limit(featured))
        async with self._db.session() as conn:
            mentors_total = (await conn.execute(mentor_count)).scalar_one()
            lessons_total = (await conn.execute(live_lessons)).scalar_one()
            courses_total = (await conn.execute(published_courses)).scalar_one()
            subject_names = tuple((await conn.execute(taught)).scalars())
            rows = (await conn.execute(best)).mappings().all()
        return Overview(
            verified_mentors=mentors_total, live_lessons=lessons_total,
            published_courses=courses_total, subjects=subject_names,
            featured=[FeaturedMentor(
                mentor_id=r["user_id"], display_name=r["display_name"], headline=r["headline"],
                photo_key=r["photo_key"], subjects=tuple(sorted(r["subjects"] or ())),
                rating_avg=r["rating_avg"], rating_count=r["rating_count"],
                work=MentorWork(courses=r["courses"], lessons=r["lessons"])) for r in rows])
