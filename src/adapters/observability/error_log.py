"""Errors kept for the operations console (ADR 36): 5xx answers and error-level log lines of
every process, in the ``error_log`` table, pruned by age and count.

Capture: the logging setup hands each error-level record (stdlib or structlog) to ``capture``.
During a request it joins the request's list, and the edge writes one row for the request when
it answered 5xx or logged an error: request id, route, status, the first exception's type, an
excerpt of the lines. Outside requests (background work) records wait in a small buffer that
``ErrorRecorder.run`` writes every few seconds.

Rows are written on a connection of their own, after the request's own work: a request whose
transaction rolled back still leaves its error. Writing never raises; a database that is down
loses the rows (the log lines on stdout remain).
"""

import asyncio
import contextlib
import logging
import os
import socket
import sys
import traceback
from collections import deque
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any

import structlog
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from adapters.db.tables import error_log
from edu_core.domain.operations import MAX_EXCERPT, NewError, RecordedError
from edu_core.domain.pagination import Page, PageRequest

log = logging.getLogger("edu.error_log")

# Per request and in the background buffer: a storm of identical errors needs only a sample.
MAX_PER_REQUEST = 20
MAX_PENDING = 200
WRITE_WITHIN = 2.0  # seconds: a slow database must not hold the end of a request long
QUIET_AFTER_FAILURE = 5.0  # seconds without trying after a failed write
_ERROR_LEVELS = {"error", "exception", "critical", "fatal"}

_request_errors: ContextVar[list[NewError] | None] = ContextVar("edu_request_errors",
                                                                 default=None)
_background: deque[NewError] = deque(maxlen=MAX_PENDING)


def process_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def capture(entry: NewError) -> None:
    found = _request_errors.get()
    if found is None:
        _background.append(entry)
    elif len(found) < MAX_PER_REQUEST:
        found.append(entry)


def _excerpt(message: str, exc_info: Any) -> tuple[str | None, str]:
    if isinstance(exc_info, BaseException):
        exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
    if isinstance(exc_info, tuple) and exc_info[0] is not None:
        kind: type[BaseException] = exc_info[0]
        value: BaseException | None = exc_info[1]
        tb: TracebackType | None = exc_info[2]
        lines = traceback.format_exception(kind, value, tb)
        return kind.__name__, (message + "\n" + "".join(lines)).strip()
    return None, message


def _request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return str(value) if value else None


class ErrorCaptureHandler(logging.Handler):
    """Root handler for stdlib records at ERROR and above."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == log.name:
            return  # the recorder's own trouble is not recorded by itself
        try:
            message = record.getMessage()
            kind, excerpt = _excerpt(message, record.exc_info)
            capture(NewError(occurred_at=datetime.fromtimestamp(record.created, UTC),
                             logger=record.name, message=message, excerpt=excerpt,
                             process=process_name(), request_id=_request_id(),
                             exception_type=kind))
        except Exception:
            self.handleError(record)


def capture_structlog(_logger: Any, name: str, event: structlog.types.EventDict,
                      ) -> structlog.types.EventDict:
    """structlog processor: the platform's own loggers' error lines."""
    if name in _ERROR_LEVELS:
        message = str(event.get("event", ""))
        exc_info = event.get("exc_info")
        if exc_info is True or name == "exception":
            exc_info = sys.exc_info()
        kind, excerpt = _excerpt(message, exc_info)
        details = {k: v for k, v in event.items()
                   if k not in {"event", "exc_info", "request_id", "timestamp", "level"}}
        if details:
            excerpt = f"{excerpt}\n{details!r}"
        capture(NewError(occurred_at=datetime.now(UTC), logger=str(event.get("logger", "")),
                         message=message, excerpt=excerpt, process=process_name(),
                         request_id=_request_id(), exception_type=kind))
    return event


@contextlib.contextmanager
def request_errors() -> Iterator[list[NewError]]:
    """The errors logged while the block runs (a request) are collected here."""
    found: list[NewError] = []
    token = _request_errors.set(found)
    try:
        yield found
    finally:
        _request_errors.reset(token)


def request_entry(*, request_id: str, method: str, route: str | None, status: int,
                  errors: list[NewError]) -> NewError | None:
    """One row for a request that answered 5xx or logged errors; None for the others."""
    if status < 500 and not errors:
        return None
    first = next((e for e in errors if e.exception_type), errors[0] if errors else None)
    excerpt = "\n\n".join(e.excerpt for e in errors)[-MAX_EXCERPT:]
    return NewError(
        occurred_at=datetime.now(UTC), logger=first.logger if first else "edu.access",
        message=first.message if first else f"answered {status}",
        excerpt=excerpt or f"{method} {route or '<unmatched>'} answered {status}",
        process=process_name(), request_id=request_id, method=method, route=route,
        status=status, exception_type=first.exception_type if first else None)


class PostgresErrorLog:
    """Writes, prunes and (the ``ErrorLog`` port) searches ``error_log``."""

    def __init__(self, engine: AsyncEngine, session_factory: async_sessionmaker[AsyncSession],
                 *, retention: timedelta, keep: int) -> None:
        self._engine = engine
        self._factory = session_factory
        self._retention = retention
        self._keep = keep
        self._quiet_until = 0.0

    async def write(self, entries: list[NewError]) -> bool:
        if not entries:
            return True
        loop = asyncio.get_running_loop()
        if loop.time() < self._quiet_until:
            # The database failed a moment ago: during an outage every request would otherwise
            # wait for it once more after its response.
            return False
        rows = [_row(e.clipped()) for e in entries]
        try:
            async with asyncio.timeout(WRITE_WITHIN), self._engine.begin() as conn:
                await conn.execute(insert(error_log), rows)
        except Exception as exc:  # the database is away: the stdout lines remain
            self._quiet_until = loop.time() + QUIET_AFTER_FAILURE
            log.warning("errors not recorded", extra={"count": len(rows), "error": repr(exc)})
            return False
        return True

    async def prune(self, now: datetime) -> None:
        e = error_log.c
        async with self._engine.begin() as conn:
            await conn.execute(delete(error_log).where(e.occurred_at < now - self._retention))
            # The newest ``keep`` rows stay; ids grow with time.
            cut = (await conn.execute(select(e.id).order_by(e.id.desc())
                                      .offset(self._keep).limit(1))).scalar()
            if cut is not None:
                await conn.execute(delete(error_log).where(e.id <= cut))

    async def search(self, page: PageRequest, *, request_id: str | None = None,
                     route: str | None = None) -> Page[RecordedError]:
        e = error_log.c
        conds = []
        if request_id is not None:
            conds.append(e.request_id == request_id)
        if route is not None:
            escaped = route.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conds.append(e.route.like(escaped + "%", escape="\\"))
        async with self._factory() as session:
            total = (await session.execute(
                select(func.count()).select_from(error_log).where(*conds))).scalar_one()
            rows = (await session.execute(
                select(error_log).where(*conds).order_by(e.id.desc())
                .offset(page.offset).limit(page.page_size))).all()
        return Page(items=[RecordedError(**row._mapping) for row in rows], total=total,
                    page=page.page, page_size=page.page_size)


def _row(e: NewError) -> dict[str, Any]:
    return {"occurred_at": e.occurred_at, "request_id": e.request_id, "method": e.method,
            "route": e.route, "status": e.status, "logger": e.logger,
            "exception_type": e.exception_type, "message": e.message, "excerpt": e.excerpt,
            "process": e.process}


class ErrorRecorder:
    """The process's writer: a request's row at its end, background errors every few
    seconds, pruning every minute."""

    def __init__(self, store: PostgresErrorLog, *, interval: float = 5.0,
                 prune_every: float = 60.0) -> None:
        self._store = store
        self._interval = interval
        self._prune_every = prune_every

    async def request_finished(self, *, request_id: str, method: str, route: str | None,
                               status: int, errors: list[NewError]) -> None:
        entry = request_entry(request_id=request_id, method=method, route=route,
                              status=status, errors=errors)
        if entry is not None:
            await self._store.write([entry])

    async def flush(self) -> None:
        pending = list(_background)
        _background.clear()
        await self._store.write(pending)

    async def run(self, stop: asyncio.Event) -> None:
        last_prune = 0.0
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self._interval)
            await self.flush()
            if loop.time() - last_prune >= self._prune_every:
                last_prune = loop.time()
                try:
                    await self._store.prune(datetime.now(UTC))
                except Exception as exc:
                    log.warning("error log not pruned", extra={"error": repr(exc)})
