"""Annotations on a handwritten content item's pages, shaped like the W3C Web Annotation model:
a motivation, a target (a page and a selector in that page's own units, so zoom never changes
them), an optional textual body, a colour, and who may see it.

Selectors:
- ``FragmentSelector``: ``{"type": "FragmentSelector", "value": "xywh=x,y,w,h"}`` (a highlighted
  region, or a comment pin when ``w`` and ``h`` are 0);
- ``InkSelector`` (this platform's): ``{"type": "InkSelector", "width": w, "strokes":
  [[[x, y, pressure], ...], ...]}``, raw pen points; outlines are computed when drawn. Points
  are kept to ``INK_DECIMALS`` (page units) and ``PRESSURE_DECIMALS``: a digitiser's noise
  below that is invisible at any zoom, and every listing sends every point.

Everything a client sends is checked here: finite numbers, inside the page, bounded counts,
``#rrggbb`` colours, text without control characters. An annotation is private to its author
unless the item's author publishes it to every learner.
"""

import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from edu_core.domain.errors import Conflict, InvalidInput, NotFound, PermissionDenied

MAX_STROKES = 200
MAX_POINTS_PER_STROKE = 2000
# All strokes together: 200 full strokes would be 400,000 points (~10 MB of JSON); a dense
# page of handwriting is a few thousand points per stroke group.
MAX_POINTS = 50_000
MAX_BODY = 2000
MAX_INK_WIDTH = 200.0
MAX_ANNOTATIONS_PER_ITEM = 2000  # per person and item
MAX_PAGE = 10_000
# A hundredth of a PDF point is 3.5 micrometres on paper; a thousandth of full pressure is
# finer than pens report it and than the drawn outline's width can show.
INK_DECIMALS = 2
PRESSURE_DECIMALS = 3

_NUMBER = r"(\d{1,9}(?:\.\d{1,9})?)"
_XYWH = re.compile(rf"xywh=(?:pixel:)?{_NUMBER},{_NUMBER},{_NUMBER},{_NUMBER}")
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")
# Text may hold line breaks and tabs; no other control character (NUL cannot even be stored).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Motivation(StrEnum):
    HIGHLIGHTING = "highlighting"
    COMMENTING = "commenting"
    SKETCHING = "sketching"


class Visibility(StrEnum):
    PRIVATE = "private"
    PUBLISHED = "published"


class InvalidAnnotation(InvalidInput):
    code = "invalid_annotation"
    default_message = "The annotation is not valid."


class AnnotationNotFound(NotFound):
    code = "annotation_not_found"
    default_message = "The annotation does not exist."


class PublishDenied(PermissionDenied):
    code = "annotation_publish_denied"
    default_message = "Only the item's author publishes annotations to learners."


class AnnotationLimitReached(Conflict):
    code = "annotation_limit_reached"
    default_message = (f"You have {MAX_ANNOTATIONS_PER_ITEM} annotations on this item; delete "
                       "some to add more.")


def _invalid(field: str, message: str) -> InvalidAnnotation:
    return InvalidAnnotation(message, details={"fields": {field: message}})


@dataclass
class Annotation:
    id: UUID
    item_id: UUID
    author_id: UUID
    page: int
    motivation: Motivation
    selector: dict[str, Any]
    body: str | None
    color: str
    visibility: Visibility
    item_version: int
    created_at: datetime
    updated_at: datetime

    def same_content(self, other: "Annotation") -> bool:
        return (self.page, self.motivation, self.selector, self.body, self.color,
                self.visibility) == (other.page, other.motivation, other.selector, other.body,
                                     other.color, other.visibility)


    def listed(self) -> "ListedAnnotation":
        return ListedAnnotation(
            id=self.id, item_id=self.item_id, author_id=self.author_id, page=self.page,
            motivation=self.motivation,
            selector_json=json.dumps(self.selector, separators=(",", ":"), allow_nan=False),
            body=self.body, color=self.color, visibility=self.visibility,
            item_version=self.item_version, created_at=self.created_at,
            updated_at=self.updated_at)


@dataclass(frozen=True, slots=True)
class ListedAnnotation:
    """An annotation as it is shown: the selector is the JSON text kept when it was saved
    (and checked then), handed on as it is. A crowded page holds millions of numbers; decoding
    them into objects only to encode them again took seconds a listing (ADR 0028)."""

    id: UUID
    item_id: UUID
    author_id: UUID
    page: int
    motivation: Motivation
    selector_json: str
    body: str | None
    color: str
    visibility: Visibility
    item_version: int
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class CheckedAnnotation:
    """An annotation's client-made part, valid for a page of the given size."""

    page: int
    motivation: Motivation
    selector: dict[str, Any]
    body: str | None
    color: str
    visibility: Visibility


def _finite(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) \
            or not math.isfinite(value):
        raise _invalid(field, "Give a finite number.")
    return float(value)


def _number(value: float) -> str:
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def _fragment(raw: Mapping[str, Any], width: float, height: float, *,
              region: bool) -> dict[str, Any]:
    value = raw.get("value")
    match = _XYWH.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _invalid("target.selector.value", "Give 'xywh=x,y,w,h' in page units.")
    x, y, w, h = (float(g) for g in match.groups())
    if x + w > width or y + h > height:
        raise _invalid("target.selector.value",
                       f"The region must lie within the page ({width:g} x {height:g}).")
    if region and (w <= 0 or h <= 0):
        raise _invalid("target.selector.value", "A highlight covers a region.")
    return {"type": "FragmentSelector",
            "value": "xywh=" + ",".join(_number(v) for v in (x, y, w, h))}


def _ink(raw: Mapping[str, Any], width: float, height: float) -> dict[str, Any]:
    pen = _finite(raw.get("width"), "target.selector.width")
    if not 0 < pen <= MAX_INK_WIDTH:
        raise _invalid("target.selector.width", f"A pen is wider than 0 and at most "
                                                f"{MAX_INK_WIDTH:g} page units.")
    strokes = raw.get("strokes")
    if not isinstance(strokes, Sequence) or isinstance(strokes, str) \
            or not 1 <= len(strokes) <= MAX_STROKES:
        raise _invalid("target.selector.strokes", f"Give 1 to {MAX_STROKES} strokes.")
    total = 0
    clean: list[list[list[float]]] = []
    for s, stroke in enumerate(strokes):
        field = f"target.selector.strokes[{s}]"
        if not isinstance(stroke, Sequence) or isinstance(stroke, str) \
                or not 1 <= len(stroke) <= MAX_POINTS_PER_STROKE:
            raise _invalid(field, f"A stroke has 1 to {MAX_POINTS_PER_STROKE} points.")
        total += len(stroke)
        if total > MAX_POINTS:
            raise _invalid("target.selector.strokes",
                           f"An annotation holds at most {MAX_POINTS} points.")
        points: list[list[float]] = []
        for p, point in enumerate(stroke):
            where = f"{field}[{p}]"
            if not isinstance(point, Sequence) or isinstance(point, str) or len(point) != 3:
                raise _invalid(where, "A point is [x, y, pressure].")
            x, y, pressure = (_finite(v, where) for v in point)
            if not (0 <= x <= width and 0 <= y <= height):
                raise _invalid(where, f"Points lie within the page ({width:g} x {height:g}).")
            if not 0 <= pressure <= 1:
                raise _invalid(where, "Pressure is from 0 to 1.")
            # Rounding up must not carry a point off a page whose size has more decimals.
            points.append([min(round(x, INK_DECIMALS), width),
                           min(round(y, INK_DECIMALS), height),
                           round(pressure, PRESSURE_DECIMALS)])
        clean.append(points)
    return {"type": "InkSelector", "width": pen, "strokes": clean}


def check_annotation(*, page: int, page_size: tuple[float, float] | None,
                     motivation: str, selector: Mapping[str, Any], body: str | None,
                     color: str, visibility: str) -> CheckedAnnotation:
    """The annotation, checked against the page it targets (``page_size`` is None when the
    document has no such page)."""
    if isinstance(page, bool) or not isinstance(page, int) or not 1 <= page <= MAX_PAGE \
            or page_size is None:
        raise _invalid("target.page", "The document has no such page.")
    try:
        kind = Motivation(motivation)
    except ValueError:
        raise _invalid("motivation", "Give highlighting, commenting or sketching.") from None
    try:
        seen_by = Visibility(visibility)
    except ValueError:
        raise _invalid("visibility", "Give private or published.") from None
    if not isinstance(color, str) or not _COLOR.fullmatch(color):
        raise _invalid("color", "Give a colour as #rrggbb.")
    width, height = page_size
    selector_type = selector.get("type")
    if kind is Motivation.SKETCHING:
        if selector_type != "InkSelector":
            raise _invalid("target.selector.type", "A sketch is an InkSelector.")
        clean = _ink(selector, width, height)
    else:
        if selector_type != "FragmentSelector":
            raise _invalid("target.selector.type",
                           "Highlights and comments target a FragmentSelector.")
        clean = _fragment(selector, width, height,
                          region=kind is Motivation.HIGHLIGHTING)
    text = None
    if body is not None:
        if len(body) > MAX_BODY:
            raise _invalid("body.value", f"Keep it under {MAX_BODY} characters.")
        if _CONTROL.search(body):
            raise _invalid("body.value", "Control characters are not allowed.")
        text = body.strip() or None
    if kind is Motivation.COMMENTING and text is None:
        raise _invalid("body.value", "A comment needs text.")
    return CheckedAnnotation(page=page, motivation=kind, selector=clean, body=text,
                             color=color.lower(), visibility=seen_by)

