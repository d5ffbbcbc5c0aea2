"""The unit of work under test: the in-memory fake and the Postgres adapter, one suite each
(and the data export's reader over the same store)."""

from collections.abc import AsyncIterator, Callable

import pytest

from adapters.db.connections import Database
from adapters.db.engine import build_engine
from adapters.db.personal_data import PostgresPersonalDataReader
from adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from adapters.memory.personal_data import MemoryPersonalDataReader
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from edu_core.ports.personal_data import PersonalDataReader
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


@pytest.fixture
async def personal_data(request: pytest.FixtureRequest, uow_factory: Callable[[], UnitOfWork]
                        ) -> AsyncIterator[PersonalDataReader]:
    if isinstance(uow_factory, MemoryUnitOfWorkFactory):
        yield MemoryPersonalDataReader(uow_factory.store)
        return
    engine = build_engine(request.getfixturevalue("database_url"), pool_size=2)
    yield PostgresPersonalDataReader(engine)
    await engine.dispose()
