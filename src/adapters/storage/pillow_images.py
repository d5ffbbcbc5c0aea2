"""Images with Pillow: dimensions from the header, and re-encoding without metadata.

``Image.open`` is lazy: it parses the header and stops, so a file declaring 100000x100000
pixels costs nothing to inspect; ``PillowImageInspector`` never decodes pixels. The encoder
does, after the kind's dimension, frame and pixel limits have been checked on the header.
"""

import asyncio
import io
import struct
import threading
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from edu_core.domain.files import (
    FileKind,
    FileType,
    ImageTooLarge,
    UnsupportedFileType,
    check_animation,
    check_image_dimensions,
)
from edu_core.ports.storage import EncodedImage

# Only the formats uploads may have: Pillow's rarer parsers are the likelier to have bugs.
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


class PillowImageInspector:
    def dimensions(self, source: Path | bytes) -> tuple[int, int] | None:
        stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
        try:
            with Image.open(stream, formats=FORMATS) as image:
                width, height = image.size
        except Image.DecompressionBombError as error:
            raise ImageTooLarge("The image declares more pixels than can be processed.",
                                details={"reason": "decompression_bomb"}) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            # Not an image, or cut off before the header ends (too few leading bytes given).
            return None
        return int(width), int(height)

    async def check_complete(self, data: bytes) -> None:
        await asyncio.to_thread(_check_complete, data)


def _check_complete(data: bytes) -> None:
    # Pillow refuses truncated data on load() unless ImageFile.LOAD_TRUNCATED_IMAGES is set,
    # which this project never does; every frame is decoded, not only the first.
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            for frame in ImageSequence.Iterator(image):
                frame.load()
    except Image.DecompressionBombError as error:
        raise ImageTooLarge("The image declares more pixels than can be processed.",
                            details={"reason": "decompression_bomb"}) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            IndexError, struct.error) as error:
        raise _damaged() from error


# ---- re-encoding ------------------------------------------------------------------------------

# What a re-encoded image keeps of the original's ``info``: what displaying it needs. Anything
# else (EXIF, XMP, comments, PNG text chunks, GIF application extensions) is dropped.
_KEPT_INFO = ("transparency", "background", "duration", "loop")
_PILLOW_FORMAT = {FileType.PNG: "PNG", FileType.JPEG: "JPEG", FileType.GIF: "GIF",
                  FileType.WEBP: "WEBP"}
_ANIMATED = frozenset({FileType.PNG, FileType.GIF, FileType.WEBP})
JPEG_QUALITY = 90  # when the original's quantisation cannot be kept (a rotated photo)
WEBP_QUALITY = 90
# Decoding a large image takes hundreds of MB: a few at a time, whatever the request load.
MAX_CONCURRENT_ENCODES = 2


def _damaged() -> UnsupportedFileType:
    return UnsupportedFileType("The image is damaged or incomplete.")


def _webp_is_lossless(data: bytes) -> bool:
    """Whether a WebP file's (first) image is lossless ("VP8L"), from its RIFF chunks, so a
    screenshot stays lossless and a photo is not inflated into a lossless file."""
    offset = 12
    while offset + 8 <= len(data):
        fourcc = data[offset:offset + 4]
        size = int.from_bytes(data[offset + 4:offset + 8], "little")
        if fourcc == b"VP8L":
            return True
        if fourcc == b"VP8 ":
            return False
        if fourcc == b"ANMF":
            offset += 8 + 16  # an animation frame: its own header, then its image chunks
            continue
        offset += 8 + size + (size & 1)
    return False


def _clean_info(image: Image.Image) -> None:
    image.info = {k: v for k, v in image.info.items() if k in _KEPT_INFO}


def _upright(image: Image.Image) -> Image.Image:
    """The image turned the way its EXIF orientation says (phone photos are stored sideways)."""
    orientation = image.getexif().get(0x0112, 1)
    if orientation in (2, 3, 4, 5, 6, 7, 8):
        turned = ImageOps.exif_transpose(image)
        if turned is not None:
            return turned
    return image


def _save_options(file_type: FileType, image: Image.Image, data: bytes,
                  icc_profile: bytes | None) -> dict[str, Any]:
    options: dict[str, Any] = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if file_type is FileType.JPEG:
        if image.format == "JPEG":  # not rotated: keep the original's quality and subsampling
            options.update(quality="keep", subsampling="keep")
        else:
            options.update(quality=JPEG_QUALITY)
    elif file_type is FileType.WEBP:
        if _webp_is_lossless(data):
            options.update(lossless=True)
        else:
            options.update(quality=WEBP_QUALITY)
    elif file_type is FileType.PNG:
        options.update(optimize=False)
    return options


def _encode(data: bytes, file_type: FileType, kind: FileKind) -> EncodedImage:
    out = io.BytesIO()
    try:
        with Image.open(io.BytesIO(data), formats=(_PILLOW_FORMAT[file_type],)) as source:
            width, height = source.size
            check_image_dimensions(kind, (width, height))
            frames = (int(getattr(source, "n_frames", 1)) if file_type in _ANIMATED else 1)
            check_animation(kind, frames, (width, height))
            icc_profile = source.info.get("icc_profile")
            if frames > 1:
                pictures, durations = [], []
                for frame in ImageSequence.Iterator(source):
                    picture = frame.copy()  # decoded: WebP knows a frame's timing only then
                    durations.append(int(picture.info.get("duration", 100) or 0))
                    _clean_info(picture)
                    pictures.append(picture)
                loop = source.info.get("loop", 0)
                first = pictures[0]
                options = _save_options(file_type, first, data, icc_profile)
                first.save(out, _PILLOW_FORMAT[file_type], save_all=True,
                           append_images=pictures[1:], duration=durations, loop=loop,
                           **options)
            else:
                source.load()
                picture = _upright(source) if file_type is not FileType.GIF else source
                _clean_info(picture)
                options = _save_options(file_type, picture, data, icc_profile)
                picture.save(out, _PILLOW_FORMAT[file_type], **options)
                width, height = picture.size
    except Image.DecompressionBombError as error:
        raise ImageTooLarge("The image declares more pixels than can be processed.",
                            details={"reason": "decompression_bomb"}) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError,
            IndexError, struct.error) as error:
        raise _damaged() from error
    return EncodedImage(data=out.getvalue(), file_type=file_type, width=width, height=height,
                        frames=frames)


class PillowImageEncoder:
    """``ImageEncoder`` with Pillow, in worker threads, a few images at a time."""

    def __init__(self, max_concurrent: int = MAX_CONCURRENT_ENCODES) -> None:
        # A thread semaphore, not an asyncio one: it is taken inside the worker thread, so it
        # works whichever event loop calls (tests run several).
        self._slots = threading.BoundedSemaphore(max_concurrent)

    def _run(self, data: bytes, file_type: FileType, kind: FileKind) -> EncodedImage:
        with self._slots:
            return _encode(data, file_type, kind)

    async def reencode(self, data: bytes, file_type: FileType, kind: FileKind) -> EncodedImage:
        if file_type not in _PILLOW_FORMAT:
            raise UnsupportedFileType(f"{file_type.value} files are not images.")
        return await asyncio.to_thread(self._run, data, file_type, kind)
