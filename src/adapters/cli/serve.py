"""``edu serve``: the HTTP server (uvicorn) on the configured or embedded database."""

import os
import signal
from types import FrameType
from typing import Annotated

import typer

from adapters.bootstrap import prepare_database, resolve_nats_url
from adapters.settings import Settings


def _exit_on_signal(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def serve(host: Annotated[str | None, typer.Option(help="interface to bind")] = None,
          port: Annotated[int | None, typer.Option(help="TCP port")] = None,
          reload: Annotated[bool, typer.Option(help="restart on code changes")] = False,
          workers: Annotated[int, typer.Option(help="worker processes")] = 1) -> None:
    import uvicorn

    from adapters.observability.logging import configure_logging

    settings = Settings()
    configure_logging(settings.log_level, json=settings.log_json)
    # Start (or attach to) the embedded database and migrate it once, here; worker processes
    # then receive a plain URL.
    os.environ["EDU_DATABASE_URL"] = prepare_database(settings)
    # Likewise the embedded NATS server: this process owns it and stops it at exit.
    os.environ["EDU_NATS_URL"] = resolve_nats_url(settings)
    if not settings.nats_url:
        os.environ["EDU_NATS_EMBEDDED"] = "true"
    # uvicorn handles SIGTERM itself, then restores the previous handler and raises the signal
    # again: with the default handler the process would die there, skipping the exit hooks
    # that stop the embedded servers. This one turns it into a normal exit.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    typer.echo(f"Mentora on http://{host or settings.host}:{port or settings.port}  "
               f"(API docs: /schema)")
    uvicorn.run("adapters.http.asgi:create", factory=True, host=host or settings.host,
                port=port or settings.port, reload=reload, workers=workers if not reload else 1,
                proxy_headers=False, log_config=None, access_log=False,
                # Live-socket client messages are small (the gateway refuses over 4 KiB);
                # the server need not buffer uvicorn's default 16 MiB before it can say so.
                ws_max_size=65_536)
