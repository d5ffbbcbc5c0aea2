"""Request and response shapes of handwritten documents and annotations (the media contract,
issue #14): annotations follow the W3C Web Annotation model's names."""

from datetime import datetime
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from edu_core.application.annotation_shares import SharedAnnotationView
from edu_core.application.handwritten import AnnotationView, DocumentView
from edu_core.domain.handwritten import (
    MAX_BODY,
    MAX_POINTS_PER_STROKE,
    MAX_STROKES,
)
from edu_core.domain.handwritten.annotations import MAX_PAGE

# ---- documents ------------------------------------------------------------------------------


class HandwrittenPageOut(msgspec.Struct):
    number: int
    width: Annotated[float, Meta(description="In the page's own units: PDF points, or pixels.")]
    height: float
    image_url: Annotated[str | None, Meta(description=(
        "The page's image (photos), a signed link valid for hours; null for a PDF's pages, "
        "which the client draws from `pdf_url`."))]
    thumbnail_url: Annotated[str, Meta(description="A WebP 320 pixels wide (signed link).")]


class HandwrittenFailureOut(msgspec.Struct):
    code: str
    message: str


class HandwrittenDocumentOut(msgspec.Struct):
    id: UUID
    status: Literal["processing", "ready", "failed"]
    failure: HandwrittenFailureOut | None
    source_type: Literal["application/pdf", "image"]
    page_count: int
    pages: list[HandwrittenPageOut]
    pdf_url: Annotated[str | None, Meta(description=(
        "The PDF (signed link valid for hours); null for photos."))]
    created_at: datetime

    @classmethod
    def of(cls, view: DocumentView) -> "HandwrittenDocumentOut":
        x = view.document
        failure = (HandwrittenFailureOut(code=x.failure.code, message=x.failure.message)
                   if x.failure else None)
        return cls(id=x.id, status=x.status.value,
                   failure=failure, source_type=x.source_type.value,
                   page_count=x.page_count,
                   pages=[HandwrittenPageOut(number=p.page.number, width=p.page.width,
                                          height=p.page.height, image_url=p.image_url,
                                          thumbnail_url=p.thumbnail_url) for p in view.pages],
                   pdf_url=view.pdf_url, created_at=x.created_at)


# ---- annotations ----------------------------------------------------------------------------

Point = Annotated[list[float], Meta(min_length=3, max_length=3, description=(
    "[x, y, pressure]: page units, pressure 0 to 1."))]
Stroke = Annotated[list[Point], Meta(min_length=1, max_length=MAX_POINTS_PER_STROKE)]


class FragmentSelector(msgspec.Struct, tag_field="type", tag="FragmentSelector",
                       forbid_unknown_fields=True):
    value: Annotated[str, Meta(max_length=80, pattern=r"^xywh=", description=(
        "`xywh=x,y,w,h` in page units (floats allowed); `w` and `h` 0 make a pin."))]


class InkSelector(msgspec.Struct, tag_field="type", tag="InkSelector",
                  forbid_unknown_fields=True):
    """Raw pen points in page units, kept to 0.01 (pressure to 0.001); outlines are drawn
    from them (perfect-freehand)."""

    width: Annotated[float, Meta(description="The pen's width in page units.")]
    strokes: Annotated[list[Stroke], Meta(min_length=1, max_length=MAX_STROKES, description=(
        "At most 200 strokes of at most 2,000 points, 50,000 points in all. Stored (and "
        "answered) to 0.01 page unit and 0.001 pressure."))]


Selector = FragmentSelector | InkSelector


class AnnotationTarget(msgspec.Struct, forbid_unknown_fields=True):
    page: Annotated[int, Meta(ge=1, le=MAX_PAGE)]
    selector: Selector


class TextualBody(msgspec.Struct, forbid_unknown_fields=True):
    type: Literal["TextualBody"]
    value: Annotated[str, Meta(max_length=MAX_BODY)]


Motivation = Literal["highlighting", "commenting", "sketching"]
Visibility = Literal["private", "published"]
Color = Annotated[str, Meta(pattern=r"^#[0-9a-fA-F]{6}$", description="`#rrggbb`.")]


class AnnotationIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "motivation": "commenting",
        "target": {"page": 2,
                   "selector": {"type": "FragmentSelector", "value": "xywh=120.5,340,220,48"}},
        "color": "#f59e0b",
        "body": {"type": "TextualBody",
                 "value": "Friction acts against the motion, so this term should be negative."},
        "visibility": "private"}

    motivation: Annotated[Motivation, Meta(description=(
        "sketching: an InkSelector; highlighting (a region) and commenting (a region or "
        "pin, with a body): a FragmentSelector."))]
    target: AnnotationTarget
    color: Color
    body: TextualBody | None = None
    visibility: Annotated[Visibility, Meta(description=(
        "private (the default): its author only; published: every reader of the item, "
        "allowed to the item's author only."))] = "private"

    def selector(self) -> dict[str, Any]:
        raw: dict[str, Any] = msgspec.to_builtins(self.target.selector)
        return raw


class AnnotationAuthorOut(msgspec.Struct):
    id: UUID
    name: str


class AnnotationOut(msgspec.Struct):
    id: UUID
    motivation: Motivation
    target: AnnotationTarget
    body: TextualBody | None
    color: str
    visibility: Visibility
    author: AnnotationAuthorOut
    item_version: Annotated[int, Meta(description="The item version it was drawn on.")]
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, view: AnnotationView) -> "AnnotationOut":
        x = view.annotation
        return cls(target=AnnotationTarget(
            page=x.page, selector=msgspec.json.decode(x.selector_json, type=Selector)),
            **_common(view))


def _common(view: AnnotationView) -> dict[str, Any]:
    """Everything of ``AnnotationOut`` except its target."""
    x = view.annotation
    return {"id": x.id, "motivation": x.motivation.value,
            "body": TextualBody(type="TextualBody", value=x.body) if x.body is not None
            else None,
            "color": x.color, "visibility": x.visibility.value,
            "author": AnnotationAuthorOut(id=x.author_id, name=view.author_name),
            "item_version": x.item_version, "created_at": x.created_at,
            "updated_at": x.updated_at}


class AnnotationListOut(msgspec.Struct):
    items: Annotated[list[AnnotationOut], Meta(description=(
        "The caller's own annotations and the ones the item's author published, oldest "
        "first."))]


# The listing as sent: ``AnnotationListOut`` with each selector the JSON text stored at save
# (checked then), never decoded. The route documents ``AnnotationListOut``; a test decodes the
# answer strictly as that type so the two cannot drift apart.


class _ListedTarget(msgspec.Struct):
    page: int
    selector: msgspec.Raw


class _ListedAnnotation(msgspec.Struct):
    id: UUID
    motivation: Motivation
    target: _ListedTarget
    body: TextualBody | None
    color: str
    visibility: Visibility
    author: AnnotationAuthorOut
    item_version: int
    created_at: datetime
    updated_at: datetime


class _Listing(msgspec.Struct):
    items: list[_ListedAnnotation]


def encode_listing(views: list[AnnotationView]) -> bytes:
    """``AnnotationListOut`` as JSON, the stored selectors spliced in as they are."""
    return msgspec.json.encode(_Listing(items=[_ListedAnnotation(
        target=_ListedTarget(page=v.annotation.page,
                             selector=msgspec.Raw(v.annotation.selector_json.encode())),
        **_common(v)) for v in views]))


# ---- annotations shared in posts and messages -----------------------------------------------


class RegionOut(msgspec.Struct):
    x: float
    y: float
    width: float
    height: float


class SharedAnnotationOut(msgspec.Struct):
    """An annotation as it was when it was shared in a forum post or a chat message, with the
    part of its page to show: draw the page picture cropped to `region`, and the selector over
    it (both in the page's own units)."""

    id: Annotated[UUID, Meta(description="The share's id.")]
    annotation_id: Annotated[UUID, Meta(description=(
        "The annotation shared (it may have changed or been deleted since)."))]
    item_id: UUID
    document_id: UUID
    page: int
    page_width: Annotated[float, Meta(description="In the page's own units.")]
    page_height: float
    region: Annotated[RegionOut, Meta(description=(
        "The part of the page to show: around the annotation, with a margin."))]
    motivation: Motivation
    selector: Selector
    body: TextualBody | None
    color: str
    thumbnail_url: Annotated[str, Meta(description=(
        "The page's thumbnail, 320 pixels wide (signed link valid for hours)."))]
    image_url: Annotated[str | None, Meta(description=(
        "The page's full picture for photographed pages (signed link); null for a PDF's "
        "pages, shown by their thumbnail."))]
    shared_at: datetime

    @classmethod
    def of(cls, view: SharedAnnotationView | None) -> "SharedAnnotationOut | None":
        if view is None:
            return None
        x = view.share
        r = x.region
        return cls(id=x.id, annotation_id=x.annotation_id, item_id=x.item_id,
                   document_id=x.document_id, page=x.page, page_width=x.page_width,
                   page_height=x.page_height,
                   region=RegionOut(x=r.x, y=r.y, width=r.width, height=r.height),
                   motivation=x.motivation.value,
                   selector=msgspec.convert(x.selector, Selector),
                   body=TextualBody(type="TextualBody", value=x.body) if x.body is not None
                   else None,
                   color=x.color, thumbnail_url=view.thumbnail_url, image_url=view.image_url,
                   shared_at=x.created_at)


AnnotationRef = Annotated[UUID | None, Meta(description=(
    "An annotation to show with it (\"look at this\"): the caller's own, or one the item's "
    "author published, on an item the caller may read. A snapshot is kept: later changes to "
    "the annotation do not change what was shared. Anything else is a 404 "
    "`annotation_not_found`."))]
