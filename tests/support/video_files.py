"""Video fixtures made with the bundled ffmpeg (a few seconds long), cached per test session."""

import subprocess
from functools import cache
from pathlib import Path
from tempfile import mkdtemp

import imageio_ffmpeg


@cache
def _directory() -> Path:
    return Path(mkdtemp(prefix="edu-test-videos-"))


def make_video(name: str, *, seconds: int = 3, size: str = "1280x720", noisy: bool = False,
               audio: bool = True, faststart: bool = False,
               extra: tuple[str, ...] = ()) -> Path:
    """An H.264 (+AAC) MP4 of the test pattern; ``noisy`` makes it about 11 MB (several upload
    parts); ``faststart`` puts the index first (a cut-off copy then still opens)."""
    target = _directory() / name
    if target.exists():
        return target
    args = [imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc=duration={seconds}:size={size}:rate=25"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    if noisy:
        args += ["-vf", "noise=alls=100:allf=t", "-b:v", "30M", "-maxrate", "30M",
                 "-bufsize", "10M"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac", "-shortest"]
    if faststart:
        args += ["-movflags", "+faststart"]
    subprocess.run([*args, *extra, str(target)], check=True, timeout=120)
    return target


def cut_off(source: Path, name: str, fraction: float = 0.5) -> Path:
    """The first ``fraction`` of ``source``: an upload that stopped half way."""
    target = _directory() / name
    data = source.read_bytes()
    target.write_bytes(data[:int(len(data) * fraction)])
    return target
