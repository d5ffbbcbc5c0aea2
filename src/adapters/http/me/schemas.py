"""Shapes of the signed-in user's own account."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from edu_core.domain.identity import User

RoleName = Literal["student", "mentor", "admin"]
StatusName = Literal["active", "suspended", "deleted"]
DisplayName = Annotated[str, Meta(min_length=1, max_length=80)]
TimezoneName = Annotated[str, Meta(min_length=1, max_length=64,
                                   examples=["Europe/Berlin", "Asia/Kolkata"])]


class Me(msgspec.Struct):
    id: UUID
    email: str
    display_name: str
    role: RoleName
    status: StatusName
    email_verified: bool
    timezone: str
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> "Me":
        return cls(id=user.id, email=user.email, display_name=user.display_name,
                   role=user.role.value, status=user.status.value,  # type: ignore[arg-type]
                   email_verified=user.email_verified, timezone=user.timezone,
                   created_at=user.created_at)


class UpdateMe(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields present are changed."""

    display_name: DisplayName | UnsetType = UNSET
    timezone: TimezoneName | UnsetType = UNSET
