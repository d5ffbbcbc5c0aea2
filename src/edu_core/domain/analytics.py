"""Learning analytics (S27, S28): how study time is credited, how a question's difficulty and
discrimination read, which topics are weak and which students are at risk.

Study time is credited from the server's clock alone. A heartbeat earns the time elapsed since
the same person's previous heartbeat (whichever tab or device sent it), capped; after a longer
silence the person was away, and the new heartbeat only starts a new stretch. Two tabs beating
at once therefore share one person's wall-clock time instead of doubling it, and a client that
beats faster, replays or forges timestamps earns nothing more than the time that really passed.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from edu_core.domain.errors import DomainError
from edu_core.domain.events import DomainEvent

# The client beats every HEARTBEAT while the page is visible and the learner was active in
# the last IDLE_AFTER; the server credits at most CREDIT_CAP per beat and nothing after a
# silence longer than RESUME_AFTER (a closed laptop, an idle learner).
HEARTBEAT = timedelta(seconds=15)
IDLE_AFTER = timedelta(seconds=60)
CREDIT_CAP = timedelta(seconds=30)
RESUME_AFTER = timedelta(seconds=60)
# How far back the study-time charts look, at most.
MAX_STUDY_DAYS = 366


class InvalidPeriod(DomainError):
    """A period the caller got wrong: a bad request (400), as the finance reports' periods."""

    code = "invalid_period"
    default_message = f"Ask for 1 to {MAX_STUDY_DAYS} days."


def credited_seconds(previous: datetime | None, now: datetime) -> int:
    """Whole seconds a heartbeat at ``now`` earns after the person's ``previous`` one."""
    if previous is None:
        return 0
    elapsed = now - previous
    if elapsed <= timedelta(0) or elapsed > RESUME_AFTER:
        return 0
    return int(min(elapsed, CREDIT_CAP).total_seconds())


def local_day(instant: datetime, timezone: str) -> date:
    """The calendar day ``instant`` falls on where the person lives (UTC for an unknown zone,
    which registration never stores but older rows might)."""
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return instant.astimezone(zone).date()


def study_period(today: date, days: int) -> tuple[date, date]:
    """The first and last local day of the ``days`` days ending ``today``."""
    if not 1 <= days <= MAX_STUDY_DAYS:
        raise InvalidPeriod()
    return today - timedelta(days=days - 1), today


@dataclass(frozen=True, slots=True)
class Accuracy:
    """First tries at questions and how many were right."""

    first_tries: int
    first_try_correct: int

    @property
    def rate(self) -> float | None:
        return self.first_try_correct / self.first_tries if self.first_tries else None


# A topic is weak once a learner has tried enough of its questions to judge and got too few
# right the first time.
WEAK_MIN_TRIES = 3
WEAK_BELOW = 0.6


def is_weak(accuracy: Accuracy) -> bool:
    rate = accuracy.rate
    return rate is not None and accuracy.first_tries >= WEAK_MIN_TRIES and rate < WEAK_BELOW


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


# Classical test theory's usual bands: p above 0.8 is easy, below 0.3 hard; a discrimination
# (corrected point-biserial) under 0.2 means the question does not separate strong learners
# from weak ones and deserves a look.
EASY_ABOVE, HARD_BELOW = 0.8, 0.3
POOR_DISCRIMINATION = 0.2
# Below this many learners the statistics are noise; they are reported as unknown.
MIN_LEARNERS_FOR_STATS = 5


def difficulty(p_value: float | None) -> Difficulty | None:
    if p_value is None:
        return None
    if p_value > EASY_ABOVE:
        return Difficulty.EASY
    return Difficulty.HARD if p_value < HARD_BELOW else Difficulty.MEDIUM


@dataclass(frozen=True, slots=True)
class RiskRule:
    """When a student is at risk: no learning for ``inactive_days``, or a first-try accuracy
    over the last ``window_days`` that fell by ``accuracy_drop`` or more from the window
    before it (each window with at least ``min_tries`` first tries)."""

    inactive_days: int = 7
    window_days: int = 14
    min_tries: int = 5
    accuracy_drop: float = 0.2


class RiskReason(StrEnum):
    INACTIVE = "inactive"
    FALLING_ACCURACY = "falling_accuracy"


def risk_reasons(rule: RiskRule, *, now: datetime, last_activity: datetime | None,
                 recent: Accuracy, earlier: Accuracy) -> list[RiskReason]:
    reasons = []
    if last_activity is None or now - last_activity >= timedelta(days=rule.inactive_days):
        reasons.append(RiskReason.INACTIVE)
    recent_rate, earlier_rate = recent.rate, earlier.rate
    if (recent_rate is not None and earlier_rate is not None
            and recent.first_tries >= rule.min_tries and earlier.first_tries >= rule.min_tries
            # Rounded: a drop of exactly the threshold (0.7 to 0.5) counts despite floats.
            and round(earlier_rate - recent_rate, 9) >= rule.accuracy_drop):
        reasons.append(RiskReason.FALLING_ACCURACY)
    return reasons


# The daily scan for students at risk runs at this hour (UTC) and tells each mentor once per
# student per day.
AT_RISK_SCAN_HOUR = 6
STUDENT_AT_RISK = "analytics.student_at_risk"


@dataclass(frozen=True, kw_only=True)
class AtRiskScanDue(DomainEvent):
    """Raised by the daily schedule: look for students at risk on ``occurred_at``'s day."""

    name = "analytics.at_risk_scan_due"


def at_risk_scan_key(day: date) -> str:
    return f"analytics:at-risk:{day.isoformat()}"


def next_at_risk_scan(now: datetime) -> datetime:
    """The first scan instant after ``now``."""
    today = now.astimezone(UTC).replace(hour=AT_RISK_SCAN_HOUR, minute=0, second=0,
                                        microsecond=0)
    return today if today > now else today + timedelta(days=1)
