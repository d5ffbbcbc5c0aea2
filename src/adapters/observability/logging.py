"""Structured logs: one JSON object per line, carrying the request id of the current request."""

import logging
import sys
from typing import TextIO

import structlog

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


def configure_logging(level: str = "INFO", json: bool = True) -> None:
    """Route stdlib logging (uvicorn, sqlalchemy, litestar) and structlog through one renderer.

    Idempotent: the root handler is replaced, not added to.
    """
    renderer: structlog.types.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer())
    structlog.configure(
        processors=[*_SHARED, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
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
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers = []
        logging.getLogger(name).propagate = True
