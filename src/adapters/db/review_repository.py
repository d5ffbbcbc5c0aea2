"""Postgres repository of session reviews and their reports; it also keeps each mentor's rating.

Reviews are written at commit (``flush``): new ones inserted, loaded ones updated under their
version, new reports inserted and decided ones marked. Then, for each mentor whose reviews
changed, the profile row is locked (``SELECT ... FOR UPDATE``) and its ``rating_avg`` and
``rating_count`` are recomputed from the public reviews by a following statement. Under READ
COMMITTED that statement takes a fresh snapshot after the lock is granted, so it sees every
review committed by whoever held the lock before: concurrent reviews cannot leave the rating
stale (a single ``UPDATE ... SET x = (subquery)`` would re-check its row after waiting but keep
its older subquery result).
"""

from typing import Any
from uuid import UUID

from sqlalchemy import RowMapping, func, insert, select, update

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import mentor_profiles, review_reports, reviews
from adapters.pending_events import PendingEvents
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.reviews import PUBLIC_STATUSES, STARS, Review, ReviewReport, ReviewStatus

r = reviews.c
_PUBLIC = [status.value for status in PUBLIC_STATUSES]
_COLUMNS = ("id", "session_id", "mentor_id", "student_id", "rating", "text", "reply",
            "replied_at", "reported_at", "hidden_reason", "hidden_at", "created_at",
            "updated_at", "version")


def review_values(review: Review) -> dict[str, Any]:
    values = {c: getattr(review, c) for c in _COLUMNS}
    values["status"] = review.status.value
    return values


def _reports_state(review: Review) -> dict[UUID, Any]:
    return {report.id: report.resolved_at for report in review.reports}


class PostgresReviewRepository:
    def __init__(self, session: Session, events: PendingEvents) -> None:
        self._s = session
        self._pending = events
        self._new: list[Review] = []
        # Loaded reviews with their values and their reports' decisions as read.
        self._loaded: dict[UUID, tuple[Review, dict[str, Any], dict[UUID, Any]]] = {}

    def add(self, review: Review) -> None:
        self._new.append(review)

    async def _load(self, rows: list[RowMapping]) -> list[Review]:
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        reports: dict[UUID, list[ReviewReport]] = {i: [] for i in ids}
        q = review_reports.c
        for report in (await self._s.execute(
                select(review_reports).where(q.review_id.in_(ids))
                .order_by(q.review_id, q.created_at, q.id))).mappings():
            reports[report["review_id"]].append(ReviewReport(
                id=report["id"], reporter_id=report["reporter_id"], reason=report["reason"],
                created_at=report["created_at"], resolved_at=report["resolved_at"]))
        found = []
        for row in rows:
            known = self._loaded.get(row["id"])
            if known is not None:  # one row, one object per unit of work
                found.append(known[0])
                continue
            review = Review(**{c: row[c] for c in _COLUMNS},
                            status=ReviewStatus(row["status"]), reports=reports[row["id"]])
            self._loaded[review.id] = (review, review_values(review), _reports_state(review))
            found.append(review)
        return found

    async def _one(self, *conditions: Any) -> Review | None:
        rows = list((await self._s.execute(select(reviews).where(*conditions))).mappings())
        found = await self._load(rows)
        return found[0] if found else None

    async def get(self, review_id: UUID) -> Review | None:
        return await self._one(r.id == review_id)

    async def for_session(self, session_id: UUID) -> Review | None:
        return await self._one(r.session_id == session_id)

    async def _page(self, conditions: list[Any], order: list[Any],
                    page: PageRequest) -> Page[Review]:
        total = (await self._s.execute(
            select(func.count()).select_from(reviews).where(*conditions))).scalar_one()
        rows = list((await self._s.execute(
            select(reviews).where(*conditions).order_by(*order)
            .limit(page.page_size).offset(page.offset))).mappings())
        return Page(items=await self._load(rows), total=total, page=page.page,
                    page_size=page.page_size)

    async def public_of_mentor(self, mentor_id: UUID, page: PageRequest) -> Page[Review]:
        return await self._page([r.mentor_id == mentor_id, r.status.in_(_PUBLIC)],
                                [r.created_at.desc(), r.id], page)

    async def stars(self, mentor_id: UUID) -> dict[int, int]:
        rows = await self._s.execute(
            select(r.rating, func.count())
            .where(r.mentor_id == mentor_id, r.status.in_(_PUBLIC)).group_by(r.rating))
        counted: dict[int, int] = {row[0]: row[1] for row in rows}
        return {stars: counted.get(stars, 0) for stars in STARS}

    async def queue(self, status: ReviewStatus | None, page: PageRequest) -> Page[Review]:
        if status is ReviewStatus.REPORTED:
            return await self._page([r.status == status.value], [r.reported_at, r.id], page)
        conditions = [] if status is None else [r.status == status.value]
        return await self._page(conditions, [r.updated_at.desc(), r.id], page)

    async def flush(self) -> None:
        """Write what changed and recompute the ratings it affects: called at commit."""
        changed = [review for review, before, reports in self._loaded.values()
                   if review_values(review) != before or _reports_state(review) != reports]
        mentors = sorted({review.mentor_id for review in [*self._new, *changed]})
        if not mentors:
            return
        # Locked in one order by every writer, before any review row: no deadlocks.
        await self._s.execute(select(mentor_profiles.c.user_id)
                              .where(mentor_profiles.c.user_id.in_(mentors))
                              .order_by(mentor_profiles.c.user_id).with_for_update())
        for review in self._new:
            await self._s.execute(insert(reviews).values(**review_values(review)))
            await self._write_reports(review, {})
        self._new_written()
        for review in changed:
            _, before, reports = self._loaded[review.id]
            values = review_values(review)
            # Written only if nobody changed the row since it was read.
            values["version"] = before["version"] + 1
            result = await self._s.execute(update(reviews).where(
                r.id == review.id, r.version == before["version"]).values(**values))
            if rowcount(result) != 1:
                raise ConcurrentModification()
            review.version = values["version"]
            await self._write_reports(review, reports)
            self._settled(review)
        for mentor_id in mentors:
            summary = (await self._s.execute(
                select(func.coalesce(func.round(func.avg(r.rating), 2), 0), func.count())
                .where(r.mentor_id == mentor_id, r.status.in_(_PUBLIC)))).one()
            await self._s.execute(update(mentor_profiles)
                                  .where(mentor_profiles.c.user_id == mentor_id)
                                  .values(rating_avg=summary[0], rating_count=summary[1]))

    def _new_written(self) -> None:
        for review in self._new:
            self._settled(review)
        self._new.clear()

    def _settled(self, review: Review) -> None:
        self._pending.take_from(review)
        self._loaded[review.id] = (review, review_values(review), _reports_state(review))

    async def _write_reports(self, review: Review, before: dict[UUID, Any]) -> None:
        q = review_reports.c
        fresh = [report for report in review.reports if report.id not in before]
        if fresh:
            await self._s.execute(insert(review_reports), [
                {"id": report.id, "review_id": review.id, "reporter_id": report.reporter_id,
                 "reason": report.reason, "created_at": report.created_at,
                 "resolved_at": report.resolved_at} for report in fresh])
        for report in review.reports:
            if report.id in before and before[report.id] != report.resolved_at:
                await self._s.execute(update(review_reports).where(q.id == report.id)
                                      .values(resolved_at=report.resolved_at))
