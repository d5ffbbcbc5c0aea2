"""A readable plain-text rendering of (already sanitised) lesson HTML, for search and
excerpts: formulas read as text (``Eₖ = 1/2 m v²``), never as LaTeX source."""

import re
from html.parser import HTMLParser

from edu_core.domain.content.formulas import latex_to_text

_BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "pre",
                     "blockquote", "table", "thead", "tbody", "tfoot", "tr", "figure",
                     "figcaption", "hr", "dl", "dt", "dd", "caption"})
_HEADINGS = {f"h{n}": "#" * n for n in range(1, 7)}


class _TextRenderer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._math_depth = 0  # inside a math node: its LaTeX was emitted, skip the fallback
        self._math_tag = ""
        self._pre = 0
        self._links: list[str | None] = []
        self._cells = 0

    def _newline(self) -> None:
        self.parts.append("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self._math_depth:
            if tag == self._math_tag:
                self._math_depth += 1
            return
        if tag in ("span", "div") and values.get("data-latex"):
            # The editor's formula nodes: <span data-type="inline-math"> and
            # <div data-type="block-math">, a line of their own.
            if tag == "div":
                self._newline()
            self.parts.append(latex_to_text(values["data-latex"] or ""))
            self._math_depth, self._math_tag = 1, tag
            return
        if tag in _BLOCKS:
            self._newline()
        if tag in _HEADINGS:
            self.parts.append(_HEADINGS[tag] + " ")
        elif tag == "li":
            self.parts.append("- ")
        elif tag == "br":
            self._newline()
        elif tag == "tr":
            self._cells = 0
        elif tag in ("td", "th"):
            if self._cells:
                self.parts.append(" | ")
            self._cells += 1
        elif tag == "pre":
            self._pre += 1
        elif tag == "img":
            self.parts.append(f"[image: {values.get('alt') or values.get('src') or ''}]")
        elif tag == "a":
            self._links.append(values.get("href"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "img", "hr"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._math_depth:
            if tag == self._math_tag:
                self._math_depth -= 1
                if not self._math_depth and tag == "div":
                    self._newline()
            return
        if tag == "a" and self._links:
            href = self._links.pop()
            if href:
                self.parts.append(f" <{href}>")
        elif tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._math_depth:
            return
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    renderer = _TextRenderer()
    renderer.feed(html)
    renderer.close()
    lines = [line.rstrip() for line in "".join(renderer.parts).split("\n")]
    text = "\n".join(line if line.strip() else "" for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
