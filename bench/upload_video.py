"""Video uploads through the local chunked path, and the transcode time of a 720p clip.

1. Starts ``edu serve`` (one uvicorn process, local-disk storage) on a fresh database
   (``EDU_BENCH_DATABASE_URL`` or ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL) with
   one mentor, then uploads a generated file of ``--size`` bytes (a real 10 s MP4 followed by a
   ``free`` box of random bytes, so the completion check passes; made in a temporary
   directory, never kept) as the browser would: ``POST /videos/uploads``, then for each part
   ``POST .../target`` and ``PUT`` the part's bytes (``--concurrency`` parts at once), then
   ``POST .../complete``. The API process's RSS is sampled every 20 ms: the peak above its idle
   RSS is the figure (goal: under 150 MB), with the throughput of the parts and the time to
   complete (join + content check). Processing is not triggered (event handlers are off in the
   API; no worker runs).
2. Transcodes a 60 s 1280x720 test clip with the platform's transcoder (in this process, one
   ffmpeg at a time as in a worker) and prints the time.

    uv run python bench/upload_video.py                 # the 1 GiB case: run it once
    uv run python bench/upload_video.py --size 200M     # a quicker try
    uv run python bench/upload_video.py --skip-upload   # the transcode alone
"""

import argparse
import asyncio
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import imageio_ffmpeg
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from adapters.container import build_container, shutdown
from adapters.media.ffmpeg_transcoder import FfmpegTranscoder
from adapters.media.pyav_probe import PyAvProbe
from adapters.settings import Settings
from edu_core.application.actors import Actor
from edu_core.domain.identity import Role
from tests.support.database import create_test_database, drop_test_database, server_url
from tests.support.nats import nats_server_url

from serving import edu, free_port, running  # bench/ is the script's folder

PASSWORD = "correct horse battery staple"  # throwaway account, throwaway database
MIB = 1024 * 1024
READ_CHUNK = MIB


def parse_size(text: str) -> int:
    units = {"K": 1024, "M": MIB, "G": 1024 * MIB}
    text = text.strip().upper().removesuffix("B").removesuffix("I")
    if text and text[-1] in units:
        return int(float(text[:-1]) * units[text[-1]])
    return int(text)


def ffmpeg(*args: str) -> None:
    subprocess.run(  # noqa: S603 - the bundled ffmpeg, arguments made here
        [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args], check=True)


def make_upload_file(directory: Path, size: int) -> Path:
    """A 10 s 720p MP4 (index first) padded to ``size`` with a ``free`` box of random bytes."""
    clip = directory / "clip.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc=duration=10:size=1280x720:rate=25", "-f", "lavfi",
           "-i", "sine=frequency=440:duration=10", "-c:v", "libx264", "-preset", "ultrafast",
           "-c:a", "aac", "-shortest", "-movflags", "+faststart", str(clip))
    target = directory / "upload.mp4"
    head = clip.read_bytes()
    padding = size - len(head) - 8
    if padding < 0 or padding + 8 >= 2**32:
        raise SystemExit(f"--size must be between {len(head) + 8} bytes and 4 GiB")
    with target.open("wb") as file:
        file.write(head)
        file.write(struct.pack(">I4s", padding + 8, b"free"))
        block = os.urandom(8 * MIB)  # random, so nothing on the way can compress it
        left = padding
        while left > 0:
            file.write(block[:min(left, len(block))])
            left -= len(block)
    return target


async def seed(url: str, var: Path) -> str:
    settings = Settings(_env_file=None, var_dir=var, bcrypt_rounds=4)  # type: ignore[call-arg]
    container = build_container(settings, url)
    await container.identity.admin().create_user(
        Actor(None), email="mentor@example.org", password=PASSWORD, display_name="Mentor",
        role=Role.MENTOR, email_verified=True)
    await shutdown(container)
    return "mentor@example.org"


class RssSampler:
    """The peak resident set size of one process, sampled in a thread."""

    def __init__(self, pid: int, every: float = 0.02) -> None:
        self._process = psutil.Process(pid)
        self._every = every
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        return int(self._process.memory_info().rss)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(self._every)

    def __enter__(self) -> "RssSampler":
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def api_process(parent: subprocess.Popen[bytes]) -> int:
    """The process answering HTTP: ``edu serve`` itself, or its one server child."""
    children = psutil.Process(parent.pid).children(recursive=True)
    servers = [c for c in children if "nats-server" not in " ".join(c.cmdline())]
    return servers[0].pid if servers else parent.pid


async def upload(base: str, email: str, path: Path, size: int, concurrency: int,
                 sampler_pid: int) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=600) as client:
        login = await client.post("/api/v1/auth/login", json={
            "email": email, "password": PASSWORD, "mode": "token"})
        login.raise_for_status()
        auth = {"Authorization": f"Bearer {login.json()['access_token']}"}
        await asyncio.sleep(1.0)
        sampler = RssSampler(sampler_pid)
        idle = sampler.rss()
        created = await client.post("/api/v1/videos/uploads", headers=auth, json={
            "filename": "bench.mp4", "size": size, "content_type": "video/mp4"})
        created.raise_for_status()
        session = created.json()
        part_size, count = session["part_size"], session["part_count"]
        etags: dict[int, str] = {}
        numbers = iter(range(1, count + 1))

        async def body(number: int) -> AsyncIterator[bytes]:
            with path.open("rb") as file:
                file.seek((number - 1) * part_size)
                left = min(part_size, size - (number - 1) * part_size)
                while left > 0:
                    chunk = file.read(min(READ_CHUNK, left))
                    left -= len(chunk)
                    yield chunk

        async def sender() -> None:
            for number in numbers:
                target = await client.post(
                    f"/api/v1/videos/uploads/{session['id']}/parts/{number}/target",
                    headers=auth)
                target.raise_for_status()
                put = await client.put(target.json()["url"], headers=auth, content=body(number))
                put.raise_for_status()
                etags[number] = put.headers["etag"].strip('"')

        with sampler:
            began = time.perf_counter()
            await asyncio.gather(*(sender() for _ in range(concurrency)))
            sent = time.perf_counter() - began
            began = time.perf_counter()
            done = await client.post(f"/api/v1/videos/uploads/{session['id']}/complete",
                                     headers=auth, json={"parts": [
                                         {"number": n, "etag": etags[n]}
                                         for n in range(1, count + 1)]})
            completed = time.perf_counter() - began
        if done.status_code != 200:
            raise SystemExit(f"complete answered {done.status_code}: {done.text}")
        print(f"upload: {size / MIB:.0f} MiB in {count} parts of {part_size // MIB} MiB, "
              f"{concurrency} at a time")
        print(f"  parts: {sent:.1f} s = {size / MIB / sent:.0f} MiB/s")
        print(f"  complete (join + content check): {completed:.1f} s")
        print(f"  API process RSS: idle {idle / MIB:.0f} MiB, peak {sampler.peak / MIB:.0f} MiB, "
              f"peak above idle {(sampler.peak - idle) / MIB:.0f} MiB (goal < 150)")


async def transcode(directory: Path) -> None:
    clip = directory / "sixty.mp4"
    ffmpeg("-f", "lavfi", "-i", "testsrc2=duration=60:size=1280x720:rate=30", "-f", "lavfi",
           "-i", "sine=frequency=440:duration=60", "-c:v", "libx264", "-preset", "fast",
           "-b:v", "4M", "-c:a", "aac", "-shortest", str(clip))
    work = directory / "transcode"
    work.mkdir()

    async def progress(_: float) -> None:
        return None

    began = time.perf_counter()
    output = await FfmpegTranscoder(PyAvProbe()).transcode(clip, work, on_progress=progress)
    elapsed = time.perf_counter() - began
    print(f"transcode: 60 s 1280x720 clip -> {output.width}x{output.height} H.264/AAC "
          f"+ poster + sprite in {elapsed:.1f} s on {os.cpu_count()} cores "
          f"({output.video.stat().st_size / MIB:.1f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="1G", help="bytes to upload (1G, 200M, ...)")
    parser.add_argument("--concurrency", type=int, default=3, help="parts sent at once")
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--skip-transcode", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edu-bench-video-") as tmp:
        directory = Path(tmp)
        if not args.skip_upload:
            bench_upload(directory, parse_size(args.size), args.concurrency)
        if not args.skip_transcode:
            asyncio.run(transcode(directory))


def bench_upload(directory: Path, size: int, concurrency: int) -> None:
    server = os.environ.get("EDU_BENCH_DATABASE_URL") or server_url()
    url = create_test_database(server, prefix="edu_bench")
    try:
        path = make_upload_file(directory, size)
        var = directory / "var"
        email = asyncio.run(seed(url, var))
        port = free_port()
        env = {**os.environ, "EDU_DATABASE_URL": url, "EDU_VAR_DIR": str(var),
               "EDU_LOG_LEVEL": "WARNING", "EDU_RATE_LIMIT_AUTH": "100000/60",
               "EDU_RATE_LIMIT_UPLOADS": "100000/60", "EDU_BCRYPT_ROUNDS": "4",
               "EDU_PUBLIC_URL": f"http://127.0.0.1:{port}",
               "EDU_RUN_EVENT_HANDLERS_IN_API": "false",
               "EDU_NATS_URL": os.environ.get("EDU_NATS_URL") or nats_server_url()}
        with running(edu("serve", "--port", str(port), "--workers", "1"), env, port) as process:
            asyncio.run(upload(f"http://127.0.0.1:{port}", email, path, size, concurrency,
                               api_process(process)))
    finally:
        drop_test_database(server, url)


if __name__ == "__main__":
    main()
