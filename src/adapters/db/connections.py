"""Where units of work and read queries get their connection, and when they open a transaction.

``Database.session()`` lends a ``Session``: a connection on which statements run without a
transaction until the first one that writes or locks rows, which opens one (committed or
rolled back by its owner). A read-only use therefore sends its selects and nothing else: no
BEGIN, no ROLLBACK. Reads lose nothing by running before the BEGIN: under READ COMMITTED (the
server's default, which the platform keeps) every statement takes its own snapshot inside a
transaction too, and a read that must hold its rows (``FOR UPDATE``) opens the transaction.

An HTTP request runs in a request scope (``Database.request_scope``): its first database use
checks a connection out of the pool, and every later one in the same request (the
authentication, the use case's units of work, the search queries) borrows that connection, so
a request costs one checkout however many units of work it opens. A use that finds the
connection lent out (a unit of work opened inside another) checks out its own, as outside a
scope. The connection goes back to the pool when the response starts.

The pool does not ping connections at checkout (a round trip on every request); connections
are recycled after half an hour, a dead one is replaced once, transparently, when the first
statement sent on it finds it gone, and a disconnect invalidates the rest of the pool (all
connections older than the failure are replaced at their next checkout).
"""

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any, TypeVarTuple, overload

from sqlalchemy import ColumnElement, CursorResult, Uuid, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction
from sqlalchemy.sql import Executable
from sqlalchemy.sql.selectable import GenerativeSelect, TypedReturnsRows

Params = Mapping[str, Any] | Sequence[Mapping[str, Any]] | None
Ts = TypeVarTuple("Ts")


def among(column: Any, name: str = "ids") -> ColumnElement[bool]:
    """``column = ANY(:name)`` for a list of ids: one statement text whatever the list's
    length, so it is compiled and prepared once (``IN`` renders a new text per length)."""
    return column == any_(bindparam(name, type_=ARRAY(Uuid)))  # type: ignore[no-any-return]


def _reads_only(statement: Executable) -> bool:
    """A plain SELECT (or UNION of them): it neither writes nor locks, so it needs no
    transaction. (No statement here selects from a data-modifying CTE.)"""
    return isinstance(statement, GenerativeSelect) and statement._for_update_arg is None


class Session:
    """A connection lent to one unit of work or query, transaction opened on the first write."""

    def __init__(self, conn: AsyncConnection, *, fresh: bool) -> None:
        self.conn = conn
        # Nothing was sent on the connection since it left the pool: a disconnect on the first
        # statement means the pool held a dead connection, and the statement can be retried.
        self._fresh = fresh
        self._writing = False
        self._autocommit(True)

    def _autocommit(self, on: bool) -> None:
        # The driver adapter opens its transaction lazily, at the next statement, unless it is
        # in autocommit; switching costs no round trip.
        connection: Any = self.conn.sync_connection
        connection.connection.dbapi_connection.autocommit = on

    def _begin(self) -> None:
        if not self._writing:
            self._writing = True
            self._autocommit(False)

    @overload
    async def execute(self, statement: TypedReturnsRows[*Ts],
                      params: Params = None) -> CursorResult[*Ts]: ...

    @overload
    async def execute(self, statement: Executable,
                      params: Params = None) -> CursorResult[*tuple[Any, ...]]: ...

    async def execute(self, statement: Executable,
                      params: Params = None) -> CursorResult[*tuple[Any, ...]]:
        if not _reads_only(statement):
            self._begin()
        fresh, self._fresh = self._fresh, False
        try:
            return await self.conn.execute(statement, params)
        except DBAPIError as exc:
            if not (fresh and exc.connection_invalidated):
                raise
        # The pool's connection was dead: reconnect and send the statement once more.
        await self.conn.rollback()
        await self.conn.get_raw_connection()  # reconnects
        self._autocommit(not self._writing)
        return await self.conn.execute(statement, params)

    def begin_nested(self) -> AsyncTransaction:
        """A savepoint (inside the transaction, which it opens if need be)."""
        self._begin()
        self._fresh = False
        return self.conn.begin_nested()

    async def commit(self) -> None:
        await self.conn.commit()
        self._end()

    async def rollback(self) -> None:
        await self.conn.rollback()
        self._end()

    def _end(self) -> None:
        if self._writing and not self.conn.invalidated:
            self._writing = False
            self._autocommit(True)

    async def release(self) -> bool:
        """End the session: roll back what was not committed and give the connection its
        default behaviour back. False when the connection is not fit for reuse."""
        try:
            if self.conn.invalidated:
                return False
            await self.conn.rollback()
            self._autocommit(False)
        except (DBAPIError, OSError, ConnectionError):
            return False
        return True


class _RequestConnection:
    """The connection of one request, checked out on first use and lent to one user at a time."""

    def __init__(self, database: "Database") -> None:
        self.database = database
        self._conn: AsyncConnection | None = None
        self.busy = False
        self.closed = False

    @asynccontextmanager
    async def lend(self) -> AsyncIterator[Session]:
        self.busy = True
        try:
            fresh = self._conn is None
            if self._conn is None:
                self._conn = await self.database.engine.connect().start()
            session = Session(self._conn, fresh=fresh)
            try:
                yield session
            finally:
                if not await session.release():
                    await self._close()
        finally:
            self.busy = False
            if self.closed:
                await self._close()

    async def release(self) -> None:
        self.closed = True
        if not self.busy:
            await self._close()

    async def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            await conn.close()


_request: ContextVar[_RequestConnection | None] = ContextVar("edu_request_connection",
                                                             default=None)


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    @asynccontextmanager
    async def session(self) -> AsyncIterator[Session]:
        shared = _request.get()
        if (shared is not None and shared.database is self and not shared.busy
                and not shared.closed):
            async with shared.lend() as lent:
                yield lent
            return
        async with self.engine.connect() as conn:
            own = Session(conn, fresh=True)
            try:
                yield own
            finally:
                await own.release()

    @asynccontextmanager
    async def request_scope(self) -> AsyncIterator[_RequestConnection]:
        """One request's shared connection; ``release()`` it as soon as the request needs no
        more (it is released at the end of the scope anyway)."""
        shared = _RequestConnection(self)
        token = _request.set(shared)
        try:
            yield shared
        finally:
            _request.reset(token)
            await shared.release()
