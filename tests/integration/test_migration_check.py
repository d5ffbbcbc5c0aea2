"""In production, servers and workers leave migrations to the one-shot ``edu db upgrade`` and
refuse a database that lacks one of theirs; a database already migrated further (by the next
release, during a rolling deploy) is accepted."""

import asyncio
from collections.abc import Iterator

import asyncpg
import pytest
from alembic import command
from alembic.script import ScriptDirectory

from adapters.db.migrate import DatabaseNotMigrated, alembic_config, require_migrated
from tests.support.database import create_test_database, drop_test_database


@pytest.fixture
def empty_database(pg_server: str) -> Iterator[str]:
    url = create_test_database(pg_server, "edu_revisions", migrated=False)
    yield url
    drop_test_database(pg_server, url)


def stamp(url: str, revision: str) -> None:
    command.stamp(alembic_config(url), revision, purge=True)


def test_a_database_without_migrations_is_refused(empty_database: str) -> None:
    with pytest.raises(DatabaseNotMigrated, match=r"revision none.*run `edu db upgrade` first"):
        require_migrated(empty_database)


def test_a_database_at_the_head_passes(empty_database: str) -> None:
    stamp(empty_database, "head")
    require_migrated(empty_database)


def test_a_database_one_migration_behind_is_refused(empty_database: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(empty_database))
    [head] = script.get_heads()
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    stamp(empty_database, previous)
    with pytest.raises(DatabaseNotMigrated, match=f"at revision {previous}, this code needs"):
        require_migrated(empty_database)


def test_a_database_migrated_by_a_newer_release_passes(empty_database: str) -> None:
    stamp(empty_database, "head")

    async def move_ahead() -> None:
        connection = await asyncpg.connect(empty_database)
        try:
            await connection.execute("update alembic_version set version_num = 'f00dcafe0001'")
        finally:
            await connection.close()

    asyncio.run(move_ahead())
    require_migrated(empty_database)
