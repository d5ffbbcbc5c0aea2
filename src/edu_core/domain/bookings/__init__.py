"""Booked mentoring sessions, their terms and their money (S10, S11, S22-S24, S35)."""

from edu_core.domain.bookings.policy import (
    BookingPolicy,
    CancellationPolicy,
    CancelledBy,
    InvalidBookingPolicy,
    TrialOffer,
    session_price,
)
from edu_core.domain.bookings.session import (
    BLOCKING,
    COMPLAINT_WINDOW,
    IllegalSessionTransition,
    InvalidSessionDetails,
    MentoringSession,
    PaymentMismatch,
    SessionCancelled,
    SessionCompleted,
    SessionConfirmed,
    SessionDisputed,
    SessionExpired,
    SessionHeld,
    SessionNoShow,
    SessionNotFound,
    SessionRescheduled,
    SessionStatus,
    SessionTimeRule,
    SlotTaken,
    StudentBusy,
    Transition,
    TrialUsed,
    clean_meeting_url,
)

__all__ = [
    "BLOCKING", "COMPLAINT_WINDOW", "BookingPolicy", "CancellationPolicy", "CancelledBy",
    "IllegalSessionTransition", "InvalidBookingPolicy", "InvalidSessionDetails",
    "MentoringSession", "PaymentMismatch", "SessionCancelled", "SessionCompleted",
    "SessionConfirmed", "SessionDisputed", "SessionExpired", "SessionHeld", "SessionNoShow",
    "SessionNotFound", "SessionRescheduled", "SessionStatus", "SessionTimeRule", "SlotTaken",
    "StudentBusy", "Transition", "TrialOffer", "TrialUsed",
    "clean_meeting_url", "session_price",
]
