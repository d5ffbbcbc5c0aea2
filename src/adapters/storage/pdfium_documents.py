"""Handwritten documents with pypdfium2 (PDFium) and Pillow: a PDF is checked for anything that
could run in a reader, counted, measured and thumbnailed; photos are thumbnailed.

What is refused in a PDF, and how it is found:
- encryption: PDFium's security handler (a PDF with an empty user password opens without one,
  and its encrypted object streams could not be read by the scan below) and ``/Encrypt``;
- document JavaScript: PDFium's own count of the name tree's scripts, which sees through every
  way a file can store its objects;
- embedded files: PDFium's attachment count, and the names ``/EmbeddedFile(s)``;
- scripts and launch actions anywhere else (``/OpenAction``, annotations, form fields, outline
  items): every PDF name in the file is read with its ``#xx`` escapes decoded (``/J#61vaScript``
  is ``/JavaScript``), in the raw bytes and inside every compressed object stream, where a
  writer may hide whole dictionaries. ``/JS``, ``/JavaScript``, ``/Launch``, ``/RichMedia``,
  ``/XFA`` and ``/EmbeddedFile(s)`` are refused wherever they appear: a false alarm costs a
  re-export, a miss costs a reader's machine.
An object stream that is not plain Flate, or inflates past a budget, cannot be read, so it is
refused rather than trusted. The browser draws PDFs with pdf.js (``isEvalSupported: false``),
and PDFium here runs without a form environment, so no script would run anyway: this is the
second lock on the door.

PDFium is not thread-safe: every call runs in a worker thread holding one lock.
"""

import asyncio
import io
import re
import threading
import zlib
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from edu_core.domain.files import FileType, UnsupportedFileType
from edu_core.domain.handwritten import (
    InvalidDocument,
    PdfActiveContent,
    PdfEncrypted,
    check_page_size,
)
from edu_core.ports.handwritten import RenderedPage

ACTIVE_NAMES = frozenset({b"JS", b"JavaScript", b"Launch", b"RichMedia", b"XFA",
                          b"EmbeddedFile", b"EmbeddedFiles"})
# Object streams of a 200-page scan hold a few hundred KB of dictionaries.
MAX_INFLATED = 32 * 1024 * 1024
MAX_THUMBNAIL_HEIGHT = 2000
WEBP_QUALITY = 80
FORMATS = ("PNG", "JPEG", "WEBP")

_NAME = re.compile(rb"/([^\x00-\x20/<>\[\]()%{}]{1,127})")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_OBJ = re.compile(rb"\bobj\b")

_PDFIUM = threading.Lock()


def _names(data: bytes) -> Iterator[bytes]:
    for match in _NAME.finditer(data):
        name = match.group(1)
        yield _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), name) if b"#" in name \
            else name


def _object_streams(data: bytes) -> Iterator[bytes]:
    """The inflated contents of every stream whose dictionary names ``/ObjStm``."""
    budget = MAX_INFLATED
    for match in _STREAM.finditer(data):
        before = data[max(0, match.start() - 4096):match.start()]
        objs = list(_OBJ.finditer(before))
        dictionary = before[objs[-1].end():] if objs else before
        if b"ObjStm" not in b"".join(_names(dictionary)):
            continue
        inflater = zlib.decompressobj()
        try:
            content = inflater.decompress(data[match.end():], budget + 1)
        except zlib.error:
            raise PdfActiveContent("This PDF stores its objects in a way that cannot be "
                                   "checked; export it to a plain PDF and upload that.",
                                   details={"reason": "object_stream_encoding"}) from None
        budget -= len(content)
        if budget < 0:
            raise PdfActiveContent("This PDF's objects are too large to check.",
                                   details={"reason": "object_streams_too_large"})
        yield content


def scan_for_active_content(data: bytes) -> None:
    """Raise when the raw PDF names anything that runs or opens something (see module doc)."""
    if any(name == b"Encrypt" for name in _names(data)):
        raise PdfEncrypted()
    for part in (data, *_object_streams(data)):
        found = ACTIVE_NAMES.intersection(_names(part))
        if found:
            raise PdfActiveContent(details={"found": sorted(n.decode() for n in found)})


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise PdfEncrypted() from error
        raise InvalidDocument("The PDF is damaged or is not a PDF.",
                              details={"reason": "unreadable_pdf"}) from error


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY)
    return out.getvalue()


def _pdf_pages(data: bytes, max_pages: int, thumbnail_width: int) -> list[RenderedPage]:
    scan_for_active_content(data)
    with _PDFIUM:
        document = _open(data)
        try:
            if pdfium_c.FPDF_GetSecurityHandlerRevision(document.raw) != -1:
                raise PdfEncrypted()
            if pdfium_c.FPDFDoc_GetJavaScriptActionCount(document.raw) > 0:
                raise PdfActiveContent(details={"found": ["JavaScript"]})
            if document.count_attachments() > 0:
                raise PdfActiveContent(details={"found": ["EmbeddedFile"]})
            count = len(document)
            if count == 0:
                raise InvalidDocument("The PDF has no pages.")
            if count > max_pages:
                raise InvalidDocument(f"The PDF has {count} pages; at most {max_pages} are "
                                      "accepted.", details={"pages": count,
                                                            "max_pages": max_pages})
            rendered = []
            for index in range(count):
                page = document[index]
                try:
                    # After the page's /Rotate, as pdf.js shows it (and the thumbnail is drawn).
                    width, height = (float(v) for v in page.get_size())
                    check_page_size(index + 1, width, height, pdf=True)
                    scale = min(thumbnail_width / width, MAX_THUMBNAIL_HEIGHT / height)
                    bitmap = page.render(scale=scale)
                    try:
                        thumbnail = _webp(bitmap.to_pil().convert("RGB"))
                    finally:
                        bitmap.close()
                finally:
                    page.close()
                rendered.append(RenderedPage(width=width, height=height, thumbnail=thumbnail))
            return rendered
        finally:
            document.close()


def _image_thumbnail(data: bytes, thumbnail_width: int) -> bytes:
    try:
        with Image.open(io.BytesIO(data), formats=FORMATS) as image:
            # ``draft`` lets JPEG decode at a fraction of the size: a 50 MP photo in ~1/8 time.
            image.draft("RGB", (thumbnail_width, MAX_THUMBNAIL_HEIGHT))
            picture = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    except (OSError, ValueError, SyntaxError) as error:
        raise UnsupportedFileType("The image could not be read.") from error
    picture.thumbnail((thumbnail_width, MAX_THUMBNAIL_HEIGHT))
    return _webp(picture)


class PdfiumDocumentRenderer:
    """``DocumentRenderer`` with PDFium (PDFs) and Pillow (photos), in worker threads."""

    thumbnail_type = FileType.WEBP

    async def pdf_pages(self, data: bytes, *, max_pages: int,
                        thumbnail_width: int) -> list[RenderedPage]:
        return await asyncio.to_thread(_pdf_pages, data, max_pages, thumbnail_width)

    async def image_thumbnail(self, data: bytes, *, thumbnail_width: int) -> bytes:
        return await asyncio.to_thread(_image_thumbnail, data, thumbnail_width)
