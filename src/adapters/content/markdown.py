"""Markdown with LaTeX formulas, rendered to the HTML lesson text uses (markdown-it-py).

Formulas become the rich-text editor's formula nodes, so every client shows them the way it
shows formulas in lessons (KaTeX over ``data-latex``) and the stored HTML goes through the
lesson sanitiser like any note:

- ``$...$`` and ``\\(...\\)``: ``<span data-type="inline-math" data-latex="...">``;
- ``$$...$$`` and ``\\[...\\]`` on lines of their own: ``<div data-type="block-math" ...>``.

A ``$`` opens a formula only when no space follows it and closes one only when no space
precedes it and no digit follows it (Pandoc's rule), so "it costs $5 or $10" stays text; ``\\$``
is a dollar sign. Raw HTML in the source is shown as text, never interpreted.
"""

from html import escape

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from edu_core.ports.content import HtmlSanitizer

# Longer formulas are left as text (the sanitiser refuses longer ``data-latex`` anyway).
MAX_FORMULA = 5000


def _closing_dollar(src: str, start: int, end: int) -> int:
    """Where the ``$`` closing an inline formula that starts at ``start`` is, or -1."""
    at = start
    while True:
        at = src.find("$", at, end)
        if at < 0:
            return -1
        if src[at - 1] == "\\":
            at += 1
            continue
        if src[at - 1].isspace() or (at + 1 < end and src[at + 1].isdigit()):
            at += 1
            continue
        return at


def _inline_math(state: StateInline, silent: bool) -> bool:
    src, pos, end = state.src, state.pos, state.posMax
    if src.startswith("\\(", pos):
        close = src.find("\\)", pos + 2, end)
        if close < 0:
            return False
        latex, after = src[pos + 2:close], close + 2
    elif src.startswith("$$", pos):
        close = src.find("$$", pos + 2, end)
        if close < 0:
            return False
        latex, after = src[pos + 2:close], close + 2
    elif src[pos] == "$":
        if pos + 1 >= end or src[pos + 1].isspace():
            return False
        close = _closing_dollar(src, pos + 1, end)
        if close < 0:
            return False
        latex, after = src[pos + 1:close], close + 1
    else:
        return False
    latex = latex.strip()
    if not latex or len(latex) > MAX_FORMULA:
        return False
    if not silent:
        token = state.push("math_inline", "span", 0)
        token.content = latex
        token.markup = "$"
    state.pos = after
    return True


_BLOCK_FENCES = (("$$", "$$"), ("\\[", "\\]"))


def _block_math(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    begin = state.bMarks[start_line] + state.tShift[start_line]
    line_end = state.eMarks[start_line]
    if state.sCount[start_line] - state.blkIndent >= 4:
        return False  # an indented code block
    text = state.src[begin:line_end]
    fence = next(((o, c) for o, c in _BLOCK_FENCES if text.startswith(o)), None)
    if fence is None:
        return False
    opening, closing = fence
    first = text[len(opening):]
    if first.rstrip().endswith(closing) and first.strip() != "":
        # One line: $$ ... $$
        latex, last_line = first.rstrip()[:-len(closing)], start_line
    else:
        lines, last_line, found = [first], start_line, False
        while last_line + 1 < end_line:
            last_line += 1
            begin = state.bMarks[last_line] + state.tShift[last_line]
            row = state.src[begin:state.eMarks[last_line]]
            if row.rstrip().endswith(closing):
                lines.append(row.rstrip()[:-len(closing)])
                found = True
                break
            lines.append(row)
        if not found:
            return False
        latex = "\n".join(lines)
    latex = latex.strip()
    if not latex or len(latex) > MAX_FORMULA:
        return False
    if silent:
        return True
    state.line = last_line + 1
    token = state.push("math_block", "div", 0)
    token.block = True
    token.content = latex
    token.markup = opening
    token.map = [start_line, state.line]
    return True


def _render_inline(renderer: RendererHTML, tokens: list[Token], idx: int,
                   options: OptionsDict, env: EnvType) -> str:
    return f'<span data-type="inline-math" data-latex="{escape(tokens[idx].content)}"></span>'


def _render_block(renderer: RendererHTML, tokens: list[Token], idx: int,
                  options: OptionsDict, env: EnvType) -> str:
    return f'<div data-type="block-math" data-latex="{escape(tokens[idx].content)}"></div>\n'


def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("escape", "math_inline", _inline_math)
    md.block.ruler.before("fence", "math_block", _block_math,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.add_render_rule("math_inline", _render_inline)
    md.add_render_rule("math_block", _render_block)
    return md


class MarkdownItRenderer:
    """Markdown source to lesson-text HTML, cleaned by the lesson sanitiser (which also keeps
    only images uploaded for lessons and makes every link ``rel="noopener noreferrer
    nofollow"``)."""

    def __init__(self, sanitizer: HtmlSanitizer) -> None:
        self._md = markdown_parser()
        self._sanitizer = sanitizer

    def render(self, markdown: str) -> str:
        return self._sanitizer.clean(self._md.render(markdown)).strip()
