"""The Litestar application factory. Configuration is read here, never at import."""

import asyncio
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import structlog
from litestar import Litestar, Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import OpenAPIRenderPlugin, RedocRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme, Tag

from adapters.container import Container, build_container, shutdown
from adapters.http.access import PUBLIC
from adapters.http.admin_users.controller import AdminUsersController
from adapters.http.analytics.controller import (
    LearnerAnalyticsController,
    MentorAnalyticsController,
)
from adapters.http.auth.controller import AuthController
from adapters.http.bookings.controller import (
    AdminBookingsController,
    BookingsController,
    BookingTermsController,
    PaymentsController,
)
from adapters.http.catalog.controller import AdminCatalogController, CatalogController
from adapters.http.certificates.controller import CertificatesController
from adapters.http.chat.controller import ChatController
from adapters.http.conditional import ValidatedCompression
from adapters.http.content.assistant import ContentAssistantController
from adapters.http.content.controller import (
    AdminContentController,
    LearningContentController,
    MyContentController,
)
from adapters.http.content.image_links import with_signed_images
from adapters.http.content.images import ContentImagesController
from adapters.http.content.media_bodies import MediaBodies
from adapters.http.content_coding import compression_config
from adapters.http.courses.controller import CoursesController, MentorCoursesController
from adapters.http.dependency_order import resolve_dependencies_in_order
from adapters.http.discovery.controller import (
    DiscoveryController,
    PreviewsController,
    SuggestionsController,
    TopicPreviewController,
)
from adapters.http.earnings.controller import AdminPayoutsController, MentorEarningsController
from adapters.http.edge import edge
from adapters.http.error_catalog import catalog_markdown
from adapters.http.errors import EXCEPTION_HANDLERS
from adapters.http.exchange_rates.controller import AdminExchangeRatesController
from adapters.http.files.controller import files_controller
from adapters.http.finance.controller import AdminFinanceController
from adapters.http.forum.controller import (
    AdminForumController,
    ForumController,
    ForumImagesController,
)
from adapters.http.gamification.controller import (
    GamificationController,
    MyProgressController,
)
from adapters.http.group_sessions.controller import GroupSessionsController
from adapters.http.handwritten.controller import (
    AnnotationsController,
    HandwrittenDocumentsController,
)
from adapters.http.health.controller import HealthController
from adapters.http.health.metrics import metrics_endpoint
from adapters.http.live.gateway import LiveGateway, live_socket
from adapters.http.me.account import AccountController
from adapters.http.me.controller import MeController
from adapters.http.mentors.availability import (
    MentorSlotsController,
    MyAvailabilityController,
)
from adapters.http.mentors.controller import (
    AdminMentorsController,
    MyMentorProfileController,
    PublicMentorsController,
)
from adapters.http.notifications.controller import NotificationsController
from adapters.http.openapi_structs import StrictStructSchemaPlugin
from adapters.http.operations.controller import OperationsController
from adapters.http.pagination import PAGING
from adapters.http.payouts.controller import (
    MentorPayoutAccountController,
    TestPayoutAccountsController,
)
from adapters.http.platform.controller import PlatformController
from adapters.http.request_connection import RequestConnectionMiddleware
from adapters.http.reviews.controller import AdminReviewsController, ReviewsController
from adapters.http.search.controller import ContentSearchController
from adapters.http.security.json_body import JsonBodyMiddleware
from adapters.http.security.rate_limit import RateLimitMiddleware
from adapters.http.video.controller import (
    VideoPositionsController,
    VideosController,
    VideoUploadsController,
)
from adapters.http.web_client import web_client_handlers
from adapters.observability.logging import configure_logging
from adapters.settings import Settings, parse_rule

API_VERSION = "1.0.0"

TAGS = [
    Tag(name="Authentication", description="Sign-up, sign-in, tokens, passwords."),
    Tag(name="Account", description="The signed-in user's own account."),
    Tag(name="Admin: users", description="User management for administrators (S33)."),
    Tag(name="Catalog", description="Subjects, chapters and topics."),
    Tag(name="Admin: catalog", description="Shaping the catalog (administrators)."),
    Tag(name="Mentor onboarding", description="A mentor's own profile and application (S6)."),
    Tag(name="Admin: mentors", description="Reviewing mentor applications."),
    Tag(name="Mentors", description="Public mentor profiles (S9)."),
    Tag(name="Admin: exchange rates", description="Rates that let mentor search compare "
                                                  "prices across currencies."),
    Tag(name="Mentor content", description="A mentor's notes, questions and simulations: "
                                           "versions, diffs, revert, submission (S13, S14)."),
    Tag(name="Admin: content", description="Moderating content before learners see it "
                                           "(S15, S34)."),
    Tag(name="Learning", description="Approved content by topic, and answering questions."),
    Tag(name="Search", description="Full-text search over notes, questions and simulations "
                                   "(S16)."),
    Tag(name="Mentor courses", description="A mentor's courses: ordered selections of their "
                                           "own content items, published for learners."),
    Tag(name="Discovery", description="Public previews of courses and lessons, mentors' "
                                      "portfolios and the landing page's figures."),
    Tag(name="Courses", description="Published courses, enrolment, and progress through "
                                    "their approved items."),
    Tag(name="Bookings", description="Booking mentors' sessions: holds, payment, "
                                     "cancellation and rescheduling (S22, S23)."),
    Tag(name="Payments", description="The payment gateway's webhook and the built-in test "
                                     "payment page."),
    Tag(name="Admin: bookings", description="Disputed sessions and their settlement (S23)."),
    Tag(name="Group sessions", description="A mentor's sessions for several students, each "
                                           "on a seat of their own (S40; behind a feature "
                                           "flag)."),
    Tag(name="Earnings", description="A mentor's earnings, monthly reports and payout "
                                     "history (S10)."),
    Tag(name="Admin: payouts", description="Payout batches paid to mentors (S12)."),
    Tag(name="Admin: finance", description="The platform's books per month and currency: "
                                           "revenue, refunds, payouts, payables (S35)."),
    Tag(name="Reviews", description="Reviews of completed sessions, the mentor's reply and "
                                    "reports (S11)."),
    Tag(name="Admin: reviews", description="Moderating reported reviews: hide or restore."),
    Tag(name="Forum", description="Questions and answers tied to the lessons: categories, "
                                  "threads, threaded posts with formulas, votes, accepted "
                                  "answers, flags (S29-S31)."),
    Tag(name="Admin: forum", description="Flagged posts and the decisions on them; the "
                                         "forum's categories."),
    Tag(name="Session chat", description="The chat of a booked session: messages with "
                                         "formulas and files, live delivery, read receipts "
                                         "and transcripts (S32)."),
    Tag(name="Notifications", description="In-app notifications of the signed-in user."),
    Tag(name="Files", description="Downloads through signed links."),
    Tag(name="Operations", description="Liveness, readiness, metrics."),
    Tag(name="Platform", description="The optional features switched on here, for clients."),
]


def api_reference_pages(dist: Path) -> list[OpenAPIRenderPlugin]:
    """Swagger UI and Redoc, from the bundles the client's build ships (``web/api-docs.ts``);
    without a build (an API-only process), from their CDNs."""
    if not (dist / "api-docs" / "swagger-ui-bundle.js").is_file():
        return [SwaggerRenderPlugin(), RedocRenderPlugin()]
    icon = "<link rel='icon' type='image/svg+xml' href='/favicon.svg'>"
    return [SwaggerRenderPlugin(js_url="/api-docs/swagger-ui-bundle.js",
                                css_url="/api-docs/swagger-ui.css",
                                standalone_preset_js_url="/api-docs/swagger-ui-standalone-preset.js",
                                favicon=icon),
            RedocRenderPlugin(js_url="/api-docs/redoc.standalone.js", google_fonts=False,
                              favicon=icon)]


def openapi_config(settings: Settings) -> OpenAPIConfig:
    return OpenAPIConfig(
        title="Mentora API",
        version=API_VERSION,
        description=("Learning platform with verified mentors. Every endpoint lives under "
                     "`/api/v1`; errors are `{code, message, details}` with stable codes.\n\n"
                     + catalog_markdown()),
        openapi_router=Router(path="/schema", route_handlers=[], include_in_schema=False,
                              opt={"access": PUBLIC}),
        render_plugins=api_reference_pages(settings.web_dist),
        tags=TAGS,
        components=Components(security_schemes={
            "bearerAuth": SecurityScheme(type="http", scheme="bearer",
                                         description="Access token from POST /auth/login "
                                                     "with mode=token."),
            "cookieAuth": SecurityScheme(type="apiKey", name=settings.session_cookie,
                                         security_scheme_in="cookie",
                                         description="Browser session; unsafe methods also "
                                                     "need the X-CSRF-Token header."),
        }),
        use_handler_docstrings=False,
    )


class EduApp(Litestar):
    """Litestar with the edge layers (HTTPS, request ids, metrics, security headers) wrapped
    around the whole application, so unmatched routes and early errors get them too."""

    edge: Any = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if self.edge is None or scope["type"] == "lifespan":
            await super().__call__(scope, receive, send)
            return
        await self.edge(scope, receive, send)

    async def _inner(self, scope: Any, receive: Any, send: Any) -> None:
        await super().__call__(scope, receive, send)


log = structlog.get_logger("edu.app")


async def _schedule_timers(container: Container) -> None:
    """The API starts while the database is down (readiness reports it): the recurring scans
    are put once the database answers, not at the cost of the start."""
    delay = 1.0
    while True:
        try:
            await container.at_risk_notices().ensure_scheduled()
            return
        except Exception as error:
            log.warning("timers_not_scheduled", error=repr(error), retry_in=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)


def create_app(settings: Settings | None = None, *, container: Container | None = None,
               database_url: str | None = None) -> Litestar:
    """Without a container or a ``database_url`` the services are the configured (or
    embedded) ones; with a ``database_url`` alone events are delivered in process."""
    settings = settings or Settings()
    configure_logging(settings.log_level, json=settings.log_json)
    resolve_dependencies_in_order()
    if container is None:
        nats_url = None
        if database_url is None:
            from adapters.bootstrap import resolve_database_url, resolve_nats_url

            # `edu serve` has prepared (migrated or checked) the database before starting
            # this server process.
            database_url = resolve_database_url(settings)
            nats_url = resolve_nats_url(settings)
        container = build_container(settings, database_url, nats_url)
    app_container = container

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncGenerator[None, None]:
        await app_container.live().start()
        errors_stop = asyncio.Event()
        errors = asyncio.create_task(app_container.error_recorder().run(errors_stop))
        if settings.run_event_handlers_in_api:
            await app_container.dispatcher().start()
            app_container.dispatcher().notify()  # events left over from a previous run
            timers = asyncio.create_task(_schedule_timers(app_container))
        try:
            yield
        finally:
            if settings.run_event_handlers_in_api:
                timers.cancel()
            errors_stop.set()
            await errors  # writes what is left
            await shutdown(app_container)

    live_gateway = LiveGateway(broker=container.live(), policies=container.channel_policies(),
                               identity=container.identity.service(),
                               public_url=settings.public_url,
                               session_cookie=settings.session_cookie,
                               metrics=container.metrics())
    route_handlers: list[Any] = [AuthController, MeController, AccountController,
                                 AdminUsersController,
                                 CatalogController, AdminCatalogController,
                                 MyMentorProfileController, AdminMentorsController,
                                 PublicMentorsController, AdminExchangeRatesController,
                                 MyAvailabilityController,
                                 MentorSlotsController, NotificationsController,
                                 with_signed_images(container.storage(), container.clock(), [
                                     MyContentController, ContentAssistantController,
                                     ContentImagesController,
                                     AdminContentController, LearningContentController,
                                     PreviewsController, ForumController,
                                     ForumImagesController, AdminForumController],
                                     also=[MediaBodies(container.videos(),
                                                       container.handwritten())]),
                                 HandwrittenDocumentsController, AnnotationsController,
                                 ContentSearchController, SuggestionsController,
                                 DiscoveryController, TopicPreviewController,
                                 MentorCoursesController, CoursesController,
                                 CertificatesController, MyProgressController,
                                 GamificationController,
                                 BookingsController, BookingTermsController,
                                 PaymentsController, AdminBookingsController,
                                 GroupSessionsController,
                                 MentorEarningsController, AdminPayoutsController,
                                 LearnerAnalyticsController, MentorAnalyticsController,
                                 MentorPayoutAccountController, TestPayoutAccountsController,
                                 AdminFinanceController,
                                 ReviewsController, AdminReviewsController,
                                 ChatController,
                                 VideoUploadsController, VideosController,
                                 VideoPositionsController,
                                 HealthController, OperationsController,
                                 PlatformController,
                                 live_socket(live_gateway),
                                 metrics_endpoint(container.metrics(),
                                                  token=settings.metrics_token,
                                                  production=settings.env == "production",
                                                  trusted_proxies=settings.trusted_proxies),
                                 *web_client_handlers(settings.web_dist)]
    if settings.storage_backend == "local":
        # S3 links point at the object store itself; local ones are served here.
        route_handlers += files_controller(container.storage())
    rules = {"auth": parse_rule(settings.rate_limit_auth),
             "public": parse_rule(settings.rate_limit_public),
             "uploads": parse_rule(settings.rate_limit_uploads),
             "assistant": parse_rule(settings.rate_limit_assistant)}

    app = EduApp(
        route_handlers=route_handlers,
        exception_handlers=EXCEPTION_HANDLERS,
        dependencies=PAGING,
        openapi_config=openapi_config(settings),
        lifespan=[lifespan],
        plugins=[StrictStructSchemaPlugin()],
        request_max_body_size=settings.max_request_body_bytes,
        compression_config=compression_config(ValidatedCompression),
        middleware=[RateLimitMiddleware(container.rate_limiter(), rules,
                                        settings.trusted_proxies),
                    JsonBodyMiddleware(settings.max_request_body_bytes),
                    RequestConnectionMiddleware(container.database())],
        debug=False,
        # Logging is configured once by configure_logging (structlog JSON on stdout).
        logging_config=None,
    )
    app.state.container = container
    app.state.live_gateway = live_gateway
    app.edge = edge(app._inner, metrics=container.metrics(), force_https=settings.force_https,
                    trusted_proxies=settings.trusted_proxies,
                    blob_origins=settings.blob_origins, public_url=settings.public_url,
                    timings=container.route_timings(), errors=container.error_recorder())
    return app
