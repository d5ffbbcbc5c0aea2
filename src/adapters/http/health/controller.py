"""Liveness and readiness probes (S36)."""

import msgspec
import structlog
from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec

from adapters.http.access import PUBLIC, policy
from adapters.http.dependencies import provide_health
from edu_core.application.health import HealthService

log = structlog.get_logger("edu.health")


class Check(msgspec.Struct):
    name: str
    ok: bool
    detail: str
    duration_ms: float


class ReadinessOut(msgspec.Struct):
    status: str
    checks: list[Check]


class LivenessOut(msgspec.Struct):
    status: str


class HealthController(Controller):
    path = "/health"
    tags = ["Operations"]
    dependencies = {"health": Provide(provide_health, sync_to_thread=False)}

    @get("/live", operation_id="liveness", summary="The process is up", **policy(PUBLIC))
    async def live(self) -> LivenessOut:
        return LivenessOut(status="ok")

    @get("/ready", operation_id="readiness",
         summary="Every dependency answers (database, mail, rate-limit store)",
         description="503 with the failing checks when one is down. Each check names a "
                     "dependency and says `ok` or `unavailable`; the reason is logged.",
         responses={503: ResponseSpec(data_container=ReadinessOut,
                                      description="At least one dependency is down.")},
         **policy(PUBLIC))
    async def ready(self, health: NamedDependency[HealthService]) -> Response[ReadinessOut]:
        result = await health.readiness()
        for check in result.checks:
            if not check.ok:
                log.warning("dependency not ready", dependency=check.name, detail=check.detail)
        # Anyone may ask: the answer names each dependency and its state, while what failed
        # and where (hosts, URLs) goes to the log only.
        body = ReadinessOut(status="ok" if result.ok else "unavailable",
                            checks=[Check(c.name, c.ok, "ok" if c.ok else "unavailable",
                                          round(c.duration_ms, 2))
                                    for c in result.checks])
        return Response(body, status_code=200 if result.ok else 503)
