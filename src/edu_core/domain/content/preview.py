"""What a visitor reads of a lesson before signing up: its opening.

A note is cut between top-level blocks of its (already sanitised) HTML, never inside one, so
the preview is itself well-formed markup and a formula is never split. Questions show their
learner view (the prompt and choices, never an answer); simulations their embed.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from edu_core.domain.content.kinds import ContentKindSpec, NoteKind

PREVIEW_CHARS = 600
_VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "source", "wbr"})


class _TopLevelBlocks(HTMLParser):
    """Offsets where each top-level node starts, and the text read before it."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0]
        for n, ch in enumerate(source):
            if ch == "\n":
                self._line_starts.append(n + 1)
        self.depth = 0
        self.text = 0
        self.starts: list[tuple[int, int]] = []  # (offset, text length before it)

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.starts.append((self._offset(), self.text))
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.depth == 0:
            self.starts.append((self._offset(), self.text))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and data.strip():
            self.starts.append((self._offset(), self.text))
        self.text += len(data.strip())


def html_preview(html: str, max_chars: int = PREVIEW_CHARS) -> tuple[str, bool]:
    """The leading top-level blocks of ``html`` holding about ``max_chars`` characters of text
    (at least the first block), and whether anything was left out."""
    parser = _TopLevelBlocks(html)
    parser.feed(html)
    parser.close()
    for offset, before in parser.starts[1:]:
        if before >= max_chars:
            return html[:offset].rstrip(), True
    return html, False


@dataclass(frozen=True)
class Preview:
    body: dict[str, Any]
    truncated: bool


def preview_body(kind: ContentKindSpec, body: Mapping[str, Any],
                 max_chars: int = PREVIEW_CHARS) -> Preview:
    view = kind.learner_view(body)
    if isinstance(kind, NoteKind):
        opening, truncated = html_preview(str(view.get("html", "")), max_chars)
        return Preview({**view, "html": opening}, truncated)
    return Preview(view, False)
