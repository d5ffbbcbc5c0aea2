"""The audit log table."""

from datetime import datetime
from uuid import UUID

from sqlalchemy import ColumnElement, func, insert, select

from adapters.db.connections import Session
from adapters.db.tables import audit_log
from edu_core.domain.audit import AuditEntry
from edu_core.domain.pagination import Page, PageRequest


class PostgresAuditLog:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._staged: list[AuditEntry] = []

    def record(self, entry: AuditEntry) -> None:
        self._staged.append(entry)

    async def flush(self) -> None:
        for e in self._staged:
            await self._s.execute(insert(audit_log).values(
                id=e.id, actor_id=e.actor_id, action=e.action, target_type=e.target_type,
                target_id=e.target_id, details=e.details, occurred_at=e.occurred_at))
        self._staged.clear()

    async def list(self, page: PageRequest, *, target_id: str | None = None,
                   actor_id: UUID | None = None, action: str | None = None,
                   target_type: str | None = None, since: datetime | None = None,
                   until: datetime | None = None) -> Page[AuditEntry]:
        a = audit_log.c
        # Each filter leads an index ending in occurred_at (target, actor, action, time).
        conds: list[ColumnElement[bool]] = []
        if target_id is not None:
            conds.append(a.target_id == target_id)
        if target_type is not None:
            conds.append(a.target_type == target_type)
        if actor_id is not None:
            conds.append(a.actor_id == actor_id)
        if action is not None:
            conds.append(a.action == action)
        if since is not None:
            conds.append(a.occurred_at >= since)
        if until is not None:
            conds.append(a.occurred_at < until)
        total = (await self._s.execute(
            select(func.count()).select_from(audit_log).where(*conds))).scalar_one()
        rows = (await self._s.execute(
            select(audit_log).where(*conds).order_by(a.occurred_at.desc(), a.id)
            .limit(page.page_size).offset(page.offset))).all()
        return Page(items=[AuditEntry(id=r.id, actor_id=r.actor_id, action=r.action,
                                      target_type=r.target_type, target_id=r.target_id,
                                      details=dict(r.details), occurred_at=r.occurred_at)
                           for r in rows], total=total, page=page.page, page_size=page.page_size)
