"""What the in-process benchmarks share: a database of their own, settings that never throttle
the load they make, and one way to read a percentile off the samples.

The database server is ``EDU_BENCH_DATABASE_URL`` (a server URL; a database is created on it
and dropped after), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL.
"""

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.settings import Settings
from tests.support.database import create_test_database, drop_test_database, server_url

__all__ = ["bench_database", "pct"]


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile by the nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


@contextlib.contextmanager
def bench_database(**overrides: Any) -> Iterator[tuple[str, Settings]]:
    """A fresh migrated database and the settings to serve it with (files in a temporary
    directory; cheap password hashing; rate limits out of the way)."""
    if bench_server := os.environ.get("EDU_BENCH_DATABASE_URL"):
        os.environ["EDU_TEST_DATABASE_URL"] = bench_server
    server = server_url()
    url = create_test_database(server, prefix="edu_bench")
    try:
        with tempfile.TemporaryDirectory() as var:
            chosen: dict[str, Any] = {
                "log_level": "WARNING", "bcrypt_rounds": 4, "require_admin_second_factor": False,
                "rate_limit_public": "1000000/60", "rate_limit_auth": "1000000/60",
                "database_pool_size": 5, **overrides}
            yield url, Settings(_env_file=None, var_dir=Path(var), **chosen)  # type: ignore[call-arg]
    finally:
        drop_test_database(server, url)
