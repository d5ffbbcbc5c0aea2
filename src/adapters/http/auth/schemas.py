"""Request and response shapes of sign-up, sign-in, tokens and password flows."""

from typing import Annotated, Literal

import msgspec
from msgspec import Meta

from adapters.http.me.schemas import DisplayName, Me, TimezoneName

Email = Annotated[str, Meta(min_length=3, max_length=320, examples=["ada@example.org"])]
# The policy (8..128 characters) is enforced by the use case with a precise message; this bound
# only stops absurd payloads before they reach the hasher.
Password = Annotated[str, Meta(min_length=1, max_length=1024)]
Token = Annotated[str, Meta(min_length=1, max_length=512)]


class RegisterIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    display_name: DisplayName
    role: Literal["student", "mentor"] = "student"
    timezone: TimezoneName = "UTC"


class LoginIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    mode: Literal["cookie", "token"] = "token"


class LoginOut(msgspec.Struct):
    """Cookie mode: cookies are set and ``csrf_token`` is returned; token mode: a bearer pair."""

    user: Me
    csrf_token: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_in: int | None = None
    token_type: str | None = None


class RefreshIn(msgspec.Struct, forbid_unknown_fields=True):
    refresh_token: Token


class TokenPair(msgspec.Struct):
    access_token: str
    refresh_token: str
    expires_in: int
    token_type: str = "Bearer"


class VerifyEmailIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Token


class ForgotPasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    email: Email


class ResetPasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    token: Token
    new_password: Password


class ChangePasswordIn(msgspec.Struct, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password
