"""The Postgres unit of work: one AsyncSession, one transaction, the outbox written at commit."""

from dataclasses import asdict
from types import TracebackType
from typing import Any, Self

from asyncpg.exceptions import UniqueViolationError
from sqlalchemy import insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from adapters.db.audit_repository import PostgresAuditLog
from adapters.db.availability_repository import PostgresAvailabilityRepository
from adapters.db.catalog_repository import PostgresCatalogRepository
from adapters.db.content_repository import PostgresContentRepository
from adapters.db.content_search import PostgresContentSearchIndex
from adapters.db.course_repository import PostgresCourseRepository
from adapters.db.exchange_rate_repository import PostgresExchangeRateRepository
from adapters.db.identity_repository import (
    PostgresOneTimeTokenRepository,
    PostgresSessionRepository,
    PostgresUserRepository,
    user_values,
)
from adapters.db.mentor_repository import PostgresMentorRepository
from adapters.db.notification_preference_repository import (
    PostgresNotificationPreferenceRepository,
)
from adapters.db.notification_repository import PostgresNotificationRepository
from adapters.db.results import rowcount
from adapters.db.tables import auth_sessions, auth_tokens, one_time_tokens, outbox, users
from adapters.db.tracking import Mapping_, Tracker
from edu_core.domain.errors import ConcurrentModification, Conflict, ServiceUnavailable
from edu_core.domain.identity import AuthSession, EmailTaken, OneTimeToken, SessionToken, User


def _enum_values(obj: Any) -> dict[str, Any]:
    return {k: getattr(v, "value", v) for k, v in asdict(obj).items()}


MAPPINGS: dict[type, Mapping_] = {
    User: Mapping_(users, ("id",), user_values, versioned=True),
    AuthSession: Mapping_(auth_sessions, ("id",), _enum_values),
    SessionToken: Mapping_(auth_tokens, ("token_hash",), _enum_values),
    OneTimeToken: Mapping_(one_time_tokens, ("token_hash",), _enum_values),
}

# Unique indexes whose violation means a domain conflict rather than a bug.
UNIQUE_CONFLICTS: dict[str, type[Conflict]] = {"uq_users_email": EmailTaken}


class SqlAlchemyUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = session_factory

    async def __aenter__(self) -> Self:
        self._session = self._factory()
        self._tracker = Tracker(MAPPINGS)
        self.users = PostgresUserRepository(self._session, self._tracker)
        self.sessions = PostgresSessionRepository(self._session, self._tracker)
        self.one_time_tokens = PostgresOneTimeTokenRepository(self._session, self._tracker)
        self.audit = PostgresAuditLog(self._session)
        self.catalog = PostgresCatalogRepository(self._session)
        self.mentors = PostgresMentorRepository(self._session)
        self.availability = PostgresAvailabilityRepository(self._session)
        self.notifications = PostgresNotificationRepository(self._session)
        self.notification_preferences = PostgresNotificationPreferenceRepository(self._session)
        self.content = PostgresContentRepository(self._session)
        self.content_index = PostgresContentSearchIndex(self._session)
        self.courses = PostgresCourseRepository(self._session)
        self.exchange_rates = PostgresExchangeRateRepository(self._session)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        try:
            await self._session.rollback()
        finally:
            await self._session.close()
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
            for event in [*self._tracker.collect_events(), *self.mentors.pending_events(),
                          *self.content.pending_events()]:
                await s.execute(insert(outbox).values(
                    event_id=event.event_id, name=event.name, payload=event.payload(),
                    occurred_at=event.occurred_at))
            await self.audit.write()
            await self.notifications.flush()
            await self.content.flush()
            await s.commit()
        except IntegrityError as exc:
            await s.rollback()
            constraint = getattr(getattr(exc.orig, "__cause__", None), "constraint_name", None)
            if isinstance(getattr(exc.orig, "__cause__", None), UniqueViolationError) and (
                    constraint in UNIQUE_CONFLICTS):
                error = UNIQUE_CONFLICTS[constraint]
                raise error(details={"fields": {"email": error.default_message}}) from exc
            raise
        self._tracker.mark_clean()

    async def rollback(self) -> None:
        await self._session.rollback()

    async def ping(self) -> None:
        await self._session.execute(select(1))
