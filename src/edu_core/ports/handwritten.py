"""What the handwritten notes context needs: its rows, and a renderer that opens PDFs and
draws page thumbnails."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol
from uuid import UUID

from edu_core.domain.files import FileType
from edu_core.domain.handwritten import Annotation, AnnotationShare, Document, ListedAnnotation
from edu_core.domain.pagination import Page, PageRequest


class HandwrittenRepository(Protocol):
    async def add_document(self, document: Document) -> None: ...

    async def document(self, document_id: UUID) -> Document | None: ...

    async def documents(self, document_ids: Collection[UUID]) -> dict[UUID, Document]: ...

    async def annotation(self, annotation_id: UUID) -> Annotation | None: ...

    async def add_annotation(self, annotation: Annotation) -> bool:
        """Insert it unless its id is taken (by anyone): False then, and nothing changes."""
        ...

    async def replace_annotation(self, annotation: Annotation) -> None:
        """Overwrite the row with this id written by the same author on the same item."""
        ...

    async def delete_annotation(self, item_id: UUID, author_id: UUID,
                                annotation_id: UUID) -> None:
        """Remove it if it is this author's on this item; anything else is left alone."""
        ...

    async def count_annotations(self, item_id: UUID, author_id: UUID) -> int: ...

    async def annotations(self, item_id: UUID, *, author_ids: Collection[UUID],
                          published_by: UUID | None, page: int | None = None
                          ) -> list[ListedAnnotation]:
        """The item's annotations written by ``author_ids`` (any visibility) and the published
        ones of ``published_by``, oldest first; ``page`` narrows to one page. Selectors come
        as the JSON text kept at save, never decoded (a page can hold millions of points)."""
        ...

    async def annotations_of(self, author_id: UUID, page: PageRequest) -> Page[Annotation]:
        """Everything the person annotated (the data export), oldest first."""
        ...

    async def delete_annotations_of(self, author_id: UUID, *,
                                    keep_published: bool = False) -> None:
        """Remove the person's annotations (all, or the private ones only)."""
        ...

    async def unused_documents_of(self, owner_id: UUID) -> list[Document]:
        """The person's documents that no version of any content item names."""
        ...

    async def delete_documents(self, document_ids: Collection[UUID]) -> None: ...

    def add_share(self, share: AnnotationShare) -> None:
        """Stage a share; written at commit, with the post or message it belongs to."""
        ...

    async def shares_in_posts(self, post_ids: Collection[UUID]) -> dict[UUID, AnnotationShare]:
        """The shares of these forum posts, by post id."""
        ...

    async def shares_in_messages(self, message_ids: Collection[UUID]
                                 ) -> dict[UUID, AnnotationShare]:
        """The shares of these chat messages, by message id."""
        ...

    async def shares_by(self, sharer_id: UUID, page: PageRequest) -> Page[AnnotationShare]:
        """What the person shared (the data export), oldest first."""
        ...

    async def documents_of(self, owner_id: UUID, page: PageRequest) -> Page[Document]:
        """The person's uploaded documents (the data export), oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class RenderedPage:
    width: float  # in the page's own units: PDF points
    height: float
    thumbnail: bytes


@dataclass(frozen=True, slots=True)
class Thumbnail:
    data: bytes
    file_type: FileType


class DocumentRenderer(Protocol):
    async def pdf_pages(self, data: bytes, *, max_pages: int,
                        thumbnail_width: int) -> list[RenderedPage]:
        """Open the PDF, refuse it (``PdfRefused``) when it is encrypted or carries scripts,
        launch actions or embedded files, or (``InvalidDocument``) when it is damaged, has no
        pages or more than ``max_pages``; then each page's size and a thumbnail
        ``thumbnail_width`` pixels wide (of ``thumbnail_type``)."""
        ...

    async def image_thumbnail(self, data: bytes, *, thumbnail_width: int) -> bytes:
        """A thumbnail of an image already checked and re-encoded by the ``ImageEncoder``."""
        ...

    @property
    def thumbnail_type(self) -> FileType: ...
