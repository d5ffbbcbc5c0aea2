"""Reading a video's container with PyAV (FFmpeg's libraries): what it holds, and whether it is
whole. Used on upload (the file is checked by its content before anything is kept) and by the
worker before transcoding.

The file may be a local path or a blob in storage, read through ranged reads: PyAV seeks to
the container's index (``moov`` may sit at the end of an MP4) and reads only what it needs.
"""

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import av
import av.error

from edu_core.domain.video import (
    ProbedVideo,
    VideoTruncated,
    VideoUnreadable,
    VideoWithoutPicture,
)

# The demuxers accepted: MP4/MOV and Matroska/WebM. Anything else FFmpeg recognises (an
# image sequence, a playlist that references other files) is refused.
ALLOWED_FORMATS = {"mov,mp4,m4a,3gp,3g2,mj2": "mp4", "matroska,webm": "matroska"}
READ_AHEAD = 256 * 1024
MAX_DIMENSION = 8192
# A file is whole when the packets reach the end its header announces, give or take this.
END_TOLERANCE_SECONDS = 1.0


class RangeReader(io.RawIOBase):
    """A seekable, read-only file over ``read(offset, length)`` with a small read-ahead."""

    def __init__(self, read: Callable[[int, int], bytes], size: int) -> None:
        super().__init__()
        self._read = read
        self._size = size
        self._position = 0
        self._cache_start = 0
        self._cache = b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        wanted = min(len(view), max(0, self._size - self._position))
        if wanted == 0:
            return 0
        end = self._cache_start + len(self._cache)
        if not self._cache_start <= self._position < end:
            self._cache_start = self._position
            self._cache = self._read(self._position, max(wanted, READ_AHEAD))
            end = self._cache_start + len(self._cache)
        offset = self._position - self._cache_start
        chunk = self._cache[offset:offset + wanted]
        view[:len(chunk)] = chunk
        self._position += len(chunk)
        return len(chunk)


def _seconds(value: int | None, time_base: Any) -> float | None:
    return None if value is None or time_base is None else float(value * time_base)


class PyAvProbe:
    """``VideoProbe``: container, streams, duration, and a check that the file is whole (the
    first picture decodes, and the packets from the last keyframe reach the announced end)."""

    def probe(self, source: Path | Callable[[int, int], bytes], size: int) -> ProbedVideo:
        target: Any = str(source) if isinstance(source, Path) else RangeReader(source, size)
        try:
            # No network, no other files: a playlist or a reference to another file is refused.
            with av.open(target, mode="r", options={"protocol_whitelist": "file,pipe"}) as c:
                return self._inspect(c)
        except (av.error.FFmpegError, UnicodeDecodeError, ValueError, IndexError,
                EOFError) as error:
            raise VideoUnreadable(details={"reason": type(error).__name__}) from error

    @staticmethod
    def _inspect(container: Any) -> ProbedVideo:
        if container.format.name not in ALLOWED_FORMATS:
            raise VideoUnreadable("Upload an MP4, MOV, WebM or MKV video.",
                                  details={"format": container.format.name})
        pictures = [s for s in container.streams.video
                    if not (s.disposition & av.stream.Disposition.attached_pic)]
        if not pictures:
            raise VideoWithoutPicture()
        video = pictures[0]
        width, height = video.codec_context.width, video.codec_context.height
        if not (0 < width <= MAX_DIMENSION and 0 < height <= MAX_DIMENSION):
            raise VideoUnreadable("The video's picture size is not supported.",
                                  details={"width": width, "height": height})
        duration = (container.duration / av.time_base if container.duration
                    else _seconds(video.duration, video.time_base))
        if not duration or duration <= 0:
            raise VideoUnreadable("The video's duration cannot be read.")
        if next(iter(container.decode(video)), None) is None:
            raise VideoUnreadable("No picture of the video could be decoded.")
        # The packets from the last keyframe on must reach the end: a file cut off after its
        # index (an MP4 with ``moov`` first) opens fine but stops early.
        start = (video.start_time or 0) if video.time_base else 0
        if video.time_base is not None:
            target = start + int(max(0.0, duration - 2.0) / video.time_base)
            container.seek(target, stream=video, backward=True, any_frame=False)
        reached = 0.0
        for packet in container.demux(video):
            if packet.size and packet.pts is not None and packet.time_base is not None:
                end = packet.pts + (packet.duration or 0)
                reached = max(reached, float((end - start) * packet.time_base))
        if reached < duration - max(END_TOLERANCE_SECONDS, 0.05 * duration):
            raise VideoTruncated(details={"duration_seconds": round(duration, 3),
                                          "readable_seconds": round(reached, 3)})
        return ProbedVideo(duration_seconds=float(duration), width=width, height=height,
                           has_audio=bool(container.streams.audio),
                           video_codec=video.codec_context.name,
                           container=ALLOWED_FORMATS[container.format.name])
