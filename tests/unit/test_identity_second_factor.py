"""Two-step verification: enrolment, sign-in with a code or a recovery code, step-up, audit."""

import pyotp
import pytest

from adapters.memory.fakes import FakePasswordHasher
from adapters.security.totp import PyotpTotp
from edu_core.application.actors import Principal
from edu_core.application.identity import ClientInfo
from edu_core.application.second_factor import SecondFactorService, SecondFactorStepUp
from edu_core.domain.errors import Conflict, RateLimited
from edu_core.domain.identity import (
    InvalidCredentials,
    InvalidSecondFactor,
    Role,
    TokenKind,
    Transport,
)
from tests.unit.conftest import Core

PASSWORD = "correct horse battery"
CLIENT = ClientInfo(address="198.51.100.7", user_agent="Firefox")


@pytest.fixture
def factor(core: Core) -> SecondFactorService:
    # The identity service's own hasher, so passwords checked here match those it stored.
    hasher: FakePasswordHasher = core.identity._hasher  # type: ignore[attr-defined]
    return SecondFactorService(uow=core.uow, clock=core.clock, totp=PyotpTotp(), hasher=hasher,
                               limiter=core.identity._limiter,  # type: ignore[attr-defined]
                               identity=core.identity)


async def signed_in(core: Core) -> Principal:
    await core.identity.register(email="ada@example.org", password=PASSWORD, display_name="Ada",
                                 role=Role.STUDENT)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    return await core.identity.authenticate(issued.access_token or "", TokenKind.ACCESS)


def code(core: Core, secret: str, seconds: int = 0) -> str:
    return pyotp.TOTP(secret).at(core.clock.now().timestamp() + seconds)


async def enrolled(core: Core, factor: SecondFactorService) -> tuple[Principal, str, list[str]]:
    me = await signed_in(core)
    setup = await factor.begin_enrolment(me)
    assert setup.otpauth_uri.startswith("otpauth://totp/Mentora:ada%40example.org?secret=")
    recovery = await factor.confirm_enrolment(me, code(core, setup.secret))
    return me, setup.secret, recovery


async def test_enrolment_needs_a_working_code_and_yields_ten_recovery_codes(
        core: Core, factor: SecondFactorService) -> None:
    me = await signed_in(core)
    setup = await factor.begin_enrolment(me)
    with pytest.raises(InvalidSecondFactor):
        await factor.confirm_enrolment(me, "000000" if code(core, setup.secret) != "000000"
                                       else "111111")
    stored = core.uow.store.users[me.user_id]
    assert stored.totp_secret == setup.secret and not stored.totp_enabled
    recovery = await factor.confirm_enrolment(me, code(core, setup.secret))
    assert len(recovery) == 10 and len(set(recovery)) == 10
    assert core.uow.store.users[me.user_id].totp_enabled
    # Only digests are stored.
    assert not any(c in str(core.uow.store.one_time_tokens) for c in recovery)
    with pytest.raises(Conflict):
        await factor.begin_enrolment(me)


async def test_sign_in_then_asks_for_a_code_and_a_code_works_once(
        core: Core, factor: SecondFactorService) -> None:
    _, secret, _ = await enrolled(core, factor)
    core.clock.advance(seconds=60)
    first = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                      transport=Transport.COOKIE, client=CLIENT)
    assert first.challenge and first.session_token is None
    with pytest.raises(InvalidSecondFactor):
        await factor.complete_sign_in(first.challenge, "12345x", transport=Transport.COOKIE,
                                      client=CLIENT)
    now_code = code(core, secret)
    issued = await factor.complete_sign_in(first.challenge, now_code,
                                           transport=Transport.COOKIE, client=CLIENT)
    principal = await core.identity.authenticate(issued.session_token or "", TokenKind.SESSION)
    assert principal.second_factor
    # The challenge is spent, and the same code cannot open a second session.
    with pytest.raises(InvalidSecondFactor):
        await factor.complete_sign_in(first.challenge, now_code, transport=Transport.COOKIE,
                                      client=CLIENT)
    second = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.COOKIE, client=CLIENT)
    with pytest.raises(InvalidSecondFactor):
        await factor.complete_sign_in(second.challenge or "", now_code,
                                      transport=Transport.COOKIE, client=CLIENT)
    actions = [e.action for e in core.uow.store.audit]
    assert "auth.totp_enable" in actions and "auth.second_factor_failed" in actions


async def test_a_challenge_expires_and_wrong_codes_are_limited(
        core: Core, factor: SecondFactorService) -> None:
    _, secret, _ = await enrolled(core, factor)
    core.clock.advance(seconds=60)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    for _ in range(5):
        with pytest.raises(InvalidSecondFactor):
            await factor.complete_sign_in(issued.challenge or "", "99999999",
                                          transport=Transport.BEARER, client=CLIENT)
    with pytest.raises(RateLimited):
        await factor.complete_sign_in(issued.challenge or "", code(core, secret),
                                      transport=Transport.BEARER, client=CLIENT)
    core.clock.advance(minutes=6)
    with pytest.raises(InvalidSecondFactor):
        await factor.complete_sign_in(issued.challenge or "", code(core, secret),
                                      transport=Transport.BEARER, client=CLIENT)


async def test_a_recovery_code_signs_in_once(core: Core, factor: SecondFactorService) -> None:
    _, _, recovery = await enrolled(core, factor)
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    session = await factor.complete_sign_in(issued.challenge or "", recovery[3].lower(),
                                            transport=Transport.BEARER, client=CLIENT)
    assert session.access_token
    again = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                      transport=Transport.BEARER)
    with pytest.raises(InvalidSecondFactor):
        await factor.complete_sign_in(again.challenge or "", recovery[3],
                                      transport=Transport.BEARER, client=CLIENT)


async def test_changing_the_password_needs_a_code_when_the_factor_is_on(
        core: Core, factor: SecondFactorService) -> None:
    me, secret, _ = await enrolled(core, factor)
    core.clock.advance(seconds=60)
    with pytest.raises(SecondFactorStepUp):
        await factor.confirm_step_up(me, None)
    with pytest.raises(InvalidSecondFactor):
        await factor.confirm_step_up(me, "000001" if code(core, secret) != "000001" else "000002")
    await factor.confirm_step_up(me, code(core, secret))


async def test_turning_it_off_needs_the_password_and_ends_the_recovery_codes(
        core: Core, factor: SecondFactorService) -> None:
    me, _, recovery = await enrolled(core, factor)
    with pytest.raises(InvalidCredentials):
        await factor.disable(me, "not my password")
    await factor.disable(me, PASSWORD)
    user = core.uow.store.users[me.user_id]
    assert not user.totp_enabled and user.totp_secret is None
    issued = await core.identity.login(email="ada@example.org", password=PASSWORD,
                                       transport=Transport.BEARER)
    assert issued.challenge is None and issued.access_token
    assert "auth.totp_disable" in [e.action for e in core.uow.store.audit]
    assert all(t.used_at is not None for t in core.uow.store.one_time_tokens.values()
               if t.purpose.value == "recovery_code")
    assert len(recovery) == 10
