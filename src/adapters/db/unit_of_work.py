"""The Postgres unit of work: one connection (``Database.session``), one transaction opened at
the first write, the outbox written at commit.

Repositories are declared once, below, as ``repository(...)`` attributes: each is built on first
use within a unit of work (a request that reads users never builds the course repository), and
at commit every built repository that stages writes is flushed.
"""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, fields
from types import TracebackType
from typing import Any, Generic, Self, TypeVar, overload

from asyncpg.exceptions import ExclusionViolationError, UniqueViolationError
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from adapters.db.audit_repository import PostgresAuditLog
from adapters.db.availability_repository import PostgresAvailabilityRepository
from adapters.db.booking_repository import (
    PostgresBookingRepository,
    PostgresLedger,
    PostgresPaymentEventLog,
)
from adapters.db.catalog_repository import PostgresCatalogRepository
from adapters.db.chat_repository import PostgresChatRepository
from adapters.db.chat_sharing_repository import PostgresChatSharingRepository
from adapters.db.connections import Database, Session
from adapters.db.content_repository import PostgresContentRepository
from adapters.db.content_search import PostgresContentSearchIndex
from adapters.db.course_repository import PostgresCourseRepository
from adapters.db.exchange_rate_repository import PostgresExchangeRateRepository
from adapters.db.forum_repository import PostgresForumRepository
from adapters.db.gamification_repository import PostgresGamificationRepository
from adapters.db.group_session_repository import PostgresGroupSessionRepository
from adapters.db.handwritten_repository import PostgresHandwrittenRepository
from adapters.db.identity_repository import (
    PostgresOneTimeTokenRepository,
    PostgresSessionRepository,
    PostgresUserRepository,
    user_columns,
)
from adapters.db.jobs import PostgresFailedJobRepository
from adapters.db.mentor_repository import PostgresMentorRepository
from adapters.db.notification_preference_repository import (
    PostgresNotificationPreferenceRepository,
)
from adapters.db.notification_repository import PostgresNotificationRepository
from adapters.db.payout_repository import (
    PostgresPayoutAccountRepository,
    PostgresTransferRepository,
)
from adapters.db.results import rowcount
from adapters.db.review_repository import PostgresReviewRepository
from adapters.db.schedule_repository import PostgresScheduleRepository
from adapters.db.study_time_repository import PostgresStudyTimeRepository
from adapters.db.tables import auth_sessions, auth_tokens, one_time_tokens, outbox, users
from adapters.db.tracking import Mapping_, Tracker
from adapters.db.video_repository import PostgresVideoRepository
from adapters.pending_events import PendingEvents
from edu_core.domain.bookings import SlotTaken, StudentBusy, TrialUsed
from edu_core.domain.bookings.group import SeatAlreadyTaken
from edu_core.domain.bookings.payouts import TransferRecorded
from edu_core.domain.errors import ConcurrentModification, Conflict, ServiceUnavailable
from edu_core.domain.forum import AlreadyFlagged, ForumCategorySlugTaken
from edu_core.domain.identity import AuthSession, EmailTaken, OneTimeToken, SessionToken, User
from edu_core.domain.reviews import AlreadyReported, ReviewExists
from edu_core.ports.events import EventSignal


def _all_fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind))


MAPPINGS: dict[type, Mapping_] = {
    User: Mapping_(users, ("id",), user_columns, versioned=True),
    AuthSession: Mapping_(auth_sessions, ("id",), _all_fields(AuthSession)),
    SessionToken: Mapping_(auth_tokens, ("token_hash",), _all_fields(SessionToken)),
    OneTimeToken: Mapping_(one_time_tokens, ("token_hash",), _all_fields(OneTimeToken)),
}

# Unique indexes whose violation means a domain conflict rather than a bug.
UNIQUE_CONFLICTS: dict[str, type[Conflict]] = {"uq_users_email": EmailTaken,
                                               "uq_mentoring_sessions_trial": TrialUsed,
                                               "uq_reviews_session": ReviewExists,
                                               "uq_review_reports_reporter": AlreadyReported,
                                               "pk_payout_transfers": TransferRecorded,
                                               "uq_forum_categories_slug": ForumCategorySlugTaken,
                                               "uq_forum_flags_flagger": AlreadyFlagged,
                                               "uq_group_seats_student": SeatAlreadyTaken}
# Exclusion constraints likewise (SQLSTATE 23P01): two sessions in one range, of one kind
# (mentoring_sessions' own) or across one-to-one and group sessions (time_claims').
EXCLUSION_CONFLICTS: dict[str, type[Conflict]] = {
    "ex_mentoring_sessions_mentor_time": SlotTaken,
    "ex_mentoring_sessions_student_time": StudentBusy,
    "ex_time_claims_mentor": SlotTaken,
    "ex_time_claims_student": StudentBusy,
}


@dataclass(frozen=True)
class Scope:
    """What a repository is built from: the connection, the change tracker, the events."""

    session: Session
    tracker: Tracker
    events: PendingEvents


R = TypeVar("R")


class repository(Generic[R]):  # lower case: used like ``property``
    """A repository of the unit of work, built on first use from its ``Scope``."""

    def __init__(self, build: Callable[[Scope], R]) -> None:
        self._build = build
        self._name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = name

    @overload
    def __get__(self, uow: None, owner: type) -> Self: ...

    @overload
    def __get__(self, uow: "SqlAlchemyUnitOfWork", owner: type) -> R: ...

    def __get__(self, uow: "SqlAlchemyUnitOfWork | None", owner: type) -> "R | Self":
        if uow is None:
            return self
        built = uow.built.get(self._name)
        if built is None:
            built = uow.built[self._name] = self._build(uow.scope)
        result: R = built
        return result


class SqlAlchemyUnitOfWork:
    users = repository(lambda s: PostgresUserRepository(s.session, s.tracker))
    sessions = repository(lambda s: PostgresSessionRepository(s.session, s.tracker))
    one_time_tokens = repository(lambda s: PostgresOneTimeTokenRepository(s.session, s.tracker))
    audit = repository(lambda s: PostgresAuditLog(s.session))
    catalog = repository(lambda s: PostgresCatalogRepository(s.session))
    mentors = repository(lambda s: PostgresMentorRepository(s.session, s.events))
    availability = repository(lambda s: PostgresAvailabilityRepository(s.session))
    notifications = repository(lambda s: PostgresNotificationRepository(s.session, s.events))
    notification_preferences = repository(
        lambda s: PostgresNotificationPreferenceRepository(s.session))
    content = repository(lambda s: PostgresContentRepository(s.session, s.events))
    content_index = repository(lambda s: PostgresContentSearchIndex(s.session))
    courses = repository(lambda s: PostgresCourseRepository(s.session, s.events))
    exchange_rates = repository(lambda s: PostgresExchangeRateRepository(s.session))
    schedules = repository(lambda s: PostgresScheduleRepository(s.session))
    bookings = repository(lambda s: PostgresBookingRepository(s.session, s.events))
    group_sessions = repository(lambda s: PostgresGroupSessionRepository(s.session, s.events))
    ledger = repository(lambda s: PostgresLedger(s.session))
    payment_events = repository(lambda s: PostgresPaymentEventLog(s.session))
    payout_accounts = repository(lambda s: PostgresPayoutAccountRepository(s.session, s.events))
    payout_transfers = repository(lambda s: PostgresTransferRepository(s.session))
    reviews = repository(lambda s: PostgresReviewRepository(s.session, s.events))
    forum = repository(lambda s: PostgresForumRepository(s.session, s.events))
    chat = repository(lambda s: PostgresChatRepository(s.session))
    chat_sharing = repository(lambda s: PostgresChatSharingRepository(s.session))
    videos = repository(lambda s: PostgresVideoRepository(s.session, s.events))
    handwritten = repository(lambda s: PostgresHandwrittenRepository(s.session))
    study = repository(lambda s: PostgresStudyTimeRepository(s.session))
    gamification = repository(lambda s: PostgresGamificationRepository(s.session, s.events))
    failed_jobs = repository(lambda s: PostgresFailedJobRepository(s.session))

    def __init__(self, database: Database, signal: EventSignal | None = None) -> None:
        self._database = database
        self._signal = signal

    async def __aenter__(self) -> Self:
        self._lease: AbstractAsyncContextManager[Session] = self._database.session()
        self._session = await self._lease.__aenter__()
        self._tracker = Tracker(MAPPINGS)
        self._events = PendingEvents()
        self.scope = Scope(self._session, self._tracker, self._events)
        self.built: dict[str, Any] = {}
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        # Releasing rolls back whatever was not committed.
        await self._lease.__aexit__(exc_type, exc, tb)
        if isinstance(exc, (OSError, ConnectionError)) or (
                isinstance(exc, DBAPIError) and exc.connection_invalidated):
            raise ServiceUnavailable("The database is unavailable. Try again shortly.") from exc

    async def commit(self) -> None:
        s = self._session
        try:
            for obj in self._tracker.pending_inserts():
                m = self._tracker.mapping(obj)
                await s.execute(insert(m.table).values(**m.values(obj)))
            for obj, original, changed in self._tracker.pending_updates():
                m = self._tracker.mapping(obj)
                where = [m.table.c[k] == original[k] for k in m.key]
                if m.versioned:
                    where.append(m.table.c.version == original["version"])
                    changed["version"] = original["version"] + 1
                result = await s.execute(update(m.table).where(*where).values(**changed))
                if m.versioned:
                    if rowcount(result) != 1:
                        raise ConcurrentModification()
                    obj.version = changed["version"]
            for repo in list(self.built.values()):
                flush: Callable[[], Any] | None = getattr(repo, "flush", None)
                if flush is not None:
                    await flush()
            self._tracker.collect_events(self._events)
            events = self._events.drain()
            if events:
                await s.execute(insert(outbox), [
                    {"event_id": e.event_id, "name": e.name, "payload": e.payload(),
                     "occurred_at": e.occurred_at} for e in events])
            await s.commit()
        except IntegrityError as exc:
            await s.rollback()
            self._events.discard()
            cause = getattr(exc.orig, "__cause__", None)
            constraint = getattr(cause, "constraint_name", None)
            if isinstance(cause, ExclusionViolationError) and constraint in EXCLUSION_CONFLICTS:
                raise EXCLUSION_CONFLICTS[constraint]() from exc
            if isinstance(cause, UniqueViolationError) and constraint in UNIQUE_CONFLICTS:
                error = UNIQUE_CONFLICTS[constraint]
                if error is EmailTaken:
                    raise error(details={"fields": {"email": error.default_message}}) from exc
                raise error() from exc
            raise
        self._tracker.mark_clean()
        if events and self._signal is not None:
            self._signal.notify()

    async def rollback(self) -> None:
        await self._session.rollback()
        self._events.discard()

    async def ping(self) -> None:
        await self._session.execute(select(1))
