"""The composition root: the only place where adapters are chosen and built.

Each bounded context has a sub-container whose inputs are ``providers.Dependency``; the
application container builds the shared infrastructure from the settings and wires it in. Tests
override providers (e.g. the hasher) instead of patching modules.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from dependency_injector import containers, providers
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.content.markdown import MarkdownItRenderer
from adapters.content.openai_assistant import OpenAICompatibleAssistant
from adapters.content.rule_assistant import RuleBasedAssistant
from adapters.db.connections import Database
from adapters.db.content_search import PostgresContentSearch
from adapters.db.discovery_queries import PostgresDiscoveryQueries
from adapters.db.engine import build_engine, build_session_factory
from adapters.db.finance_reports import PostgresFinanceReports
from adapters.db.jobs import PostgresJobStore
from adapters.db.learning_analytics import PostgresLearningAnalytics
from adapters.db.mentor_search import PostgresMentorSearch
from adapters.db.personal_data import PostgresPersonalDataReader
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.mail.calendar import IcalendarInvitations
from adapters.mail.file_outbox import FileOutboxMailer
from adapters.mail.renderer import MailRenderer
from adapters.mail.smtp import SmtpMailer
from adapters.media.ffmpeg_transcoder import FfmpegTranscoder
from adapters.media.pyav_probe import PyAvProbe
from adapters.media.webvtt_captions import WebVttCaptionParser
from adapters.messaging.live import MemoryLiveBroker, NatsLiveBroker
from adapters.messaging.nats_relay import NatsEventRelay
from adapters.messaging.outbox_dispatcher import OutboxDispatcher
from adapters.messaging.taskiq_jobs import TaskiqJobQueue, build_broker
from adapters.observability.db_timing import instrument_engine
from adapters.observability.error_log import ErrorRecorder, PostgresErrorLog
from adapters.observability.metrics import Metrics
from adapters.observability.platform import PlatformReadingsAdapter
from adapters.observability.request_timing import RouteTimingsRecorder
from adapters.payments.stripe_connect import StripePayoutAccounts
from adapters.payments.stripe_gateway import StripeGateway
from adapters.payments.test_gateway import TestPaymentGateway, webhook_secret
from adapters.payments.test_payout_accounts import TestPayoutAccounts
from adapters.push.log_gateway import LogPushGateway
from adapters.ratelimit.limiter import LimitsRateLimiter
from adapters.security.clock import ShiftedClock, SystemClock
from adapters.security.common_passwords import common_passwords
from adapters.security.passwords import BcryptPasswordHasher
from adapters.security.totp import PyotpTotp
from adapters.settings import Settings, parse_rule
from adapters.storage.local import LocalBlobStorage
from adapters.storage.pdfium_documents import PdfiumDocumentRenderer
from adapters.storage.pillow_images import PillowImageEncoder, PillowImageInspector
from adapters.storage.s3 import S3BlobStorage
from edu_core.application.account import AccountErasureHandlers, AccountService
from edu_core.application.analytics import AnalyticsService, StudyTimeService
from edu_core.application.analytics_notices import AtRiskNotices
from edu_core.application.annotation_shares import AnnotationSharing
from edu_core.application.availability import AvailabilityService
from edu_core.application.booking_notifications import (
    BookingInAppHandlers,
    BookingMailHandlers,
)
from edu_core.application.bookings import BookingService, BookingTimers
from edu_core.application.catalog import CatalogService
from edu_core.application.chat import ChatService, ChatTimers
from edu_core.application.chat_sharing import ChatSharingService
from edu_core.application.content import ContentService
from edu_core.application.content_assistant import ContentAssistantService
from edu_core.application.content_images import ContentImages
from edu_core.application.content_notifications import ContentInAppHandlers, ContentMailHandlers
from edu_core.application.content_search import ContentSearchService
from edu_core.application.courses import CourseService
from edu_core.application.data_export import DataExport
from edu_core.application.discovery import DiscoveryService
from edu_core.application.earnings import EarningsService
from edu_core.application.finance import FinanceService
from edu_core.application.forum import ForumService
from edu_core.application.forum_notifications import (
    ForumInAppHandlers,
    ForumLiveUpdates,
    ForumMailHandlers,
)
from edu_core.application.gamification import (
    AchievementNotices,
    GamificationLive,
    GamificationService,
    LeagueTimers,
    XpHandlers,
)
from edu_core.application.group_notifications import GroupInAppHandlers, GroupMailHandlers
from edu_core.application.group_sessions import GroupSessionService, GroupSessionTimers
from edu_core.application.handwritten import HandwrittenReferences, HandwrittenService
from edu_core.application.health import HealthService
from edu_core.application.identity import AuthConfig, IdentityService
from edu_core.application.live import (
    ChannelPolicies,
    LiveNotifications,
    default_channel_policies,
)
from edu_core.application.mentor_notifications import MentorInAppHandlers, MentorMailHandlers
from edu_core.application.mentors import MentorService
from edu_core.application.messagebus import EventHandlers, HandlerRegistry
from edu_core.application.money import ExchangeRateService
from edu_core.application.notification_preferences import NotificationPreferenceService
from edu_core.application.notifications import IdentityMailHandlers
from edu_core.application.notifications_inbox import NotificationInbox
from edu_core.application.operations import OperationsService
from edu_core.application.payment_webhooks import PaymentWebhooks
from edu_core.application.payouts import PayoutService, PayoutTimers
from edu_core.application.push_notifications import PushNotifications
from edu_core.application.reviews import ReviewInAppHandlers, ReviewService
from edu_core.application.second_factor import SecondFactorService
from edu_core.application.sessions import AccountSessions
from edu_core.application.uploads import Uploads
from edu_core.application.user_admin import UserAdminService
from edu_core.application.video import (
    VideoEvents,
    VideoProcessing,
    VideoReferences,
    VideoService,
)
from edu_core.domain.content import default_kinds
from edu_core.domain.identity import PasswordPolicy
from edu_core.ports.clock import Clock
from edu_core.ports.events import EventSignal
from edu_core.ports.jobs import Job, JobRegistry
from edu_core.ports.mail import Mailer
from edu_core.ports.push import PushGateway
from edu_core.ports.rate_limit import RateLimiter
from edu_core.ports.security import PasswordHasher
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


def _uow_factory(database: Database, signal: EventSignal) -> Callable[[], UnitOfWork]:
    def make() -> UnitOfWork:
        return SqlAlchemyUnitOfWork(database, signal)
    return make


def _seconds(value: int) -> timedelta:
    return timedelta(seconds=value)


class DatabaseProbe:
    name = "database"

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def check(self) -> None:
        async with self._engine.connect() as conn:
            await conn.execute(text("select 1"))


class AdapterProbe:
    """Readiness of an adapter that exposes ``check()`` (mailer, rate-limit store, ...)."""

    def __init__(self, name: str, adapter: Any) -> None:
        self.name = name
        self._adapter = adapter

    async def check(self) -> None:
        await self._adapter.check()


class WorkerProbe:
    """Readiness of the background workers: the newest heartbeat is recent enough."""

    name = "worker"

    def __init__(self, store: PostgresJobStore, max_age: timedelta) -> None:
        self._store = store
        self._max_age = max_age

    async def check(self) -> None:
        last = await self._store.last_heartbeat()
        if last is None:
            raise LookupError("no worker has reported yet")
        age = datetime.now(UTC) - last
        if age > self._max_age:
            raise TimeoutError(f"last worker heartbeat {age.total_seconds():.0f} s ago")


def _channel_policies(chat: ChatService, forum: ForumService,
                      gamification: GamificationService) -> ChannelPolicies:
    policies = default_channel_policies()
    policies.register("session", chat.may_listen)
    policies.register("thread", forum.may_follow)
    policies.register("leaderboard", gamification.may_watch)
    return policies


def _clock(test_clock_file: Path | None) -> Clock:
    return SystemClock() if test_clock_file is None else ShiftedClock(test_clock_file)


def _event_transport(nats_url: str | None) -> str:
    return "nats" if nats_url else "in_process"


def _probes(common: list[Any], worker: "WorkerProbe", dispatcher: Any, nats_url: str | None,
            worker_expected: bool) -> list[Any]:
    """Every probe; NATS's when events go through it, the worker's when the deployment runs
    workers (see ``build_container``)."""
    probes = [*common, AdapterProbe("nats", dispatcher)] if nats_url else list(common)
    if worker_expected:
        probes.append(worker)
    return probes


class IdentityContainer(containers.DeclarativeContainer):
    uow: providers.Dependency[UnitOfWorkFactory] = providers.Dependency()
    clock: providers.Dependency[Clock] = providers.Dependency()
    hasher: providers.Dependency[PasswordHasher] = providers.Dependency()
    limiter: providers.Dependency[RateLimiter] = providers.Dependency()
    mailer: providers.Dependency[Mailer] = providers.Dependency()
    push: providers.Dependency[PushGateway] = providers.Dependency()
    settings = providers.Dependency(instance_of=Settings)

    password_policy = providers.Singleton(
        PasswordPolicy, banned=providers.Callable(common_passwords))
    auth_config = providers.Singleton(
        AuthConfig,
        login_failures=providers.Callable(parse_rule, settings.provided.rate_limit_login_failures),
        idle_timeout=providers.Callable(_seconds, settings.provided.session_idle_timeout),
        idle_timeout_remembered=providers.Callable(
            _seconds, settings.provided.session_idle_timeout_remembered))
    service = providers.Singleton(
        IdentityService, uow=uow, hasher=hasher, clock=clock, policy=password_policy,
        limiter=limiter, config=auth_config)
    admin = providers.Singleton(
        UserAdminService, uow=uow, clock=clock, identity=service)
    sessions = providers.Singleton(AccountSessions, uow=uow, clock=clock, push=push)
    totp = providers.Singleton(PyotpTotp)
    second_factor = providers.Singleton(
        SecondFactorService, uow=uow, clock=clock, totp=totp, hasher=hasher, limiter=limiter,
        identity=service)
    mail_handlers = providers.Singleton(
        IdentityMailHandlers, identity=service, mailer=mailer, uow=uow,
        web_base_url=settings.provided.public_url)


class Container(containers.DeclarativeContainer):
    settings = providers.Dependency(instance_of=Settings)
    database_url = providers.Dependency(instance_of=str)
    # Resolved at startup (``resolve_nats_url``); None delivers events in process.
    nats_url: providers.Provider[str | None] = providers.Object(None)
    worker_expected: providers.Provider[bool] = providers.Object(False)

    engine = providers.Singleton(build_engine, database_url,
                                 pool_size=settings.provided.database_pool_size)
    session_factory = providers.Singleton(build_session_factory, engine)
    database = providers.Singleton(Database, engine)

    # Filled by ``bootstrap`` once the contexts exist (handlers need services, and services
    # need the unit of work, which signals the dispatcher).
    event_registry = providers.Singleton(HandlerRegistry)
    metrics = providers.Singleton(Metrics)
    clock = providers.Singleton(_clock, settings.provided.test_clock_file)
    dispatcher = providers.Selector(
        providers.Callable(_event_transport, nats_url),
        in_process=providers.Singleton(OutboxDispatcher, session_factory, event_registry,
                                       poll_interval=settings.provided.outbox_poll_seconds,
                                       metrics=metrics, clock=clock),
        nats=providers.Singleton(NatsEventRelay, session_factory, event_registry, nats_url,
                                 stream=settings.provided.events_stream,
                                 subject_prefix=settings.provided.events_subject,
                                 consumer=settings.provided.events_consumer,
                                 poll_interval=settings.provided.outbox_poll_seconds,
                                 metrics=metrics, clock=clock),
    )
    uow = providers.Singleton(_uow_factory, database, dispatcher)

    # Background jobs (ADR 19); the registry is filled by ``bootstrap``.
    job_registry = providers.Singleton(JobRegistry)
    job_store = providers.Singleton(PostgresJobStore, session_factory)
    job_broker = providers.Singleton(build_broker, settings)
    job_queue = providers.Singleton(TaskiqJobQueue, job_broker, job_registry)

    hasher = providers.Singleton(BcryptPasswordHasher, rounds=settings.provided.bcrypt_rounds)
    rate_limiter = providers.Singleton(LimitsRateLimiter,
                                       settings.provided.rate_limit_storage_uri)

    mail_renderer = providers.Singleton(MailRenderer)
    mailer = providers.Selector(
        providers.Callable(lambda s: s.mail_backend, settings),
        file=providers.Singleton(FileOutboxMailer, directory=settings.provided.outbox_dir,
                                 sender=settings.provided.mail_from, renderer=mail_renderer),
        smtp=providers.Singleton(
            SmtpMailer, host=settings.provided.smtp_host, port=settings.provided.smtp_port,
            sender=settings.provided.mail_from, renderer=mail_renderer,
            username=settings.provided.smtp_username, password=settings.provided.smtp_password,
            use_tls=settings.provided.smtp_tls, start_tls=settings.provided.smtp_starttls),
    )

    live = providers.Selector(
        providers.Callable(lambda s: s.live_backend, settings),
        memory=providers.Singleton(MemoryLiveBroker),
        nats=providers.Singleton(NatsLiveBroker, url=settings.provided.nats_url),
    )
    live_notifications = providers.Singleton(LiveNotifications, live=live)

    push = providers.Selector(
        providers.Callable(lambda s: s.push_backend, settings),
        log=providers.Singleton(LogPushGateway, directory=settings.provided.push_dir),
    )
    push_notifications = providers.Singleton(PushNotifications, uow=uow, clock=clock,
                                             push=push)

    identity = providers.Container(
        IdentityContainer, uow=uow, clock=clock, hasher=hasher, limiter=rate_limiter,
        mailer=mailer, push=push, settings=settings)

    storage = providers.Selector(
        providers.Callable(lambda s: s.storage_backend, settings),
        local=providers.Singleton(
            LocalBlobStorage, root=settings.provided.blobs_dir,
            signing_key=providers.Callable(lambda s: s.signing_key(), settings),
            # Relative links: they work on whatever origin serves the app.
            base_url=""),
        s3=providers.Singleton(
            S3BlobStorage, endpoint=settings.provided.s3_endpoint,
            access_key=settings.provided.s3_access_key,
            secret_key=settings.provided.s3_secret_key, bucket=settings.provided.s3_bucket,
            secure=settings.provided.s3_secure, region=settings.provided.s3_region,
            public_endpoint=settings.provided.s3_public_endpoint),
    )
    images = providers.Singleton(PillowImageInspector)
    uploads = providers.Singleton(Uploads, storage=storage, images=images)
    image_encoder = providers.Singleton(PillowImageEncoder)
    content_images = providers.Singleton(ContentImages, storage=storage, images=images,
                                         encoder=image_encoder)

    catalog = providers.Singleton(CatalogService, uow=uow, clock=clock)
    payment_gateway = providers.Selector(
        providers.Callable(lambda s: s.payment_backend, settings),
        test=providers.Singleton(
            TestPaymentGateway, database,
            secret=providers.Callable(lambda s: webhook_secret(s.signing_key()), settings),
            public_url=settings.provided.public_url),
        stripe=providers.Singleton(
            StripeGateway, secret_key=settings.provided.stripe_secret_key,
            webhook_secret=settings.provided.stripe_webhook_secret,
            api_version=settings.provided.stripe_api_version,
            api_base=settings.provided.stripe_api_base,
            connect_webhook_secret=settings.provided.stripe_connect_webhook_secret),
    )
    payout_accounts = providers.Selector(
        providers.Callable(lambda s: s.payment_backend, settings),
        test=providers.Singleton(
            TestPayoutAccounts, database,
            secret=providers.Callable(lambda s: webhook_secret(s.signing_key()), settings),
            public_url=settings.provided.public_url),
        stripe=providers.Singleton(
            StripePayoutAccounts, secret_key=settings.provided.stripe_secret_key,
            api_version=settings.provided.stripe_api_version,
            api_base=settings.provided.stripe_api_base),
    )
    bookings = providers.Singleton(
        BookingService, uow=uow, clock=clock, gateway=payment_gateway,
        public_url=settings.provided.public_url, commission_bp=settings.provided.commission_bp,
        hold_for=providers.Callable(lambda s: timedelta(minutes=s.booking_hold_minutes),
                                    settings))
    booking_timers = providers.Singleton(BookingTimers, bookings)
    group_sessions = providers.Singleton(
        GroupSessionService, uow=uow, clock=clock,
        enabled=settings.provided.feature_group_sessions, gateway=payment_gateway,
        public_url=settings.provided.public_url, commission_bp=settings.provided.commission_bp,
        hold_for=providers.Callable(lambda s: timedelta(minutes=s.booking_hold_minutes),
                                    settings))
    group_session_timers = providers.Singleton(GroupSessionTimers, group_sessions)
    payouts = providers.Singleton(
        PayoutService, uow=uow, clock=clock, gateway=payment_gateway,
        accounts=payout_accounts, public_url=settings.provided.public_url)
    payout_timers = providers.Singleton(PayoutTimers, payouts)
    payment_webhooks = providers.Singleton(PaymentWebhooks, gateway=payment_gateway,
                                           bookings=bookings, payouts=payouts,
                                           group_sessions=group_sessions)
    earnings = providers.Singleton(
        EarningsService, uow=uow, clock=clock,
        payouts=providers.Callable(lambda gateway: gateway.payouts, payment_gateway))
    finance_reports = providers.Singleton(PostgresFinanceReports, database)
    finance = providers.Singleton(FinanceService, reports=finance_reports, clock=clock)
    booking_invitations = providers.Singleton(IcalendarInvitations)
    booking_mail = providers.Singleton(
        BookingMailHandlers, mailer=mailer, uow=uow, clock=clock,
        invitations=booking_invitations, web_base_url=settings.provided.public_url,
        sender=settings.provided.mail_from)
    booking_in_app = providers.Singleton(BookingInAppHandlers, uow=uow, clock=clock)
    group_mail = providers.Singleton(
        GroupMailHandlers, mailer=mailer, uow=uow, clock=clock,
        invitations=booking_invitations, web_base_url=settings.provided.public_url,
        sender=settings.provided.mail_from)
    group_in_app = providers.Singleton(GroupInAppHandlers, uow=uow, clock=clock)
    reviews = providers.Singleton(ReviewService, uow=uow, clock=clock, limiter=rate_limiter)
    review_in_app = providers.Singleton(ReviewInAppHandlers, uow=uow, clock=clock)
    availability = providers.Singleton(AvailabilityService, uow=uow, clock=clock)
    exchange_rates = providers.Singleton(ExchangeRateService, uow=uow, clock=clock)
    mentor_search = providers.Singleton(PostgresMentorSearch, database)
    mentors = providers.Singleton(MentorService, uow=uow, clock=clock, uploads=uploads,
                                  storage=storage, search=mentor_search)
    mentor_mail = providers.Singleton(MentorMailHandlers, mailer=mailer, uow=uow,
                                      web_base_url=settings.provided.public_url)
    mentor_in_app = providers.Singleton(MentorInAppHandlers, uow=uow, clock=clock)
    inbox = providers.Singleton(NotificationInbox, uow=uow, clock=clock)
    account = providers.Singleton(AccountService, uow=uow, clock=clock, hasher=hasher,
                                  storage=storage, images=images,
                                  encoder=image_encoder)
    account_erasure = providers.Singleton(AccountErasureHandlers, uow=uow, storage=storage)
    notification_preferences = providers.Singleton(NotificationPreferenceService, uow=uow,
                                                   clock=clock)
    personal_data = providers.Singleton(PostgresPersonalDataReader, engine)
    data_export = providers.Singleton(DataExport, uow=uow, clock=clock, reader=personal_data)

    content_kinds = providers.Singleton(default_kinds)
    html_sanitizer = providers.Singleton(Nh3HtmlSanitizer,
                                         link_prefixes=settings.provided.blob_link_prefixes)
    markdown = providers.Singleton(MarkdownItRenderer, sanitizer=html_sanitizer)
    annotation_sharing = providers.Singleton(AnnotationSharing, storage=storage, clock=clock)
    forum = providers.Singleton(ForumService, uow=uow, clock=clock, limiter=rate_limiter,
                                renderer=markdown, accounts=identity.admin,
                                sharing=annotation_sharing)
    forum_in_app = providers.Singleton(ForumInAppHandlers, uow=uow, clock=clock)
    forum_mail = providers.Singleton(ForumMailHandlers, mailer=mailer, uow=uow, clock=clock,
                                     web_base_url=settings.provided.public_url)
    forum_live = providers.Singleton(ForumLiveUpdates, live=live)
    chat = providers.Singleton(ChatService, uow=uow, clock=clock, renderer=markdown,
                               storage=storage, images=images, encoder=image_encoder, live=live,
                               limiter=rate_limiter, sharing=annotation_sharing)
    chat_sharing = providers.Singleton(ChatSharingService, uow=uow, clock=clock, chat=chat,
                                       forum=forum)
    chat_timers = providers.Singleton(ChatTimers, chat)
    gamification = providers.Singleton(GamificationService, uow=uow, clock=clock)
    xp_handlers = providers.Singleton(XpHandlers, service=gamification)
    league_timers = providers.Singleton(LeagueTimers, service=gamification)
    achievement_notices = providers.Singleton(AchievementNotices, uow=uow, clock=clock)
    gamification_live = providers.Singleton(GamificationLive, live=live)
    channel_policies = providers.Singleton(_channel_policies, chat, forum, gamification)
    document_renderer = providers.Singleton(PdfiumDocumentRenderer)
    handwritten = providers.Singleton(HandwrittenService, uow=uow, clock=clock, storage=storage,
                                      images=images, encoder=image_encoder,
                                      renderer=document_renderer, limiter=rate_limiter)
    # What content bodies name outside the content model, per kind.
    video_references = providers.Singleton(VideoReferences)
    body_references = providers.Dict(video=video_references,
                                     handwritten=providers.Singleton(HandwrittenReferences))
    content = providers.Singleton(ContentService, uow=uow, clock=clock,
                                  kinds=content_kinds, sanitizer=html_sanitizer,
                                  references=body_references)
    content_assistant_backend = providers.Selector(
        providers.Callable(lambda s: s.assistant_backend, settings),
        rules=providers.Singleton(RuleBasedAssistant),
        openai=providers.Singleton(
            OpenAICompatibleAssistant, base_url=settings.provided.assistant_url,
            model=settings.provided.assistant_model,
            api_key=settings.provided.assistant_api_key,
            timeout_seconds=settings.provided.assistant_timeout_seconds),
    )
    content_assistant = providers.Singleton(ContentAssistantService, uow=uow, content=content,
                                            assistant=content_assistant_backend)
    content_mail = providers.Singleton(ContentMailHandlers, mailer=mailer, uow=uow,
                                       web_base_url=settings.provided.public_url)
    content_in_app = providers.Singleton(ContentInAppHandlers, uow=uow, clock=clock)
    content_search = providers.Singleton(PostgresContentSearch, database)
    content_search_service = providers.Singleton(
        ContentSearchService, uow=uow, search=content_search, kinds=content_kinds,
        references=body_references, transcripts=providers.Dict(video=video_references))
    courses = providers.Singleton(CourseService, uow=uow, clock=clock, kinds=content_kinds)
    video_probe = providers.Singleton(PyAvProbe)
    videos = providers.Singleton(VideoService, uow=uow, clock=clock, storage=storage,
                                 probe=video_probe,
                                 captions=providers.Singleton(WebVttCaptionParser))
    video_transcoder = providers.Singleton(FfmpegTranscoder, probe=video_probe,
                                           ffmpeg=settings.provided.ffmpeg_path)
    video_processing = providers.Singleton(
        VideoProcessing, uow=uow, clock=clock, storage=storage, transcoder=video_transcoder,
        time_limit=providers.Callable(
            lambda s: timedelta(seconds=max(1.0, s.jobs_time_limit_seconds * 0.9)), settings),
        max_attempts=settings.provided.jobs_max_attempts, jobs=job_queue.provider)
    video_events = providers.Singleton(VideoEvents, videos=videos, jobs=job_queue.provider,
                                       content=content)
    learning_analytics = providers.Singleton(PostgresLearningAnalytics, database)
    analytics = providers.Singleton(AnalyticsService, uow=uow, queries=learning_analytics,
                                    clock=clock)
    study_time = providers.Singleton(StudyTimeService, uow=uow, clock=clock)
    at_risk_notices = providers.Singleton(AtRiskNotices, uow=uow, clock=clock,
                                          analytics=analytics.provider)
    discovery_queries = providers.Singleton(PostgresDiscoveryQueries, database)
    discovery = providers.Singleton(DiscoveryService, uow=uow, queries=discovery_queries,
                                    kinds=content_kinds, storage=storage)

    # A worker that missed three heartbeats is taken for gone.
    worker_stale_after = providers.Callable(
        lambda s: timedelta(seconds=3 * s.worker_heartbeat_seconds), settings)
    health = providers.Singleton(
        HealthService,
        probes=providers.Callable(
            _probes,
            providers.List(
                providers.Singleton(DatabaseProbe, engine),
                providers.Singleton(AdapterProbe, "mail", mailer),
                providers.Singleton(AdapterProbe, "rate_limit_store", rate_limiter),
                providers.Singleton(AdapterProbe, "storage", storage),
                providers.Singleton(AdapterProbe, "live", live),
            ),
            providers.Singleton(WorkerProbe, job_store, worker_stale_after),
            dispatcher, nats_url, worker_expected),
        timeout_seconds=settings.provided.probe_timeout_seconds)

    # The operations console (ADR 36).
    route_timings = providers.Singleton(RouteTimingsRecorder)
    error_log = providers.Singleton(
        PostgresErrorLog, engine, session_factory,
        retention=providers.Callable(lambda s: timedelta(days=s.error_log_retention_days),
                                     settings),
        keep=settings.provided.error_log_max_rows)
    error_recorder = providers.Singleton(ErrorRecorder, error_log)
    platform_readings = providers.Singleton(
        PlatformReadingsAdapter, session_factory, job_store, metrics, relay=dispatcher,
        jobs_stream=providers.Callable(lambda s: s.jobs_stream if s.nats_url else None,
                                       settings))
    operations = providers.Singleton(
        OperationsService, health=health, readings=platform_readings, uow=uow,
        errors=error_log, timings=route_timings, clock=clock,
        worker_stale_after=worker_stale_after,
        # Retrying queues on NATS: without it there is no queue to put a job back on.
        jobs=providers.Callable(lambda s, queue: queue if s.nats_url else None, settings,
                                job_queue.provider))


def event_handler_groups(container: Container) -> list[EventHandlers]:
    """Every group of event handlers the platform runs: the one list, for the processes and
    for the tests (a group missing here fails the wiring test)."""
    return [container.identity.mail_handlers(), container.mentor_mail(),
            container.mentor_in_app(), container.content_mail(), container.content_in_app(),
            container.account_erasure(), container.live_notifications(),
            container.booking_timers(), container.group_session_timers(),
            container.payout_timers(), container.booking_mail(),
            container.booking_in_app(), container.group_mail(), container.group_in_app(),
            container.review_in_app(), container.forum_in_app(),
            container.forum_mail(), container.forum_live(), container.chat_timers(),
            container.video_events(), container.push_notifications(),
            container.at_risk_notices(), container.xp_handlers(), container.league_timers(),
            container.achievement_notices(), container.gamification_live()]


def job_definitions(container: Container) -> list[Job[Any]]:
    """Every background job the platform runs: the one list, for enqueuing and for
    ``edu worker``."""
    return [container.video_processing().job()]


def bootstrap(container: Container) -> Container:
    """Subscribe the handlers and register the jobs; the container's services are then
    complete."""
    registry = container.event_registry()
    registry.clear()
    for group in event_handler_groups(container):
        registry.add(group)
    jobs = container.job_registry()
    jobs.clear()
    for job in job_definitions(container):
        jobs.add(job)
    return container


def build_container(settings: Settings, database_url: str,
                    nats_url: str | None = None) -> Container:
    """``nats_url``: relay events over that server's JetStream (and, when the settings name
    no server, use it for live updates and jobs too: it is the embedded one); None: deliver
    events in process."""
    # Readiness waits for a worker where the deployment names its NATS server (workers are
    # part of it) or has moved event handling out of the API; a process on the embedded
    # defaults (``edu serve`` alone, the tests) is ready without one.
    worker_expected = (bool(settings.nats_url) and not settings.nats_embedded) or (
        not settings.run_event_handlers_in_api)
    if nats_url and not settings.nats_url:
        settings = settings.model_copy(update={"nats_url": nats_url})
    container = bootstrap(Container(settings=settings, database_url=database_url,
                                    nats_url=nats_url, worker_expected=worker_expected))
    instrument_engine(container.engine(), container.metrics())
    return container


async def shutdown(container: Container) -> None:
    await container.dispatcher().stop()
    await container.live().stop()
    if container.settings().nats_url:
        await container.job_queue().close()
    limiter = container.rate_limiter()
    close = getattr(limiter, "aclose", None) or getattr(limiter, "close", None)
    if close is not None:
        result = close()
        if hasattr(result, "__await__"):
            await result
    await container.engine().dispose()
