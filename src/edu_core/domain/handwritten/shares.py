"""An annotation shared in a forum post or a session chat message ("look at this").

Sharing freezes what the sender chose to show: the page it is on (its size and the keys of its
pictures), the region around the annotation, and the annotation itself as it was (selector,
text, colour). The post or message shows that snapshot for as long as it exists: the annotation
may be edited or deleted afterwards, and its readers (who could not see a private annotation on
its item) see exactly what was shared, never more.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from edu_core.domain.handwritten.annotations import Annotation, Motivation
from edu_core.domain.handwritten.documents import Page

# Around the annotation: a margin of this share of the page's longer side, and a region at
# least this share of each side, so a pin or a short stroke still shows what it is about.
MARGIN = 0.04
MIN_SIDE = 0.2
_XYWH = re.compile(r"xywh=(?:pixel:)?([\d.]+),([\d.]+),([\d.]+),([\d.]+)")


@dataclass(frozen=True, slots=True)
class Region:
    """A rectangle in the page's own units."""

    x: float
    y: float
    width: float
    height: float


def _bounds(selector: dict[str, Any]) -> tuple[float, float, float, float]:
    """The smallest box around what the selector marks (an ink pen's width included)."""
    if selector.get("type") == "InkSelector":
        points = [point for stroke in selector["strokes"] for point in stroke]
        pad = float(selector["width"]) / 2
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        return min(xs) - pad, min(ys) - pad, max(xs) + pad, max(ys) + pad
    match = _XYWH.fullmatch(str(selector.get("value", "")))
    if match is None:
        raise ValueError("not a selector this platform stores")
    x, y, w, h = (float(g) for g in match.groups())
    return x, y, x + w, y + h


def _span(low: float, high: float, least: float, limit: float) -> tuple[float, float]:
    """``low..high`` widened about its middle to ``least``, then kept within ``0..limit``."""
    if high - low < least:
        middle = (low + high) / 2
        low, high = middle - least / 2, middle + least / 2
    if low < 0:
        low, high = 0, min(limit, high - low)
    if high > limit:
        low, high = max(0.0, low - (high - limit)), limit
    return low, high


def region_around(selector: dict[str, Any], width: float, height: float) -> Region:
    """The part of a ``width`` x ``height`` page to show for an annotation's selector."""
    left, top, right, bottom = _bounds(selector)
    margin = MARGIN * max(width, height)
    x0, x1 = _span(left - margin, right + margin, MIN_SIDE * width, width)
    y0, y1 = _span(top - margin, bottom + margin, MIN_SIDE * height, height)
    return Region(round(x0, 2), round(y0, 2), round(x1 - x0, 2), round(y1 - y0, 2))


@dataclass(kw_only=True)
class AnnotationShare:
    id: UUID = field(default_factory=uuid4)
    annotation_id: UUID  # as shared; the annotation may be gone since
    annotation_author_id: UUID
    sharer_id: UUID
    item_id: UUID
    document_id: UUID
    page: int
    page_width: float
    page_height: float
    region: Region
    motivation: Motivation
    selector: dict[str, Any]
    body: str | None
    color: str
    thumbnail_key: str
    image_key: str | None
    created_at: datetime
    # Exactly one of these: where it was shared.
    forum_post_id: UUID | None = None
    chat_message_id: UUID | None = None

    @classmethod
    def of(cls, annotation: Annotation, *, document_id: UUID, page: Page, sharer_id: UUID,
           now: datetime) -> "AnnotationShare":
        if page.number != annotation.page:
            raise ValueError("the annotation is on another page")
        return cls(annotation_id=annotation.id, annotation_author_id=annotation.author_id,
                   sharer_id=sharer_id, item_id=annotation.item_id, document_id=document_id,
                   page=page.number, page_width=page.width, page_height=page.height,
                   region=region_around(annotation.selector, page.width, page.height),
                   motivation=annotation.motivation, selector=annotation.selector,
                   body=annotation.body, color=annotation.color,
                   thumbnail_key=page.thumbnail_key, image_key=page.image_key, created_at=now)

    def blob_keys(self) -> list[str]:
        return [self.thumbnail_key, *([self.image_key] if self.image_key else [])]
