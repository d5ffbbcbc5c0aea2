"""Alembic commands with the configuration built in code (no settings read at import)."""

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

from adapters.db.engine import build_engine, to_async_url

MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("file_template",
                        "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
    # '%' in a URL would be read as interpolation by configparser.
    cfg.set_main_option("sqlalchemy.url", to_async_url(database_url).replace("%", "%%"))
    return cfg


def _in_thread(fn: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """env.py calls asyncio.run(); inside a running loop that must happen in another thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        fn(*args, **kwargs)
        return
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(fn, *args, **kwargs).result()


class DatabaseNotMigrated(Exception):
    """The database lacks migrations that this code needs."""


def _current_revisions(database_url: str) -> set[str]:
    async def read() -> set[str]:
        engine = build_engine(to_async_url(database_url), pool_size=1)
        try:
            async with engine.connect() as connection:
                heads = await connection.run_sync(
                    lambda sync: MigrationContext.configure(sync).get_current_heads())
                return set(heads)
        finally:
            await engine.dispose()

    found: set[str] = set()

    def run() -> None:
        found.update(asyncio.run(read()))

    _in_thread(run)
    return found


def require_migrated(database_url: str) -> None:
    """Raise ``DatabaseNotMigrated`` unless the database has every migration of this code.

    A database with newer migrations than the code's passes: during a rolling deploy the
    previous release keeps running beside a schema already expanded for the next one.
    """
    script = ScriptDirectory.from_config(alembic_config(database_url))
    current = _current_revisions(database_url)
    heads = set(script.get_heads())
    if current == heads:
        return
    try:
        for revision in current:
            script.get_revision(revision)
    except CommandError:  # a revision this code has never heard of: a newer release's
        return
    raise DatabaseNotMigrated(
        f"the database is at revision {', '.join(sorted(current)) or 'none'}, this code "
        f"needs {', '.join(sorted(heads))}: run `edu db upgrade` first")


def upgrade(database_url: str, revision: str = "head") -> None:
    _in_thread(command.upgrade, alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "-1") -> None:
    _in_thread(command.downgrade, alembic_config(database_url), revision)


def current(database_url: str) -> None:
    _in_thread(command.current, alembic_config(database_url), verbose=True)


def revision(database_url: str, message: str, autogenerate: bool = True) -> None:
    _in_thread(command.revision, alembic_config(database_url), message=message,
               autogenerate=autogenerate)
