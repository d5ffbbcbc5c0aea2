"""Sign-up, sign-in (cookie or bearer), refresh, sign-out, e-mail verification, passwords."""

from typing import Any

from litestar import Controller, Request, Response, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from adapters.http.access import (
    AUTHENTICATED,
    PUBLIC,
    policy,
    provide_principal,
    resolve_principal,
)
from adapters.http.auth.schemas import (
    ChangeEmailIn,
    ChangePasswordIn,
    ConfirmEmailChangeIn,
    EmailChangeAccepted,
    ForgotPasswordIn,
    LoginIn,
    LoginOut,
    RefreshIn,
    RegisterIn,
    RegistrationAccepted,
    ResetPasswordIn,
    SecondFactorLoginIn,
    TokenPair,
    VerifyEmailIn,
)
from adapters.http.dependencies import (
    provide_identity,
    provide_second_factor,
    provide_settings,
)
from adapters.http.errors import error_responses
from adapters.http.me.schemas import (
    DisableSecondFactorIn,
    Me,
    RecoveryCodes,
    SecondFactorCodeIn,
    SecondFactorSetup,
)
from adapters.http.security.client_ip import client_ip
from adapters.settings import Settings
from edu_core.application.actors import Principal
from edu_core.application.identity import ClientInfo, IdentityService, IssuedSession
from edu_core.application.second_factor import SecondFactorService
from edu_core.domain.errors import DomainError
from edu_core.domain.identity import Role, Transport


def client_info(request: Request[Any, Any, Any], settings: Settings,
                device_name: str | None = None) -> ClientInfo:
    return ClientInfo(address=client_ip(request.scope, settings.trusted_proxies),
                      user_agent=request.headers.get("user-agent", "")[:255],
                      device_name=device_name)


def _session_cookies(
    settings: NamedDependency[Settings],
    session_token: str | None,
    csrf_token: str | None,
    max_age: int | None,
) -> list[Cookie]:
    """``max_age`` None: the cookies end with the browser session (no "remember me")."""
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


def _signed_in(settings: Settings, issued: IssuedSession) -> Response[LoginOut]:
    me = Me.of(issued.user)
    if issued.transport is Transport.COOKIE:
        return Response(
            LoginOut(user=me, csrf_token=issued.csrf_token),
            cookies=_session_cookies(
                settings,
                issued.session_token,
                issued.csrf_token,
                issued.expires_in_seconds if issued.persistent else None,
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


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["Authentication"]
    dependencies = {
        "identity": Provide(provide_identity, sync_to_thread=False),
        "second_factor": Provide(provide_second_factor, sync_to_thread=False),
        "settings": Provide(provide_settings, sync_to_thread=False),
        "principal": Provide(provide_principal),
    }

    @post(
        "/register",
        operation_id="register",
        summary="Create a student or mentor account",
        description="Always answers 202 \"check your mail\", whether or not the address "
        "already has an account: a new account gets a verification link, an existing owner "
        "a note that someone tried to sign up. Administrators are created with the CLI.",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(403, 422, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def register(
        self, identity: NamedDependency[IdentityService], data: JSONBody[RegisterIn]
    ) -> RegistrationAccepted:
        await identity.register(
            email=data.email,
            password=data.password,
            display_name=data.display_name,
            role=Role(data.role),
            timezone=data.timezone,
        )
        return RegistrationAccepted(
            message="Check your mail: we sent a message to this address with the next step."
        )

    @post(
        "/login",
        operation_id="login",
        summary="Sign in",
        description="`mode=cookie` (browsers) sets an HttpOnly session cookie and a CSRF "
        "cookie whose value must be echoed in `X-CSRF-Token` on unsafe requests; "
        "`mode=token` returns a bearer access token and a rotating refresh token. "
        "Sessions end after 12 hours unused, or 7 days with `remember=true`.",
        status_code=200,
        responses=error_responses(401, 422, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        identity: NamedDependency[IdentityService],
        settings: NamedDependency[Settings],
        data: JSONBody[LoginIn],
    ) -> Response[LoginOut]:
        transport = Transport.COOKIE if data.mode == "cookie" else Transport.BEARER
        issued = await identity.login(
            email=data.email,
            password=data.password,
            transport=transport,
            client=client_info(request, settings, data.device_name),
            remember=data.remember,
        )
        if issued.challenge is not None:
            return Response(LoginOut(second_factor_required=True, challenge=issued.challenge))
        return _signed_in(settings, issued)

    @post(
        "/login/second-factor",
        operation_id="loginSecondFactor",
        summary="Finish signing in with a code from the authenticator app",
        description="Answers the `challenge` that `login` returned (valid for 5 minutes) with "
        "a 6-digit code from the app, or one of the recovery codes. Same `mode` and "
        "`remember` as `login`.",
        status_code=200,
        responses=error_responses(401, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def login_second_factor(
        self,
        request: Request[Any, Any, Any],
        second_factor: NamedDependency[SecondFactorService],
        settings: NamedDependency[Settings],
        data: JSONBody[SecondFactorLoginIn],
    ) -> Response[LoginOut]:
        issued = await second_factor.complete_sign_in(
            data.challenge,
            data.code,
            transport=Transport.COOKIE if data.mode == "cookie" else Transport.BEARER,
            client=client_info(request, settings, data.device_name),
            remember=data.remember,
        )
        return _signed_in(settings, issued)

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
        description="A link of an account that is verified by now answers 409 "
        "`email_already_verified`.",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(409, 429),
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
        description="Signs out every session of the account and lifts the pause on signing "
        "in that failed attempts caused.",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(422, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def reset_password(
        self,
        request: Request[Any, Any, Any],
        identity: NamedDependency[IdentityService],
        settings: NamedDependency[Settings],
        data: JSONBody[ResetPasswordIn],
    ) -> None:
        await identity.reset_password(
            data.token, data.new_password, client=client_info(request, settings)
        )

    @post(
        "/password/change",
        operation_id="changePassword",
        summary="Change your password",
        description="Signs out your other sessions. With two-step verification on, "
        "`second_factor_code` is required too (403 `second_factor_code_required` without it).",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(401, 403, 422, 429),
        **policy(AUTHENTICATED, rate_limit="auth"),
    )
    async def change_password(
        self,
        identity: NamedDependency[IdentityService],
        second_factor: NamedDependency[SecondFactorService],
        principal: NamedDependency[Principal],
        data: JSONBody[ChangePasswordIn],
    ) -> None:
        await second_factor.confirm_step_up(principal, data.second_factor_code)
        await identity.change_password(principal, data.current_password, data.new_password)

    @post(
        "/email/change",
        operation_id="requestEmailChange",
        summary="Ask to change your e-mail address",
        description="Needs the current password, and with two-step verification on a "
        "`second_factor_code` too (403 `second_factor_code_required` without it). Nothing "
        "changes yet: a confirmation link goes to the new address (valid 24 hours, once) and "
        "a notice to the current one. Answers 202 alike whether or not the new address "
        "already has an account. 422 `email_unchanged` for the current address.",
        status_code=HTTP_202_ACCEPTED,
        responses=error_responses(401, 403, 409, 422, 429),
        **policy(AUTHENTICATED, rate_limit="auth"),
    )
    async def request_email_change(
        self,
        request: Request[Any, Any, Any],
        identity: NamedDependency[IdentityService],
        second_factor: NamedDependency[SecondFactorService],
        settings: NamedDependency[Settings],
        principal: NamedDependency[Principal],
        data: JSONBody[ChangeEmailIn],
    ) -> EmailChangeAccepted:
        await second_factor.confirm_step_up(principal, data.second_factor_code)
        await identity.request_email_change(
            principal, data.current_password, data.new_email,
            client=client_info(request, settings),
        )
        return EmailChangeAccepted(
            message="Check the new address: we sent it a link to confirm the change."
        )

    @post(
        "/email/confirm",
        operation_id="confirmEmailChange",
        summary="Confirm a new e-mail address",
        description="The token from the link mailed to the new address. The account moves "
        "there, verified, and its sessions end except the caller's own (when signed in to "
        "that account). 409 `email_taken` when another account took the address meanwhile.",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(409, 429),
        **policy(PUBLIC, rate_limit="auth"),
    )
    async def confirm_email_change(
        self,
        request: Request[Any, Any, Any],
        identity: NamedDependency[IdentityService],
        data: JSONBody[ConfirmEmailChangeIn],
    ) -> None:
        try:
            principal = await resolve_principal(request)
        except DomainError:
            # A stale or foreign sign-in does not stop the link from working: the link alone
            # proves the mailbox, and then no session is kept.
            principal = None
        await identity.confirm_email_change(
            data.token, keep_session=principal.session_id if principal is not None else None
        )

    # ---- two-step verification (TOTP) ----------------------------------------------------------

    @post(
        "/second-factor/setup",
        operation_id="startSecondFactorSetup",
        summary="Start setting up two-step verification",
        description="A new secret for an authenticator app, as an `otpauth://` URI (show it as "
        "a QR code) and as text. Sign-in is unchanged until `confirmSecondFactor`.",
        status_code=200,
        responses=error_responses(401, 403, 409, 429),
        **policy(AUTHENTICATED, rate_limit="auth"),
    )
    async def start_second_factor(
        self,
        second_factor: NamedDependency[SecondFactorService],
        principal: NamedDependency[Principal],
    ) -> SecondFactorSetup:
        enrolment = await second_factor.begin_enrolment(principal)
        return SecondFactorSetup(secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri)

    @post(
        "/second-factor/confirm",
        operation_id="confirmSecondFactor",
        summary="Turn on two-step verification with a first code",
        description="Returns ten one-time recovery codes, shown only this once.",
        status_code=200,
        responses=error_responses(401, 403, 409, 429),
        **policy(AUTHENTICATED, rate_limit="auth"),
    )
    async def confirm_second_factor(
        self,
        second_factor: NamedDependency[SecondFactorService],
        principal: NamedDependency[Principal],
        data: JSONBody[SecondFactorCodeIn],
    ) -> RecoveryCodes:
        return RecoveryCodes(
            recovery_codes=await second_factor.confirm_enrolment(principal, data.code)
        )

    @post(
        "/second-factor/recovery-codes",
        operation_id="regenerateRecoveryCodes",
        summary="Replace the recovery codes",
        description="Needs a current code; the old recovery codes stop working.",
        status_code=200,
        responses=error_responses(401, 403, 429),
        **policy(AUTHENTICATED, rate_limit="auth"),
    )
    async def regenerate_recovery_codes(
        self,
        second_factor: NamedDependency[SecondFactorService],
        principal: NamedDependency[Principal],
        data: JSONBody[SecondFactorCodeIn],
    ) -> RecoveryCodes:
        return RecoveryCodes(
            recovery_codes=await second_factor.regenerate_recovery_codes(principal, data.code)
        )

    @post(
        "/second-factor/disable",
        operation_id="disableSecondFactor",
        summary="Turn off two-step verification",
        description="Needs the password again.",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(401, 403, 429),
        **policy(AUTHENTICATED, rate_limit="auth"),
    )
    async def disable_second_factor(
        self,
        second_factor: NamedDependency[SecondFactorService],
        principal: NamedDependency[Principal],
        data: JSONBody[DisableSecondFactorIn],
    ) -> None:
        await second_factor.disable(principal, data.password)
