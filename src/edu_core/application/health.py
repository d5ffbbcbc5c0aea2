"""Readiness (S36): is every dependency of the platform answering right now?"""

import asyncio
from dataclasses import dataclass

from edu_core.ports.health import Probe


@dataclass(frozen=True, slots=True)
class ProbeResult:
    name: str
    ok: bool
    detail: str
    duration_ms: float


@dataclass(frozen=True, slots=True)
class Readiness:
    ok: bool
    checks: list[ProbeResult]


class HealthService:
    def __init__(self, probes: list[Probe], timeout_seconds: float = 3.0) -> None:
        self._probes = probes
        self._timeout = timeout_seconds

    async def readiness(self) -> Readiness:
        results = await asyncio.gather(*(self._run(p) for p in self._probes))
        return Readiness(ok=all(r.ok for r in results), checks=list(results))

    async def _run(self, probe: Probe) -> ProbeResult:
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            await asyncio.wait_for(probe.check(), self._timeout)
        except TimeoutError:
            return ProbeResult(probe.name, False, f"no answer within {self._timeout:g} s",
                               (loop.time() - start) * 1000)
        except Exception as exc:  # any failure of a dependency is a "not ready", not a crash
            return ProbeResult(probe.name, False, f"{type(exc).__name__}: {exc}"[:300],
                               (loop.time() - start) * 1000)
        return ProbeResult(probe.name, True, "ok", (loop.time() - start) * 1000)
