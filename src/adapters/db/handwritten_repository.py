"""Postgres rows of handwritten documents and annotations."""

from collections.abc import Collection
from typing import Any
from uuid import UUID

import msgspec
from sqlalchemy import (
    JSON,
    ColumnElement,
    RowMapping,
    Text,
    and_,
    cast,
    delete,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import (
    annotation_shares,
    content_annotations,
    content_versions,
    handwritten_documents,
)
from edu_core.domain.handwritten import (
    Annotation,
    AnnotationShare,
    Document,
    DocumentFailure,
    DocumentStatus,
    ListedAnnotation,
    Motivation,
    Page,
    Region,
    SourceType,
    Visibility,
)
from edu_core.domain.pagination import Page as ResultPage
from edu_core.domain.pagination import PageRequest

d, a, sh = handwritten_documents.c, content_annotations.c, annotation_shares.c


def _page_json(page: Page) -> dict[str, Any]:
    return {"number": page.number, "width": page.width, "height": page.height,
            "thumbnail_key": page.thumbnail_key, "image_key": page.image_key}


def _document(row: RowMapping) -> Document:
    failure = (DocumentFailure(row["failure_code"], row["failure_message"] or "")
               if row["failure_code"] else None)
    return Document(
        id=row["id"], owner_id=row["owner_id"], status=DocumentStatus(row["status"]),
        source_type=SourceType(row["source_type"]),
        pages=[Page(number=int(p["number"]), width=float(p["width"]),
                    height=float(p["height"]), thumbnail_key=str(p["thumbnail_key"]),
                    image_key=p.get("image_key")) for p in row["pages"]],
        pdf_key=row["pdf_key"], size=row["size"], failure=failure,
        created_at=row["created_at"], updated_at=row["updated_at"])


def _annotation(row: RowMapping) -> Annotation:
    return Annotation(
        id=row["id"], item_id=row["item_id"], author_id=row["author_id"], page=row["page"],
        motivation=Motivation(row["motivation"]), selector=row["selector"], body=row["body"],
        color=row["color"], visibility=Visibility(row["visibility"]),
        item_version=row["item_version"], created_at=row["created_at"],
        updated_at=row["updated_at"])


def _listed(row: RowMapping) -> ListedAnnotation:
    return ListedAnnotation(
        id=row["id"], item_id=row["item_id"], author_id=row["author_id"], page=row["page"],
        motivation=Motivation(row["motivation"]), selector_json=row["selector_json"],
        body=row["body"], color=row["color"], visibility=Visibility(row["visibility"]),
        item_version=row["item_version"], created_at=row["created_at"],
        updated_at=row["updated_at"])


# Listings read the selector as the text stored (a `json` column keeps it verbatim): jsonb
# would be printed again number by number, and the driver would decode it all.
_LISTED = [c for c in content_annotations.c if c.name != "selector"] + [
    cast(a.selector, Text).label("selector_json")]


def _annotation_values(annotation: Annotation) -> dict[str, Any]:
    # Written as compact JSON text, so that listings pass on the smallest form as it is.
    selector = cast(literal(msgspec.json.encode(annotation.selector).decode(), Text), JSON)
    return {"page": annotation.page, "motivation": annotation.motivation.value,
            "selector": selector, "body": annotation.body,
            "color": annotation.color, "visibility": annotation.visibility.value,
            "item_version": annotation.item_version, "updated_at": annotation.updated_at}


def _share(row: RowMapping) -> AnnotationShare:
    region = row["region"]
    return AnnotationShare(
        id=row["id"], annotation_id=row["annotation_id"],
        annotation_author_id=row["annotation_author_id"], sharer_id=row["sharer_id"],
        item_id=row["item_id"], document_id=row["document_id"], page=row["page"],
        page_width=row["page_width"], page_height=row["page_height"],
        region=Region(float(region["x"]), float(region["y"]), float(region["width"]),
                      float(region["height"])),
        motivation=Motivation(row["motivation"]), selector=row["selector"], body=row["body"],
        color=row["color"], thumbnail_key=row["thumbnail_key"], image_key=row["image_key"],
        created_at=row["created_at"], forum_post_id=row["forum_post_id"],
        chat_message_id=row["chat_message_id"])


def _share_values(share: AnnotationShare) -> dict[str, Any]:
    r = share.region
    return {"id": share.id, "annotation_id": share.annotation_id,
            "annotation_author_id": share.annotation_author_id, "sharer_id": share.sharer_id,
            "item_id": share.item_id, "document_id": share.document_id,
            "forum_post_id": share.forum_post_id, "chat_message_id": share.chat_message_id,
            "page": share.page, "page_width": share.page_width,
            "page_height": share.page_height,
            "region": {"x": r.x, "y": r.y, "width": r.width, "height": r.height},
            "motivation": share.motivation.value, "selector": share.selector,
            "body": share.body, "color": share.color, "thumbnail_key": share.thumbnail_key,
            "image_key": share.image_key, "created_at": share.created_at}


class PostgresHandwrittenRepository:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._new_shares: list[AnnotationShare] = []

    async def add_document(self, document: Document) -> None:
        await self._s.execute(handwritten_documents.insert().values(
            id=document.id, owner_id=document.owner_id, status=document.status.value,
            source_type=document.source_type.value,
            pages=[_page_json(p) for p in document.pages], page_count=document.page_count,
            pdf_key=document.pdf_key, size=document.size,
            failure_code=document.failure.code if document.failure else None,
            failure_message=document.failure.message if document.failure else None,
            created_at=document.created_at, updated_at=document.updated_at))

    async def document(self, document_id: UUID) -> Document | None:
        row = (await self._s.execute(select(handwritten_documents).where(d.id == document_id))
               ).mappings().first()
        return None if row is None else _document(row)

    async def documents(self, document_ids: Collection[UUID]) -> dict[UUID, Document]:
        if not document_ids:
            return {}
        rows = (await self._s.execute(select(handwritten_documents).where(
            d.id.in_(list(document_ids))))).mappings().all()
        return {row["id"]: _document(row) for row in rows}

    async def annotation(self, annotation_id: UUID) -> Annotation | None:
        row = (await self._s.execute(select(content_annotations).where(
            a.id == annotation_id))).mappings().first()
        return None if row is None else _annotation(row)

    async def add_annotation(self, annotation: Annotation) -> bool:
        result = await self._s.execute(pg_insert(content_annotations).values(
            id=annotation.id, item_id=annotation.item_id, author_id=annotation.author_id,
            created_at=annotation.created_at, **_annotation_values(annotation)
        ).on_conflict_do_nothing(index_elements=[a.id]))
        return rowcount(result) == 1

    async def replace_annotation(self, annotation: Annotation) -> None:
        await self._s.execute(update(content_annotations).where(
            a.id == annotation.id, a.author_id == annotation.author_id,
            a.item_id == annotation.item_id).values(**_annotation_values(annotation)))

    async def delete_annotation(self, item_id: UUID, author_id: UUID,
                                annotation_id: UUID) -> None:
        await self._s.execute(delete(content_annotations).where(
            a.id == annotation_id, a.author_id == author_id, a.item_id == item_id))

    async def count_annotations(self, item_id: UUID, author_id: UUID) -> int:
        return int((await self._s.execute(select(func.count()).select_from(
            content_annotations).where(a.item_id == item_id, a.author_id == author_id))
        ).scalar_one())

    async def annotations(self, item_id: UUID, *, author_ids: Collection[UUID],
                          published_by: UUID | None, page: int | None = None
                          ) -> list[ListedAnnotation]:
        wanted: list[ColumnElement[bool]] = (
            [a.author_id.in_(list(author_ids))] if author_ids else [])
        if published_by is not None:
            wanted.append(and_(a.author_id == published_by,
                               a.visibility == Visibility.PUBLISHED.value))
        if not wanted:
            return []
        query = select(*_LISTED).where(a.item_id == item_id, or_(*wanted))
        if page is not None:
            query = query.where(a.page == page)
        rows = (await self._s.execute(query.order_by(a.created_at, a.id))).mappings().all()
        return [_listed(row) for row in rows]

    async def annotations_of(self, author_id: UUID,
                             page: PageRequest) -> ResultPage[Annotation]:
        total = int((await self._s.execute(select(func.count()).select_from(
            content_annotations).where(a.author_id == author_id))).scalar_one())
        rows = (await self._s.execute(select(content_annotations).where(
            a.author_id == author_id).order_by(a.created_at, a.id).offset(page.offset).limit(
            page.page_size))).mappings().all()
        return ResultPage(items=[_annotation(row) for row in rows], total=total,
                          page=page.page, page_size=page.page_size)

    async def delete_annotations_of(self, author_id: UUID, *,
                                    keep_published: bool = False) -> None:
        mine = a.author_id == author_id
        if keep_published:
            mine = and_(mine, a.visibility != Visibility.PUBLISHED.value)
        await self._s.execute(delete(content_annotations).where(mine))

    async def unused_documents_of(self, owner_id: UUID) -> list[Document]:
        named = select(content_versions.c.item_id).where(
            content_versions.c.body["document_id"].astext == cast(d.id, Text))
        rows = (await self._s.execute(select(handwritten_documents).where(
            d.owner_id == owner_id, ~named.exists()))).mappings().all()
        return [_document(row) for row in rows]

    async def delete_documents(self, document_ids: Collection[UUID]) -> None:
        if document_ids:
            await self._s.execute(delete(handwritten_documents).where(
                d.id.in_(list(document_ids))))

    def add_share(self, share: AnnotationShare) -> None:
        if (share.forum_post_id is None) == (share.chat_message_id is None):
            raise ValueError("a share belongs to one post or one message")
        self._new_shares.append(share)

    async def flush(self) -> None:
        staged, self._new_shares = self._new_shares, []
        if staged:
            await self._s.execute(annotation_shares.insert(),
                                  [_share_values(x) for x in staged])

    async def _shares_where(self, column: Any, ids: Collection[UUID]
                            ) -> dict[UUID, AnnotationShare]:
        if not ids:
            return {}
        rows = (await self._s.execute(select(annotation_shares).where(
            column.in_(list(ids))))).mappings().all()
        return {row[column.name]: _share(row) for row in rows}

    async def shares_in_posts(self, post_ids: Collection[UUID]) -> dict[UUID, AnnotationShare]:
        return await self._shares_where(sh.forum_post_id, post_ids)

    async def shares_in_messages(self, message_ids: Collection[UUID]
                                 ) -> dict[UUID, AnnotationShare]:
        return await self._shares_where(sh.chat_message_id, message_ids)

    async def shares_by(self, sharer_id: UUID,
                        page: PageRequest) -> ResultPage[AnnotationShare]:
        total = int((await self._s.execute(select(func.count()).select_from(
            annotation_shares).where(sh.sharer_id == sharer_id))).scalar_one())
        rows = (await self._s.execute(select(annotation_shares).where(
            sh.sharer_id == sharer_id).order_by(sh.created_at, sh.id).offset(page.offset)
            .limit(page.page_size))).mappings().all()
        return ResultPage(items=[_share(row) for row in rows], total=total, page=page.page,
                          page_size=page.page_size)

    async def documents_of(self, owner_id: UUID, page: PageRequest) -> ResultPage[Document]:
        total = int((await self._s.execute(select(func.count()).select_from(
            handwritten_documents).where(d.owner_id == owner_id))).scalar_one())
        rows = (await self._s.execute(select(handwritten_documents).where(
            d.owner_id == owner_id).order_by(d.created_at, d.id).offset(page.offset)
            .limit(page.page_size))).mappings().all()
        return ResultPage(items=[_document(row) for row in rows], total=total, page=page.page,
                          page_size=page.page_size)
