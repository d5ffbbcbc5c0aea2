"""Push notifications to the devices people signed in on (mobile apps).

The core hands over who and what; the adapter talks to the provider (APNs, FCM, Expo) or, by
default, writes what would be sent to a log. Which sign-in holds which token is stored on the
session (``SessionRepository``), so revoking a device stops its pushes at once.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from edu_core.domain.identity.devices import PushPlatform


@dataclass(frozen=True, slots=True)
class PushDevice:
    platform: PushPlatform
    token: str


@dataclass(frozen=True, slots=True)
class PushMessage:
    title: str
    body: str
    # Where the app opens when the notification is tapped: a path of the web client, which
    # the app maps to its own screens.
    link: str | None
    kind: str  # the notification's kind, for the app's icon and grouping
    notification_id: str


class PushOutcome(StrEnum):
    DELIVERED = "delivered"
    # The provider says the token is no longer valid (app uninstalled, token rotated): the
    # caller forgets it.
    UNREGISTERED = "unregistered"


class PushGateway(Protocol):
    async def register(self, device: PushDevice) -> None:
        """Check the token with the provider before it is kept; raises ``InvalidPushToken``
        for one the provider refuses."""
        ...

    async def send(self, device: PushDevice, message: PushMessage) -> PushOutcome:
        """Deliver one message to one device; raises ``PushDeliveryError`` when the provider
        cannot be reached (the handler is retried)."""
        ...
