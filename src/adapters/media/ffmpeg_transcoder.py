"""Processing an uploaded video with the ffmpeg binary of the ``imageio-ffmpeg`` wheel (a
static GPL build: run as a separate program, never linked).

One MP4 for every browser: H.264 (yuv420p) + AAC, at most 1280x720 and never upscaled, with
the index first (``+faststart``) so playback starts before the download ends; then a poster
JPEG and a sprite of small preview tiles (one every ``interval`` seconds, in a grid) for the
scrub bar. ffmpeg reports its position on stdout (``-progress pipe:1``), which becomes the
progress callback's fraction.

A transcode takes both cores and ~170 MB for a while: the processing job runs one at a time
per process (``VideoProcessing``). The input format is forced and only local files are allowed as
protocols, so a crafted file cannot make ffmpeg open anything else.
"""

import asyncio
import contextlib
import logging
import math
from pathlib import Path

import imageio_ffmpeg

from edu_core.domain.video import ProbedVideo, ThumbnailSprite
from edu_core.ports.video import (
    ProgressCallback,
    TranscodeOutput,
    VideoMediaError,
    VideoProbe,
)

log = logging.getLogger(__name__)

MAX_WIDTH, MAX_HEIGHT = 1280, 720
TILE_WIDTH = 160
MAX_TILES = 100
SPRITE_COLUMNS = 10
_STDERR_KEPT = 4000


def sprite_layout(duration: float, width: int, height: int) -> ThumbnailSprite:
    """One tile every ``interval`` seconds (whole seconds, at most ``MAX_TILES`` tiles), in
    rows of ``SPRITE_COLUMNS``; tiles keep the video's aspect ratio."""
    interval = max(1, math.ceil(duration / MAX_TILES))
    count = max(1, math.ceil(duration / interval))
    columns = min(SPRITE_COLUMNS, count)
    tile_height = max(2, round(TILE_WIDTH * height / width / 2) * 2)
    return ThumbnailSprite(key="", columns=columns, rows=math.ceil(count / columns),
                           interval_seconds=float(interval), tile_width=TILE_WIDTH,
                           tile_height=tile_height, count=count)


def output_size(width: int, height: int) -> tuple[int, int]:
    """The picture size ffmpeg's scale filter below produces: within 1280x720, never larger
    than the source, aspect kept, even numbers."""
    scale = min(1.0, MAX_WIDTH / width, MAX_HEIGHT / height)
    return (max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2))


class FfmpegTranscoder:
    """``VideoTranscoder``; ``probe`` reads the source first (duration, size, audio)."""

    def __init__(self, probe: VideoProbe, *, ffmpeg: str | None = None,
                 preset: str = "veryfast") -> None:
        self._probe = probe
        self._ffmpeg = ffmpeg or imageio_ffmpeg.get_ffmpeg_exe()
        self._preset = preset

    async def _run(self, args: list[str], *, on_line: ProgressCallback | None = None,
                   duration: float = 0.0) -> None:
        process = await asyncio.create_subprocess_exec(
            self._ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "error", *args,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        try:
            assert process.stdout is not None
            assert process.stderr is not None
            errors = asyncio.ensure_future(process.stderr.read())
            async for raw in process.stdout:
                key, _, value = raw.decode("ascii", "replace").strip().partition("=")
                if on_line is not None and key == "out_time_us" and value.isdigit() \
                        and duration > 0:
                    await on_line(min(1.0, int(value) / 1e6 / duration))
            code = await process.wait()
            stderr = (await errors)[-_STDERR_KEPT:].decode("utf-8", "replace")
        finally:
            if process.returncode is None:
                # Cancelled (time limit, shutdown): the child must not outlive the job.
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if code != 0:
            log.warning("ffmpeg failed", extra={"code": code, "stderr": stderr})
            raise VideoMediaError("video_processing_failed",
                                  "The video could not be processed: ffmpeg could not decode "
                                  "or encode it.")

    async def transcode(self, source: Path, workdir: Path, *,
                        on_progress: ProgressCallback) -> TranscodeOutput:
        probed: ProbedVideo = await asyncio.to_thread(self._probe.probe, source, 0)
        return await self._transcode(source, workdir, probed, on_progress)

    async def _transcode(self, source: Path, workdir: Path, probed: ProbedVideo,
                         on_progress: ProgressCallback) -> TranscodeOutput:
        video, poster, sprite = workdir / "video.mp4", workdir / "poster.jpg", \
            workdir / "sprite.jpg"
        demuxer = "mov" if probed.container == "mp4" else "matroska"
        scale = (f"scale=w='min({MAX_WIDTH},iw)':h='min({MAX_HEIGHT},ih)'"
                 ":force_original_aspect_ratio=decrease:force_divisible_by=2")
        audio = ["-map", "0:a:0", "-c:a", "aac", "-b:a", "128k", "-ac", "2"] \
            if probed.has_audio else ["-an"]
        await self._run([
            "-protocol_whitelist", "file,pipe", "-f", demuxer, "-i", str(source),
            "-map", "0:v:0", *audio, "-vf", scale, "-c:v", "libx264", "-preset", self._preset,
            "-crf", "23", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
            "-map_metadata", "-1", "-sn", "-dn",
            "-progress", "pipe:1", "-nostats", "-y", str(video)],
            on_line=on_progress, duration=probed.duration_seconds)
        width, height = output_size(probed.width, probed.height)
        at = min(1.0, probed.duration_seconds / 3)
        await self._run(["-protocol_whitelist", "file,pipe", "-f", "mov", "-ss", f"{at:.3f}",
                         "-i", str(video), "-frames:v", "1", "-q:v", "3", "-y", str(poster)])
        layout = sprite_layout(probed.duration_seconds, width, height)
        await self._run([
            "-protocol_whitelist", "file,pipe", "-f", "mov", "-i", str(video),
            "-vf", (f"fps=1/{layout.interval_seconds:g},"
                    f"scale={layout.tile_width}:{layout.tile_height},"
                    f"tile={layout.columns}x{layout.rows}"),
            "-frames:v", "1", "-q:v", "5", "-y", str(sprite)])
        await on_progress(1.0)
        return TranscodeOutput(video=video, poster=poster, sprite=sprite,
                               sprite_layout=layout, duration_seconds=probed.duration_seconds,
                               width=width, height=height)
