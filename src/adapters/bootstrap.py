"""Turning settings into a reachable, migrated database (embedded PostgreSQL when unset) and a
NATS server for the events (embedded nats-server when unset)."""

import logging
import os

from adapters.db import migrate
from adapters.db.embedded import database_url, ensure_database, start_embedded_postgres
from adapters.messaging.embedded_nats import release_embedded_nats, start_embedded_nats
from adapters.settings import Settings

log = logging.getLogger(__name__)

EMBEDDED_DATABASE = "edu"


def resolve_database_url(settings: Settings, *, keep_running: bool = False) -> str:
    if settings.database_url:
        return settings.database_url
    server = start_embedded_postgres(settings.var_dir / "postgres", keep_running=keep_running)
    ensure_database(server, EMBEDDED_DATABASE)
    return database_url(server, EMBEDDED_DATABASE)


def resolve_nats_url(settings: Settings) -> str:
    """``EDU_NATS_URL``, or the URL of the embedded server under ``var/nats``, which stops with
    the last process that uses it."""
    if settings.nats_url:
        return settings.nats_url
    return start_embedded_nats(settings.var_dir / "nats").url


def release_nats(settings: Settings) -> None:
    """For a command that ends before its process does: let go of the embedded server now
    (it stops unless another live process uses it)."""
    if not settings.nats_url:
        release_embedded_nats(settings.var_dir / "nats", os.getpid())


def prepare_database(settings: Settings, *, run_migrations: bool = True,
                     keep_running: bool = False) -> str:
    """The database's URL, migrated. In production migrations are the one-shot
    ``edu db upgrade``'s alone (run before any server or worker starts, so processes never race
    to apply one); a process there refuses a database that lacks one instead
    (``migrate.DatabaseNotMigrated``)."""
    url = resolve_database_url(settings, keep_running=keep_running)
    if settings.env == "production":
        migrate.require_migrated(url)
    elif run_migrations:
        migrate.upgrade(url)
    return url
