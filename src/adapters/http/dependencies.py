"""Handler dependencies: use cases taken from the container on the application state.

dependency-injector has no Litestar integration, so these small functions are the bridge
(wrapped in ``Provide(..., sync_to_thread=False)`` by the controllers).
"""

from litestar.datastructures import State
from litestar.exceptions import NotFoundException

from adapters.payments.test_gateway import TestPaymentGateway
from adapters.settings import Settings
from edu_core.application.account import AccountService
from edu_core.application.availability import AvailabilityService
from edu_core.application.bookings import BookingService
from edu_core.application.catalog import CatalogService
from edu_core.application.content import ContentService
from edu_core.application.content_assistant import ContentAssistantService
from edu_core.application.content_search import ContentSearchService
from edu_core.application.courses import CourseService
from edu_core.application.data_export import DataExport
from edu_core.application.discovery import DiscoveryService
from edu_core.application.gamification import GamificationService
from edu_core.application.group_sessions import GroupSessionService
from edu_core.application.health import HealthService
from edu_core.application.identity import IdentityService
from edu_core.application.mentors import MentorService
from edu_core.application.money import ExchangeRateService
from edu_core.application.notification_preferences import NotificationPreferenceService
from edu_core.application.notifications_inbox import NotificationInbox
from edu_core.application.payment_webhooks import PaymentWebhooks
from edu_core.application.reviews import ReviewService
from edu_core.application.second_factor import SecondFactorService
from edu_core.application.sessions import AccountSessions
from edu_core.application.user_admin import UserAdminService


def provide_bookings(state: State) -> BookingService:
    service: BookingService = state.container.bookings()
    return service


def provide_group_sessions(state: State) -> GroupSessionService:
    service: GroupSessionService = state.container.group_sessions()
    return service


def provide_reviews(state: State) -> ReviewService:
    service: ReviewService = state.container.reviews()
    return service


def provide_payment_webhooks(state: State) -> PaymentWebhooks:
    service: PaymentWebhooks = state.container.payment_webhooks()
    return service


def provide_test_gateway(state: State) -> TestPaymentGateway:
    """The built-in test gateway; its payment page does not exist with a real gateway."""
    gateway = state.container.payment_gateway()
    if not isinstance(gateway, TestPaymentGateway):
        raise NotFoundException()
    return gateway


def provide_identity(state: State) -> IdentityService:
    service: IdentityService = state.container.identity.service()
    return service


def provide_account_sessions(state: State) -> AccountSessions:
    service: AccountSessions = state.container.identity.sessions()
    return service


def provide_second_factor(state: State) -> SecondFactorService:
    service: SecondFactorService = state.container.identity.second_factor()
    return service


def provide_user_admin(state: State) -> UserAdminService:
    service: UserAdminService = state.container.identity.admin()
    return service


def provide_health(state: State) -> HealthService:
    service: HealthService = state.container.health()
    return service


def provide_settings(state: State) -> Settings:
    settings: Settings = state.container.settings()
    return settings


def provide_catalog(state: State) -> CatalogService:
    service: CatalogService = state.container.catalog()
    return service


def provide_mentors(state: State) -> MentorService:
    service: MentorService = state.container.mentors()
    return service


def provide_exchange_rates(state: State) -> ExchangeRateService:
    service: ExchangeRateService = state.container.exchange_rates()
    return service


def provide_availability(state: State) -> AvailabilityService:
    service: AvailabilityService = state.container.availability()
    return service


def provide_inbox(state: State) -> NotificationInbox:
    service: NotificationInbox = state.container.inbox()
    return service


def provide_content(state: State) -> ContentService:
    service: ContentService = state.container.content()
    return service


def provide_content_assistant(state: State) -> ContentAssistantService:
    service: ContentAssistantService = state.container.content_assistant()
    return service


def provide_content_search(state: State) -> ContentSearchService:
    service: ContentSearchService = state.container.content_search_service()
    return service


def provide_courses(state: State) -> CourseService:
    service: CourseService = state.container.courses()
    return service


def provide_discovery(state: State) -> DiscoveryService:
    service: DiscoveryService = state.container.discovery()
    return service


def provide_account(state: State) -> AccountService:
    service: AccountService = state.container.account()
    return service


def provide_notification_preferences(state: State) -> NotificationPreferenceService:
    service: NotificationPreferenceService = state.container.notification_preferences()
    return service


def provide_data_export(state: State) -> DataExport:
    service: DataExport = state.container.data_export()
    return service


def provide_gamification(state: State) -> GamificationService:
    service: GamificationService = state.container.gamification()
    return service
