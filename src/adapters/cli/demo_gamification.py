"""Demo XP: the demo students have been learning for a while, so their progress, streak,
league and the mentors' boards are not empty.

Sam has learned every day for the last ten days (a streak with a freeze earned), Mei on the
last six; each day two of the live demo items, awarded through the same use case as the event
handlers, at that day's time. Awards are keyed by their item: running the seed again adds
nothing.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from adapters.container import Container
from edu_core.domain.gamification import XpAward, XpSource

SOURCE_OF_KIND = {"question": XpSource.ANSWER, "note": XpSource.NOTE_READ}


@dataclass(frozen=True)
class DemoLearning:
    student: str
    days: int  # learned on each of the last ``days`` days, up to yesterday, in their zone
    hour: int  # the local time of day the lessons happened


LEARNING = (DemoLearning("sam.taylor@mentora.demo", 10, 17),
            DemoLearning("mei.lin@mentora.demo", 6, 9))
PER_DAY = 2


async def seed_gamification(container: Container, items: dict[str, UUID]) -> int:
    """Awards what is missing; returns how many awards were new."""
    service = container.gamification()
    async with container.uow()() as uow:
        facts = await uow.courses.item_facts(list(items.values()))
    live = sorted((f for f in facts.values() if f.live), key=lambda f: (f.kind, f.title))
    now = container.clock().now()
    created = 0
    for plan in LEARNING:
        async with container.uow()() as uow:
            student = await uow.users.get_by_email(plan.student)
        if student is None or not live:
            continue
        # Days are the student's own (a streak is counted in their zone), so the history ends
        # on their yesterday whatever the hour of the seed.
        zone = ZoneInfo(student.timezone)
        today = now.astimezone(zone).date()
        # An item pays once: a day keeps at least one item of its own however few are live.
        per_day = max(1, min(PER_DAY, len(live) // plan.days))
        for day in range(plan.days):
            local_day = today - timedelta(days=plan.days - day)
            at = datetime.combine(local_day, time(plan.hour), zone).astimezone(UTC)
            for n in range(per_day):
                item = live[(day * per_day + n) % len(live)]
                source = SOURCE_OF_KIND.get(item.kind, XpSource.ITEM)
                attribution = await service.attribution(source, item.item_id)
                if attribution is None:
                    continue
                if await service.award(XpAward.of(source, item.item_id, user_id=student.id,
                                                  at=at + timedelta(minutes=7 * n),
                                                  attribution=attribution)):
                    created += 1
    return created
