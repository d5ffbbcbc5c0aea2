"""The account's own sign-ins, seen as devices: list them (name, network, last use), end
them, and register where the current one receives push notifications."""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.domain.audit import AuditEntry
from edu_core.domain.errors import NotFound
from edu_core.domain.identity import AuthSession, Transport
from edu_core.domain.identity.devices import (
    PushPlatform,
    check_push_token,
    coarse_address,
    describe_user_agent,
)
from edu_core.ports.clock import Clock
from edu_core.ports.push import PushDevice, PushGateway
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
    # The device as its owner recognises it: the name the app gave, else one read from the
    # user agent ("Firefox on Linux").
    name: str
    device_name: str | None
    network: str | None  # the network last used from, never the exact address
    push_enabled: bool


class AccountSessions:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock,
                 push: PushGateway | None = None) -> None:
        self._uow = uow
        self._clock = clock
        self._push = push

    async def list(self, principal: Principal) -> list[SessionView]:
        now = self._clock.now()
        async with self._uow() as uow:
            sessions = await uow.sessions.list_live_for_user(principal.user_id, now)
        return [SessionView(id=s.id, transport=s.transport, created_at=s.created_at,
                            last_used_at=s.last_used_at or s.created_at,
                            expires_at=s.expires_at, user_agent=s.user_agent,
                            client_address=s.client_address,
                            current=s.id == principal.session_id,
                            name=s.device_name or describe_user_agent(s.user_agent),
                            device_name=s.device_name,
                            network=coarse_address(s.client_address),
                            push_enabled=s.push_token is not None)
                for s in sessions]

    async def revoke(self, principal: Principal, session_id: UUID) -> None:
        """End one of the caller's sessions (their current one too: that is a sign-out)."""
        now = self._clock.now()
        async with self._uow() as uow:
            # Someone else's session id answers like an unknown one.
            session = await self._live_own(uow, principal, session_id)
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

    async def register_push(self, principal: Principal, platform: PushPlatform,
                            token: str) -> None:
        """Push this sign-in's notifications to ``token``. A token moves with its device: a
        sign-in that held it before (another account's too, on a shared phone) stops
        receiving them."""
        if self._push is None:
            raise SessionNotFound("Push notifications are not available here.")
        device = PushDevice(platform=platform, token=check_push_token(platform, token))
        await self._push.register(device)
        now = self._clock.now()
        async with self._uow() as uow:
            session = await self._live_own(uow, principal, principal.session_id)
            await uow.sessions.release_push_token(device.token, keep=session.id)
            session.register_push(platform.value, device.token, now)
            self._audit(uow, principal, "auth.push_register",
                        {"session_id": str(session.id), "platform": platform.value})
            await uow.commit()

    async def unregister_push(self, principal: Principal) -> None:
        """Stop pushing to the current sign-in (the app's "notifications off", or sign-out)."""
        async with self._uow() as uow:
            session = await self._live_own(uow, principal, principal.session_id)
            if session.push_token is None:
                return
            session.forget_push()
            await uow.commit()

    async def _live_own(self, uow: UnitOfWork, principal: Principal,
                        session_id: UUID) -> AuthSession:
        session = await uow.sessions.get(session_id)
        if session is None or session.user_id != principal.user_id \
                or not session.is_live(self._clock.now()):
            raise SessionNotFound()
        return session

    def _audit(self, uow: UnitOfWork, principal: Principal, action: str,
               details: dict[str, object]) -> None:
        uow.audit.record(AuditEntry(actor_id=principal.user_id, action=action, target_type="user",
                                    target_id=str(principal.user_id),
                                    occurred_at=self._clock.now(), details=details))
