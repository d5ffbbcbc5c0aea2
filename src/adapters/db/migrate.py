"""Alembic commands with the configuration built in code (no settings read at import)."""

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config

from adapters.db.engine import to_async_url

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


def upgrade(database_url: str, revision: str = "head") -> None:
    _in_thread(command.upgrade, alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str = "-1") -> None:
    _in_thread(command.downgrade, alembic_config(database_url), revision)


def current(database_url: str) -> None:
    _in_thread(command.current, alembic_config(database_url), verbose=True)


def revision(database_url: str, message: str, autogenerate: bool = True) -> None:
    _in_thread(command.revision, alembic_config(database_url), message=message,
               autogenerate=autogenerate)
