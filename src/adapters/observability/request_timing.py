"""Database time per route: the statement timing hook adds each statement's time to the
request it runs for, and the edge records the sum under the request's route template.

Kept in the process (ADR 36): a table of the last requests per route, from which the mean, a
95th percentile and the maximum are computed when asked. The operations console says which
process answered; Prometheus (``db_query_duration_seconds`` beside
``http_request_duration_seconds``) is the view across processes.
"""

import math
from collections import deque
from contextvars import ContextVar, Token
from dataclasses import dataclass, field

from edu_core.domain.operations import RouteTiming

SAMPLES_PER_ROUTE = 500
MAX_ROUTES = 1000


@dataclass
class RequestDbTime:
    seconds: float = 0.0
    statements: int = 0


_current: ContextVar[RequestDbTime | None] = ContextVar("edu_request_db_time", default=None)


def start_request() -> tuple[RequestDbTime, Token[RequestDbTime | None]]:
    tally = RequestDbTime()
    return tally, _current.set(tally)


def end_request(token: Token[RequestDbTime | None]) -> None:
    _current.reset(token)


def statement_done(seconds: float) -> None:
    """Called by the statement timing hook; statements outside a request count nowhere here.
    (SQLAlchemy runs the hook in a greenlet that carries the caller's context.)"""
    tally = _current.get()
    if tally is not None:
        tally.seconds += seconds
        tally.statements += 1


@dataclass
class _Route:
    requests: int = 0
    statements: int = 0
    db_seconds: float = 0.0
    request_seconds: float = 0.0
    max_db_seconds: float = 0.0
    recent: deque[float] = field(default_factory=lambda: deque(maxlen=SAMPLES_PER_ROUTE))


class RouteTimingsRecorder:
    """The ``RouteTimings`` port, for the requests of this process since it started."""

    def __init__(self) -> None:
        self._routes: dict[tuple[str, str], _Route] = {}

    def record(self, method: str, route: str, tally: RequestDbTime,
               request_seconds: float) -> None:
        key = (method, route)
        entry = self._routes.get(key)
        if entry is None:
            if len(self._routes) >= MAX_ROUTES:
                return  # templates are few; this only bounds a flood of unexpected ones
            entry = self._routes[key] = _Route()
        entry.requests += 1
        entry.statements += tally.statements
        entry.db_seconds += tally.seconds
        entry.request_seconds += request_seconds
        entry.max_db_seconds = max(entry.max_db_seconds, tally.seconds)
        entry.recent.append(tally.seconds)

    def snapshot(self) -> list[RouteTiming]:
        timings = []
        for (method, route), entry in list(self._routes.items()):
            recent = sorted(entry.recent)
            # Nearest rank over the recent requests: an estimate once a route has had more.
            p95 = recent[max(0, math.ceil(0.95 * len(recent)) - 1)] if recent else 0.0
            timings.append(RouteTiming(
                method=method, route=route, requests=entry.requests,
                statements=entry.statements, db_ms_total=round(entry.db_seconds * 1000, 3),
                db_ms_mean=round(entry.db_seconds * 1000 / entry.requests, 3),
                db_ms_p95=round(p95 * 1000, 3),
                db_ms_max=round(entry.max_db_seconds * 1000, 3),
                request_ms_mean=round(entry.request_seconds * 1000 / entry.requests, 3)))
        return timings
