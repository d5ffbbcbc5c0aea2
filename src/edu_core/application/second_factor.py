"""The second factor: TOTP from an authenticator app, with one-time recovery codes.

Enrolment is two steps (a secret shown as QR code and text, then a first code proves the app
has it); sign-in with the factor on is two steps too (the password answers a short-lived
challenge, the challenge plus a code opens the session). Recovery codes are single-use
``one_time_tokens`` bound to the account, stored as digests only.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.identity import ClientInfo, IdentityService, IssuedSession
from edu_core.application.tokens import digest
from edu_core.domain.errors import Conflict, RateLimited
from edu_core.domain.identity import (
    InvalidCredentials,
    InvalidSecondFactor,
    OneTimePurpose,
    OneTimeToken,
    SecondFactorRequired,
    Transport,
    User,
    UserNotFound,
)
from edu_core.ports.clock import Clock
from edu_core.ports.rate_limit import RateLimiter, RateRule
from edu_core.ports.security import PasswordHasher, TotpAlgorithm
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

ISSUER = "Mentora"
RECOVERY_CODES = 10
# Unambiguous characters (no 0/O, 1/I/L): codes are read off paper.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Recovery codes do not expire; the row needs a date, so a distant one.
_RECOVERY_CODE_LIFETIME = timedelta(days=3650)
# Wrong codes tolerated per challenge / per account before waiting (six digits are guessable).
CODE_ATTEMPTS = RateRule(5, 5 * 60)


class SecondFactorStepUp(SecondFactorRequired):
    code = "second_factor_code_required"
    default_message = "Enter a code from your authenticator app to confirm this change."


@dataclass(frozen=True, slots=True)
class Enrolment:
    secret: str
    otpauth_uri: str


def _recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _recovery_digest(user_id: UUID, code: str) -> str:
    normalized = code.strip().upper().replace("-", "").replace(" ", "")
    return digest(f"recovery:{user_id}:{normalized}")


class SecondFactorService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, totp: TotpAlgorithm,
                 hasher: PasswordHasher, limiter: RateLimiter, identity: IdentityService) -> None:
        self._uow = uow
        self._clock = clock
        self._totp = totp
        self._hasher = hasher
        self._limiter = limiter
        self._identity = identity

    @staticmethod
    async def _user(uow: UnitOfWork, user_id: UUID) -> User:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        return user

    async def _ensure_attempts_left(self, key: str) -> None:
        decision = await self._limiter.peek(key, CODE_ATTEMPTS)
        if not decision.allowed:
            raise RateLimited("Too many wrong codes. Wait a few minutes and try again.",
                              retry_after_seconds=decision.retry_after_seconds)

    async def _count_wrong_code(self, key: str) -> None:
        await self._limiter.hit(key, CODE_ATTEMPTS)

    def _totp_matches(self, user: User, code: str) -> bool:
        if user.totp_secret is None:
            return False
        now = self._clock.now()
        step = self._totp.matching_step(user.totp_secret, code, now)
        return step is not None and user.accept_totp_step(step, now)

    async def _code_matches(self, uow: UnitOfWork, user: User, code: str) -> str | None:
        """Which kind of code matched ("totp", "recovery_code"), consuming it; None if none."""
        if self._totp_matches(user, code):
            return "totp"
        token = await uow.one_time_tokens.get(_recovery_digest(user.id, code), for_update=True)
        now = self._clock.now()
        if token is not None and token.user_id == user.id \
                and token.purpose is OneTimePurpose.RECOVERY_CODE and token.is_usable(now):
            token.used_at = now
            return "recovery_code"
        return None

    def _new_recovery_codes(self, uow: UnitOfWork, user: User) -> list[str]:
        now = self._clock.now()
        codes = [_recovery_code() for _ in range(RECOVERY_CODES)]
        for code in codes:
            uow.one_time_tokens.add(OneTimeToken(
                token_hash=_recovery_digest(user.id, code), user_id=user.id,
                purpose=OneTimePurpose.RECOVERY_CODE, created_at=now,
                expires_at=now + _RECOVERY_CODE_LIFETIME))
        return codes

    # ---- enrolment ---------------------------------------------------------------------------

    async def begin_enrolment(self, principal: Principal) -> Enrolment:
        """A new secret for the app to scan; nothing changes at sign-in until it is confirmed."""
        async with self._uow() as uow:
            user = await self._user(uow, principal.user_id)
            secret = self._totp.new_secret()
            user.start_totp_enrolment(secret, self._clock.now())
            await uow.commit()
            return Enrolment(secret=secret, otpauth_uri=self._totp.provisioning_uri(
                secret, account=user.email, issuer=ISSUER))

    async def confirm_enrolment(self, principal: Principal, code: str) -> list[str]:
        """Turn the factor on with a first code from the app; the recovery codes, shown once."""
        key = f"2fa-account:{principal.user_id}"
        await self._ensure_attempts_left(key)
        async with self._uow() as uow:
            user = await self._user(uow, principal.user_id)
            if user.totp_enabled:
                raise Conflict("Two-step verification is already on.")
            if user.totp_secret is None:
                raise Conflict("Start the set-up first.")
            if not self._totp_matches(user, code):
                await self._count_wrong_code(key)
                raise InvalidSecondFactor(details={"fields": {"code": InvalidSecondFactor
                                                              .default_message}})
            now = self._clock.now()
            user.enable_totp(now)
            await uow.one_time_tokens.invalidate(user.id, OneTimePurpose.RECOVERY_CODE, now)
            codes = self._new_recovery_codes(uow, user)
            self._identity.audit(uow, user.id, "auth.totp_enable")
            await uow.commit()
            return codes

    async def disable(self, principal: Principal, password: str) -> None:
        """Turning the factor off needs the password again (step-up)."""
        async with self._uow() as uow:
            user = await self._user(uow, principal.user_id)
            if not await self._hasher.verify(password, user.password_hash):
                message = "The password is incorrect."
                raise InvalidCredentials(message, details={"fields": {"password": message}})
            now = self._clock.now()
            user.disable_totp(now)
            await uow.one_time_tokens.invalidate(user.id, OneTimePurpose.RECOVERY_CODE, now)
            self._identity.audit(uow, user.id, "auth.totp_disable")
            await uow.commit()

    async def regenerate_recovery_codes(self, principal: Principal, code: str) -> list[str]:
        key = f"2fa-account:{principal.user_id}"
        await self._ensure_attempts_left(key)
        async with self._uow() as uow:
            user = await self._user(uow, principal.user_id)
            if not user.totp_enabled or await self._code_matches(uow, user, code) is None:
                await self._count_wrong_code(key)
                raise InvalidSecondFactor(details={"fields": {"code": InvalidSecondFactor
                                                              .default_message}})
            now = self._clock.now()
            await uow.one_time_tokens.invalidate(user.id, OneTimePurpose.RECOVERY_CODE, now)
            codes = self._new_recovery_codes(uow, user)
            self._identity.audit(uow, user.id, "auth.recovery_codes_regenerate")
            await uow.commit()
            return codes

    async def confirm_step_up(self, principal: Principal, code: str | None) -> None:
        """Check (and use up) the code a sensitive change came with, before making it."""
        async with self._uow() as uow:
            user = await self._user(uow, principal.user_id)
            await self.step_up(uow, user, code)
            await uow.commit()

    async def step_up(self, uow: UnitOfWork, user: User, code: str | None) -> None:
        """For sensitive changes (password, e-mail, payout details): with the factor on, a
        fresh code is required as well."""
        if not user.totp_enabled:
            return
        if not code:
            raise SecondFactorStepUp(details={"fields": {"second_factor_code":
                                                         SecondFactorStepUp.default_message}})
        key = f"2fa-account:{user.id}"
        await self._ensure_attempts_left(key)
        if await self._code_matches(uow, user, code) is None:
            await self._count_wrong_code(key)
            raise InvalidSecondFactor(details={"fields": {"second_factor_code":
                                                          InvalidSecondFactor.default_message}})

    # ---- sign-in -----------------------------------------------------------------------------

    async def complete_sign_in(self, challenge: str, code: str, *, transport: Transport,
                               client: ClientInfo, remember: bool = False) -> IssuedSession:
        if not challenge or len(challenge) > 512:
            raise InvalidSecondFactor()
        challenge_key = f"2fa-challenge:{digest(challenge)}"
        await self._ensure_attempts_left(challenge_key)
        async with self._uow() as uow:
            token = await uow.one_time_tokens.get(digest(challenge), for_update=True)
            now = self._clock.now()
            if token is None or token.purpose is not OneTimePurpose.SECOND_FACTOR \
                    or not token.is_usable(now):
                raise InvalidSecondFactor("This sign-in has expired. Sign in again.")
            user = await self._user(uow, token.user_id)
            user.ensure_can_sign_in()
            account_key = f"2fa-account:{user.id}"
            await self._ensure_attempts_left(account_key)
            used = await self._code_matches(uow, user, code)
            if used is None:
                await self._count_wrong_code(challenge_key)
                await self._count_wrong_code(account_key)
                self._identity.audit(uow, user.id, "auth.second_factor_failed", client)
                await uow.commit()
                raise InvalidSecondFactor(details={"fields": {"code": InvalidSecondFactor
                                                              .default_message}})
            token.used_at = now
            issued = self._identity.start_session(uow, user, transport, client=client,
                                                  remember=remember, second_factor=used)
            await uow.commit()
            return issued
