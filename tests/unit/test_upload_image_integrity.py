"""Uploaded images are decoded in full before they are accepted (portraits, documents)."""

import io
import random

import pytest
from PIL import Image

from adapters.storage.pillow_images import PillowImageInspector
from edu_core.application.uploads import Uploads
from edu_core.domain.files import FileKind, UnsupportedFileType
from tests.unit.test_content_images import MemoryBlobs, chunks


def noisy(fmt: str, size: tuple[int, int] = (300, 200)) -> bytes:
    # Noise does not compress: the pixel data spans many chunks, as in a real photo.
    rng = random.Random(7)
    image = Image.frombytes("RGB", size, bytes(rng.randrange(256) for _ in range(3 * size[0]
                                                                                * size[1])))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
async def test_a_truncated_image_is_refused_and_nothing_is_stored(fmt: str) -> None:
    blobs = MemoryBlobs()
    uploads = Uploads(storage=blobs, images=PillowImageInspector())
    whole = noisy(fmt)
    cut = whole[: len(whole) * 2 // 3]
    with pytest.raises(UnsupportedFileType) as err:
        await uploads.store(FileKind.AVATAR, chunks(cut, 4096), filename=f"me.{fmt.lower()}",
                            content_type=None)
    assert "damaged or incomplete" in err.value.message
    assert blobs.blobs == {}
    stored = await uploads.store(FileKind.AVATAR, chunks(whole, 4096),
                                 filename=f"me.{fmt.lower()}", content_type=None)
    assert blobs.blobs[stored.key][0] == whole


async def test_a_png_with_a_corrupt_body_is_refused() -> None:
    blobs = MemoryBlobs()
    uploads = Uploads(storage=blobs, images=PillowImageInspector())
    whole = bytearray(noisy("PNG"))
    whole[len(whole) // 2: len(whole) // 2 + 64] = b"\x00" * 64  # CRC and zlib stream broken
    with pytest.raises(UnsupportedFileType):
        await uploads.store(FileKind.PORTFOLIO, chunks(bytes(whole)), filename="work.png",
                            content_type=None)
    assert blobs.blobs == {}
