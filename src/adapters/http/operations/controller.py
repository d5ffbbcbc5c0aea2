"""The operations console (S36) for administrators: /api/v1/admin/operations.

Prometheus (``/metrics``) stays the machine interface; these routes are the people's view.
"""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromQuery, Parameter, QueryParameter

from adapters.http.access import policy, provide_principal
from adapters.http.errors import error_responses
from adapters.http.operations.schemas import (
    AuditEntryOut,
    AuditPage,
    FailedJobOut,
    FailedJobPage,
    OperationsStatusOut,
    RecordedErrorOut,
    RecordedErrorPage,
    RetriedOut,
    SlowRoutesOut,
)
from edu_core.application.actors import Actor, Principal
from edu_core.application.operations import OperationsService
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest

ADMIN = policy(Role.ADMIN)


def provide_operations(state: State) -> OperationsService:
    service: OperationsService = state.container.operations()
    return service


class OperationsController(Controller):
    path = "/api/v1/admin/operations"
    tags = ["Operations"]
    dependencies = {"operations": Provide(provide_operations, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/status", operation_id="getOperationsStatus",
         summary="Each dependency with its latency, the event and job backlog, workers, "
                 "open WebSockets",
         description="Always 200 while the caller is an administrator: a dependency that is "
                     "down is reported (`ok: false` with what failed), not raised. Each "
                     "probe waits at most `EDU_PROBE_TIMEOUT_SECONDS`. Sockets and the "
                     "process are those of the process that answered.",
         responses=error_responses(401, 403), **ADMIN)
    async def status(self, operations: NamedDependency[OperationsService]
                     ) -> OperationsStatusOut:
        return OperationsStatusOut.of(await operations.snapshot())

    @get("/failed-jobs", operation_id="listFailedJobs",
         summary="Background jobs that failed their last try, newest first",
         responses=error_responses(401, 403), **ADMIN)
    async def failed_jobs(self, operations: NamedDependency[OperationsService],
                          paging: NamedDependency[PageRequest]) -> FailedJobPage:
        return FailedJobPage.of(await operations.failed_jobs(paging), FailedJobOut.of)

    @post("/failed-jobs/{failed_job_id:int}/retry", operation_id="retryFailedJob",
          summary="Queue a failed job again (once; audited)",
          description="Marks the job retried and queues a new series of tries, in one "
                      "transaction, audited as `job.retry`. Idempotent: retrying a job "
                      "retried before queues nothing and answers `queued: false`. 404 "
                      "`failed_job_not_found`; 503 `jobs_unavailable` where no job queue "
                      "is configured or it does not answer (nothing is marked then).",
          status_code=200, responses=error_responses(401, 403, 404), **ADMIN)
    async def retry(self, operations: NamedDependency[OperationsService],
                    principal: NamedDependency[Principal],
                    failed_job_id: Annotated[int, Parameter(ge=1, le=2**63 - 1)]
                    ) -> RetriedOut:
        return RetriedOut.of(await operations.retry_failed_job(Actor.of(principal),
                                                               failed_job_id))

    @get("/errors", operation_id="listRecordedErrors",
         summary="Recent errors: 5xx answers and error-level log lines of every process",
         description="Newest first. `request_id` finds the error of one request (the "
                     "`request_id` of an error body, or the `X-Request-ID` header); `route` "
                     "matches route templates starting with it.",
         responses=error_responses(401, 403), **ADMIN)
    async def errors(self, operations: NamedDependency[OperationsService],
                     paging: NamedDependency[PageRequest],
                     request_id: Annotated[str | None, QueryParameter(max_length=64)] = None,
                     route: Annotated[str | None, QueryParameter(max_length=300)] = None,
                     ) -> RecordedErrorPage:
        return RecordedErrorPage.of(
            await operations.errors(paging, request_id=request_id, route=route),
            RecordedErrorOut.of)

    @get("/slow-routes", operation_id="listSlowRoutes",
         summary="Database time per route in the process that answered",
         description="Per route template: requests, statements, database time in total, "
                     "mean, 95th percentile (last 500 requests) and maximum, most total "
                     "time first (at most 50 routes). Counted since the answering process "
                     "started; the view across processes is Prometheus's.",
         responses=error_responses(401, 403), **ADMIN)
    async def slow_routes(self, operations: NamedDependency[OperationsService]
                          ) -> SlowRoutesOut:
        return SlowRoutesOut.of(operations.slow_routes())

    @get("/audit", operation_id="searchAuditLog",
         summary="Search the audit log of administrative actions",
         description="Newest first; every filter given must hold. `from` is inclusive, `to` "
                     "exclusive; a period whose start is after its end is a 422 "
                     "`audit_period_reversed`; a time outside 1970-2100 is a 422 "
                     "`date_out_of_range`. Times without a zone are UTC.",
         responses=error_responses(401, 403, 422), **ADMIN)
    async def audit(self, operations: NamedDependency[OperationsService],
                    paging: NamedDependency[PageRequest],
                    actor_id: FromQuery[UUID | None] = None,
                    action: Annotated[str | None, QueryParameter(max_length=64)] = None,
                    target_type: Annotated[str | None, QueryParameter(max_length=32)] = None,
                    target_id: Annotated[str | None, QueryParameter(max_length=64)] = None,
                    since: Annotated[datetime | None, QueryParameter(name="from")] = None,
                    until: Annotated[datetime | None, QueryParameter(name="to")] = None,
                    ) -> AuditPage:
        return AuditPage.of(
            await operations.audit(paging, actor_id=actor_id, action=action,
                                   target_type=target_type, target_id=target_id,
                                   since=since, until=until),
            AuditEntryOut.of)
