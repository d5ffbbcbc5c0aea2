"""After a session: it completes by itself once the complaint window has passed, and the
mentor's share becomes payable (released) then, once.

Both are durable schedules put in the transaction that changes the session:
``booking:<id>:complete`` at the end of the complaint window while the session is confirmed
(moved by a reschedule, cancelled when it is cancelled, disputed or marked otherwise), and
``booking:<id>:release`` once the session has an outcome that pays the mentor (completed, the
student absent, a dispute settled with money left). A release is posted only where the ledger
holds none for the session yet, so a schedule firing twice, or a completion racing its timer,
releases once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from edu_core.domain.bookings import ledger
from edu_core.domain.bookings.ledger import Posting, PostingKind
from edu_core.domain.bookings.session import MentoringSession, SessionStatus
from edu_core.domain.events import DomainEvent
from edu_core.domain.schedules import Schedule

# A completion or a release is owed however late it is found: nothing is ever dropped.
SETTLEMENT_GRACE = timedelta(days=3650)
# Outcomes after which what is left of the mentor's share is theirs (a mentor's absence
# refunds everything: nothing is left).
RELEASING = frozenset({SessionStatus.COMPLETED, SessionStatus.NO_SHOW_STUDENT})


@dataclass(frozen=True, kw_only=True)
class CompletionDue(DomainEvent):
    """Raised at the end of a session's complaint window: still confirmed, it completes."""

    name = "booking.completion_due"
    session_id: UUID


@dataclass(frozen=True, kw_only=True)
class ReleaseDue(DomainEvent):
    """Raised when a session's outcome is final: the mentor's share becomes payable."""

    name = "booking.release_due"
    session_id: UUID


def completion_key(session_id: UUID) -> str:
    return f"booking:{session_id}:complete"


def release_key(session_id: UUID) -> str:
    return f"booking:{session_id}:release"


@dataclass(frozen=True)
class SettlementPlan:
    put: list[Schedule]
    cancel: list[str]
    release_now: bool  # the window is over: release in this very transaction


def kept_after_cancellation(session: MentoringSession) -> bool:
    """A late cancellation by the student: what they do not get back is the mentor's, and
    there is nothing left to dispute, so it is released at once."""
    return session.status is SessionStatus.CANCELLED and session.refunded < session.paid


def settlement_plan(session: MentoringSession, now: datetime) -> SettlementPlan:
    """The schedules the session needs as it stands: a confirmed one completes at the end of
    its complaint window; one with a paying outcome releases then (at once, if that is past,
    or for a late cancellation); any other (cancelled with a full refund, disputed, expired)
    has neither."""
    complete, release = completion_key(session.id), release_key(session.id)
    if kept_after_cancellation(session):
        return SettlementPlan(put=[], cancel=[complete, release], release_now=True)
    deadline = session.complaint_deadline
    if session.status is SessionStatus.CONFIRMED:
        return SettlementPlan(put=[Schedule(
            key=complete, due_at=deadline, grace=SETTLEMENT_GRACE,
            event=CompletionDue(occurred_at=deadline, session_id=session.id))],
            cancel=[release], release_now=False)
    if session.status not in RELEASING:
        return SettlementPlan(put=[], cancel=[complete, release], release_now=False)
    if now >= deadline:
        return SettlementPlan(put=[], cancel=[complete, release], release_now=True)
    return SettlementPlan(put=[Schedule(
        key=release, due_at=deadline, grace=SETTLEMENT_GRACE,
        event=ReleaseDue(occurred_at=deadline, session_id=session.id))],
        cancel=[complete], release_now=False)


def release_for(session: MentoringSession, postings: Iterable[Posting],
                now: datetime) -> Posting | None:
    """The release of what is still pending for the mentor from this session, or None: not
    yet due, already released, or nothing left (refunded in full)."""
    if not kept_after_cancellation(session) and (
            session.status not in RELEASING or now < session.complaint_deadline):
        return None
    mine = [p for p in postings if p.session_id == session.id]
    if any(p.kind is PostingKind.RELEASE for p in mine):
        return None
    left = -sum(e.amount for p in mine for e in p.entries
                if e.account == ledger.pending(session.mentor_id))
    if left <= 0:
        return None
    return ledger.release(session_id=session.id, mentor_id=session.mentor_id, net=left,
                          currency=session.currency, at=now)
