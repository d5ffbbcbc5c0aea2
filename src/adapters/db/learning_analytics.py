"""The learning dashboards' sums in SQL (S27, S28).

Everything is aggregated where the attempts live: a learner's *first* answer to a question is
``DISTINCT ON (user_id, item_id)`` over ``ix_content_attempts_user_item``; a question's
discrimination is PostgreSQL's ``corr()`` of that first answer (0/1) with the learner's
first-try score on the mentor's *other* questions (the corrected point-biserial); study time
is read per item and day from ``study_time`` (``ix_study_time_item_day`` for a mentor's items).

Statements are built once with bind parameters (ADR 22); the only variable part, the order of
the item table, is chosen among fixed texts."""

import re
from collections.abc import Collection
from datetime import date, datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Date, DateTime, Integer, TextClause, Uuid, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY

from adapters.db.connections import Database
from edu_core.domain.analytics import Accuracy
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.analytics import (
    ChoiceCount,
    DaySeconds,
    FunnelStep,
    ItemOrder,
    ItemStats,
    PractiseQuestion,
    PractiseState,
    Seconds,
    StudentActivity,
    TopicAccuracy,
)

_TYPES: dict[str, Any] = {
    "mentor_id": Uuid, "item_id": Uuid, "user_id": Uuid, "course_id": Uuid,
    "limit": Integer, "offset": Integer, "first": Date, "last": Date,
    "recent_from": DateTime(timezone=True), "earlier_from": DateTime(timezone=True),
    "topic_ids": ARRAY(Uuid), "user_ids": ARRAY(Uuid),
}


def _sql(statement: str) -> TextClause:
    named = set(re.findall(r"(?<![:\w]):(\w+)", statement))
    return text(statement).bindparams(*(bindparam(name, type_=kind)
                                        for name, kind in _TYPES.items() if name in named))


# The title is the one learners see (the live version's), else the author's latest.
_ITEM_STATS = """
WITH mine AS (
    SELECT i.id, i.kind, i.topic_id, i.status, coalesce(lv.title, cv.title) AS title
    FROM content_items i
    JOIN content_versions cv ON cv.item_id = i.id AND cv.number = i.latest_version
    LEFT JOIN content_versions lv ON lv.item_id = i.id AND lv.number = i.live_version
    WHERE i.mentor_id = :mentor_id AND (CAST(:item_id AS uuid) IS NULL OR i.id = :item_id)
),
answers AS MATERIALIZED (
    SELECT a.id, a.item_id, a.user_id, a.correct, a.time_taken_ms, a.created_at
    FROM content_attempts a JOIN content_items i ON i.id = a.item_id
    WHERE i.mentor_id = :mentor_id
),
firsts AS MATERIALIZED (
    SELECT DISTINCT ON (user_id, item_id) user_id, item_id, correct::int AS c
    FROM answers ORDER BY user_id, item_id, created_at, id
),
scores AS (
    SELECT user_id, sum(c) AS s, count(*) AS n FROM firsts GROUP BY user_id HAVING count(*) > 1
),
per_item AS (
    SELECT f.item_id, count(*) AS first_tries, sum(f.c) AS first_correct,
           corr(f.c, (sc.s - f.c)::float8 / (sc.n - 1)) AS discrimination
    FROM firsts f LEFT JOIN scores sc ON sc.user_id = f.user_id
    GROUP BY f.item_id
),
totals AS (
    SELECT item_id, count(*) AS attempts, count(DISTINCT user_id) AS learners,
           avg(time_taken_ms) AS avg_ms
    FROM answers GROUP BY item_id
),
studied AS (
    SELECT s.item_id, sum(s.seconds) AS seconds, count(DISTINCT s.user_id) AS users
    FROM study_time s JOIN mine ON mine.id = s.item_id GROUP BY s.item_id
)
SELECT mine.id, mine.title, mine.kind, mine.topic_id, mine.status,
       coalesce(t.attempts, 0) AS attempts, coalesce(t.learners, 0) AS learners,
       round(t.avg_ms)::int AS avg_ms, coalesce(p.first_tries, 0) AS first_tries,
       coalesce(p.first_correct, 0) AS first_correct, p.discrimination,
       coalesce(st.seconds, 0) AS study_seconds, coalesce(st.users, 0) AS studied_by
FROM mine
LEFT JOIN totals t ON t.item_id = mine.id
LEFT JOIN per_item p ON p.item_id = mine.id
LEFT JOIN studied st ON st.item_id = mine.id
ORDER BY {order}
LIMIT :limit OFFSET :offset
"""
_ITEM_ORDERS = {
    ItemOrder.ATTEMPTS: "coalesce(t.attempts, 0) DESC, mine.title, mine.id",
    ItemOrder.HARDEST: "p.first_correct::float8 / nullif(p.first_tries, 0) ASC NULLS LAST, "
                       "mine.title, mine.id",
    ItemOrder.DISCRIMINATION: "p.discrimination ASC NULLS LAST, mine.title, mine.id",
    ItemOrder.TITLE: "mine.title, mine.id",
}
# The order texts are the fixed ones above, never the caller's words.
_ITEM_STATEMENTS = {order: _sql(_ITEM_STATS.format(order=by))
                    for order, by in _ITEM_ORDERS.items()}
_ITEM_COUNT = _sql("""
SELECT count(*) FROM content_items
WHERE mentor_id = :mentor_id AND (CAST(:item_id AS uuid) IS NULL OR id = :item_id)
""")

_WRONG_CHOICES = _sql("""
SELECT choice, count(*) AS n FROM (
    SELECT a.answer ->> 'choice' AS choice FROM content_attempts a
    WHERE a.item_id = :item_id AND NOT a.correct AND a.answer ->> 'choice' IS NOT NULL
    UNION ALL
    SELECT jsonb_array_elements_text(a.answer -> 'choices') FROM content_attempts a
    WHERE a.item_id = :item_id AND NOT a.correct
      AND jsonb_typeof(a.answer -> 'choices') = 'array'
) picked
GROUP BY choice ORDER BY n DESC, choice
""")

_FUNNEL = _sql("""
WITH enrolled AS (SELECT user_id FROM course_enrolments WHERE course_id = :course_id),
steps AS (
    SELECT ci.position, ci.item_id, i.kind, coalesce(lv.title, cv.title) AS title
    FROM course_items ci JOIN content_items i ON i.id = ci.item_id
    JOIN content_versions cv ON cv.item_id = i.id AND cv.number = i.latest_version
    LEFT JOIN content_versions lv ON lv.item_id = i.id AND lv.number = i.live_version
    WHERE ci.course_id = :course_id
),
finished AS (
    SELECT c.item_id, c.user_id FROM content_completions c
    JOIN steps USING (item_id) JOIN enrolled USING (user_id)
    UNION
    SELECT a.item_id, a.user_id FROM content_attempts a
    JOIN steps USING (item_id) JOIN enrolled USING (user_id) WHERE a.correct
),
touched AS (
    SELECT item_id, user_id FROM finished
    UNION
    SELECT a.item_id, a.user_id FROM content_attempts a
    JOIN steps USING (item_id) JOIN enrolled USING (user_id)
    UNION
    SELECT s.item_id, s.user_id FROM study_time s
    JOIN steps USING (item_id) JOIN enrolled USING (user_id)
)
SELECT s.position, s.item_id, s.title, s.kind,
       (SELECT count(*) FROM touched t WHERE t.item_id = s.item_id) AS reached,
       (SELECT count(*) FROM finished f WHERE f.item_id = s.item_id) AS completed,
       (SELECT count(*) FROM enrolled) AS enrolled
FROM steps s ORDER BY s.position
""")
_ENROLLED = _sql("SELECT count(*) FROM course_enrolments WHERE course_id = :course_id")

_STUDENTS = _sql("""
WITH mine AS (SELECT id FROM content_items WHERE mentor_id = :mentor_id),
joined AS (
    SELECT e.user_id, e.enrolled_at AS at, 1 AS course, 0 AS session
    FROM course_enrolments e JOIN courses c ON c.id = e.course_id
    WHERE c.mentor_id = :mentor_id
    UNION ALL
    SELECT s.student_id, s.created_at, 0, 1 FROM mentoring_sessions s
    WHERE s.mentor_id = :mentor_id AND s.status <> 'expired'
),
students AS MATERIALIZED (
    SELECT user_id, min(at) AS since, max(at) AS latest, sum(course) AS courses,
           sum(session) AS sessions
    FROM joined WHERE CAST(:user_id AS uuid) IS NULL OR user_id = :user_id
    GROUP BY user_id
),
answers AS MATERIALIZED (
    SELECT a.id, a.user_id, a.item_id, a.correct, a.created_at FROM content_attempts a
    JOIN mine ON mine.id = a.item_id JOIN students st ON st.user_id = a.user_id
),
firsts AS (
    SELECT DISTINCT ON (user_id, item_id) user_id, correct, created_at
    FROM answers ORDER BY user_id, item_id, created_at, id
),
accuracy AS (
    SELECT user_id, count(*) AS n, count(*) FILTER (WHERE correct) AS c,
           count(*) FILTER (WHERE created_at >= :recent_from) AS rn,
           count(*) FILTER (WHERE created_at >= :recent_from AND correct) AS rc,
           count(*) FILTER (WHERE created_at >= :earlier_from
                            AND created_at < :recent_from) AS en,
           count(*) FILTER (WHERE created_at >= :earlier_from AND created_at < :recent_from
                            AND correct) AS ec
    FROM firsts GROUP BY user_id
),
answered AS (
    SELECT user_id, count(*) AS attempts, max(created_at) AS last FROM answers GROUP BY user_id
),
completed AS (
    SELECT c.user_id, max(c.completed_at) AS last FROM content_completions c
    JOIN mine ON mine.id = c.item_id JOIN students st ON st.user_id = c.user_id
    GROUP BY c.user_id
),
studied AS (
    SELECT s.user_id, sum(s.seconds) AS seconds, max(s.last_at) AS last FROM study_time s
    JOIN mine ON mine.id = s.item_id JOIN students st ON st.user_id = s.user_id
    GROUP BY s.user_id
),
course_items_of AS (
    SELECT DISTINCT e.user_id, ci.item_id
    FROM course_enrolments e
    JOIN courses c ON c.id = e.course_id AND c.mentor_id = :mentor_id
    JOIN course_items ci ON ci.course_id = c.id
    JOIN content_items i ON i.id = ci.item_id AND i.live_version IS NOT NULL
    JOIN students st ON st.user_id = e.user_id
),
finished AS (
    SELECT DISTINCT user_id, item_id FROM answers WHERE correct
    UNION
    SELECT c.user_id, c.item_id FROM content_completions c
    JOIN mine ON mine.id = c.item_id JOIN students st ON st.user_id = c.user_id
),
progress AS (
    SELECT x.user_id, count(*) AS total, count(f.item_id) AS done
    FROM course_items_of x
    LEFT JOIN finished f ON f.user_id = x.user_id AND f.item_id = x.item_id
    GROUP BY x.user_id
)
SELECT s.user_id, u.display_name, s.courses, s.sessions,
       coalesce(p.total, 0) AS items_total, coalesce(p.done, 0) AS items_done,
       coalesce(an.attempts, 0) AS attempts,
       coalesce(ac.n, 0) AS n, coalesce(ac.c, 0) AS c, coalesce(ac.rn, 0) AS rn,
       coalesce(ac.rc, 0) AS rc, coalesce(ac.en, 0) AS en, coalesce(ac.ec, 0) AS ec,
       coalesce(sd.seconds, 0) AS study_seconds,
       greatest(an.last, cp.last, sd.last, s.latest) AS last_activity, s.since
FROM students s
JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL
LEFT JOIN progress p ON p.user_id = s.user_id
LEFT JOIN answered an ON an.user_id = s.user_id
LEFT JOIN accuracy ac ON ac.user_id = s.user_id
LEFT JOIN completed cp ON cp.user_id = s.user_id
LEFT JOIN studied sd ON sd.user_id = s.user_id
ORDER BY u.display_name, s.user_id
""")

_TOPIC_ACCURACY = _sql("""
WITH answers AS MATERIALIZED (
    SELECT a.id, a.user_id, a.item_id, a.correct, a.created_at, i.topic_id, i.mentor_id
    FROM content_attempts a JOIN content_items i ON i.id = a.item_id
    WHERE a.user_id = ANY(:user_ids)
      AND (CAST(:mentor_id AS uuid) IS NULL OR i.mentor_id = :mentor_id)
),
firsts AS (
    SELECT DISTINCT ON (user_id, item_id) user_id, item_id, topic_id, correct
    FROM answers ORDER BY user_id, item_id, created_at, id
),
per_topic AS (
    SELECT user_id, topic_id, count(*) AS attempts,
           count(DISTINCT item_id) FILTER (WHERE correct) AS solved,
           mode() WITHIN GROUP (ORDER BY mentor_id) AS mentor_id
    FROM answers GROUP BY user_id, topic_id
),
first_of_topic AS (
    SELECT user_id, topic_id, count(*) AS n, count(*) FILTER (WHERE correct) AS c
    FROM firsts GROUP BY user_id, topic_id
)
SELECT t.user_id, t.topic_id, t.attempts, f.n, f.c, t.solved, t.mentor_id
FROM per_topic t JOIN first_of_topic f USING (user_id, topic_id)
ORDER BY t.user_id, t.topic_id
""")

_STUDY_BY_DAY_OF_USER = _sql("""
SELECT day, sum(seconds) FROM study_time
WHERE user_id = :user_id AND day BETWEEN :first AND :last
GROUP BY day ORDER BY day
""")
_STUDY_BY_DAY_OF_MENTOR = _sql("""
SELECT s.day, sum(s.seconds) FROM study_time s
JOIN content_items i ON i.id = s.item_id AND i.mentor_id = :mentor_id
WHERE s.day BETWEEN :first AND :last
GROUP BY s.day ORDER BY s.day
""")
_STUDY_BY_TOPIC = _sql("""
SELECT i.topic_id, sum(s.seconds) FROM study_time s JOIN content_items i ON i.id = s.item_id
WHERE s.user_id = :user_id AND s.day BETWEEN :first AND :last
GROUP BY i.topic_id ORDER BY sum(s.seconds) DESC, i.topic_id
""")
_STUDY_BY_COURSE = _sql("""
SELECT e.course_id, sum(s.seconds) FROM course_enrolments e
JOIN course_items ci ON ci.course_id = e.course_id
JOIN study_time s ON s.user_id = e.user_id AND s.item_id = ci.item_id
WHERE e.user_id = :user_id AND s.day BETWEEN :first AND :last
GROUP BY e.course_id ORDER BY sum(s.seconds) DESC, e.course_id
""")

_PRACTISE = _sql("""
WITH tried AS (
    SELECT item_id, bool_or(correct) AS right_once, max(created_at) AS last
    FROM content_attempts WHERE user_id = :user_id GROUP BY item_id
)
SELECT i.id, lv.title, i.topic_id, i.mentor_id, t.item_id IS NULL AS untried
FROM content_items i
JOIN content_versions lv ON lv.item_id = i.id AND lv.number = i.live_version
LEFT JOIN tried t ON t.item_id = i.id
WHERE i.topic_id = ANY(:topic_ids) AND i.kind = 'question' AND i.live_version IS NOT NULL
  AND (t.item_id IS NULL OR NOT t.right_once)
ORDER BY t.item_id IS NULL, t.last DESC, i.created_at, i.id
LIMIT :limit
""")


def _accuracy(n: int, c: int) -> Accuracy:
    return Accuracy(first_tries=n, first_try_correct=c)


class PostgresLearningAnalytics:
    def __init__(self, database: Database) -> None:
        self._db = database

    async def _rows(self, statement: TextClause, **params: Any) -> list[Any]:
        async with self._db.session() as conn:
            return list((await conn.execute(statement, params)).all())

    async def item_stats(self, mentor_id: UUID, page: PageRequest, order: ItemOrder,
                         item_id: UUID | None = None) -> Page[ItemStats]:
        rows = await self._rows(_ITEM_STATEMENTS[order], mentor_id=mentor_id, item_id=item_id,
                                limit=page.page_size, offset=page.offset)
        [(total,)] = await self._rows(_ITEM_COUNT, mentor_id=mentor_id, item_id=item_id)
        return Page(items=[ItemStats(
            item_id=r.id, title=r.title, kind=r.kind, topic_id=r.topic_id, status=r.status,
            attempts=r.attempts, learners=r.learners, first=_accuracy(r.first_tries,
                                                                      r.first_correct),
            avg_time_ms=r.avg_ms, discrimination=r.discrimination,
            study_seconds=r.study_seconds, studied_by=r.studied_by) for r in rows],
            total=total, page=page.page, page_size=page.page_size)

    async def item_count(self, mentor_id: UUID) -> int:
        [(total,)] = await self._rows(_ITEM_COUNT, mentor_id=mentor_id, item_id=None)
        return int(total)

    async def wrong_choices(self, item_id: UUID) -> list[ChoiceCount]:
        return [ChoiceCount(choice_id=choice, count=n)
                for choice, n in await self._rows(_WRONG_CHOICES, item_id=item_id)]

    async def course_funnel(self, course_id: UUID) -> tuple[int, list[FunnelStep]]:
        rows = await self._rows(_FUNNEL, course_id=course_id)
        if rows:
            enrolled = rows[0].enrolled
        else:
            [(enrolled,)] = await self._rows(_ENROLLED, course_id=course_id)
        return enrolled, [FunnelStep(position=r.position, item_id=r.item_id, title=r.title,
                                     kind=r.kind, reached=r.reached, completed=r.completed)
                          for r in rows]

    async def students(self, mentor_id: UUID, *, recent_from: datetime,
                       earlier_from: datetime, user_id: UUID | None = None
                       ) -> list[StudentActivity]:
        rows = await self._rows(_STUDENTS, mentor_id=mentor_id, user_id=user_id,
                                recent_from=recent_from, earlier_from=earlier_from)
        return [StudentActivity(
            user_id=r.user_id, display_name=r.display_name, courses=r.courses,
            sessions=r.sessions, items_total=r.items_total, items_done=r.items_done,
            attempts=r.attempts, first=_accuracy(r.n, r.c), recent=_accuracy(r.rn, r.rc),
            earlier=_accuracy(r.en, r.ec), study_seconds=r.study_seconds,
            last_activity=r.last_activity, since=r.since) for r in rows]

    async def topic_accuracy(self, user_ids: Collection[UUID], *,
                             mentor_id: UUID | None = None
                             ) -> dict[UUID, list[TopicAccuracy]]:
        found: dict[UUID, list[TopicAccuracy]] = {u: [] for u in user_ids}
        for r in await self._rows(_TOPIC_ACCURACY, user_ids=list(found), mentor_id=mentor_id):
            found[r.user_id].append(TopicAccuracy(
                topic_id=r.topic_id, attempts=r.attempts, first=_accuracy(r.n, r.c),
                solved=r.solved, mentor_id=r.mentor_id))
        return found

    async def study_by_day(self, *, first: date, last: date, user_id: UUID | None = None,
                           mentor_id: UUID | None = None) -> list[DaySeconds]:
        if (user_id is None) == (mentor_id is None):
            raise ValueError("give a learner or a mentor")
        rows = await (self._rows(_STUDY_BY_DAY_OF_USER, user_id=user_id, first=first,
                                 last=last) if user_id is not None else
                      self._rows(_STUDY_BY_DAY_OF_MENTOR, mentor_id=mentor_id, first=first,
                                 last=last))
        return [DaySeconds(day=day, seconds=seconds) for day, seconds in rows]

    async def study_by_topic(self, user_id: UUID, first: date, last: date) -> list[Seconds]:
        return [Seconds(id=i, seconds=n) for i, n in await self._rows(
            _STUDY_BY_TOPIC, user_id=user_id, first=first, last=last)]

    async def study_by_course(self, user_id: UUID, first: date, last: date) -> list[Seconds]:
        return [Seconds(id=i, seconds=n) for i, n in await self._rows(
            _STUDY_BY_COURSE, user_id=user_id, first=first, last=last)]

    async def practise(self, user_id: UUID, topic_ids: Collection[UUID],
                       limit: int) -> list[PractiseQuestion]:
        rows = await self._rows(_PRACTISE, user_id=user_id, topic_ids=list(topic_ids),
                                limit=limit)
        return [PractiseQuestion(item_id=r.id, title=r.title, topic_id=r.topic_id,
                                 mentor_id=r.mentor_id,
                                 state=PractiseState.UNTRIED if r.untried
                                 else PractiseState.WRONG) for r in rows]
