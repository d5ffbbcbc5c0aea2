"""Shapes of the signed-in user's own account."""

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, Meta, UnsetType

from edu_core.application.sessions import SessionView
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
    # A signed link to the profile picture, valid for a few hours; null without one.
    avatar_url: str | None = None
    # Two-step verification (TOTP) is on; administrators need it for the admin console.
    second_factor_enabled: bool = False

    @classmethod
    def of(cls, user: User, avatar_url: str | None = None) -> "Me":
        return cls(id=user.id, email=user.email, display_name=user.display_name,
                   role=user.role.value, status=user.status.value,
                   email_verified=user.email_verified, timezone=user.timezone,
                   created_at=user.created_at, avatar_url=avatar_url,
                   second_factor_enabled=user.totp_enabled)


class UpdateMe(msgspec.Struct, forbid_unknown_fields=True):
    """Only the fields present are changed."""

    display_name: DisplayName | UnsetType = UNSET
    timezone: TimezoneName | UnsetType = UNSET


class SessionOut(msgspec.Struct):
    id: UUID
    kind: Literal["browser", "app"]
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    address: str | None
    current: bool

    @classmethod
    def of(cls, view: SessionView) -> "SessionOut":
        return cls(id=view.id, kind="browser" if view.transport.value == "cookie" else "app",
                   created_at=view.created_at, last_used_at=view.last_used_at,
                   expires_at=view.expires_at, user_agent=view.user_agent,
                   address=view.client_address, current=view.current)


class SessionsEnded(msgspec.Struct):
    ended: int


SecondFactorCode = Annotated[str, Meta(min_length=1, max_length=32, examples=["123456"])]


class SecondFactorSetup(msgspec.Struct):
    """Shown once while setting up: scan ``otpauth_uri`` as a QR code or type ``secret``."""

    secret: str
    otpauth_uri: str


class SecondFactorCodeIn(msgspec.Struct, forbid_unknown_fields=True):
    code: SecondFactorCode


class RecoveryCodes(msgspec.Struct):
    """Shown once: each works one time instead of a code from the app."""

    recovery_codes: list[str]


class DisableSecondFactorIn(msgspec.Struct, forbid_unknown_fields=True):
    password: Annotated[str, Meta(min_length=1, max_length=1024)]
