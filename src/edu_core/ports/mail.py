"""Outgoing e-mail. The core names a template and its context; adapters render and deliver."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from edu_core.domain.bookings.calendar import Invitation


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent along with a message. ``content_type`` may carry parameters
    (``text/calendar; method=REQUEST``): calendar clients read the method from it."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True, slots=True)
class MailRequest:
    """One e-mail to one recipient, rendered from a named template (e.g. ``verify_email``)."""

    to: str
    template: str
    context: Mapping[str, str | int] = field(default_factory=dict)
    attachments: tuple[Attachment, ...] = ()


class Mailer(Protocol):
    async def send(self, request: MailRequest) -> None:
        """Render and deliver; raises ``MailDeliveryError`` when the transport refuses it."""
        ...

    async def check(self) -> None:
        """Raise when the transport cannot accept mail right now (used by readiness)."""
        ...


class InvitationEncoder(Protocol):
    def encode(self, invitation: Invitation) -> bytes:
        """The invitation as an iCalendar (RFC 5545) object, ready to attach as ``.ics``."""
        ...
