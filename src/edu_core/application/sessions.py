"""The account's own sign-ins: list them (device, address, last use) and end them."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.domain.audit import AuditEntry
from edu_core.domain.errors import NotFound
from edu_core.domain.identity import Transport
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class SessionNotFound(NotFound):
    code = "not_found"
    default_message = "No such session."


@dataclass(frozen=True, slots=True)
class SessionView:
    id: UUID
    transport: Transport
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    client_address: str | None
    current: bool


class AccountSessions:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def list(self, principal: Principal) -> list[SessionView]:
        now = self._clock.now()
        async with self._uow() as uow:
            sessions = await uow.sessions.list_live_for_user(principal.user_id, now)
        return [SessionView(id=s.id, transport=s.transport, created_at=s.created_at,
                            last_used_at=s.last_used_at or s.created_at,
                            expires_at=s.expires_at, user_agent=s.user_agent,
                            client_address=s.client_address,
                            current=s.id == principal.session_id)
                for s in sessions]

    async def revoke(self, principal: Principal, session_id: UUID) -> None:
        """End one of the caller's sessions (their current one too: that is a sign-out)."""
        now = self._clock.now()
        async with self._uow() as uow:
            session = await uow.sessions.get(session_id)
            # Someone else's session id answers like an unknown one.
            if session is None or session.user_id != principal.user_id \
                    or not session.is_live(now):
                raise SessionNotFound()
            session.revoke("revoked_by_user", now)
            self._audit(uow, principal, "auth.session_revoke", {"session_id": str(session_id)})
            await uow.commit()

    async def revoke_others(self, principal: Principal) -> int:
        """Sign out everywhere else; returns how many sessions ended."""
        now = self._clock.now()
        async with self._uow() as uow:
            count = await uow.sessions.revoke_all_for_user(
                principal.user_id, "revoked_by_user", now, keep=principal.session_id)
            self._audit(uow, principal, "auth.session_revoke_others", {"count": count})
            await uow.commit()
        return count

    def _audit(self, uow: UnitOfWork, principal: Principal, action: str,
               details: dict[str, object]) -> None:
        uow.audit.record(AuditEntry(actor_id=principal.user_id, action=action, target_type="user",
                                    target_id=str(principal.user_id),
                                    occurred_at=self._clock.now(), details=details))
