"""The restore drill of docs/deploy.md against the machine's PostgreSQL: a migrated database with
rows is dumped in custom format, restored into a new database and found identical, table by
table; the restored copy is gone afterwards."""

import asyncio
import importlib.util
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import asyncpg
import pytest

from tests.support.database import create_test_database, drop_test_database

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "restore_drill.py"


def drill_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("restore_drill", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def populated_database(pg_server: str) -> Iterator[str]:
    url = create_test_database(pg_server, "edu_drill")

    async def fill() -> None:
        connection = await asyncpg.connect(url)
        try:
            await connection.executemany(
                "insert into subjects (id, slug, name) values ($1, $2, $3)",
                [(uuid.uuid4(), f"subject-{n}", f"Subject {n}") for n in range(25)])
        finally:
            await connection.close()

    asyncio.run(fill())
    yield url
    drop_test_database(pg_server, url)


async def databases_named(url: str, prefix: str) -> list[str]:
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch("select datname from pg_database where datname like $1",
                                      prefix + "%")
        return [r["datname"] for r in rows]
    finally:
        await connection.close()


def test_a_dump_restores_into_a_new_database_with_every_row(
        populated_database: str, tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), populated_database,
                             "--keep", str(tmp_path)],
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "public.subjects: 25 rows, 25 restored" in result.stdout
    assert "public.alembic_version: 1 rows, 1 restored" in result.stdout
    assert result.stdout.rstrip().endswith("restore drill: ok")
    [dump] = tmp_path.glob("*.dump")
    assert dump.read_bytes().startswith(b"PGDMP")  # pg_dump's custom format
    name = populated_database.rsplit("/", 1)[1]
    assert asyncio.run(databases_named(populated_database, f"{name}_drill_")) == []


def test_differences_name_each_table_that_does_not_match() -> None:
    drill = drill_module()
    assert drill.differences({"public.a": 3, "public.b": 1, "public.c": 0},
                             {"public.a": 3, "public.b": 0, "public.d": 2}) == [
        "public.b: 1 rows, 0 restored",
        "public.c: missing from the restored copy",
        "public.d: only in the restored copy"]
    assert drill.differences({"public.a": 3}, {"public.a": 3}) == []
