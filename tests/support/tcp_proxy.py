"""A TCP proxy in front of PostgreSQL that a test can cut and restore, to play a database
outage without touching the server other tests share."""

import asyncio
import contextlib
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit


class CuttableProxy:
    def __init__(self, upstream_url: str) -> None:
        self._upstream = urlsplit(upstream_url)
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self.port = 0
        self._socket: Path | None = None
        socket_dir = parse_qs(self._upstream.query).get("host", [""])[0]
        if socket_dir.startswith("/"):  # the embedded server listens on a Unix socket only
            sockets = sorted(Path(socket_dir).glob(".s.PGSQL.*[0-9]"))
            self._socket = (Path(socket_dir) / f".s.PGSQL.{self._upstream.port}"
                            if self._upstream.port or not sockets else sockets[0])

    async def _open_upstream(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._socket is not None:
            return await asyncio.open_unix_connection(str(self._socket))
        return await asyncio.open_connection(self._upstream.hostname or "127.0.0.1",
                                             self._upstream.port or 5432)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                    observe: Callable[[bytes], None] | None = None) -> None:
        try:
            while data := await reader.read(65536):
                if observe is not None:
                    observe(data)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        upstream_r, upstream_w = await self._open_upstream()
        self._writers |= {client_w, upstream_w}
        await asyncio.gather(self._pipe(client_r, upstream_w, self._client_observer()),
                             self._pipe(upstream_r, client_w))
        self._writers -= {client_w, upstream_w}

    def _client_observer(self) -> Callable[[bytes], None] | None:
        """What sees each new connection's bytes on their way to the server."""
        return None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        """Refuse new connections and drop the open ones, like a server that went away."""
        if self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._writers):
            with contextlib.suppress(Exception):
                writer.transport.abort()
        self._writers.clear()

    def url(self, database_url: str) -> str:
        """``database_url`` rewritten to reach its database through this proxy."""
        parts = urlsplit(database_url)
        user = parts.username or "postgres"
        return urlunsplit(("postgresql", f"{user}@127.0.0.1:{self.port}", parts.path, "", ""))


class CountingProxy(CuttableProxy):
    """Counts the round trips clients make to the server: each simple query ('Q') and each
    Sync ('S') that ends an extended-protocol exchange (a prepare, an execute) is one, and
    BEGIN, COMMIT, ROLLBACK and pings are counted like any other statement. Plain-text
    connections only (``ssl=disable`` in ``url``)."""

    def __init__(self, upstream_url: str) -> None:
        super().__init__(upstream_url)
        self.round_trips = 0

    def url(self, database_url: str) -> str:
        return super().url(database_url) + "?ssl=disable"

    def _client_observer(self) -> Callable[[bytes], None]:
        buffer = bytearray()
        started = False  # before the startup message, messages carry no type byte

        def observe(data: bytes) -> None:
            nonlocal started
            buffer.extend(data)
            while True:
                head = 5 if started else 4
                if len(buffer) < head:
                    return
                length = int.from_bytes(buffer[head - 4:head], "big")
                if len(buffer) < head - 4 + length:
                    return
                if not started:
                    # An SSL or GSS encryption request comes before the startup message.
                    started = int.from_bytes(buffer[4:8], "big") not in (80877103, 80877104)
                elif buffer[0] in b"QS":
                    self.round_trips += 1
                del buffer[:head - 4 + length]

        return observe
