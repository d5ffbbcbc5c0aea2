"""Request and response shapes of sign-up, sign-in, tokens and password flows."""

from typing import Annotated, Any, ClassVar, Literal

import msgspec
from msgspec import Meta

from adapters.http.me.schemas import DisplayName, Me, TimezoneName

Email = Annotated[str, Meta(min_length=3, max_length=320, examples=["ada@example.org"])]
# The policy (8..128 characters) is enforced by the use case with a precise message; this bound
# only stops absurd payloads before they reach the hasher.
Password = Annotated[str, Meta(min_length=1, max_length=1024)]
Token = Annotated[str, Meta(min_length=1, max_length=512)]


class RegisterIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "email": "priya.sharma@example.org", "password": "quiet-orbit-pendulum-7",
        "display_name": "Priya Sharma", "role": "student", "timezone": "Asia/Kolkata"}

    email: Email
    password: Password
    display_name: DisplayName
    role: Literal["student", "mentor"] = "student"
    timezone: TimezoneName = "UTC"


class RegistrationAccepted(msgspec.Struct):
    """The same answer for new and already registered addresses."""

    message: str


# Apps name the device they sign in on; it labels the sign-in on the account's device list.
DeviceName = Annotated[str, Meta(max_length=200, examples=["Priya's iPhone"])]


class LoginIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"email": "ada@example.org",
                                         "password": "violet-harbor-2026", "mode": "token",
                                         "device_name": "Ada's phone"}

    email: Email
    password: Password
    mode: Literal["cookie", "token"] = "token"
    # Longer idle timeout, and (cookie mode) a cookie that outlives the browser session.
    remember: bool = False
    device_name: DeviceName | None = None


class LoginOut(msgspec.Struct):
    """Cookie mode: cookies are set and ``csrf_token`` is returned; token mode: a bearer pair.
    With two-step verification on, the password alone answers ``second_factor_required`` and a
    short-lived ``challenge`` (no user, no session) for ``POST /auth/login/second-factor``."""

    user: Me | None = None
    csrf_token: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: int | None = None
    token_type: str | None = None
    second_factor_required: bool = False
    challenge: str | None = None


class RefreshIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "refresh_token": "Lzu8nUWJSWZ340SqflObPgV7QYs0Za0gI9dfxt62nok"}

    refresh_token: Token


class TokenPair(msgspec.Struct):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


class VerifyEmailIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "token": "_6vY3YRSnp56FzXqTJSvkhRnc7jWaKBV72oGFRNourg"}

    token: Token


class ForgotPasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"email": "ada@example.org"}

    email: Email


class ResetPasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "token": "nPImTq9pT0-J5MoDCiZagbvzvcbQV2LY9Xq_WevjEKI",
        "new_password": "copper-tide-lantern-42"}

    token: Token
    new_password: Password


class ChangePasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "current_password": "violet-harbor-2026", "new_password": "copper-tide-lantern-42",
        "second_factor_code": "492817"}

    current_password: Password
    new_password: Password
    # Required when two-step verification is on (a code from the app or a recovery code).
    second_factor_code: Annotated[str, Meta(max_length=32)] | None = None


class ChangeEmailIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "current_password": "violet-harbor-2026", "new_email": "ada.lovelace@example.net",
        "second_factor_code": "492817"}

    current_password: Password
    new_email: Email
    # Required when two-step verification is on (a code from the app or a recovery code).
    second_factor_code: Annotated[str, Meta(max_length=32)] | None = None


class EmailChangeAccepted(msgspec.Struct):
    """The same answer whether or not the new address already has an account."""

    message: str


class ConfirmEmailChangeIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "token": "RRSbbAG3rKr0FHZ57v4fEiXF0-iEAkQHVm2mX-9JMEU"}

    token: Token


class SecondFactorLoginIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "challenge": "8fX3ZaLxke-5xI6O2FDVD1nz8BC3gi2GQvfdpj9nnGA", "code": "492817",
        "mode": "token", "remember": True, "device_name": "Ada's phone"}

    challenge: Token
    code: Annotated[str, Meta(min_length=1, max_length=32, examples=["123456"])]
    mode: Literal["cookie", "token"] = "token"
    remember: bool = False
    device_name: DeviceName | None = None
