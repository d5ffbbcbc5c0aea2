"""Turning settings into a reachable, migrated database (embedded PostgreSQL when unset)."""

import logging

from adapters.db import migrate
from adapters.db.embedded import database_url, ensure_database, start_embedded_postgres
from adapters.settings import Settings

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "edu"


def resolve_database_url(settings: Settings, *, keep_running: bool = False) -> str:
    if settings.database_url:
        return settings.database_url
    server = start_embedded_postgres(settings.var_dir / "postgres", keep_running=keep_running)
    ensure_database(server, EMBEDDED_DATABASE)
    return database_url(server, EMBEDDED_DATABASE)


def prepare_database(settings: Settings, *, run_migrations: bool = True,
                     keep_running: bool = False) -> str:
    url = resolve_database_url(settings, keep_running=keep_running)
    if run_migrations:
        migrate.upgrade(url)
    return url
