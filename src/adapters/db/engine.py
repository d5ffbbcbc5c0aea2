"""Engine and session factory construction (called by the container, never at import)."""

from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool


def to_async_url(url: str) -> str:
    """Accept the URL spellings people paste (postgres://, postgresql://) and use asyncpg."""
    for prefix in ("postgresql+asyncpg://", "postgresql+psycopg://", "postgresql://",
                   "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    raise ValueError(f"Not a PostgreSQL URL: {url.split('://')[0]}://...")


def build_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """``pool_size=0`` disables pooling: every unit of work opens its own connection. Tests use
    it because their client and the app's lifespan run on different event loops, and asyncpg
    connections must not cross loops."""
    # A statement that runs away must not hold a request (and a pool slot) forever.
    connect_args = {"command_timeout": 30, "server_settings": {"application_name": "edu"}}
    if pool_size == 0:
        return create_async_engine(to_async_url(url), poolclass=NullPool, echo=echo,
                                   connect_args=connect_args)
    # No ping at checkout: it would cost a round trip per request. ``Database`` replaces a
    # connection found dead instead (see adapters.db.connections).
    return create_async_engine(
        to_async_url(url), pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800,
        echo=echo, connect_args=connect_args)


def build_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
