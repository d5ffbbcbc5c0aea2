"""Images for lesson text: who may upload, what is refused before anything is decoded or stored,
and what the Pillow encoder keeps of an image (pixels, animation) and drops (metadata)."""

import hashlib
import io
from collections.abc import AsyncIterable, AsyncIterator
from datetime import timedelta
from uuid import uuid4

import pytest
from PIL import Image, PngImagePlugin

from adapters.storage.pillow_images import PillowImageEncoder, PillowImageInspector
from edu_core.application.actors import Principal
from edu_core.application.content_images import ContentImages
from edu_core.domain.errors import PermissionDenied
from edu_core.domain.files import (
    MB,
    EmptyFile,
    FileKind,
    FileTooLarge,
    FileType,
    ImageTooLarge,
    UnsupportedFileType,
)
from edu_core.domain.identity import Role, Transport
from edu_core.ports.storage import EncodedImage, StoredBlob

KIND = FileKind.CONTENT_IMAGE
SECRETS = (b"SECRETCAMERA", b"SECRETCOMMENT", b"SECRETXMP", b"SECRETTEXT", b"48.8584")


def exif(orientation: int = 1) -> bytes:
    data = Image.Exif()
    data[0x010F] = "SECRETCAMERA"  # camera make
    data[0x0112] = orientation
    data[0x010E] = "48.8584 N, 2.2945 E"  # image description
    gps = data.get_ifd(0x8825)  # where the photo was taken
    gps[1], gps[2] = "N", (48.0, 51.0, 30.24)
    return data.tobytes()


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def photo(width: int = 40, height: int = 20, orientation: int = 1) -> bytes:
    image = Image.new("RGB", (width, height), (200, 10, 10))
    image.paste((10, 10, 200), (0, 0, width // 2, height))  # left half blue
    return encoded(image, "JPEG", exif=exif(orientation), comment=b"SECRETCOMMENT",
                   xmp=b"<x:xmpmeta>SECRETXMP</x:xmpmeta>")


def png(width: int = 32, height: int = 16) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "SECRETTEXT")
    info.add_itxt("XML:com.adobe.xmp", "SECRETXMP")
    return encoded(Image.new("RGBA", (width, height), (1, 2, 3, 100)), "PNG", pnginfo=info,
                   exif=exif())


def animation(fmt: str, frames: int = 3, size: int = 12, **options: object) -> bytes:
    pictures = [Image.new("RGB", (size, size), (i * 60 % 256, 0, 0)) for i in range(frames)]
    return encoded(pictures[0], fmt, save_all=True, append_images=pictures[1:],
                   duration=[100 + 10 * i for i in range(frames)], loop=0, **options)


def principal(role: Role = Role.MENTOR) -> Principal:
    return Principal(user_id=uuid4(), role=role, session_id=uuid4(), transport=Transport.BEARER)


class MemoryBlobs:
    """Just enough of ``BlobStorage`` for the use case."""

    def __init__(self) -> None:
        self.blobs: dict[str, tuple[bytes, str]] = {}

    async def put(self, key: str, chunks: AsyncIterable[bytes], *, content_type: str,
                  max_bytes: int) -> StoredBlob:
        data = b"".join([chunk async for chunk in chunks])
        if len(data) > max_bytes:
            raise FileTooLarge(max_bytes=max_bytes)
        self.blobs[key] = (data, content_type)
        return StoredBlob(key=key, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                          content_type=content_type)

    async def open(self, key: str) -> AsyncIterator[bytes]:
        raise NotImplementedError

    async def stat(self, key: str) -> StoredBlob | None:
        raise NotImplementedError

    async def delete(self, key: str) -> None:
        self.blobs.pop(key, None)

    async def signed_url(self, key: str, *, expires_in: timedelta,
                         filename: str | None = None) -> str:
        return f"/files/{key}?sig=x"

    async def check(self) -> None:
        return None


class CountingEncoder(PillowImageEncoder):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    async def reencode(self, data: bytes, file_type: FileType, kind: FileKind) -> EncodedImage:
        self.calls += 1
        return await super().reencode(data, file_type, kind)


async def chunks(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start:start + size]


@pytest.fixture
def storage() -> MemoryBlobs:
    return MemoryBlobs()


@pytest.fixture
def encoder() -> CountingEncoder:
    return CountingEncoder()


@pytest.fixture
def service(storage: MemoryBlobs, encoder: CountingEncoder) -> ContentImages:
    return ContentImages(storage=storage, images=PillowImageInspector(), encoder=encoder)


# ---- the use case --------------------------------------------------------------------------


async def test_a_mentor_uploads_a_photo_stored_without_its_metadata(
        service: ContentImages, storage: MemoryBlobs) -> None:
    mentor = principal()
    image = await service.upload(mentor, chunks(photo()), filename="IMG_0001.JPG",
                                 content_type="image/jpeg")
    assert image.key.startswith(f"content/{mentor.user_id}/")
    assert (image.content_type, image.width, image.height, image.frames) == (
        "image/jpeg", 40, 20, 1)
    data, content_type = storage.blobs[image.key]
    assert content_type == "image/jpeg" and image.size == len(data)
    assert not [s for s in SECRETS if s in data]
    assert b"IMG_0001" not in data


@pytest.mark.parametrize("role", [Role.STUDENT, Role.ADMIN])
async def test_only_mentors_upload(service: ContentImages, storage: MemoryBlobs,
                                   role: Role) -> None:
    with pytest.raises(PermissionDenied):
        await service.upload(principal(role), chunks(png()), filename="a.png",
                             content_type="image/png")
    assert storage.blobs == {}


@pytest.mark.parametrize(("data", "filename", "content_type", "error"), [
    (b"%PDF-1.4\n" + b"0" * 100, "graph.png", "image/png", UnsupportedFileType),
    (b"MZ\x90\x00" + b"\x00" * 200, "graph.png", "image/png", UnsupportedFileType),
    (b"<svg onload=alert(1)></svg>", "graph.png", "image/png", UnsupportedFileType),
    (png(), "graph.jpg", None, UnsupportedFileType),
    (png(), "graph.png", "image/gif", UnsupportedFileType),
    (png()[:40], "graph.png", "image/png", UnsupportedFileType),  # cut off in the header
    (png()[:-30], "graph.png", "image/png", UnsupportedFileType),  # cut off in the pixels
    (b"", "graph.png", "image/png", EmptyFile),
])
async def test_what_is_not_a_readable_image_of_its_claimed_type_is_refused(
        service: ContentImages, storage: MemoryBlobs, data: bytes, filename: str,
        content_type: str | None, error: type[Exception]) -> None:
    with pytest.raises(error):
        await service.upload(principal(), chunks(data), filename=filename,
                             content_type=content_type)
    assert storage.blobs == {}


async def test_too_large_is_refused_while_reading(service: ContentImages,
                                                  storage: MemoryBlobs) -> None:
    read = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal read
        yield png()
        while True:
            read += MB
            yield b"\0" * MB

    with pytest.raises(FileTooLarge):
        await service.upload(principal(), endless(), filename="a.png", content_type=None)
    assert read <= KIND.policy.max_bytes + MB
    assert storage.blobs == {}


async def test_a_decompression_bomb_is_refused_before_decoding(
        service: ContentImages, encoder: CountingEncoder, storage: MemoryBlobs) -> None:
    huge = encoded(Image.new("1", (9000, 9000)), "PNG")
    with pytest.raises(ImageTooLarge):
        await service.upload(principal(), chunks(huge), filename="a.png", content_type=None)
    assert encoder.calls == 0 and storage.blobs == {}


# ---- the Pillow encoder --------------------------------------------------------------------


async def reencode(data: bytes, file_type: FileType) -> EncodedImage:
    return await PillowImageEncoder().reencode(data, file_type, KIND)


@pytest.mark.parametrize(("data", "file_type"), [
    (photo(), FileType.JPEG),
    (photo() + b"SECRETTEXT after the image", FileType.JPEG),
    (png(), FileType.PNG),
    (encoded(Image.new("RGB", (8, 8)), "WEBP", exif=exif(), xmp=b"SECRETXMP"), FileType.WEBP),
    (encoded(Image.new("P", (8, 8)), "GIF", comment=b"SECRETCOMMENT"), FileType.GIF),
    (animation("GIF", comment=b"SECRETCOMMENT"), FileType.GIF),
    (animation("WEBP", exif=exif(), xmp=b"SECRETXMP"), FileType.WEBP),
])
async def test_metadata_does_not_survive(data: bytes, file_type: FileType) -> None:
    assert any(s in data for s in SECRETS)
    image = await reencode(data, file_type)
    assert image.file_type is file_type
    assert [s for s in SECRETS if s in image.data] == []
    with Image.open(io.BytesIO(image.data)) as reopened:
        assert reopened.format == file_type.name
        assert "exif" not in reopened.info and "comment" not in reopened.info
        assert "xmp" not in reopened.info
        assert not reopened.getexif().get_ifd(0x8825)


async def test_a_sideways_photo_is_turned_upright() -> None:
    image = await reencode(photo(40, 20, orientation=6), FileType.JPEG)  # 90 degrees
    assert (image.width, image.height) == (20, 40)
    with Image.open(io.BytesIO(image.data)) as reopened:
        assert reopened.size == (20, 40)
        assert reopened.getexif().get(0x0112) is None
        red, _, blue = reopened.convert("RGB").getpixel((10, 5))  # type: ignore[misc]
        assert blue > red  # the blue half is on top now


@pytest.mark.parametrize(("fmt", "file_type"), [("GIF", FileType.GIF),
                                                ("WEBP", FileType.WEBP),
                                                ("PNG", FileType.PNG)])
async def test_animations_keep_their_frames_and_timing(fmt: str, file_type: FileType) -> None:
    image = await reencode(animation(fmt, frames=4), file_type)
    assert image.frames == 4
    with Image.open(io.BytesIO(image.data)) as reopened:
        assert reopened.n_frames == 4
        durations = []
        for index in range(4):
            reopened.seek(index)
            reopened.load()
            durations.append(reopened.info.get("duration"))
        assert durations == [100, 110, 120, 130]


async def test_animations_over_the_frame_or_pixel_budget_are_refused() -> None:
    with pytest.raises(ImageTooLarge) as caught:
        await reencode(animation("GIF", frames=301, size=4), FileType.GIF)
    assert caught.value.details is not None and caught.value.details["frames"] == 301
    with pytest.raises(ImageTooLarge):  # 60 frames of 1000x1000: 60 megapixels in all
        await reencode(animation("GIF", frames=60, size=1000), FileType.GIF)


async def test_lossless_webp_stays_lossless_and_lossy_stays_lossy() -> None:
    lossless = await reencode(encoded(Image.new("RGB", (16, 16)), "WEBP", lossless=True),
                              FileType.WEBP)
    lossy = await reencode(encoded(Image.new("RGB", (16, 16)), "WEBP", quality=70),
                           FileType.WEBP)
    assert b"VP8L" in lossless.data and b"VP8L" not in lossy.data


async def test_transparency_survives() -> None:
    image = await reencode(png(), FileType.PNG)
    with Image.open(io.BytesIO(image.data)) as reopened:
        assert reopened.mode == "RGBA"
        assert reopened.getpixel((0, 0)) == (1, 2, 3, 100)


async def test_bytes_that_are_not_the_claimed_format_are_refused() -> None:
    with pytest.raises(UnsupportedFileType):
        await reencode(png(), FileType.JPEG)
    with pytest.raises(UnsupportedFileType):
        await reencode(b"%PDF-1.4", FileType.PDF)
