"""Sign-up, sign-in (cookie or bearer), refresh, sign-out, e-mail verification, passwords."""

from typing import Any

from litestar import Controller, Response, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from adapters.http.access import AUTHENTICATED, PUBLIC, policy, provide_principal
from adapters.http.auth.schemas import (
    ChangePasswordIn,
    ForgotPasswordIn,
    LoginIn,
    LoginOut,
    RefreshIn,
    RegisterIn,
    ResetPasswordIn,
    TokenPair,
    VerifyEmailIn,
)
from adapters.http.dependencies import provide_identity, provide_settings
from adapters.http.errors import error_responses
from adapters.http.me.schemas import Me
from adapters.settings import Settings
from edu_core.application.actors import Principal
from edu_core.application.identity import IdentityService
from edu_core.domain.identity import Role, Transport


def _session_cookies(
    settings: NamedDependency[Settings],
    session_token: str | None,
    csrf_token: str | None,
    max_age: int,
) -> list[Cookie]:
    """The HttpOnly session cookie and the script-readable CSRF cookie (double submit)."""
    common: dict[str, Any] = {"path": "/", "secure": settings.cookie_secure, "samesite": "lax"}
    if session_token is None:
        return [
            Cookie(key=settings.session_cookie, value="", max_age=0, httponly=True, **common),
            Cookie(key=settings.csrf_cookie, value="", max_age=0, httponly=False, **common),
        ]
    return [
        Cookie(
            key=settings.session_cookie,
            value=session_token,
            max_age=max_age,
            httponly=True,
            **common,
        ),
        Cookie(
            key=settings.csrf_cookie,
            value=csrf_token or "",
            max_age=max_age,
            httponly=False,
            **common,
        ),
    ]


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["Authentication"]
    dependencies = {
        "identity": Provide(provide_identity, sync_to_thread=False),
        "settings": Provide(provide_settings, sync_to_thread=False),
        "principal": Provide(provide_principal),
    }

    @post(
        "/register",
        operation_id="register",
        summary="Create a student or mentor account",
        description="Sends a verification e-mail. Administrators are created with the CLI.",
        status_code=201,
        responses=error_responses(403, 409, 422, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def register(
        self, identity: NamedDependency[IdentityService], data: JSONBody[RegisterIn]
    ) -> Me:
        user = await identity.register(
            email=data.email,
            password=data.password,
            display_name=data.display_name,
            role=Role(data.role),
            timezone=data.timezone,
        )
        return Me.of(user)

    @post(
        "/login",
        operation_id="login",
        summary="Sign in",
        description="`mode=cookie` (browsers) sets an HttpOnly session cookie and a CSRF "
        "cookie whose value must be echoed in `X-CSRF-Token` on unsafe requests; "
        "`mode=token` returns a bearer access token and a rotating refresh token.",
        status_code=200,
        responses=error_responses(401, 422, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def login(
        self,
        identity: NamedDependency[IdentityService],
        settings: NamedDependency[Settings],
        data: JSONBody[LoginIn],
    ) -> Response[LoginOut]:
        transport = Transport.COOKIE if data.mode == "cookie" else Transport.BEARER
        issued = await identity.login(email=data.email, password=data.password, transport=transport)
        me = Me.of(issued.user)
        if transport is Transport.COOKIE:
            return Response(
                LoginOut(user=me, csrf_token=issued.csrf_token),
                cookies=_session_cookies(
                    settings, issued.session_token, issued.csrf_token, issued.expires_in_seconds
                ),
            )
        return Response(
            LoginOut(
                user=me,
                access_token=issued.access_token,
                refresh_token=issued.refresh_token,
                expires_in=issued.expires_in_seconds,
                token_type="Bearer",
            )
        )

    @post(
        "/logout",
        operation_id="logout",
        summary="Sign out (revokes the session)",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(401, 403),
        **policy(AUTHENTICATED),
    )
    async def logout(
        self,
        identity: NamedDependency[IdentityService],
        settings: NamedDependency[Settings],
        principal: NamedDependency[Principal],
    ) -> Response[None]:
        await identity.logout(principal)
        return Response(
            None, status_code=HTTP_204_NO_CONTENT, cookies=_session_cookies(settings, None, None, 0)
        )

    @post(
        "/refresh",
        operation_id="refreshTokens",
        summary="Exchange a refresh token",
        description="Refresh tokens rotate: each works once. Presenting a used one revokes "
        "the whole session.",
        status_code=200,
        responses=error_responses(401, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def refresh(
        self, identity: NamedDependency[IdentityService], data: JSONBody[RefreshIn]
    ) -> TokenPair:
        issued = await identity.refresh(data.refresh_token)
        assert issued.access_token
        assert issued.refresh_token
        return TokenPair(
            access_token=issued.access_token,
            refresh_token=issued.refresh_token,
            expires_in=issued.expires_in_seconds,
        )

    @post(
        "/verify-email",
        operation_id="verifyEmail",
        summary="Confirm an e-mail address",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def verify_email(
        self, identity: NamedDependency[IdentityService], data: JSONBody[VerifyEmailIn]
    ) -> None:
        await identity.verify_email(data.token)

    @post(
        "/verify-email/resend",
        operation_id="resendVerification",
        summary="Send the verification e-mail again",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(401, 403, 429),
        **policy(AUTHENTICATED, rate_limit="auth"),
    )
    async def resend_verification(
        self, identity: NamedDependency[IdentityService], principal: NamedDependency[Principal]
    ) -> None:
        await identity.resend_verification(principal)

    @post(
        "/password/forgot",
        operation_id="forgotPassword",
        summary="Mail a password reset link",
        description="Always answers 202, whether or not the address has an account.",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def forgot_password(
        self, identity: NamedDependency[IdentityService], data: JSONBody[ForgotPasswordIn]
    ) -> None:
        await identity.forgot_password(data.email)

    @post(
        "/password/reset",
        operation_id="resetPassword",
        summary="Set a new password with a reset token",
        description="Signs out every session of the account.",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(422, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def reset_password(
        self, identity: NamedDependency[IdentityService], data: JSONBody[ResetPasswordIn]
    ) -> None:
        await identity.reset_password(data.token, data.new_password)

    @post(
        "/password/change",
        operation_id="changePassword",
        summary="Change your password",
        description="Signs out your other sessions.",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(401, 403, 422, 429),
        **policy(AUTHENTICATED, rate_limit="auth"),
    )
    async def change_password(
        self,
        identity: NamedDependency[IdentityService],
        principal: NamedDependency[Principal],
        data: JSONBody[ChangePasswordIn],
    ) -> None:
        await identity.change_password(principal, data.current_password, data.new_password)
