"""Audit trail of administrative actions: who did what to which record, and when."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4


@dataclass(frozen=True, kw_only=True)
class AuditEntry:
    actor_id: UUID | None  # None: the system or the CLI without a named operator
    action: str  # e.g. "user.suspend"
    target_type: str
    target_id: str
    occurred_at: datetime
    details: dict[str, Any] = field(default_factory=dict)
    id: UUID = field(default_factory=uuid4)
