"""The audit log of administrative actions."""

from datetime import datetime
from typing import Protocol
from uuid import UUID

from edu_core.domain.audit import AuditEntry
from edu_core.domain.pagination import Page, PageRequest


class AuditLog(Protocol):
    def record(self, entry: AuditEntry) -> None:
        """Stage an entry; it is written in the same transaction as the action it describes."""
        ...

    async def list(self, page: PageRequest, *, target_id: str | None = None,
                   actor_id: UUID | None = None, action: str | None = None,
                   target_type: str | None = None, since: datetime | None = None,
                   until: datetime | None = None) -> Page[AuditEntry]:
        """Newest first; every filter given must hold (``since`` inclusive, ``until``
        exclusive)."""
        ...
