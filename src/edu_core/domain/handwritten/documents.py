"""A handwritten document: the pages a mentor uploaded (one PDF, or photos in page order),
each with its size in its own units (PDF points, image pixels) and a thumbnail.

A document is checked whole before anything is kept, so it is written once, already ``ready``
(a refused upload leaves nothing behind). ``processing`` and ``failed`` exist for documents
whose pages are made later (see ADR 0028): a reader never sees a half-made document.
"""

import math
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4

from edu_core.domain.errors import Conflict, InvalidInput, NotFound
from edu_core.domain.files import check_blob_key

MB = 1024 * 1024
MAX_TOTAL_BYTES = 50 * MB
MAX_IMAGES = 50
MAX_PDF_PAGES = 200
# PDF user space is at most 14,400 units a side (ISO 32000, annex C); a page smaller than a
# few points is no scan of handwriting.
MIN_PDF_SIDE = 3.0
MAX_PDF_SIDE = 14_400.0
# A page's longest side over its shortest: a torn-off receipt is fine, a 1x10,000 strip that
# renders into a huge thumbnail is not.
MAX_ASPECT = 20.0


class DocumentStatus(StrEnum):
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


class SourceType(StrEnum):
    PDF = "application/pdf"
    IMAGE = "image"


class InvalidDocument(InvalidInput):
    code = "invalid_handwritten_document"
    default_message = "These files cannot make a handwritten document."


class PdfRefused(InvalidInput):
    """A PDF that could run something in a reader (scripts, launch actions, embedded files),
    or that cannot be checked (encrypted)."""

    code = "pdf_refused"
    default_message = "This PDF cannot be accepted."


class PdfEncrypted(PdfRefused):
    code = "pdf_encrypted"
    default_message = ("Encrypted or password-protected PDFs are not accepted: save or print "
                       "it to a PDF without a password and upload that.")


class PdfActiveContent(PdfRefused):
    code = "pdf_active_content"
    default_message = ("This PDF contains scripts, actions that open other files or programs, "
                       "or embedded files; export the pages to a plain PDF and upload that.")


class DocumentNotFound(NotFound):
    code = "handwritten_document_not_found"
    default_message = "The handwritten document does not exist."


class DocumentNotReady(Conflict):
    code = "handwritten_document_not_ready"
    default_message = "The handwritten document is not ready yet."


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1, 2, ...
    width: float
    height: float
    thumbnail_key: str
    image_key: str | None = None  # photos only: a PDF's pages are drawn from the PDF


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    code: str
    message: str


@dataclass
class Document:
    owner_id: UUID
    source_type: SourceType
    pages: list[Page]
    created_at: datetime
    updated_at: datetime
    pdf_key: str | None = None
    status: DocumentStatus = DocumentStatus.READY
    failure: DocumentFailure | None = None
    size: int = 0  # bytes stored for the pages (the PDF or the re-encoded photos)
    id: UUID = field(default_factory=uuid4)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    def page(self, number: int) -> Page | None:
        return self.pages[number - 1] if 1 <= number <= len(self.pages) else None

    def blob_keys(self) -> list[str]:
        keys = [self.pdf_key] if self.pdf_key else []
        for page in self.pages:
            keys.append(page.thumbnail_key)
            if page.image_key:
                keys.append(page.image_key)
        return keys

    def ensure_ready(self) -> None:
        if self.status is not DocumentStatus.READY:
            raise DocumentNotReady(details={"document_id": str(self.id),
                                            "status": self.status.value})


def document_key(owner_id: UUID, document_id: UUID, name: str) -> str:
    """Where a document's file ``name`` (``source``, ``p1``, ``t1``...) is stored; the random
    segment keeps the key unguessable even to someone who knows both ids."""
    return check_blob_key(f"handwritten/{owner_id}/{document_id}/{secrets.token_hex(8)}-{name}")


def check_page_size(number: int, width: float, height: float, *, pdf: bool) -> None:
    """Refuse a page whose size is not finite, too small or large, or absurdly elongated."""
    where = {"page": number, "width": width, "height": height}
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        raise InvalidDocument(f"Page {number} has no size.", details=where)
    if pdf and (min(width, height) < MIN_PDF_SIDE or max(width, height) > MAX_PDF_SIDE):
        raise InvalidDocument(
            f"Page {number} is {width:g}x{height:g} points; pages are {MIN_PDF_SIDE:g} to "
            f"{MAX_PDF_SIDE:g} points a side.", details=where)
    if max(width, height) / min(width, height) > MAX_ASPECT:
        raise InvalidDocument(f"Page {number} is too narrow for its length.", details=where)
