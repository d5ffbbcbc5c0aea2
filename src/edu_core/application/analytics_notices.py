"""The daily notice of students at risk (S27): each morning (UTC) every mentor is told, in the
app, about each of their students who stopped learning or whose answers got worse.

The scan is a durable schedule that puts the next day's before it starts working, so the
chain survives a failed run (which the dispatcher retries). A notice's id is derived from
mentor, student and day: a retried or repeated scan adds nothing.
"""

from collections.abc import Callable, Iterable
from datetime import timedelta
from uuid import UUID, uuid5

from edu_core.application.analytics import AnalyticsService, StudentReport
from edu_core.application.messagebus import Subscription, on
from edu_core.application.notification_preferences import wants
from edu_core.domain.analytics import (
    STUDENT_AT_RISK,
    AtRiskScanDue,
    RiskReason,
    at_risk_scan_key,
    next_at_risk_scan,
)
from edu_core.domain.identity import Role
from edu_core.domain.notification_preferences import Channel
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import PageRequest
from edu_core.domain.schedules import Schedule
from edu_core.ports.clock import Clock
from edu_core.ports.identity import UserQuery
from edu_core.ports.unit_of_work import UnitOfWorkFactory

_NOTICES = UUID("6f1d0c2e-4f43-4a8e-9a55-3f1b0f6c2d11")
# A scan more than this late (everything was down) is dropped; the next day's still runs.
_GRACE = timedelta(hours=12)
_MENTORS_PER_PAGE = 100


def notice_id(mentor_id: UUID, student_id: UUID, day: str) -> UUID:
    return uuid5(_NOTICES, f"{mentor_id}:{student_id}:{day}")


def _body(report: StudentReport) -> str:
    reasons = []
    if RiskReason.INACTIVE in report.risk:
        last = report.activity.last_activity
        reasons.append(f"no learning since {last:%d %b}" if last else "no learning yet")
    if RiskReason.FALLING_ACCURACY in report.risk:
        recent, earlier = report.activity.recent.rate, report.activity.earlier.rate
        reasons.append(f"first-try accuracy fell from {earlier or 0:.0%} to {recent or 0:.0%}")
    return "; ".join(reasons).capitalize() + "."


class AtRiskNotices:
    """``analytics`` is looked up when a scan runs (handlers are built before the services
    they use may be configured)."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock,
                 analytics: Callable[[], AnalyticsService]) -> None:
        self._uow = uow
        self._clock = clock
        self._analytics = analytics

    def subscriptions(self) -> Iterable[Subscription]:
        return [on(AtRiskScanDue, self.scan)]

    async def ensure_scheduled(self) -> None:
        """Put the next scan unless it is pending already (at every start of a process that
        handles events)."""
        due = next_at_risk_scan(self._clock.now())
        key = at_risk_scan_key(due.date())
        async with self._uow() as uow:
            if await uow.schedules.get(key) is None:
                await uow.schedules.put(Schedule(key=key, due_at=due, grace=_GRACE,
                                                 event=AtRiskScanDue(occurred_at=due)))
                await uow.commit()

    async def scan(self, event: AtRiskScanDue) -> None:
        following = next_at_risk_scan(event.occurred_at)
        async with self._uow() as uow:
            await uow.schedules.put(Schedule(key=at_risk_scan_key(following.date()),
                                             due_at=following, grace=_GRACE,
                                             event=AtRiskScanDue(occurred_at=following)))
            await uow.commit()
        day = event.occurred_at.date().isoformat()
        page = 1
        while True:
            async with self._uow() as uow:
                mentors = await uow.users.list(UserQuery(role=Role.MENTOR),
                                               PageRequest(page, _MENTORS_PER_PAGE))
            for mentor in mentors.items:
                if mentor.is_active:
                    await self._notify(mentor.id, day)
            if page * _MENTORS_PER_PAGE >= mentors.total:
                return
            page += 1

    async def _notify(self, mentor_id: UUID, day: str) -> None:
        reports = await self._analytics().at_risk_of(mentor_id)
        if not reports:
            return
        async with self._uow() as uow:
            if not await wants(uow, mentor_id, STUDENT_AT_RISK, Channel.IN_APP):
                return
            now = self._clock.now()
            for report in reports:
                student = report.activity
                uow.notifications.add(Notification(
                    id=notice_id(mentor_id, student.user_id, day), user_id=mentor_id,
                    kind=STUDENT_AT_RISK, title=f"{student.display_name} may need a hand",
                    body=_body(report), link=f"/dashboard/students/{student.user_id}",
                    created_at=now))
            await uow.commit()
