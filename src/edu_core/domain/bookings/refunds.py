"""Money going back to a student. The refund's posting, the session's change and the order to
send it are one transaction: the order is a durable schedule keyed by the refund's idempotency
key, so a gateway that is down, or a process that stops between the commit and the call, only
delays the refund. The request that caused it tries at once; the schedule is the retry."""

from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from edu_core.domain.bookings.settlement import SETTLEMENT_GRACE
from edu_core.domain.events import DomainEvent
from edu_core.domain.schedules import Schedule

# Long enough for the request's own attempt to finish and cancel the retry; short enough that
# a student waiting for their money does not notice.
REFUND_RETRY_AFTER = timedelta(minutes=1)


@dataclass(frozen=True, kw_only=True)
class RefundDue(DomainEvent):
    """A refund decided and posted, to be sent through the gateway with its own key (a second
    call with the key returns the first call's refund)."""

    name = "booking.refund_due"
    session_id: UUID  # the session's, or a group session's seat's (``seat:<id>:...`` keys)
    payment_ref: str
    amount: int
    idempotency_key: str


def refund_key(session_id: UUID, kind: str, number: int | None = None) -> str:
    """The idempotency key (and schedule key) of one of a session's refunds: ``cancel``,
    ``dispute``, ``late`` (a payment after its hold lapsed) or the n-th ``settled`` one."""
    key = f"booking:{session_id}:{kind}-refund"
    return key if number is None else f"{key}:{number}"


def refund_schedule(refund: RefundDue) -> Schedule:
    # Never dropped for being late: money owed goes back however long everything was down.
    return Schedule(key=refund.idempotency_key, event=refund,
                    due_at=refund.occurred_at + REFUND_RETRY_AFTER, grace=SETTLEMENT_GRACE)
