"""Shapes of the admin user console."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal

import msgspec
from msgspec import UNSET, Meta, UnsetType

from adapters.http.me.schemas import DisplayName, Me, RoleName, TimezoneName
from adapters.http.pagination import PageOut
from edu_core.domain.identity import User

Reason = Annotated[str, Meta(min_length=1, max_length=500)]


class AdminUser(Me):
    last_login_at: datetime | None = None
    suspended_reason: str | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @classmethod
    def of_user(cls, user: User) -> "AdminUser":
        me = Me.of(user)
        return cls(**{f: getattr(me, f) for f in me.__struct_fields__},
                   last_login_at=user.last_login_at, suspended_reason=user.suspended_reason,
                   updated_at=user.updated_at, deleted_at=user.deleted_at)


class UserPage(PageOut[AdminUser]):
    items: list[AdminUser]


class UpdateUser(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "display_name": "Amara Okafor", "timezone": "Africa/Lagos", "role": "mentor"}

    display_name: DisplayName | UnsetType = UNSET
    timezone: TimezoneName | UnsetType = UNSET
    role: RoleName | UnsetType = UNSET


class SuspendIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "reason": "Repeated advertising links in forum replies after two warnings."}

    reason: Reason


RoleFilter = Literal["student", "mentor", "admin"]
StatusFilter = Literal["active", "suspended", "deleted"]
