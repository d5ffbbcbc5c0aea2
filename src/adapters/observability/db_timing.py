"""Database statement timing from SQLAlchemy's cursor events: the per-operation histogram, the
slow-query log line, and the time of the current request (``request_timing``)."""

import logging
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.observability.metrics import Metrics
from adapters.observability.request_timing import statement_done

log = logging.getLogger("edu.db")
_OPERATIONS = {"SELECT", "INSERT", "UPDATE", "DELETE"}


def instrument_engine(engine: AsyncEngine, metrics: Metrics,
                      slow_seconds: float = 0.5) -> None:
    sync_engine = engine.sync_engine

    @event.listens_for(sync_engine, "before_cursor_execute")
    def _start(conn: Any, cursor: Any, statement: str, params: Any, context: Any,
               executemany: bool) -> None:
        conn.info.setdefault("edu_query_start", []).append(time.perf_counter())

    @event.listens_for(sync_engine, "after_cursor_execute")
    def _stop(conn: Any, cursor: Any, statement: str, params: Any, context: Any,
              executemany: bool) -> None:
        started = conn.info.get("edu_query_start")
        if not started:
            return
        elapsed = time.perf_counter() - started.pop()
        keyword = statement.lstrip().split(None, 1)[0].upper() if statement.strip() else ""
        statement_done(elapsed)
        metrics.db_query.labels(keyword if keyword in _OPERATIONS else "OTHER").observe(elapsed)
        if elapsed >= slow_seconds:
            # Parameters are never logged: they may hold secrets or personal data.
            log.warning("slow query", extra={"duration_ms": round(elapsed * 1000, 1),
                                             "statement": statement[:300]})
