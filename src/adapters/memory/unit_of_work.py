"""In-memory unit of work: the fake the core's unit tests run against.

It honours the same contract as the Postgres adapter (tests/contract): changes are invisible
until commit, a rollback discards them, e-mails are unique, stale writes are refused.
"""

import copy
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Self, TypeVar
from uuid import UUID

from adapters.memory.availability import MemoryAvailabilityRepository
from adapters.memory.bookings import (
    BookingData,
    MemoryBookingRepository,
    MemoryGroupSessionRepository,
    MemoryLedger,
    MemoryPaymentEventLog,
)
from adapters.memory.catalog import CatalogData, MemoryCatalogRepository, TopicUses
from adapters.memory.chat import ChatData, MemoryChatRepository
from adapters.memory.chat_sharing import MemoryChatSharingRepository
from adapters.memory.content import MemoryContentRepository
from adapters.memory.content_search import MemoryContentSearchIndex
from adapters.memory.courses import CourseData, MemoryCourseRepository
from adapters.memory.exchange_rates import MemoryExchangeRateRepository
from adapters.memory.forum import ForumData, MemoryForumRepository
from adapters.memory.gamification import (
    GamificationData,
    MemoryGamificationRepository,
    Sources,
)
from adapters.memory.handwritten import HandwrittenData, MemoryHandwrittenRepository
from adapters.memory.jobs import MemoryFailedJobRepository
from adapters.memory.mentors import MemoryMentorRepository
from adapters.memory.notification_preferences import MemoryNotificationPreferenceRepository
from adapters.memory.notifications import MemoryNotificationRepository
from adapters.memory.payouts import (
    MemoryPayoutAccountRepository,
    MemoryTransferRepository,
    PayoutData,
)
from adapters.memory.reviews import MemoryReviewRepository, ReviewData
from adapters.memory.schedules import MemoryScheduleRepository
from adapters.memory.study_time import MemoryStudyTimeRepository, StudyData
from adapters.memory.video import MemoryVideoRepository, VideoData
from adapters.pending_events import PendingEvents
from edu_core.domain.audit import AuditEntry
from edu_core.domain.availability import Availability
from edu_core.domain.chat_sharing import ChatSharing
from edu_core.domain.content import Attempt, ContentItem
from edu_core.domain.content.search import SearchDocument
from edu_core.domain.errors import ConcurrentModification
from edu_core.domain.events import DomainEvent
from edu_core.domain.gamification import Attribution
from edu_core.domain.identity import (
    AuthSession,
    EmailTaken,
    OneTimePurpose,
    OneTimeToken,
    SessionToken,
    User,
)
from edu_core.domain.mentors import MentorProfile
from edu_core.domain.money import ExchangeRate
from edu_core.domain.notification_preferences import NotificationPreferences
from edu_core.domain.notifications import Notification
from edu_core.domain.operations import FailedJob
from edu_core.domain.pagination import Page, PageRequest
from edu_core.domain.schedules import Schedule
from edu_core.ports.events import EventSignal
from edu_core.ports.identity import LIVE_SESSIONS_SHOWN, TokenLookup, UserQuery

K = TypeVar("K")
V = TypeVar("V")


@dataclass
class MemoryStore:
    """The "database" shared by every unit of work made from one factory."""

    users: dict[UUID, User] = field(default_factory=dict)
    sessions: dict[UUID, AuthSession] = field(default_factory=dict)
    tokens: dict[str, SessionToken] = field(default_factory=dict)
    one_time_tokens: dict[str, OneTimeToken] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    outbox: list[DomainEvent] = field(default_factory=list)
    catalog: CatalogData = field(default_factory=CatalogData)
    mentors: dict[UUID, MentorProfile] = field(default_factory=dict)
    availability: dict[UUID, Availability] = field(default_factory=dict)
    notifications: dict[UUID, Notification] = field(default_factory=dict)
    notification_preferences: dict[UUID, NotificationPreferences] = field(default_factory=dict)
    content: dict[UUID, ContentItem] = field(default_factory=dict)
    attempts: dict[UUID, Attempt] = field(default_factory=dict)
    content_search: dict[UUID, SearchDocument] = field(default_factory=dict)
    courses: CourseData = field(default_factory=CourseData)
    exchange_rates: dict[str, ExchangeRate] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)
    bookings: BookingData = field(default_factory=BookingData)
    payouts: PayoutData = field(default_factory=PayoutData)
    reviews: ReviewData = field(default_factory=ReviewData)
    forum: ForumData = field(default_factory=ForumData)
    chat: ChatData = field(default_factory=ChatData)
    chat_sharing: dict[UUID, ChatSharing] = field(default_factory=dict)
    videos: VideoData = field(default_factory=VideoData)
    handwritten: HandwrittenData = field(default_factory=HandwrittenData)
    study: StudyData = field(default_factory=StudyData)
    gamification: GamificationData = field(default_factory=GamificationData)
    failed_jobs: dict[int, FailedJob] = field(default_factory=dict)


class _Users:
    def __init__(self, uow: "MemoryUnitOfWork") -> None:
        self._uow = uow

    def add(self, user: User) -> None:
        self._uow.staged_users[user.id] = user
        self._uow.new_users.add(user.id)

    async def get(self, user_id: UUID, *, for_update: bool = False) -> User | None:
        return self._uow.load_user(user_id)

    async def get_many(self, user_ids: Collection[UUID]) -> dict[UUID, User]:
        found = {user_id: self._uow.load_user(user_id) for user_id in set(user_ids)}
        return {user_id: user for user_id, user in found.items() if user is not None}

    async def get_by_email(self, email: str) -> User | None:
        for uid, user in self._uow.store.users.items():
            if user.email == email:
                return self._uow.load_user(uid)
        return None

    async def list(self, query: UserQuery, page: PageRequest) -> Page[User]:
        text = (query.text or "").strip().lower()
        found = [u for u in self._uow.store.users.values()
                 if (not text or text in u.email.lower() or text in u.display_name.lower())
                 and (query.role is None or u.role is query.role)
                 and (query.status is None or u.status is query.status)]
        found.sort(key=lambda u: (-u.created_at.timestamp(), str(u.id)))
        chunk = found[page.offset:page.offset + page.page_size]
        return Page(items=[copy.deepcopy(u) for u in chunk], total=len(found), page=page.page,
                    page_size=page.page_size)

    async def count(self) -> int:
        return len(self._uow.store.users)


class _Sessions:
    def __init__(self, uow: "MemoryUnitOfWork") -> None:
        self._uow = uow

    def add(self, session: AuthSession) -> None:
        self._uow.staged_sessions[session.id] = session

    def add_token(self, token: SessionToken) -> None:
        self._uow.staged_tokens[token.token_hash] = token

    async def get(self, session_id: UUID) -> AuthSession | None:
        return self._uow.load_session(session_id)

    async def lookup(self, token_hash: str, kind: str, *, for_update: bool = False
                     ) -> TokenLookup | None:
        token = self._uow.load_token(token_hash)
        if token is None or token.kind.value != kind:
            return None
        session = self._uow.load_session(token.session_id)
        user = self._uow.load_user(session.user_id) if session else None
        if session is None or user is None:
            return None
        return TokenLookup(token=token, session=session, user=user)

    async def revoke_all_for_user(self, user_id: UUID, reason: str, now: datetime,
                                  *, keep: UUID | None = None) -> int:
        count = 0
        for sid, stored in self._uow.store.sessions.items():
            if stored.user_id == user_id and stored.revoked_at is None and sid != keep:
                session = self._uow.load_session(sid)
                assert session is not None
                session.revoke(reason, now)
                count += 1
        return count

    async def list_live_for_user(self, user_id: UUID, now: datetime) -> list[AuthSession]:
        found = []
        for sid, stored in list(self._uow.store.sessions.items()):
            if stored.user_id == user_id and stored.is_live(now):
                session = self._uow.load_session(sid)
                assert session is not None
                found.append(session)
        found.sort(key=lambda s: (s.last_used_at or s.created_at, s.id), reverse=True)
        return found[:LIVE_SESSIONS_SHOWN]

    async def push_targets(self, user_id: UUID, now: datetime) -> list[AuthSession]:
        return sorted((s for s in await self._all_of(user_id)
                       if s.is_live(now) and s.push_token is not None), key=lambda s: s.id)

    async def release_push_token(self, token: str, *, keep: UUID) -> None:
        for sid, stored in list(self._uow.store.sessions.items()):
            if stored.push_token == token and sid != keep:
                session = self._uow.load_session(sid)
                assert session is not None
                session.forget_push()

    async def _all_of(self, user_id: UUID) -> list[AuthSession]:
        found = []
        for sid, stored in list(self._uow.store.sessions.items()):
            if stored.user_id == user_id:
                session = self._uow.load_session(sid)
                assert session is not None
                found.append(session)
        return found


class _OneTimeTokens:
    def __init__(self, uow: "MemoryUnitOfWork") -> None:
        self._uow = uow

    def add(self, token: OneTimeToken) -> None:
        self._uow.staged_ott[token.token_hash] = token

    async def get(self, token_hash: str, *, for_update: bool = False) -> OneTimeToken | None:
        return self._uow.load_ott(token_hash)

    async def invalidate(self, user_id: UUID, purpose: OneTimePurpose, now: datetime) -> None:
        for h, stored in self._uow.store.one_time_tokens.items():
            if stored.user_id == user_id and stored.purpose is purpose and stored.used_at is None:
                token = self._uow.load_ott(h)
                assert token is not None
                token.used_at = now


class _Audit:
    def __init__(self, uow: "MemoryUnitOfWork") -> None:
        self._uow = uow

    def record(self, entry: AuditEntry) -> None:
        self._uow.staged_audit.append(entry)

    async def list(self, page: PageRequest, *, target_id: str | None = None,
                   actor_id: UUID | None = None, action: str | None = None,
                   target_type: str | None = None, since: datetime | None = None,
                   until: datetime | None = None) -> Page[AuditEntry]:
        found = [e for e in self._uow.store.audit
                 if (target_id is None or e.target_id == target_id)
                 and (actor_id is None or e.actor_id == actor_id)
                 and (action is None or e.action == action)
                 and (target_type is None or e.target_type == target_type)
                 and (since is None or e.occurred_at >= since)
                 and (until is None or e.occurred_at < until)]
        found.sort(key=lambda e: e.occurred_at, reverse=True)
        return Page(items=found[page.offset:page.offset + page.page_size], total=len(found),
                    page=page.page, page_size=page.page_size)


class MemoryUnitOfWork:
    def __init__(self, store: MemoryStore, signal: EventSignal | None = None) -> None:
        self.store = store
        self._signal = signal

    async def __aenter__(self) -> Self:
        self.staged_users: dict[UUID, User] = {}
        self.new_users: set[UUID] = set()
        self.loaded_versions: dict[UUID, int] = {}
        self.staged_sessions: dict[UUID, AuthSession] = {}
        self.staged_tokens: dict[str, SessionToken] = {}
        self.staged_ott: dict[str, OneTimeToken] = {}
        self.staged_audit: list[AuditEntry] = []
        self._events = PendingEvents()
        self._open_repositories()
        return self

    def _open_repositories(self) -> None:
        """The one place the repositories are declared: fresh views of the store, opened on
        entry and again after each commit or rollback."""
        self.users = _Users(self)
        self.sessions = _Sessions(self)
        self.one_time_tokens = _OneTimeTokens(self)
        self.audit = _Audit(self)
        self.catalog = MemoryCatalogRepository(self.store.catalog, self._topic_uses)
        self.mentors = MemoryMentorRepository(self.store.mentors, self.store.catalog,
                                              self._events)
        self.availability = MemoryAvailabilityRepository(self.store.availability)
        self.notifications = MemoryNotificationRepository(self.store.notifications,
                                                          self._events)
        self.notification_preferences = MemoryNotificationPreferenceRepository(
            self.store.notification_preferences)
        self.content = MemoryContentRepository(self.store.content, self.store.attempts,
                                               self.store.catalog, self._events)
        self.content_index = MemoryContentSearchIndex()
        self.courses = self._courses()
        self.exchange_rates = MemoryExchangeRateRepository(self.store.exchange_rates)
        self.schedules = MemoryScheduleRepository(self.store.schedules)
        self.group_sessions = MemoryGroupSessionRepository(self.store.bookings)
        self.bookings = MemoryBookingRepository(self.store.bookings, users=self.store.users,
                                                reviews=self.store.reviews,
                                                groups=self.group_sessions.all)
        self.ledger = MemoryLedger(self.store.bookings)
        self.payment_events = MemoryPaymentEventLog(self.store.bookings)
        self.payout_accounts = MemoryPayoutAccountRepository(self.store.payouts, self._events)
        self.payout_transfers = MemoryTransferRepository(self.store.payouts,
                                                         self.store.bookings.postings)
        self.reviews = MemoryReviewRepository(self.store.reviews)
        self.forum = MemoryForumRepository(
            self.store.forum, users=lambda: self.store.users,
            mentors=lambda: self.store.mentors,
            catalog=lambda: self.catalog.working or self.store.catalog, events=self._events)
        self.chat_sharing = MemoryChatSharingRepository(self.store.chat_sharing)
        self.handwritten = MemoryHandwrittenRepository(
            self.store.handwritten, lambda: {**self.store.content, **self.content.staged})
        self.study = MemoryStudyTimeRepository(self.store.study)
        self.chat = MemoryChatRepository(
            self.store.chat, lambda: {**self.store.bookings.sessions, **self.bookings.staged})
        self.videos = MemoryVideoRepository(
            self.store.videos, self._events,
            lambda: {**self.store.content, **self.content.staged})
        self.failed_jobs = MemoryFailedJobRepository(self.store.failed_jobs)
        self.gamification = MemoryGamificationRepository(
            self.store.gamification, self._events, self._attribution_sources(),
            lambda: self.store.users,
            lambda: {s.id: s.name for s in self.store.catalog.subjects.values()})

    def _attribution_sources(self) -> Sources:
        def subject(topic_id: UUID | None) -> UUID | None:
            topic = self.store.catalog.topics.get(topic_id) if topic_id else None
            chapter = self.store.catalog.chapters.get(topic.chapter_id) if topic else None
            return chapter.subject_id if chapter else None

        return Sources(
            items=lambda: {i.id: Attribution(mentor_id=i.mentor_id, subject_id=subject(
                i.topic_id)) for i in self.store.content.values()},
            courses=lambda: {c.id: Attribution(mentor_id=c.mentor_id, subject_id=c.subject_id)
                             for c in self.store.courses.courses.values()},
            threads=lambda: {t.id: Attribution(mentor_id=t.item_mentor_id,
                                               subject_id=subject(t.topic_id))
                             for t in self.store.forum.threads.values()})

    def _topic_uses(self, topic_ids: Collection[UUID]) -> TopicUses:
        wanted = set(topic_ids)
        mentors = {**self.store.mentors, **self.mentors.staged}
        items = {i.id for i in self.store.content.values() if i.topic_id in wanted}
        return TopicUses(
            mentors=sum(1 for m in mentors.values() if wanted & set(m.topic_ids)),
            content_items=len(items),
            courses=sum(1 for c in self.store.courses.courses.values()
                        if items & set(c.item_ids)))

    def _courses(self) -> MemoryCourseRepository:
        # Courses read content through this unit of work, as one transaction would.
        return MemoryCourseRepository(
            self.store.courses, catalog=lambda: self.catalog.working or self.store.catalog,
            content=lambda: {**self.store.content, **self.content.staged},
            attempts=lambda: [*self.store.attempts.values(),
                              *self.content.staged_attempts.values()],
            events=self._events)

    async def __aexit__(self, exc_type: type[BaseException] | None,
                        exc: BaseException | None, tb: TracebackType | None) -> None:
        await self.rollback()

    # Loading hands out private copies: like rows read into a transaction, they change the
    # store only when committed.
    def load_user(self, user_id: UUID) -> User | None:
        if user_id not in self.staged_users:
            stored = self.store.users.get(user_id)
            if stored is None:
                return None
            self.staged_users[user_id] = copy.deepcopy(stored)
            self.loaded_versions[user_id] = stored.version
        return self.staged_users[user_id]

    def load_session(self, session_id: UUID) -> AuthSession | None:
        return self._load(self.staged_sessions, self.store.sessions, session_id)

    def load_token(self, token_hash: str) -> SessionToken | None:
        return self._load(self.staged_tokens, self.store.tokens, token_hash)

    def load_ott(self, token_hash: str) -> OneTimeToken | None:
        return self._load(self.staged_ott, self.store.one_time_tokens, token_hash)

    @staticmethod
    def _load(staged: dict[K, V], stored: dict[K, V], key: K) -> V | None:
        if key not in staged:
            if key not in stored:
                return None
            staged[key] = copy.deepcopy(stored[key])
        return staged[key]

    async def commit(self) -> None:
        self.mentors.check_commit()
        self.content.check_commit()
        self.courses.check_commit()
        self.group_sessions.check_commit()
        self.bookings.check_commit()
        self.payout_transfers.check_commit()
        self.reviews.check_commit()
        self.forum.check_commit()
        self.chat.check_commit()
        emails = {u.email: uid for uid, u in self.store.users.items()}
        for uid in self.new_users:
            owner = emails.get(self.staged_users[uid].email)
            if owner is not None and owner != uid:
                raise EmailTaken(details={"fields": {"email": EmailTaken.default_message}})
        for uid, version in self.loaded_versions.items():
            stored = self.store.users.get(uid)
            if stored is not None and stored.version != version:
                raise ConcurrentModification()
        for uid, user in self.staged_users.items():
            self._events.take_from(user)
            if uid in self.loaded_versions and self._user_changed(user):
                user.version += 1
            self.store.users[uid] = copy.deepcopy(user)
            self.loaded_versions[uid] = user.version
        self.new_users.clear()
        for sid, session in self.staged_sessions.items():
            self.store.sessions[sid] = copy.deepcopy(session)
        for h, token in self.staged_tokens.items():
            self.store.tokens[h] = copy.deepcopy(token)
        for h, ott in self.staged_ott.items():
            self.store.one_time_tokens[h] = copy.deepcopy(ott)
        self.store.audit.extend(self.staged_audit)
        self.staged_audit.clear()
        if self.catalog.working is not None:
            self.store.catalog = self.catalog.working
        self.store.mentors.update(self.mentors.staged)
        self.store.availability.update(self.availability.staged)
        self.store.notifications.update(self.notifications.staged)
        self.notification_preferences.apply()
        self.store.content.update(self.content.staged)
        self.store.attempts.update(self.content.staged_attempts)
        self.store.content_search.update(self.content_index.staged)
        self.courses.apply()
        self.store.exchange_rates.update(self.exchange_rates.staged)
        self.store.schedules.update(self.schedules.staged)
        self.bookings.apply(self._events)
        self.group_sessions.apply(self._events)
        self.ledger.apply()
        self.payment_events.apply()
        self.payout_accounts.apply()
        self.payout_transfers.apply()
        self.reviews.apply(self._events, self.store.mentors, also=self.mentors.staged)
        self.forum.apply()
        self.chat.apply()
        self.chat_sharing.apply()
        self.videos.apply()
        self.handwritten.apply()
        self.study.apply()
        self.gamification.apply()
        self.failed_jobs.apply()
        self._open_repositories()
        events = self._events.drain()
        self.store.outbox.extend(events)
        if events and self._signal is not None:
            self._signal.notify()

    def _user_changed(self, user: User) -> bool:
        stored = self.store.users[user.id]
        fields = [f for f in vars(user) if f not in ("events", "version")]
        return any(getattr(user, f) != getattr(stored, f) for f in fields)

    async def rollback(self) -> None:
        self._events.discard()
        self.staged_users.clear()
        self.new_users.clear()
        self.loaded_versions.clear()
        self.staged_sessions.clear()
        self.staged_tokens.clear()
        self.staged_ott.clear()
        self.staged_audit.clear()
        self._open_repositories()


class MemoryUnitOfWorkFactory:
    def __init__(self, store: MemoryStore | None = None,
                 signal: EventSignal | None = None) -> None:
        self.store = store or MemoryStore()
        self.signal = signal

    def __call__(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.store, self.signal)
