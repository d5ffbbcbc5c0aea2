"""A normalised block model of content documents, for comparing versions.

Reviewers must see every change a learner would see: a new simulation, an image swapped for
another, a formula edited, a word made bold, a row added to a table. Comparing the text
rendering misses all of those, so a version is read into a flat list of blocks (paragraphs,
headings, list items, table rows, formulas, images, embeds, and the fields of a question),
each carrying its inline content with marks. Two documents that render the same compare equal
(adjacent runs with the same marks merge, whitespace collapses); any visible difference makes
the blocks differ.

The input is HTML already sanitised against the platform's allow-list, so the reader only has
to understand the tags that allow-list lets through.
"""

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from html.parser import HTMLParser


class BlockKind(StrEnum):
    TITLE = "title"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_ROW = "table_row"
    CODE = "code"
    QUOTE = "quote"
    FORMULA = "formula"
    IMAGE = "image"
    SIMULATION = "simulation"
    RULE = "rule"
    SECTION = "section"  # a labelled part of a structured body ("Explanation", "Hints")
    FIELD = "field"  # one labelled value ("Question type", "Answer")
    CHOICE = "choice"  # a choice of a question, with whether it is correct
    HINT = "hint"


class Mark(StrEnum):
    BOLD = "bold"
    ITALIC = "italic"
    UNDERLINE = "underline"
    STRIKE = "strike"
    CODE = "code"
    SUBSCRIPT = "subscript"
    SUPERSCRIPT = "superscript"
    HIGHLIGHT = "highlight"
    LINK = "link"


class InlineKind(StrEnum):
    TEXT = "text"
    FORMULA = "formula"


@dataclass(frozen=True, slots=True)
class Inline:
    """A run of text with the same marks, or an inline formula (``text`` is its LaTeX)."""

    text: str
    kind: InlineKind = InlineKind.TEXT
    marks: tuple[Mark, ...] = ()
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    inlines: tuple[Inline, ...] = ()
    cells: tuple[tuple[Inline, ...], ...] = ()  # table rows
    level: int = 0  # heading level; nesting depth of a list item
    ordered: bool = False  # a list item of a numbered list
    header: bool = False  # a table row of header cells
    label: str = ""  # section and field names, a choice's id, a code block's language
    source: str = ""  # a formula's LaTeX, an image's stored address, a simulation's address
    alt: str = ""  # an image's alternative text, a simulation's title
    correct: bool | None = None  # choices only


def text_block(kind: BlockKind, text: str, *, label: str = "",
               correct: bool | None = None) -> Block:
    """A block of plain text (fields of structured bodies)."""
    clean = " ".join(text.split())
    return Block(kind, (Inline(clean),) if clean else (), label=label, correct=correct)


_MARK_TAGS = {"strong": Mark.BOLD, "b": Mark.BOLD, "em": Mark.ITALIC, "i": Mark.ITALIC,
              "u": Mark.UNDERLINE, "s": Mark.STRIKE, "code": Mark.CODE, "kbd": Mark.CODE,
              "samp": Mark.CODE, "sub": Mark.SUBSCRIPT, "sup": Mark.SUPERSCRIPT,
              "mark": Mark.HIGHLIGHT, "a": Mark.LINK}
_TEXT_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
                          "figcaption", "caption", "pre"})
_SECTIONS = frozenset({"div", "blockquote", "ul", "ol", "dl", "figure", "table", "thead",
                       "tbody", "tfoot"})
_LANGUAGE = re.compile(r"language-([a-z0-9+#-]+)")


def _merge(inlines: Sequence[Inline], *, keep_space: bool = False) -> tuple[Inline, ...]:
    """Adjacent text runs with the same marks merged; whitespace collapsed and trimmed."""
    merged: list[Inline] = []
    for inline in inlines:
        if inline.kind is InlineKind.TEXT and not keep_space:
            inline = replace(inline, text=re.sub(r"\s+", " ", inline.text))
        last = merged[-1] if merged else None
        if (last is not None and inline.kind is InlineKind.TEXT and last.kind is InlineKind.TEXT
                and (last.marks, last.href) == (inline.marks, inline.href)):
            merged[-1] = replace(last, text=last.text + inline.text)
        elif inline.text:
            merged.append(inline)
    if not keep_space:
        if merged and merged[0].kind is InlineKind.TEXT:
            merged[0] = replace(merged[0], text=merged[0].text.lstrip())
        if merged and merged[-1].kind is InlineKind.TEXT:
            merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
        merged = [m for m in merged if m.text]
    return tuple(merged)


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    mark: Mark | None = None


@dataclass
class _Reader(HTMLParser):
    blocks: list[Block] = field(default_factory=list)
    _inlines: list[Inline] = field(default_factory=list)
    _current: Block | None = None  # the text block being filled, without its inlines
    _open: list[_Open] = field(default_factory=list)
    _lists: list[bool] = field(default_factory=list)  # ordered?, innermost last
    _quote: int = 0
    _row: list[tuple[Inline, ...]] | None = None
    _row_header: bool = True
    _cell: list[Inline] | None = None
    _skip: tuple[str, int] | None = None  # inside a formula or embed: (tag, depth)
    _pre: int = 0

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    # -- output --------------------------------------------------------------------------

    def _flush(self) -> None:
        inlines = _merge(self._inlines, keep_space=bool(self._pre))
        kind = self._current or Block(BlockKind.QUOTE if self._quote else BlockKind.PARAGRAPH)
        if self._pre and inlines:
            inlines = tuple(replace(i, marks=tuple(m for m in i.marks if m is not Mark.CODE))
                            for i in inlines)
            inlines = _merge(inlines, keep_space=True)
            text = "".join(i.text for i in inlines).strip("\n")
            inlines = (Inline(text),) if text else ()
        if inlines:
            self.blocks.append(replace(kind, inlines=inlines))
        self._inlines = []
        self._current = None

    def _emit(self, block: Block) -> None:
        self._flush()
        self.blocks.append(block)

    def _marks(self) -> tuple[Mark, ...]:
        marks = {o.mark for o in self._open if o.mark is not None}
        if self._pre:
            marks.discard(Mark.CODE)
        return tuple(sorted(marks))

    def _href(self) -> str | None:
        links = [o.attrs.get("href") for o in self._open if o.mark is Mark.LINK]
        return links[-1] if links else None

    def _add(self, inline: Inline) -> None:
        (self._cell if self._cell is not None else self._inlines).append(inline)

    # -- parsing -------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self._skip is not None:
            if tag == self._skip[0]:
                self._skip = (tag, self._skip[1] + 1)
            return
        if values.get("data-latex") and tag in ("span", "div"):
            display = (tag == "div" or values.get("data-type") == "block-math"
                       or "math-display" in values.get("class", "").split())
            if display and self._cell is None:
                self._emit(Block(BlockKind.FORMULA, source=values["data-latex"]))
            else:
                self._add(Inline(values["data-latex"], InlineKind.FORMULA))
            self._skip = (tag, 1)
            return
        if tag == "div" and values.get("data-type") == "simulation":
            self._emit(Block(BlockKind.SIMULATION, source=values.get("data-src", ""),
                             alt=values.get("data-title", "")))
            self._skip = (tag, 1)
            return
        if tag == "img":
            if self._cell is not None:
                self._add(Inline(f"[image: {values.get('alt') or values.get('src', '')}]"))
            else:
                self._emit(Block(BlockKind.IMAGE, source=values.get("src", ""),
                                 alt=values.get("alt", "")))
            return
        if tag == "hr":
            self._emit(Block(BlockKind.RULE))
            return
        if tag == "br":
            self._add(Inline("\n" if self._pre else " ", marks=self._marks()))
            return
        self._open.append(_Open(tag, values, _MARK_TAGS.get(tag)))
        if tag in ("ul", "ol"):
            self._flush()
            self._lists.append(tag == "ol")
        elif tag == "blockquote":
            self._flush()
            self._quote += 1
        elif tag == "tr":
            self._flush()
            self._row, self._row_header = [], True
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._row_header = self._row_header and tag == "th"
        elif tag in _TEXT_BLOCKS:
            self._flush()
            if tag.startswith("h") and tag[1:].isdigit():
                self._current = Block(BlockKind.HEADING, level=int(tag[1:]))
            elif tag == "li":
                self._current = Block(BlockKind.LIST_ITEM, level=max(len(self._lists), 1),
                                      ordered=bool(self._lists and self._lists[-1]))
            elif tag == "pre":
                self._pre += 1
                self._current = Block(BlockKind.CODE)
            elif self._quote:
                self._current = Block(BlockKind.QUOTE)
        elif tag == "code" and self._pre:
            found = _LANGUAGE.search(values.get("class", ""))
            if found and self._current is not None:
                self._current = replace(self._current, label=found.group(1))
        elif tag in _SECTIONS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("img", "hr", "br"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip is not None:
            if tag == self._skip[0]:
                depth = self._skip[1] - 1
                self._skip = (tag, depth) if depth else None
            return
        if not any(o.tag == tag for o in self._open):
            return  # a stray end tag: nothing to close
        while self._open:
            closed = self._open.pop()
            self._closed(closed.tag)
            if closed.tag == tag:
                break

    def _closed(self, tag: str) -> None:
        if tag in ("ul", "ol"):
            self._flush()
            if self._lists:
                self._lists.pop()
        elif tag == "blockquote":
            self._flush()
            self._quote = max(self._quote - 1, 0)
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(_merge(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if any(self._row):
                self.blocks.append(Block(BlockKind.TABLE_ROW, cells=tuple(self._row),
                                         header=self._row_header))
            self._row = None
        elif tag in _TEXT_BLOCKS:
            self._flush()
            if tag == "pre":
                self._pre = max(self._pre - 1, 0)
        elif tag in _SECTIONS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skip is not None:
            return
        if self._row is not None and self._cell is None:
            return  # whitespace between cells
        self._add(Inline(data, marks=self._marks(), href=self._href()))


def html_blocks(html: str) -> list[Block]:
    """The blocks of sanitised lesson HTML, in reading order."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader._flush()
    return reader.blocks


class DiffOp(StrEnum):
    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class DiffLine:
    op: DiffOp
    block: Block


def diff_blocks(old: Sequence[Block], new: Sequence[Block]) -> list[DiffLine]:
    """Every block of both documents in reading order, marked equal, deleted or inserted.
    A changed block is its old form deleted followed by its new form inserted."""
    lines: list[DiffLine] = []
    matcher = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            lines += [DiffLine(DiffOp.EQUAL, b) for b in new[j1:j2]]
            continue
        lines += [DiffLine(DiffOp.DELETE, b) for b in old[i1:i2]]
        lines += [DiffLine(DiffOp.INSERT, b) for b in new[j1:j2]]
    return lines


def _inline_text(inlines: Sequence[Inline]) -> str:
    return "".join(f"${i.text}$" if i.kind is InlineKind.FORMULA else i.text for i in inlines)


def block_text(block: Block) -> str:
    """One line for a block, for terminals and logs: ``heading 2: Power``."""
    if block.kind is BlockKind.TABLE_ROW:
        content = " | ".join(_inline_text(cell) for cell in block.cells)
    elif block.kind in (BlockKind.FORMULA, BlockKind.IMAGE, BlockKind.SIMULATION):
        content = " ".join(part for part in (block.alt, block.source) if part)
    else:
        content = _inline_text(block.inlines)
    name = block.kind.value.replace("_", " ")
    if block.kind is BlockKind.HEADING:
        name += f" {block.level}"
    if block.label:
        name += f" ({block.label}{', correct' if block.correct else ''})"
    return f"{name}: {content}" if content else name
