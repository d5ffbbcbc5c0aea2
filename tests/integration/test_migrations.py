"""Migrations: committed revisions never change, and the chain builds exactly the tables.

``migrations/versions.sha256`` pins every committed revision file. A revision that has been
applied anywhere is history: fix a mistake with a new revision, never by editing an old one.
"""

import ast
import asyncio
import hashlib
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from adapters.db import migrate
from adapters.db.engine import build_engine
from adapters.db.tables import metadata
from tests.support.database import create_test_database, drop_test_database

VERSIONS = migrate.MIGRATIONS_DIR / "versions"
MANIFEST = migrate.MIGRATIONS_DIR / "versions.sha256"


def manifest() -> dict[str, str]:
    pinned: dict[str, str] = {}
    for line in MANIFEST.read_text().splitlines():
        if line.strip():
            digest, name = line.split(maxsplit=1)
            pinned[name.lstrip("*")] = digest
    return pinned


def revision_files() -> list[Path]:
    return sorted(p for p in VERSIONS.glob("*.py") if p.name != "__init__.py")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_committed_revisions_are_unchanged() -> None:
    changed = [name for name, pinned in manifest().items()
               if not (VERSIONS / name).exists() or digest(VERSIONS / name) != pinned]
    assert not changed, (
        f"committed migrations were edited or removed: {changed}. A released revision may "
        "already have run on a database; write a new revision instead.")


def test_every_revision_is_pinned_in_the_manifest() -> None:
    pinned = manifest()
    missing = [p.name for p in revision_files() if p.name not in pinned]
    assert not missing, (
        f"{missing} not in {MANIFEST.name}: once a revision is final, pin it with "
        f"`cd migrations/versions && sha256sum {' '.join(missing)} >> ../{MANIFEST.name}`")


# Released before this rule and immutable since: 0009 backfills the search index with the
# live text code. It only acts on databases that hold content while passing 0009, and
# `edu content reindex` rebuilds the same rows with today's code, so the list never grows.
GRANDFATHERED_IMPORTS = {
    "0009_content_search.py": ["edu_core.domain.content.search", "edu_core.domain.content"],
}


@pytest.mark.parametrize("path", revision_files(), ids=lambda p: p.stem)
def test_revisions_do_not_import_application_code(path: Path) -> None:
    # Importing live code makes an old revision do something new whenever that code changes.
    imported: list[str] = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.append(node.module)
    project = [name for name in imported if name.split(".")[0] in ("edu_core", "adapters")]
    assert project == GRANDFATHERED_IMPORTS.get(path.name, []), (
        f"{path.name} imports {project}: freeze a copy inside the revision")


def _differences(url: str) -> list[Any]:
    async def run() -> list[Any]:
        engine = build_engine(url, pool_size=0)
        try:
            async with engine.connect() as connection:
                def compare(sync: Connection) -> list[Any]:
                    context = MigrationContext.configure(sync, opts={"compare_type": True})
                    return list(compare_metadata(context, metadata))
                return await connection.run_sync(compare)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def _tables(url: str) -> set[str]:
    async def run() -> set[str]:
        import asyncpg

        connection = await asyncpg.connect(url)
        try:
            rows = await connection.fetch(
                "select tablename from pg_tables where schemaname = 'public'")
        finally:
            await connection.close()
        return {row["tablename"] for row in rows}

    return asyncio.run(run())


def test_upgrade_matches_the_tables_and_downgrade_undoes_it(pg_server: str) -> None:
    url = create_test_database(pg_server, prefix="edu_migrations")  # upgraded to the heads
    try:
        assert _differences(url) == []

        migrate.downgrade(url, "base")
        assert _tables(url) <= {"alembic_version"}

        migrate.upgrade(url)
        assert _differences(url) == []
    finally:
        drop_test_database(pg_server, url)
