"""``edu serve``: the HTTP server on the configured or embedded database."""

import os
import signal
from enum import StrEnum
from types import FrameType
from typing import Annotated

import typer

from adapters.bootstrap import prepare_database, resolve_nats_url
from adapters.cli.check import refuse_unfit_production
from adapters.cli.runtime import database_errors
from adapters.settings import Settings

APP = "adapters.http.asgi:create"
# Live-socket client messages are small (the gateway refuses over 4 KiB); the server need not
# buffer a default 16 MiB message before it can say so.
WS_MAX_SIZE = 65_536
# Seconds a worker gets to finish its requests and stop its background tasks on SIGTERM.
SHUTDOWN_TIMEOUT = 30
# Seconds a server process may take to answer its supervisor's ping. A new process answers only
# once it has imported the platform, which takes longer than uvicorn's 5 s on a busy or
# CPU-limited host (a container at its quota): each process was then killed as hung while still
# starting, and replaced by another that met the same end.
WORKER_HEALTHCHECK_TIMEOUT = 60


class Server(StrEnum):
    UVICORN = "uvicorn"
    GRANIAN = "granian"


def default_workers(settings: Settings) -> int:
    """One process per core in production; one on a developer's machine, where the embedded
    servers and the editor share the cores."""
    return (os.cpu_count() or 1) if settings.env == "production" else 1


def _exit_after_graceful_stop(_signum: int, _frame: FrameType | None) -> None:
    # SIGTERM is how process managers (Docker, systemd, Kubernetes) ask for a stop; by the time
    # this runs uvicorn has finished the requests in flight, so the stop succeeded: status 0.
    raise SystemExit(0)


def run_server(target: str, *, server: Server, host: str, port: int, workers: int,
               reload: bool = False) -> None:
    """Serve the ASGI app factory ``target`` ("module:function") until SIGINT or SIGTERM; either
    ends the process through a normal exit, so the exit hooks that stop the embedded servers
    run."""
    if server is Server.GRANIAN:
        _run_granian(target, host=host, port=port, workers=workers, reload=reload)
        return
    import uvicorn

    # uvicorn handles SIGTERM itself, then restores the previous handler and raises the signal
    # again: with the default handler the process would die there, skipping the exit hooks.
    # This one turns it into a normal exit.
    signal.signal(signal.SIGTERM, _exit_after_graceful_stop)
    uvicorn.run(target, factory=True, host=host, port=port, reload=reload,
                workers=1 if reload else workers, loop="uvloop", http="httptools",
                proxy_headers=False, log_config=None,
                # The platform logs each request itself (adapters.http.edge).
                access_log=False, ws_max_size=WS_MAX_SIZE,
                # The live gateway sends its own heartbeats (and drops silent clients): a
                # second, protocol-level ping per socket would only add a task to each.
                ws_ping_interval=None,
                timeout_graceful_shutdown=SHUTDOWN_TIMEOUT,
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_TIMEOUT)


def _run_granian(target: str, *, host: str, port: int, workers: int, reload: bool) -> None:
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces, Loops

    # Granian's own lines (start, stop, worker failures) go to the root handler that
    # configure_logging set up; its access log stays off: the platform logs each request.
    # It has no WebSocket message limit to set: frames up to its own 16 MiB are buffered
    # before the gateway can refuse them (uvicorn stops at WS_MAX_SIZE).
    log_config = {"handlers": {}, "formatters": {},
                  "loggers": {"_granian": {"handlers": [], "propagate": True}}}
    Granian(target, address=host, port=port, interface=Interfaces.ASGI, factory=True,
            workers=1 if reload else workers, loop=Loops.uvloop, http=HTTPModes.http1,
            websockets=True, reload=reload, log_dictconfig=log_config, log_access=False,
            respawn_failed_workers=True,
            # A worker that was still starting when SIGTERM came may never hear it: end it.
            workers_kill_timeout=SHUTDOWN_TIMEOUT).serve()


def serve(host: Annotated[str | None, typer.Option(help="interface to bind")] = None,
          port: Annotated[int | None, typer.Option(help="TCP port")] = None,
          reload: Annotated[bool, typer.Option(help="restart on code changes")] = False,
          workers: Annotated[int | None, typer.Option(
              help="worker processes (default: one per core in production, else one)")] = None,
          server: Annotated[Server, typer.Option(help="HTTP server")] = Server.UVICORN) -> None:
    from adapters.observability.logging import configure_logging

    if reload and server is Server.GRANIAN:
        # Granian reloads through watchfiles, which the project does not install.
        raise typer.BadParameter("--reload works with --server uvicorn")
    # In production mode an unfit configuration stops here, before any server starts.
    refuse_unfit_production()
    settings = Settings()
    configure_logging(settings.log_level, json=settings.log_json)
    # Start (or attach to) the embedded database and migrate it once, here; worker processes
    # then receive a plain URL.
    with database_errors():
        os.environ["EDU_DATABASE_URL"] = prepare_database(settings)
    # Likewise the embedded NATS server: this process owns it and stops it at exit.
    os.environ["EDU_NATS_URL"] = resolve_nats_url(settings)
    if not settings.nats_url:
        os.environ["EDU_NATS_EMBEDDED"] = "true"
    typer.echo(f"Mentora on http://{host or settings.host}:{port or settings.port}  "
               f"(API docs: /schema)")
    run_server(APP, server=server, host=host or settings.host, port=port or settings.port,
               workers=workers or default_workers(settings), reload=reload)
