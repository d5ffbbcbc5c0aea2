"""The platform's own processes, run for a benchmark: started, awaited until a probe answers,
stopped with SIGTERM (and killed, with their children, when they do not stop).

Every benchmark that measures over HTTP serves the platform through ``running`` so each waits
the same way and none leaves a server behind when it fails.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.live_server import free_port

__all__ = ["ROOT", "edu", "free_port", "running"]


def edu(*arguments: str) -> list[str]:
    """The ``edu`` command line run by this interpreter."""
    return [sys.executable, "-m", "adapters.cli.main", *arguments]


@contextlib.contextmanager
def running(command: list[str], env: dict[str, str], port: int, probe: str = "/health/live",
            log: Path | None = None, within: float = 180) -> Iterator[subprocess.Popen[bytes]]:
    """Starts ``command`` and waits until ``probe`` on ``port`` answers 2xx (granian listens
    before its workers are ready to answer); its output goes to ``log`` when one is given."""
    import httpx

    with contextlib.ExitStack() as files:
        out = files.enter_context(log.open("wb")) if log else subprocess.DEVNULL
        process = subprocess.Popen(command, cwd=ROOT, env=env,  # noqa: S603 - our own commands
                                   stdout=out, stderr=out, start_new_session=True)
    try:
        deadline = time.monotonic() + within
        while True:
            if process.poll() is not None:
                tail = log.read_text()[-3000:] if log else "(output not kept)"
                raise RuntimeError(f"{command} exited with {process.returncode}:\n{tail}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"http://127.0.0.1:{port}{probe}", timeout=5).is_success:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{command} did not answer {probe} on {port}")
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
