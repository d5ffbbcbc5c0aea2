"""What every administrative command needs: settings, a migrated database, the container."""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import asyncpg
import typer
from sqlalchemy.exc import DBAPIError

from adapters.bootstrap import prepare_database, release_nats, resolve_nats_url
from adapters.container import Container, build_container, shutdown
from adapters.db.migrate import DatabaseNotMigrated
from adapters.settings import Settings
from edu_core.domain.errors import DomainError

T = TypeVar("T")


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    return typer.Exit(code)


def _describe(exc: BaseException) -> str:
    # SQLAlchemy's message repeats the statement and a help link; the driver's error says it.
    cause = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    first_line = (str(cause).strip().splitlines() or [""])[0]
    return first_line or type(cause).__name__


@contextmanager
def database_errors() -> Iterator[None]:
    """Reaching and migrating the database: a failure is one line and exit 1, no traceback.

    The URL is left out of the message: it may carry a password.
    """
    try:
        yield
    except (OSError, DBAPIError, asyncpg.PostgresError) as exc:
        raise fail(f"the database cannot be used: {_describe(exc)}") from None
    except DatabaseNotMigrated as exc:
        raise fail(str(exc)) from None


def run_with_container(action: Callable[[Container], Awaitable[T]]) -> T:
    """Run ``action`` against a fresh container; domain errors become a clear message + exit 1.

    Events the action raised (e-mails to send, ...) are dispatched before returning, so a CLI
    suspension mails the user just like one made in the admin console.
    """
    settings = Settings()
    with database_errors():
        url = prepare_database(settings)
    container = build_container(settings, url, resolve_nats_url(settings))

    async def main() -> T:
        try:
            result = await action(container)
            while await container.dispatcher().drain():
                pass
            return result
        finally:
            await shutdown(container)

    try:
        return asyncio.run(main())
    except DomainError as exc:
        raise fail(f"{exc.message} ({exc.code})") from None
    finally:
        release_nats(settings)
