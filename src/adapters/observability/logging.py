"""Structured logs: one JSON object per line, carrying the request id of the current request.

Two paths reach stdout. The platform's own loggers (``structlog.get_logger``: the access log,
once per request) render their event straight to a line. Records of stdlib loggers (uvicorn,
granian, SQLAlchemy, Litestar, ``logging.getLogger``) go through a handler and structlog's
``ProcessorFormatter``: the same fields and renderer, at the price of a LogRecord and a second
pass, which is fine for lines that are not written on every request.
"""

import logging
import sys
from typing import Any, TextIO

import msgspec
import structlog

from adapters.observability.error_log import ErrorCaptureHandler, capture_structlog

_SHARED: list[structlog.types.Processor] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
    structlog.stdlib.ExtraAdder(),
]


class CurrentStdoutHandler(logging.StreamHandler[TextIO]):
    """Writes to ``sys.stdout`` as it is when a record is emitted, not as it was when logging
    was configured.

    A stream captured at configuration time may be closed later while the process lives on: a
    test runner's capture buffer, or a redirection that has ended. Loggers that run at
    interpreter exit (the embedded PostgreSQL stopping its server) then failed with "I/O
    operation on closed file".
    """

    @property
    def stream(self) -> TextIO:
        return sys.stdout

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        # StreamHandler.__init__ and setStream assign here; the stream is never pinned.
        pass


class StdoutLogger:
    """structlog's final logger for the platform's own lines: writes each rendered line to
    ``sys.stdout`` as it is at that moment (see ``CurrentStdoutHandler`` for why) and flushes,
    as the stdlib handler does, so lines are not held back in a pipe's buffer."""

    __slots__ = ("name",)

    def __init__(self, name: str = "") -> None:
        self.name = name  # read by add_logger_name

    def msg(self, message: str) -> None:
        out = sys.stdout
        out.write(message + "\n")
        out.flush()

    debug = info = warning = warn = error = critical = exception = fatal = log = msg


def _stdout_logger(*args: Any) -> StdoutLogger:
    return StdoutLogger(args[0] if args else "")


_ENCODER = msgspec.json.Encoder(enc_hook=repr)
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING,
           "warn": logging.WARNING, "error": logging.ERROR, "exception": logging.ERROR,
           "critical": logging.CRITICAL, "fatal": logging.CRITICAL}
_threshold = logging.INFO


def _render_json(_logger: Any, _name: str, event: structlog.types.EventDict) -> str:
    return _ENCODER.encode(event).decode()


def _drop_below_level(_logger: Any, name: str, event: structlog.types.EventDict,
                      ) -> structlog.types.EventDict:
    if _LEVELS.get(name, logging.INFO) < _threshold:
        raise structlog.DropEvent
    return event


# Loggers are cached on first use (no configuration lookup per line) and a cached logger keeps
# the list it was given: configure_logging changes this list in place, never replaces it.
_NATIVE: list[structlog.types.Processor] = []


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    """Route the platform's structlog loggers and stdlib logging (uvicorn, granian,
    SQLAlchemy, Litestar) to stdout through one renderer.

    Idempotent: the root handler is replaced, not added to.
    """
    global _threshold
    _threshold = logging.getLevelNamesMapping()[level.upper()]
    renderer: structlog.types.Processor = (
        _render_json if json else structlog.dev.ConsoleRenderer())
    _NATIVE[:] = [_drop_below_level, structlog.contextvars.merge_contextvars,
                  structlog.processors.add_log_level, structlog.stdlib.add_logger_name,
                  capture_structlog,
                  structlog.processors.TimeStamper(fmt="iso", utc=True),
                  structlog.processors.format_exc_info, renderer]
    structlog.configure(
        processors=_NATIVE,
        logger_factory=_stdout_logger,
        wrapper_class=structlog.make_filtering_bound_logger(logging.NOTSET),
        cache_logger_on_first_use=True,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    structlog.processors.format_exc_info, renderer],
    )
    handler = CurrentStdoutHandler()
    handler.setFormatter(formatter)
    root = logging.getLogger()
    # Error-level records are also kept for the operations console (error_log).
    root.handlers = [handler, ErrorCaptureHandler()]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
    # The platform logs each request itself (adapters.http.edge, with the request id); a
    # server's access log would write a second line for it. uvicorn decides per connection
    # whether to log by asking this logger for handlers, so it must have none to reach.
    for name in ("uvicorn.access", "granian.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = False
