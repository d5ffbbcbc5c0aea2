"""Handwritten notes' rules without I/O: annotation selectors checked against their page,
page sizes, and the raw PDF scan that finds scripts however a file spells or hides them."""

import math
import zlib
from typing import Any

import pytest

from adapters.storage.pdfium_documents import scan_for_active_content
from edu_core.domain.handwritten import (
    MAX_POINTS,
    InvalidAnnotation,
    InvalidDocument,
    Motivation,
    PdfActiveContent,
    PdfEncrypted,
    Visibility,
    check_annotation,
    check_page_size,
)
from tests.support.handwritten_files import (
    encrypted_pdf,
    handmade_pdf,
    pdf_pages,
    pdf_with_escaped_launch_action,
    pdf_with_open_action_script,
    pdf_with_script_in_object_stream,
)

PAGE = (595.0, 842.0)


def check(**overrides: Any) -> Any:
    values: dict[str, Any] = {
        "page": 1, "page_size": PAGE, "motivation": "sketching", "color": "#A0b0C0",
        "visibility": "private", "body": None,
        "selector": {"type": "InkSelector", "width": 2,
                     "strokes": [[[0, 0, 0], [595, 842, 1], [10.5, 20.25, 0.5]]]}}
    values.update(overrides)
    return check_annotation(**values)


def refused(field: str, **overrides: Any) -> None:
    with pytest.raises(InvalidAnnotation) as caught:
        check(**overrides)
    assert field in caught.value.details["fields"]  # type: ignore[index]


def test_a_sketch_keeps_its_points_and_the_colour_is_lower_cased() -> None:
    checked = check()
    assert checked.motivation is Motivation.SKETCHING
    assert checked.visibility is Visibility.PRIVATE
    assert checked.color == "#a0b0c0"
    assert checked.selector == {"type": "InkSelector", "width": 2.0,
                                "strokes": [[[0.0, 0.0, 0.0], [595.0, 842.0, 1.0],
                                             [10.5, 20.25, 0.5]]]}


def test_ink_is_kept_to_a_hundredth_of_a_page_unit_and_never_rounded_off_the_page() -> None:
    checked = check(page_size=(595.276, 841.89), selector={
        "type": "InkSelector", "width": 2, "strokes": [[
            [10.123456, 20.98765, 0.123456], [595.2759, 841.889, 0.9996],
            [0.004, 0.005, 0.0004]]]})
    # 595.2759 rounds to 595.28, past a 595.276-wide page: it stays on the page's edge.
    assert checked.selector["strokes"] == [[[10.12, 20.99, 0.123], [595.276, 841.89, 1.0],
                                            [0.0, 0.01, 0.0]]]


@pytest.mark.parametrize(("point", "why"), [
    ([595.01, 10, 0.5], "outside the page's width"),
    ([10, -0.5, 0.5], "above the page"),
    ([10, 10, 1.01], "pressure over 1"),
    ([10, 10, -0.1], "negative pressure"),
    ([math.inf, 10, 0.5], "infinite"),
    ([math.nan, 10, 0.5], "not a number"),
    ([True, 10, 0.5], "a boolean is no coordinate"),
    (["10", 10, 0.5], "a string is no coordinate"),
    ([10, 10], "no pressure"),
])
def test_ink_points_are_finite_inside_the_page_with_a_pressure(point: list[Any],
                                                                why: str) -> None:
    refused("target.selector.strokes[0][1]", selector={
        "type": "InkSelector", "width": 2, "strokes": [[[1, 1, 1], point]]})


def test_ink_counts_and_pen_width_are_bounded() -> None:
    ink = {"type": "InkSelector", "width": 2}
    refused("target.selector.strokes", selector={**ink, "strokes": []})
    refused("target.selector.strokes", selector={**ink, "strokes": [[[1, 1, 1]]] * 201})
    refused("target.selector.strokes[0]", selector={**ink, "strokes": [[[1, 1, 1]] * 2001]})
    many = [[[1, 1, 1]] * 2000] * (MAX_POINTS // 2000 + 1)
    refused("target.selector.strokes", selector={**ink, "strokes": many})
    assert check(selector={**ink, "strokes": [[[1, 1, 1]] * 2000] * (MAX_POINTS // 2000)})
    for width in (0, -1, 201, math.inf):
        refused("target.selector.width", selector={**ink, "width": width,
                                                   "strokes": [[[1, 1, 1]]]})


def test_regions_and_pins_lie_within_the_page() -> None:
    region = {"type": "FragmentSelector", "value": "xywh=10,20.5,100,50"}
    highlight = check(motivation="highlighting", selector=region)
    assert highlight.selector == {"type": "FragmentSelector", "value": "xywh=10,20.5,100,50"}
    assert check(motivation="highlighting", selector={
        "type": "FragmentSelector", "value": "xywh=pixel:0,0,595,842"}).selector[
        "value"] == "xywh=0,0,595,842"
    pin = check(motivation="commenting", body="  Why?  ",
                selector={"type": "FragmentSelector", "value": "xywh=100,100,0,0"})
    assert pin.body == "Why?"
    for value in ("xywh=500,10,100,10", "xywh=10,800,10,50", "xywh=-1,0,5,5",
                  "xywh=1,2,3", "xywh=1e3,2,3,4", "xywh=percent:1,2,3,4", "x=1", ""):
        refused("target.selector.value", motivation="highlighting",
                selector={"type": "FragmentSelector", "value": value})
    refused("target.selector.value", motivation="highlighting",
            selector={"type": "FragmentSelector", "value": "xywh=10,10,0,0"})


def test_each_motivation_takes_its_selector_and_comments_need_text() -> None:
    region = {"type": "FragmentSelector", "value": "xywh=1,1,1,1"}
    refused("target.selector.type", motivation="highlighting")  # an ink selector
    refused("target.selector.type", selector=region)  # sketching
    refused("body.value", motivation="commenting", selector=region)
    refused("body.value", motivation="commenting", selector=region, body="   ")
    refused("body.value", motivation="commenting", selector=region, body="a\x00b")
    refused("body.value", motivation="commenting", selector=region, body="x" * 2001)
    assert check(motivation="commenting", selector=region, body="line\nnext\ttab").body \
        == "line\nnext\ttab"
    refused("motivation", motivation="bookmarking")


def test_page_colour_and_visibility_are_checked() -> None:
    refused("target.page", page_size=None)
    refused("target.page", page=0)
    for color in ("red", "#abc", "#12345g", "#1234567", ""):
        refused("color", color=color)
    refused("visibility", visibility="public")
    assert check(visibility="published").visibility is Visibility.PUBLISHED


def test_page_sizes_are_finite_bounded_and_not_absurdly_thin() -> None:
    check_page_size(1, 595, 842, pdf=True)
    check_page_size(1, 14_400, 14_400, pdf=True)
    check_page_size(1, 4000, 3000, pdf=False)
    for width, height, pdf in ((2, 842, True), (14_401, 800, True), (math.nan, 10, True),
                               (0, 10, False), (10, 10_000, False), (595, math.inf, True)):
        with pytest.raises(InvalidDocument):
            check_page_size(1, width, height, pdf=pdf)


def test_the_pdf_scan_finds_scripts_however_they_are_written() -> None:
    scan_for_active_content(pdf_pages((595, 842)))  # a plain PDF passes
    for made in (pdf_with_open_action_script, pdf_with_escaped_launch_action,
                 pdf_with_script_in_object_stream):
        with pytest.raises(PdfActiveContent):
            scan_for_active_content(made())
    with pytest.raises(PdfEncrypted):
        scan_for_active_content(encrypted_pdf())
    embedded = handmade_pdf([b"<< /Type /Catalog /Pages 2 0 R /Names << /Embedded#46iles "
                             b"3 0 R >> >>", b"<< /Type /Pages /Kids [] /Count 0 >>",
                             b"<< /Names [] >>"])
    with pytest.raises(PdfActiveContent):
        scan_for_active_content(embedded)


def test_an_object_stream_that_cannot_be_read_is_refused_not_trusted() -> None:
    hex_encoded = handmade_pdf([b"<< /Type /Catalog >>",
                                b"<< /Type /ObjStm /N 1 /First 4 /Filter /ASCIIHexDecode >>\n"
                                b"stream\n3c3c2f533e3e\nendstream"])
    with pytest.raises(PdfActiveContent) as caught:
        scan_for_active_content(hex_encoded)
    assert caught.value.details == {"reason": "object_stream_encoding"}
    bomb = zlib.compress(b" " * (40 * 1024 * 1024))
    inflating = handmade_pdf([b"<< /Type /Catalog >>",
                              b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode >>\n"
                              b"stream\n" + bomb + b"\nendstream"])
    with pytest.raises(PdfActiveContent) as caught:
        scan_for_active_content(inflating)
    assert caught.value.details == {"reason": "object_streams_too_large"}
