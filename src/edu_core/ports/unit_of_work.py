"""One atomic unit of work: repositories that share a transaction, committed or rolled back whole.

At commit the unit of work also stores every domain event raised by the aggregates it handed out
(the transactional outbox), so an event exists if and only if the change that raised it does.
"""

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from edu_core.ports.analytics import StudyTimeRepository
from edu_core.ports.audit import AuditLog
from edu_core.ports.availability import AvailabilityRepository
from edu_core.ports.bookings import (
    BookingRepository,
    GroupSessionRepository,
    Ledger,
    PaymentEventLog,
)
from edu_core.ports.catalog import CatalogRepository
from edu_core.ports.chat import ChatRepository
from edu_core.ports.chat_sharing import ChatSharingRepository
from edu_core.ports.content import ContentRepository
from edu_core.ports.content_search import ContentSearchIndex
from edu_core.ports.courses import CourseRepository
from edu_core.ports.forum import ForumRepository
from edu_core.ports.gamification import GamificationRepository
from edu_core.ports.handwritten import HandwrittenRepository
from edu_core.ports.identity import OneTimeTokenRepository, SessionRepository, UserRepository
from edu_core.ports.mentors import MentorRepository
from edu_core.ports.money import ExchangeRateRepository
from edu_core.ports.notification_preferences import NotificationPreferenceRepository
from edu_core.ports.notifications import NotificationRepository
from edu_core.ports.operations import FailedJobRepository
from edu_core.ports.payout_accounts import PayoutAccountRepository, TransferRepository
from edu_core.ports.reviews import ReviewRepository
from edu_core.ports.schedules import ScheduleRepository
from edu_core.ports.video import VideoRepository


class UnitOfWork(Protocol):
    # Read-only properties, not attributes: a Protocol attribute is invariant, a property is
    # covariant, so adapters may hold their concrete repository types.

    @property
    def users(self) -> UserRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def one_time_tokens(self) -> OneTimeTokenRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def catalog(self) -> CatalogRepository: ...

    @property
    def mentors(self) -> MentorRepository: ...

    @property
    def availability(self) -> AvailabilityRepository: ...

    @property
    def notifications(self) -> NotificationRepository: ...

    @property
    def notification_preferences(self) -> NotificationPreferenceRepository: ...

    @property
    def content(self) -> ContentRepository: ...

    @property
    def content_index(self) -> ContentSearchIndex: ...

    @property
    def courses(self) -> CourseRepository: ...

    @property
    def exchange_rates(self) -> ExchangeRateRepository: ...

    @property
    def schedules(self) -> ScheduleRepository: ...

    @property
    def bookings(self) -> BookingRepository: ...

    @property
    def group_sessions(self) -> GroupSessionRepository: ...

    @property
    def ledger(self) -> Ledger: ...

    @property
    def payment_events(self) -> PaymentEventLog: ...

    @property
    def payout_accounts(self) -> PayoutAccountRepository: ...

    @property
    def payout_transfers(self) -> TransferRepository: ...

    @property
    def reviews(self) -> ReviewRepository: ...

    @property
    def forum(self) -> ForumRepository: ...

    @property
    def chat(self) -> ChatRepository: ...

    @property
    def chat_sharing(self) -> ChatSharingRepository: ...

    @property
    def videos(self) -> VideoRepository: ...

    @property
    def handwritten(self) -> HandwrittenRepository: ...

    @property
    def study(self) -> StudyTimeRepository: ...

    @property
    def gamification(self) -> GamificationRepository: ...

    @property
    def failed_jobs(self) -> FailedJobRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        """Roll back whatever was not committed; always release the connection."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...


UnitOfWorkFactory = Callable[[], UnitOfWork]
