"""In-app notifications: short messages for one user, with a link to what they are about."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar
from uuid import UUID, uuid4

from edu_core.domain.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class NotificationCreated(DomainEvent):
    """A notification was newly stored (a redelivered event that stores nothing raises none):
    open browsers of its user can learn of it at once."""

    name: ClassVar[str] = "notification.created"
    notification_id: UUID
    user_id: UUID


@dataclass(kw_only=True)
class Notification:
    user_id: UUID
    kind: str  # e.g. "mentor.verified"; clients pick an icon by it
    title: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)

    def event(self) -> NotificationCreated:
        return NotificationCreated(notification_id=self.id, user_id=self.user_id,
                                   occurred_at=self.created_at)
