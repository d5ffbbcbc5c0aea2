"""What people type into the forum: titles, Markdown bodies, reasons, and the body as it is
kept (the Markdown source for editing, the sanitised HTML every client shows, plain text for
search and excerpts)."""

import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

from edu_core.domain.content.text import html_to_text
from edu_core.domain.forum.errors import InvalidPost

MIN_TITLE = 5
MAX_TITLE = 150
MAX_BODY = 20_000
MAX_QUOTE = 2_000
MAX_FLAG_REASON = 500
MAX_MODERATION_REASON = 1_000
EXCERPT_CHARS = 200


def _field_error(name: str, message: str) -> InvalidPost:
    return InvalidPost(message, details={"fields": {name: message}})


def _bad_character(c: str, *, multiline: bool) -> bool:
    kind = unicodedata.category(c)
    return kind == "Cs" or (kind == "Cc" and not (multiline and c in "\n\t"))


def clean_title(raw: str) -> str:
    """One line of 5 to 150 characters, whitespace collapsed."""
    title = " ".join(unicodedata.normalize("NFC", raw).split())
    if not MIN_TITLE <= len(title) <= MAX_TITLE or any(
            _bad_character(c, multiline=False) for c in title):
        raise _field_error("title", f"Use {MIN_TITLE} to {MAX_TITLE} characters on one line.")
    return title


def clean_text(raw: str, *, name: str, max_length: int, required: bool = True) -> str:
    """Multi-line text as typed: NFC, line breaks normalised, trimmed; tabs and line breaks are
    the only control characters kept."""
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if required and not text:
        raise _field_error(name, "Fill this in.")
    if len(text) > max_length or any(_bad_character(c, multiline=True) for c in text):
        raise _field_error(name, f"Use at most {max_length} characters, no control characters.")
    return text


def clean_markdown(raw: str) -> str:
    return clean_text(raw, name="body", max_length=MAX_BODY)


def quoted(quote: str, body: str) -> str:
    """``body`` after ``quote`` as a Markdown block quote: what "Ask about this" sends from a
    question (its prompt and the answer given)."""
    text = clean_text(quote, name="quote", max_length=MAX_QUOTE, required=False)
    if not text:
        return body
    lines = "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))
    return f"{lines}\n\n{body}"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def external_links(html: str) -> tuple[str, ...]:
    """The links of sanitised HTML that lead off the platform (http, https, mailto); paths
    on the platform itself (``/topics/...``) and anchors do not count."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return tuple(h for h in parser.hrefs if h.lower().startswith(("http:", "https:", "mailto:")))


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    space = flat.rfind(" ", 0, limit + 1)
    cut = flat[:space] if space > 0 else flat[:limit]
    return cut.rstrip(" ,;:") + " …"


@dataclass(frozen=True, slots=True)
class PostBody:
    markdown: str  # the source, as its author wrote it (what an edit starts from)
    html: str  # rendered and sanitised: what every client shows
    text: str  # readable plain text (formulas as text): search and excerpts

    @classmethod
    def of(cls, markdown: str, html: str) -> "PostBody":
        """``html`` must be ``markdown`` rendered by the platform's renderer and sanitiser."""
        return cls(markdown=markdown, html=html, text=html_to_text(html))

    @property
    def links(self) -> tuple[str, ...]:
        return external_links(self.html)
