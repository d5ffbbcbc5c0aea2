"""A visitor's preview of a lesson: whole top-level blocks of the note, never a split formula,
and never an answer to a question."""

from edu_core.domain.content import default_kinds
from edu_core.domain.content.preview import html_preview, preview_body

KINDS = default_kinds()
FORMULA = '<p>Energy <span data-type="inline-math" data-latex="E = mc^2">E</span> holds.</p>'


def test_a_note_is_cut_between_top_level_blocks() -> None:
    html = "<h2>Intro</h2>\n<p>" + "word " * 40 + "</p>" + FORMULA + "<p>" + "more " * 40 + "</p>"
    opening, truncated = html_preview(html, max_chars=100)
    assert truncated
    assert opening == "<h2>Intro</h2>\n<p>" + "word " * 40 + "</p>"
    opening, truncated = html_preview(html, max_chars=205)
    assert truncated and opening.endswith(FORMULA)  # the formula's paragraph whole, or not at all


def test_the_first_block_is_always_shown_and_a_short_note_whole() -> None:
    long_first = "<p>" + "x" * 5000 + "</p><p>second</p>"
    assert html_preview(long_first, max_chars=10) == ("<p>" + "x" * 5000 + "</p>", True)
    assert html_preview(FORMULA, max_chars=600) == (FORMULA, False)
    assert html_preview("<p>a</p><img src='/i.png'><hr><p>b</p>", max_chars=600)[1] is False


def test_a_question_preview_never_carries_an_answer() -> None:
    body = {"type": "single_choice", "prompt": "<p>Which unit?</p>",
            "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"}],
            "correct": ["j"], "explanation": "<p>Joule.</p>", "hints": ["Think of energy."]}
    preview = preview_body(KINDS.get("question"), body)
    assert preview.body == {"type": "single_choice", "prompt": "<p>Which unit?</p>",
                            "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"}]}
    assert not preview.truncated
