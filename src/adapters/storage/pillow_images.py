"""Image dimensions from the header, with Pillow.

``Image.open`` is lazy: it parses the header and stops, so a file declaring 100000x100000
pixels costs nothing to inspect. Pixels are never decoded here.
"""

import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from edu_core.domain.files import ImageTooLarge

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
