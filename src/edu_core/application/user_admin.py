"""Account administration (S33): list, inspect, edit, suspend, delete; every change audited."""

from typing import Any
from uuid import UUID

from edu_core.application.actors import Actor
from edu_core.application.identity import IdentityService
from edu_core.domain.audit import AuditEntry
from edu_core.domain.errors import Conflict
from edu_core.domain.identity import Role, User, UserNotFound
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.clock import Clock
from edu_core.ports.identity import UserQuery
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class CannotModifySelf(Conflict):
    code = "cannot_modify_self"
    default_message = "Administrators cannot suspend, delete or demote their own account."


class UserAdminService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock,
                 identity: IdentityService) -> None:
        self._uow = uow
        self._clock = clock
        self._identity = identity

    async def list_users(self, query: UserQuery, page: PageRequest) -> Page[User]:
        async with self._uow() as uow:
            return await uow.users.list(query, page)

    async def get_user(self, user_id: UUID) -> User:
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        return user

    async def create_user(self, actor: Actor, *, email: str, password: str, display_name: str,
                          role: Role, timezone: str = "UTC", email_verified: bool = True) -> User:
        user = await self._identity.create_user(email=email, password=password,
                                                display_name=display_name, role=role,
                                                timezone=timezone, email_verified=email_verified)
        async with self._uow() as uow:
            self._audit(uow, actor, "user.create", user, {"role": role.value})
            await uow.commit()
        return user

    async def update_user(self, actor: Actor, user_id: UUID, *, display_name: str | None = None,
                          timezone: str | None = None, role: Role | None = None) -> User:
        async with self._uow() as uow:
            user = await self._load(uow, user_id)
            now = self._clock.now()
            changes: dict[str, Any] = {}
            if display_name is not None or timezone is not None:
                user.update_profile(now=now, display_name=display_name, timezone=timezone)
                changes.update({k: v for k, v in
                                (("display_name", display_name), ("timezone", timezone))
                                if v is not None})
            if role is not None and role is not user.role:
                self._refuse_self(actor, user, demoting=user.role is Role.ADMIN)
                user.ensure_role_change_allowed(role)
                changes["role"] = {"from": user.role.value, "to": role.value}
                user.change_role(role, now)
                # Sessions carry the role they were opened with: make the user sign in again.
                await uow.sessions.revoke_all_for_user(user.id, "role_changed", now)
            if changes:
                self._audit(uow, actor, "user.update", user, changes)
            await uow.commit()
            return user

    async def suspend(self, actor: Actor, user_id: UUID, reason: str) -> User:
        async with self._uow() as uow:
            user = await self._load(uow, user_id)
            self._refuse_self(actor, user)
            now = self._clock.now()
            user.suspend(reason, now)
            revoked = await uow.sessions.revoke_all_for_user(user.id, "suspended", now)
            self._audit(uow, actor, "user.suspend", user,
                        {"reason": user.suspended_reason, "sessions_revoked": revoked})
            await uow.commit()
            return user

    async def unsuspend(self, actor: Actor, user_id: UUID) -> User:
        async with self._uow() as uow:
            user = await self._load(uow, user_id)
            user.unsuspend(self._clock.now())
            self._audit(uow, actor, "user.unsuspend", user, {})
            await uow.commit()
            return user

    async def delete(self, actor: Actor, user_id: UUID) -> None:
        async with self._uow() as uow:
            user = await self._load(uow, user_id)
            self._refuse_self(actor, user)
            now = self._clock.now()
            user.delete(now)
            await uow.sessions.revoke_all_for_user(user.id, "deleted", now)
            self._audit(uow, actor, "user.delete", user, {})
            await uow.commit()

    async def set_role(self, actor: Actor, user_id: UUID, role: Role) -> User:
        return await self.update_user(actor, user_id, role=role)

    # ---- helpers -----------------------------------------------------------------------------

    @staticmethod
    async def _load(uow: UnitOfWork, user_id: UUID) -> User:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        return user

    @staticmethod
    def _refuse_self(actor: Actor, user: User, *, demoting: bool = True) -> None:
        if demoting and actor.user_id == user.id:
            raise CannotModifySelf()

    def _audit(self, uow: UnitOfWork, actor: Actor, action: str, user: User,
               details: dict[str, Any]) -> None:
        uow.audit.record(AuditEntry(actor_id=actor.user_id, action=action, target_type="user",
                                    target_id=str(user.id), occurred_at=self._clock.now(),
                                    details={"actor": actor.label, **details}))
