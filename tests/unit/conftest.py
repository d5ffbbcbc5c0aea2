"""The core wired to in-memory fakes: no I/O, deterministic time."""

from dataclasses import dataclass

import pytest

from adapters.memory.fakes import FakeClock, FakePasswordHasher, MemoryEventDispatcher
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.application.identity import AuthConfig, IdentityService
from edu_core.application.notifications import IdentityMailHandlers
from edu_core.application.user_admin import UserAdminService
from edu_core.domain.identity import PasswordPolicy
from edu_core.ports.mail import MailRequest
from edu_core.ports.rate_limit import RateDecision, RateRule


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[MailRequest] = []

    async def send(self, request: MailRequest) -> None:
        self.sent.append(request)

    async def check(self) -> None:
        return None


class FakeRateLimiter:
    """Fixed-window counter on the fake clock."""

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._hits: dict[str, list[float]] = {}

    def _live(self, key: str, rule: RateRule) -> list[float]:
        now = self._clock.now().timestamp()
        hits = [t for t in self._hits.get(key, []) if now - t < rule.window_seconds]
        self._hits[key] = hits
        return hits

    def _decision(self, hits: list[float], rule: RateRule) -> RateDecision:
        allowed = len(hits) < rule.limit
        retry = 0 if allowed else int(rule.window_seconds - (self._clock.now().timestamp()
                                                               - hits[0])) + 1
        return RateDecision(allowed, max(0, rule.limit - len(hits)), retry)

    async def hit(self, key: str, rule: RateRule) -> RateDecision:
        hits = self._live(key, rule)
        if len(hits) < rule.limit:
            hits.append(self._clock.now().timestamp())
            return RateDecision(True, rule.limit - len(hits), 0)
        return self._decision(hits, rule)

    async def peek(self, key: str, rule: RateRule) -> RateDecision:
        return self._decision(self._live(key, rule), rule)

    async def reset(self, key: str, rule: RateRule) -> None:
        self._hits.pop(key, None)

    async def check(self) -> None:
        return None


@dataclass
class Core:
    uow: MemoryUnitOfWorkFactory
    clock: FakeClock
    mailer: FakeMailer
    dispatcher: MemoryEventDispatcher
    identity: IdentityService
    admin: UserAdminService

    async def deliver(self) -> None:
        await self.dispatcher.drain()


@pytest.fixture
def core() -> Core:
    uow = MemoryUnitOfWorkFactory()
    clock = FakeClock()
    mailer = FakeMailer()
    dispatcher = MemoryEventDispatcher(uow.store)
    uow.signal = dispatcher
    identity = IdentityService(uow=uow, hasher=FakePasswordHasher(), clock=clock,
                               policy=PasswordPolicy(banned=frozenset({"password1", "qwertyuiop"})),
                               limiter=FakeRateLimiter(clock), config=AuthConfig())
    admin = UserAdminService(uow=uow, clock=clock, identity=identity)
    dispatcher.registry.add(IdentityMailHandlers(identity=identity, mailer=mailer, uow=uow,
                                                 web_base_url="https://app.test"))
    return Core(uow, clock, mailer, dispatcher, identity, admin)
