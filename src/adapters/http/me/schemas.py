"""Shapes of the signed-in user's own account."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
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

    EXAMPLE: ClassVar[dict[str, Any]] = {"display_name": "Ada Lovelace",
                                         "timezone": "Europe/London"}

    display_name: DisplayName | UnsetType = UNSET
    timezone: TimezoneName | UnsetType = UNSET


class DeviceOut(msgspec.Struct):
    """One signed-in device: a sign-in session seen from its owner's side."""

    id: UUID
    kind: Literal["browser", "app"]
    # The name the app gave the device, else one read from its user agent.
    name: str
    device_name: str | None
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    # The network last used from (203.0.113.0/24), never the exact address.
    network: str | None
    current: bool
    push_enabled: bool

    @classmethod
    def of(cls, view: SessionView) -> "DeviceOut":
        return cls(id=view.id, kind="browser" if view.transport.value == "cookie" else "app",
                   name=view.name, device_name=view.device_name,
                   created_at=view.created_at, last_used_at=view.last_used_at,
                   expires_at=view.expires_at, user_agent=view.user_agent,
                   network=view.network, current=view.current,
                   push_enabled=view.push_enabled)


class SessionsEnded(msgspec.Struct):
    ended: int


class PushTokenIn(msgspec.Struct, forbid_unknown_fields=True):
    """Where this sign-in's notifications are pushed: the token the platform's push service
    gave the app."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "platform": "expo", "token": "ExponentPushToken[xkq3TWd8mZ1vLp0aR7cN2e]"}

    platform: Literal["ios", "android", "expo"]
    token: Annotated[str, Meta(min_length=1, max_length=512,
                               examples=["ExponentPushToken[xxxxxxxxxxxxxxxxxxxxxx]"])]


SecondFactorCode = Annotated[str, Meta(min_length=1, max_length=32, examples=["123456"])]


class SecondFactorSetup(msgspec.Struct):
    """Shown once while setting up: scan ``otpauth_uri`` as a QR code or type ``secret``."""

    secret: str
    otpauth_uri: str


class SecondFactorCodeIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"code": "492817"}

    code: SecondFactorCode


class RecoveryCodes(msgspec.Struct):
    """Shown once: each works one time instead of a code from the app."""

    recovery_codes: list[str]


class DisableSecondFactorIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"password": "violet-harbor-2026"}

    password: Annotated[str, Meta(min_length=1, max_length=1024)]
