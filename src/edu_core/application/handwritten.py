"""Handwritten notes (S18): a mentor's documents of pages, the ``handwritten`` content kind's
references to them, and the annotations drawn on a handwritten item's pages.

Uploads are checked by their bytes, whole, before anything is kept: a PDF is opened by the
renderer (scripts, launch actions, embedded files and encryption refused; page count and sizes
bounded); photos are inspected from their header (a decompression bomb is refused before a pixel
is decoded), then re-encoded, which keeps only the pixels (a zip or HTML page hidden after or
inside the image does not survive). Thumbnails are drawn inline (ADR 0028 has the timings), so a
document is written once, ``ready``; when a step fails every file already stored is removed.

Annotations follow the item: whoever may read the item may annotate it (learners its approved
version; its author and reviewers the latest). Each is private to its author; the item's author
may publish theirs to every reader. Ids are made by the client so offline edits sync by
repeating the same ``PUT``; an id someone else holds is a 404 and never overwritten.
"""

from collections.abc import AsyncIterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.content_images import in_pieces
from edu_core.domain.content import ContentItem, ContentKindName, ContentNotFound
from edu_core.domain.content.model import ContentVersion
from edu_core.domain.errors import PermissionDenied, RateLimited
from edu_core.domain.files import (
    SNIFF_BYTES,
    FileKind,
    FileTooLarge,
    FileType,
    UnsupportedFileType,
    check_animation,
    check_image_dimensions,
    check_upload,
)
from edu_core.domain.handwritten import (
    MAX_ANNOTATIONS_PER_ITEM,
    MAX_IMAGES,
    MAX_PDF_PAGES,
    MAX_TOTAL_BYTES,
    Annotation,
    AnnotationLimitReached,
    AnnotationNotFound,
    Document,
    DocumentNotFound,
    InvalidDocument,
    ListedAnnotation,
    Page,
    PublishDenied,
    SourceType,
    Visibility,
    check_annotation,
    check_page_size,
    document_key,
)
from edu_core.domain.identity import Role
from edu_core.ports.clock import Clock
from edu_core.ports.handwritten import DocumentRenderer
from edu_core.ports.rate_limit import RateLimiter, RateRule
from edu_core.ports.storage import BlobStorage, ImageEncoder, ImageInspector
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

KIND = FileKind.HANDWRITTEN_PAGE
THUMBNAIL_WIDTH = 320
# Re-encoding may make a photo somewhat larger than it came.
STORED_MAX_BYTES = 2 * KIND.policy.max_bytes
# Links stay valid at least LINK_LIFETIME and expire on whole LINK_GRANULARITY steps, so the
# same page gets the same link for a while and the browser's cache of its thumbnail holds.
LINK_LIFETIME = timedelta(hours=4)
LINK_GRANULARITY = timedelta(hours=1)
UPLOADS_PER_HOUR = RateRule(30, 3600)
# Autosave of drawing: a save every few strokes, for a long while.
ANNOTATION_WRITES_PER_MINUTE = RateRule(300, 60)


class NotAMentor(PermissionDenied):
    default_message = "Only mentors upload handwritten notes."


@dataclass(frozen=True, slots=True)
class UploadedFile:
    filename: str | None
    content_type: str | None
    chunks: AsyncIterable[bytes]


@dataclass(frozen=True, slots=True)
class PageView:
    page: Page
    thumbnail_url: str
    image_url: str | None


@dataclass(frozen=True, slots=True)
class DocumentView:
    document: Document
    pages: list[PageView]
    pdf_url: str | None


@dataclass(frozen=True, slots=True)
class AnnotationView:
    annotation: ListedAnnotation
    author_name: str


@dataclass(frozen=True, slots=True)
class Saved:
    annotation: AnnotationView
    created: bool


async def _read(chunks: AsyncIterable[bytes], budget: int) -> bytes:
    data = bytearray()
    async for chunk in chunks:
        data += chunk
        if len(data) > budget:
            raise FileTooLarge(f"The files together are larger than "
                               f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB.",
                               max_bytes=MAX_TOTAL_BYTES)
    return bytes(data)


async def signed_link(storage: BlobStorage, clock: Clock, key: str) -> str:
    """A link to a stored page or file, valid at least ``LINK_LIFETIME``."""
    now = int(clock.now().timestamp())
    step = int(LINK_GRANULARITY.total_seconds())
    expires = -(-(now + int(LINK_LIFETIME.total_seconds())) // step) * step
    return await storage.signed_url(key, expires_in=timedelta(seconds=expires - now))


async def readable_version(uow: UnitOfWork, principal: Principal, item_id: UUID
                           ) -> tuple[ContentItem, ContentVersion]:
    """A handwritten item and the version the caller reads: the latest for its author and
    admins, the approved one for everyone else (no approved version: a 404, like a missing
    item)."""
    item = await uow.content.get(item_id)
    if item is None or item.kind != ContentKindName.HANDWRITTEN:
        raise ContentNotFound()
    if principal.is_admin or item.mentor_id == principal.user_id:
        return item, item.latest
    if item.live is None:
        raise ContentNotFound()
    return item, item.live


def document_id_of(body: Mapping[str, Any]) -> UUID | None:
    try:
        return UUID(str(body.get("document_id")))
    except ValueError:
        return None


class HandwrittenService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, storage: BlobStorage,
                 images: ImageInspector, encoder: ImageEncoder, renderer: DocumentRenderer,
                 limiter: RateLimiter) -> None:
        self._uow = uow
        self._clock = clock
        self._storage = storage
        self._images = images
        self._encoder = encoder
        self._renderer = renderer
        self._limiter = limiter

    async def _limit(self, key: str, rule: RateRule) -> None:
        decision = await self._limiter.hit(key, rule)
        if not decision.allowed:
            raise RateLimited(retry_after_seconds=decision.retry_after_seconds)

    # -- documents ---------------------------------------------------------------------------

    async def upload(self, principal: Principal, files: Sequence[UploadedFile]) -> DocumentView:
        """One PDF, or 1 to 50 photos in page order, 50 MB together; nothing is kept when any
        check fails."""
        if principal.role is not Role.MENTOR:
            raise NotAMentor()
        if not files:
            raise InvalidDocument("Send one PDF or 1 to 50 images as `files`.",
                                  details={"fields": {"files": "Add a file."}})
        if len(files) > MAX_IMAGES:
            raise InvalidDocument(f"Send at most {MAX_IMAGES} images.",
                                  details={"fields": {"files": f"At most {MAX_IMAGES}."},
                                           "max_files": MAX_IMAGES})
        await self._limit(f"handwritten-upload:{principal.user_id}", UPLOADS_PER_HOUR)
        contents: list[tuple[bytes, FileType]] = []
        used = 0
        for index, upload in enumerate(files):
            data = await _read(upload.chunks, MAX_TOTAL_BYTES - used)
            used += len(data)
            try:
                found = check_upload(KIND, data[:SNIFF_BYTES], content_type=upload.content_type,
                                     filename=upload.filename)
            except UnsupportedFileType as error:
                raise type(error)(error.message, details={**(error.details or {}),
                                                          "file": index + 1}) from error
            contents.append((data, found))
        pdfs = [data for data, found in contents if found is FileType.PDF]
        if pdfs and len(contents) > 1:
            raise InvalidDocument("Send one PDF on its own, or images only.",
                                  details={"fields": {"files": "One PDF, or images."}})
        now = self._clock.now()
        document = Document(owner_id=principal.user_id,
                            source_type=SourceType.PDF if pdfs else SourceType.IMAGE,
                            pages=[], created_at=now, updated_at=now)
        stored: list[str] = []
        try:
            if pdfs:
                await self._store_pdf(document, pdfs[0], stored)
            else:
                await self._store_images(document, contents, stored)
            async with self._uow() as uow:
                await uow.handwritten.add_document(document)
                await uow.commit()
        except BaseException:
            for key in stored:
                await self._storage.delete(key)
            raise
        return await self._view(document)

    async def _put(self, document: Document, name: str, data: bytes, file_type: FileType,
                   stored: list[str]) -> str:
        key = document_key(document.owner_id, document.id, name)
        stored.append(key)  # before the write: a failed write may leave a partial object
        blob = await self._storage.put(key, in_pieces(data), content_type=file_type.value,
                                       max_bytes=STORED_MAX_BYTES)
        return blob.key

    async def _store_pdf(self, document: Document, data: bytes, stored: list[str]) -> None:
        rendered = await self._renderer.pdf_pages(data, max_pages=MAX_PDF_PAGES,
                                                  thumbnail_width=THUMBNAIL_WIDTH)
        for number, page in enumerate(rendered, start=1):
            check_page_size(number, page.width, page.height, pdf=True)
        thumb = self._renderer.thumbnail_type
        document.pdf_key = await self._put(document, "source", data, FileType.PDF, stored)
        for number, page in enumerate(rendered, start=1):
            key = await self._put(document, f"t{number}", page.thumbnail, thumb, stored)
            document.pages.append(Page(number=number, width=page.width, height=page.height,
                                       thumbnail_key=key))
        document.size = len(data)

    async def _store_images(self, document: Document, contents: list[tuple[bytes, FileType]],
                            stored: list[str]) -> None:
        encoded = []
        for number, (data, found) in enumerate(contents, start=1):
            # The header alone: a decompression bomb is refused before any pixel is decoded.
            check_image_dimensions(KIND, self._images.dimensions(data))
            image = await self._encoder.reencode(data, found, KIND)
            if image.file_type is not found:
                raise UnsupportedFileType("The image could not be read.",
                                          details={"file": number})
            check_animation(KIND, image.frames, (image.width, image.height))
            check_page_size(number, image.width, image.height, pdf=False)
            encoded.append(image)
        thumb = self._renderer.thumbnail_type
        for number, image in enumerate(encoded, start=1):
            small = await self._renderer.image_thumbnail(image.data,
                                                         thumbnail_width=THUMBNAIL_WIDTH)
            image_key = await self._put(document, f"p{number}", image.data, image.file_type,
                                        stored)
            thumb_key = await self._put(document, f"t{number}", small, thumb, stored)
            document.pages.append(Page(number=number, width=float(image.width),
                                       height=float(image.height), thumbnail_key=thumb_key,
                                       image_key=image_key))
            document.size += len(image.data)

    async def _link(self, key: str) -> str:
        return await signed_link(self._storage, self._clock, key)

    async def _view(self, document: Document) -> DocumentView:
        pages = [PageView(page=page, thumbnail_url=await self._link(page.thumbnail_key),
                          image_url=await self._link(page.image_key) if page.image_key
                          else None) for page in document.pages]
        return DocumentView(document=document, pages=pages,
                            pdf_url=await self._link(document.pdf_key) if document.pdf_key
                            else None)

    async def document(self, principal: Principal, document_id: UUID) -> DocumentView:
        """The owner's, or any for an admin (a reviewer looks at what an item shows)."""
        async with self._uow() as uow:
            document = await uow.handwritten.document(document_id)
        if document is None or not (principal.is_admin
                                    or document.owner_id == principal.user_id):
            raise DocumentNotFound()
        return await self._view(document)

    async def views(self, document_ids: Sequence[UUID]) -> dict[UUID, DocumentView]:
        """Documents as content bodies show them, for whoever may read the item that names
        them (the content use cases decided that)."""
        if not document_ids:
            return {}
        async with self._uow() as uow:
            found = await uow.handwritten.documents(set(document_ids))
        return {document_id: await self._view(document)
                for document_id, document in found.items()}

    # -- annotations -------------------------------------------------------------------------

    @staticmethod
    async def _target(uow: UnitOfWork, principal: Principal, item_id: UUID
                      ) -> tuple[ContentItem, ContentVersion]:
        return await readable_version(uow, principal, item_id)

    async def _names(self, uow: UnitOfWork, annotations: Sequence[ListedAnnotation]
                     ) -> list[AnnotationView]:
        users = await uow.users.get_many({a.author_id for a in annotations})
        return [AnnotationView(a, users[a.author_id].display_name if a.author_id in users
                               else "Former member") for a in annotations]

    async def annotations(self, principal: Principal, item_id: UUID, *,
                          page: int | None = None) -> list[AnnotationView]:
        """The caller's own annotations on the item and the ones its author published."""
        async with self._uow() as uow:
            item, _ = await self._target(uow, principal, item_id)
            found = await uow.handwritten.annotations(
                item_id, author_ids={principal.user_id}, published_by=item.mentor_id,
                page=page)
            return await self._names(uow, found)

    async def save_annotation(self, principal: Principal, item_id: UUID, annotation_id: UUID,
                              *, page: int, motivation: str, selector: Mapping[str, Any],
                              body: str | None, color: str, visibility: str) -> Saved:
        await self._limit(f"annotations:{principal.user_id}", ANNOTATION_WRITES_PER_MINUTE)
        async with self._uow() as uow:
            item, version = await self._target(uow, principal, item_id)
            document_id = document_id_of(version.body)
            document = (None if document_id is None
                        else await uow.handwritten.document(document_id))
            target = None if document is None else document.page(page)
            checked = check_annotation(
                page=page, page_size=None if target is None else (target.width, target.height),
                motivation=motivation, selector=selector, body=body, color=color,
                visibility=visibility)
            if checked.visibility is Visibility.PUBLISHED \
                    and item.mentor_id != principal.user_id:
                raise PublishDenied()
            now = self._clock.now()
            existing = await uow.handwritten.annotation(annotation_id)
            if existing is not None and (existing.author_id != principal.user_id
                                         or existing.item_id != item_id):
                raise AnnotationNotFound()
            fresh = Annotation(
                id=annotation_id, item_id=item_id, author_id=principal.user_id,
                page=checked.page, motivation=checked.motivation, selector=checked.selector,
                body=checked.body, color=checked.color, visibility=checked.visibility,
                item_version=version.number, created_at=now, updated_at=now)
            if existing is not None:
                if existing.same_content(fresh):  # a retried save: nothing to change
                    return Saved((await self._names(uow, [existing.listed()]))[0],
                                 created=False)
                fresh = replace(fresh, created_at=existing.created_at)
                await uow.handwritten.replace_annotation(fresh)
                await uow.commit()
                return Saved((await self._names(uow, [fresh.listed()]))[0], created=False)
            if await uow.handwritten.count_annotations(item_id, principal.user_id) \
                    >= MAX_ANNOTATIONS_PER_ITEM:
                raise AnnotationLimitReached(details={"max": MAX_ANNOTATIONS_PER_ITEM})
            if not await uow.handwritten.add_annotation(fresh):
                # Taken between the read and the insert: by this same save retried at once
                # (the same author), or by someone else (a 404, as above).
                raced = await uow.handwritten.annotation(annotation_id)
                if raced is None or raced.author_id != principal.user_id \
                        or raced.item_id != item_id:
                    raise AnnotationNotFound()
                return Saved((await self._names(uow, [raced.listed()]))[0], created=False)
            await uow.commit()
            return Saved((await self._names(uow, [fresh.listed()]))[0], created=True)

    async def delete_annotation(self, principal: Principal, item_id: UUID,
                                annotation_id: UUID) -> None:
        """Idempotent: deleting what is gone (or was never the caller's) changes nothing."""
        await self._limit(f"annotations:{principal.user_id}", ANNOTATION_WRITES_PER_MINUTE)
        async with self._uow() as uow:
            await self._target(uow, principal, item_id)
            await uow.handwritten.delete_annotation(item_id, principal.user_id, annotation_id)
            await uow.commit()


class HandwrittenReferences:
    """``BodyReferences`` of the ``handwritten`` kind: the body names one of the author's
    documents, which must be ready to be submitted."""

    @staticmethod
    async def _document(uow: UnitOfWork, owner_id: UUID, body: Mapping[str, Any]) -> Document:
        document_id = document_id_of(body)
        document = None if document_id is None else await uow.handwritten.document(document_id)
        if document is None or document.owner_id != owner_id:
            raise DocumentNotFound(details={"fields": {
                "body.document_id": "Upload the document first; it must be yours."}})
        return document

    async def check_saved(self, uow: UnitOfWork, owner_id: UUID,
                          body: Mapping[str, Any]) -> None:
        await self._document(uow, owner_id, body)

    async def check_submitted(self, uow: UnitOfWork, owner_id: UUID,
                              body: Mapping[str, Any]) -> None:
        (await self._document(uow, owner_id, body)).ensure_ready()

    async def search_text(self, uow: UnitOfWork, body: Mapping[str, Any]) -> str:
        return ""  # handwriting is not read: the item's title is what search finds
