"""In-app notifications: short messages for one user, with a link to what they are about."""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4


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
