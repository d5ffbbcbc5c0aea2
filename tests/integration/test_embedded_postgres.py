"""The embedded PostgreSQL stops with its last live user, whatever happened to earlier users."""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]

# A stand-in for `edu serve`: attaches to the server through the same entry point, then holds
# it until a line arrives on stdin and exits cleanly.
USER = """
import sys
from pathlib import Path
from adapters.db.embedded import start_embedded_postgres
start_embedded_postgres(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
"""


def start_user(data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    user = subprocess.Popen([sys.executable, "-c", USER, str(data_dir)], env=env, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert user.stdout is not None
    assert user.stdout.readline().strip() == "ready"
    return user


def exit_cleanly(user: subprocess.Popen[str]) -> None:
    user.communicate("\n", timeout=120)
    assert user.returncode == 0


def postmaster(data_dir: Path) -> psutil.Process | None:
    pid_file = data_dir / "postmaster.pid"
    if not pid_file.exists():
        return None
    try:
        process = psutil.Process(int(pid_file.read_text().splitlines()[0]))
    except psutil.NoSuchProcess:
        return None
    return process if running(process) else None


def running(process: psutil.Process) -> bool:
    # A stopped server may stay a zombie when the container's init does not reap orphans.
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("embedded") / "postgres"
    yield data_dir
    server = postmaster(data_dir)
    if server is not None:  # never leave a server behind, even when a test failed
        server.send_signal(signal.SIGINT)
        server.wait(30)


def test_a_killed_user_does_not_keep_the_server_alive_after_a_later_clean_exit(
        data_dir: Path) -> None:
    crashed = start_user(data_dir)
    server = postmaster(data_dir)
    assert server is not None
    crashed.kill()  # SIGKILL: no atexit handler runs, its pid stays registered
    crashed.wait()
    assert postmaster(data_dir) is not None

    exit_cleanly(start_user(data_dir))

    assert postmaster(data_dir) is None
    assert not running(server)


def test_the_server_keeps_running_while_another_user_is_alive(data_dir: Path) -> None:
    first = start_user(data_dir)
    exit_cleanly(start_user(data_dir))
    assert postmaster(data_dir) is not None

    exit_cleanly(first)

    assert postmaster(data_dir) is None
