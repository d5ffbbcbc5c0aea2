"""The unit of work under test: the in-memory fake and the Postgres adapter, one suite each."""

from collections.abc import AsyncIterator, Callable

import pytest

from adapters.db.connections import Database
from adapters.db.engine import build_engine
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.ports.unit_of_work import UnitOfWork


@pytest.fixture(params=["memory", "postgres"])
async def uow_factory(request: pytest.FixtureRequest) -> AsyncIterator[Callable[[], UnitOfWork]]:
    if request.param == "memory":
        yield MemoryUnitOfWorkFactory()
        return
    database_url = request.getfixturevalue("database_url")
    engine = build_engine(database_url, pool_size=5)
    database = Database(engine)
    yield lambda: SqlAlchemyUnitOfWork(database)
    await engine.dispose()
