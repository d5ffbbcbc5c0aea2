"""Version diffs compare documents, not their text: every change a learner would see shows,
and markup that renders the same does not."""

from typing import Any

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from edu_core.domain.content import default_kinds
from edu_core.domain.content.blocks import (
    BlockKind,
    DiffOp,
    Mark,
    block_text,
    diff_blocks,
    html_blocks,
)

KINDS = default_kinds()
CLEAN = Nh3HtmlSanitizer().clean
PHET = "https://phet.colorado.edu/sims/html/energy-skate-park/latest/energy-skate-park_en.html"
TEXT = "<p>Energy is conserved.</p>"


def changes(kind: str, old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str]]:
    spec = KINDS.get(kind)
    before, after = spec.validate(old, CLEAN), spec.validate(new, CLEAN)
    return [(line.op.value, line.block.kind.value)
            for line in diff_blocks(spec.blocks(before), spec.blocks(after))
            if line.op is not DiffOp.EQUAL]


@pytest.mark.parametrize(("added", "kind"), [
    (f'<div data-type="simulation" data-src="{PHET}" data-title="Skate park"></div>',
     "simulation"),
    ('<img src="/files/content/m/abc" alt="A ramp">', "image"),
    ('<div data-type="block-math" data-latex="E = mc^2"></div>', "formula"),
    ("<table><tbody><tr><td>m</td><td>kg</td></tr></tbody></table>", "table_row"),
    ("<ul><li>Kinetic</li></ul>", "list_item"),
])
def test_adding_what_has_no_text_of_its_own_is_a_change(added: str, kind: str) -> None:
    assert changes("note", {"html": TEXT}, {"html": TEXT + added}) == [("insert", kind)]


def test_a_changed_image_formula_or_embed_shows_old_and_new() -> None:
    image = '<p>x</p><img src="/files/content/m/{}" alt="Same words">'
    assert changes("note", {"html": image.format("one")}, {"html": image.format("two")}) == [
        ("delete", "image"), ("insert", "image")]
    formula = '<p>Speed: <span data-type="inline-math" data-latex="{}"></span></p>'
    assert changes("note", {"html": formula.format("v = d/t")},
                   {"html": formula.format("v = s/t")}) == [
        ("delete", "paragraph"), ("insert", "paragraph")]


def test_formatting_and_list_structure_are_changes() -> None:
    assert changes("note", {"html": "<p>Work is force times distance.</p>"},
                   {"html": "<p>Work is <strong>force</strong> times distance.</p>"}) == [
        ("delete", "paragraph"), ("insert", "paragraph")]
    assert changes("note", {"html": "<ul><li>a</li><li>b</li></ul>"},
                   {"html": "<ol><li>a</li><li>b</li></ol>"}) == [
        ("delete", "list_item"), ("delete", "list_item"),
        ("insert", "list_item"), ("insert", "list_item")]
    assert changes("note", {"html": "<ul><li>a</li><li>b</li></ul>"},
                   {"html": "<ul><li>a<ul><li>b</li></ul></li></ul>"}) == [
        ("delete", "list_item"), ("insert", "list_item")]


def test_markup_that_renders_the_same_is_no_change() -> None:
    assert changes("note", {"html": "<p>Work is <b>force</b>  times\n distance.</p>"},
                   {"html": "<p>Work is <strong>for</strong><strong>ce</strong> times "
                            "distance.</p>"}) == []


def test_blocks_carry_marks_links_levels_and_sources() -> None:
    heading, paragraph, item, nested, formula = html_blocks(
        '<h3>Power</h3><p>See <a href="https://example.org"><em>this</em></a>.</p>'
        '<ol><li>one<ul><li>two</li></ul></li></ol>'
        '<div data-type="block-math" data-latex="P = Fv"></div>')
    assert (heading.kind, heading.level) == (BlockKind.HEADING, 3)
    link = paragraph.inlines[1]
    assert (link.text, link.href, set(link.marks)) == (
        "this", "https://example.org", {Mark.ITALIC, Mark.LINK})
    assert (item.ordered, item.level, nested.ordered, nested.level) == (True, 1, False, 2)
    assert (formula.kind, formula.source) == (BlockKind.FORMULA, "P = Fv")


def test_question_diffs_show_answers_and_hints() -> None:
    base = {"type": "single_choice", "prompt": "<p>Pick one</p>", "explanation": "",
            "choices": [{"id": "a", "text": "Yes"}, {"id": "b", "text": "No"}],
            "correct": ["a"]}
    assert changes("question", base, {**base, "correct": ["b"]}) == [
        ("delete", "choice"), ("delete", "choice"), ("insert", "choice"), ("insert", "choice")]
    assert changes("question", base, {**base, "hints": ["Think of the sign."]}) == [
        ("insert", "section"), ("insert", "hint")]


def test_a_simulation_moved_to_another_address_is_a_change() -> None:
    old = {"url": PHET, "title": "Skate park"}
    assert changes("simulation", old, {**old, "url": PHET + "?screens=1"}) == [
        ("delete", "simulation"), ("insert", "simulation")]


def test_a_block_reads_as_one_line_for_terminals() -> None:
    heading, formula = html_blocks(
        '<h2>Power</h2><div data-type="block-math" data-latex="P = Fv"></div>')
    assert (block_text(heading), block_text(formula)) == ("heading 2: Power", "formula: P = Fv")
