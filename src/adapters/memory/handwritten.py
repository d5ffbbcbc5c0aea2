"""In-memory handwritten documents and annotations: writes go to a private copy that commit
applies, like a transaction."""

import copy
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from uuid import UUID

from edu_core.domain.content import ContentItem
from edu_core.domain.handwritten import (
    Annotation,
    AnnotationShare,
    Document,
    ListedAnnotation,
    Visibility,
)
from edu_core.domain.pagination import Page, PageRequest


@dataclass
class HandwrittenData:
    documents: dict[UUID, Document] = field(default_factory=dict)
    annotations: dict[UUID, Annotation] = field(default_factory=dict)
    shares: dict[UUID, AnnotationShare] = field(default_factory=dict)


class MemoryHandwrittenRepository:
    def __init__(self, data: HandwrittenData,
                 content: Callable[[], Mapping[UUID, ContentItem]]) -> None:
        self._data = data
        self._content = content
        self._working: HandwrittenData | None = None

    def _read(self) -> HandwrittenData:
        return self._working or self._data

    def _write(self) -> HandwrittenData:
        if self._working is None:
            self._working = copy.deepcopy(self._data)
        return self._working

    def apply(self) -> None:
        if self._working is not None:
            self._data.documents = self._working.documents
            self._data.annotations = self._working.annotations
            self._data.shares = self._working.shares
            self._working = None

    async def add_document(self, document: Document) -> None:
        self._write().documents[document.id] = copy.deepcopy(document)

    async def document(self, document_id: UUID) -> Document | None:
        return copy.deepcopy(self._read().documents.get(document_id))

    async def documents(self, document_ids: Collection[UUID]) -> dict[UUID, Document]:
        found = self._read().documents
        return {i: copy.deepcopy(found[i]) for i in document_ids if i in found}

    async def annotation(self, annotation_id: UUID) -> Annotation | None:
        return copy.deepcopy(self._read().annotations.get(annotation_id))

    async def add_annotation(self, annotation: Annotation) -> bool:
        if annotation.id in self._read().annotations:
            return False
        self._write().annotations[annotation.id] = copy.deepcopy(annotation)
        return True

    async def replace_annotation(self, annotation: Annotation) -> None:
        found = self._read().annotations.get(annotation.id)
        if found is not None and found.author_id == annotation.author_id \
                and found.item_id == annotation.item_id:
            self._write().annotations[annotation.id] = copy.deepcopy(annotation)

    async def delete_annotation(self, item_id: UUID, author_id: UUID,
                                annotation_id: UUID) -> None:
        found = self._read().annotations.get(annotation_id)
        if found is not None and found.author_id == author_id and found.item_id == item_id:
            del self._write().annotations[annotation_id]

    async def count_annotations(self, item_id: UUID, author_id: UUID) -> int:
        return sum(1 for x in self._read().annotations.values()
                   if x.item_id == item_id and x.author_id == author_id)

    async def annotations(self, item_id: UUID, *, author_ids: Collection[UUID],
                          published_by: UUID | None, page: int | None = None
                          ) -> list[ListedAnnotation]:
        found = [x for x in self._read().annotations.values()
                 if x.item_id == item_id and (page is None or x.page == page)
                 and (x.author_id in author_ids or (
                     x.author_id == published_by and x.visibility is Visibility.PUBLISHED))]
        return [x.listed() for x in sorted(found, key=lambda x: (x.created_at, x.id))]

    async def annotations_of(self, author_id: UUID, page: PageRequest) -> Page[Annotation]:
        found = sorted((x for x in self._read().annotations.values()
                        if x.author_id == author_id), key=lambda x: (x.created_at, x.id))
        return Page(items=copy.deepcopy(found[page.offset:page.offset + page.page_size]),
                    total=len(found), page=page.page, page_size=page.page_size)

    async def delete_annotations_of(self, author_id: UUID, *,
                                    keep_published: bool = False) -> None:
        mine = [i for i, x in self._read().annotations.items() if x.author_id == author_id
                and not (keep_published and x.visibility is Visibility.PUBLISHED)]
        if mine:
            working = self._write().annotations
            for annotation_id in mine:
                del working[annotation_id]

    def add_share(self, share: AnnotationShare) -> None:
        if (share.forum_post_id is None) == (share.chat_message_id is None):
            raise ValueError("a share belongs to one post or one message")
        self._write().shares[share.id] = copy.deepcopy(share)

    def _shares_where(self, ids: Collection[UUID], attribute: str
                      ) -> dict[UUID, AnnotationShare]:
        wanted = set(ids)
        return {getattr(x, attribute): copy.deepcopy(x) for x in self._read().shares.values()
                if getattr(x, attribute) in wanted}

    async def shares_in_posts(self, post_ids: Collection[UUID]) -> dict[UUID, AnnotationShare]:
        return self._shares_where(post_ids, "forum_post_id")

    async def shares_in_messages(self, message_ids: Collection[UUID]
                                 ) -> dict[UUID, AnnotationShare]:
        return self._shares_where(message_ids, "chat_message_id")

    async def shares_by(self, sharer_id: UUID, page: PageRequest) -> Page[AnnotationShare]:
        found = sorted((x for x in self._read().shares.values() if x.sharer_id == sharer_id),
                       key=lambda x: (x.created_at, x.id))
        return Page(items=copy.deepcopy(found[page.offset:page.offset + page.page_size]),
                    total=len(found), page=page.page, page_size=page.page_size)

    async def documents_of(self, owner_id: UUID, page: PageRequest) -> Page[Document]:
        found = sorted((x for x in self._read().documents.values() if x.owner_id == owner_id),
                       key=lambda x: (x.created_at, x.id))
        return Page(items=copy.deepcopy(found[page.offset:page.offset + page.page_size]),
                    total=len(found), page=page.page, page_size=page.page_size)

    async def unused_documents_of(self, owner_id: UUID) -> list[Document]:
        named = {str(version.body.get("document_id")) for item in self._content().values()
                 for version in item.versions}
        return [copy.deepcopy(x) for x in self._read().documents.values()
                if x.owner_id == owner_id and str(x.id) not in named]

    async def delete_documents(self, document_ids: Collection[UUID]) -> None:
        working = self._write().documents
        for document_id in document_ids:
            working.pop(document_id, None)
