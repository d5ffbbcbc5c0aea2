"""Server-side HTML sanitising of lesson text (nh3, the Rust ammonia sanitiser).

An allow-list, never a block-list: what is not listed here is dropped. Mentors' HTML reaches
every learner, so it is cleaned when saved; the web client renders it as is.
"""

import re
from collections.abc import Sequence

import nh3

from edu_core.domain.content.kinds import SimulationKind
from edu_core.domain.errors import InvalidInput
from edu_core.domain.files import (
    FILE_REFERENCE_PREFIX,
    content_image_key_of,
    content_image_reference,
)

TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span", "blockquote",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small", "abbr",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "code", "pre", "kbd", "samp", "figure", "figcaption", "a", "img",
})
# Dropped together with everything inside them, not just unwrapped.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "svg", "math", "iframe", "frame", "frameset", "object", "embed",
    "applet", "template", "noscript", "noembed", "noframes", "textarea", "select", "title",
    "xmp", "plaintext", "head", "meta", "link", "base", "form", "button", "input",
})
ATTRIBUTES = {
    "*": {"class", "title", "lang", "dir"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "span": {"data-latex", "data-type"},
    # A simulation placed inside a note: the reader's client turns it into a sandboxed frame.
    "div": {"data-latex", "data-type", "data-src", "data-title"},
    "ol": {"start", "type"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "abbr": set(),
}
URL_SCHEMES = frozenset({"https", "http", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Math rendering (KaTeX), code highlighting and a few layout hints; nothing that can restyle
# the page around the lesson.
_CLASS = re.compile(r"^(math|math-inline|math-display|language-[a-z0-9+#-]{1,30}|"
                    r"align-(left|center|right)|note-(info|warning|tip))$")
# KaTeX commands that load URLs or inject HTML attributes even when rendering is untrusted.
_UNSAFE_LATEX = re.compile(r"\\(href|url|includegraphics|html[A-Za-z]*)\b")
# The editor marks formula nodes this way (TipTap's mathematics extension); nothing else.
_DATA_TYPES = frozenset({"inline-math", "block-math", "simulation"})
# The same host allow-list as simulation items: a note cannot embed what an item could not.
_SIMULATIONS = SimulationKind()


def _simulation_source(value: str) -> str | None:
    try:
        return _SIMULATIONS.check_url(value)
    except InvalidInput:
        return None
_NUMBER = re.compile(r"^[0-9]{1,4}$")
_LIST_TYPE = frozenset({"1", "a", "A", "i", "I"})
_SCOPE = frozenset({"row", "col", "rowgroup", "colgroup"})
_DIR = frozenset({"ltr", "rtl", "auto"})
_LANG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _image_source(value: str, link_prefixes: Sequence[str]) -> str | None:
    # Only images uploaded for lessons (``content/`` keys, served from /files/ or signed by the
    # object store): the Content-Security-Policy allows no other image origin, a third-party
    # image would tell its host who reads the lesson, and any other upload (a verification
    # document) is private. A signed link is stored as its stable reference: the signature
    # expires, the lesson does not; responses sign it afresh. Never data:, blob:, or a
    # protocol-relative URL.
    for prefix in link_prefixes:
        if value.startswith(prefix):
            value = FILE_REFERENCE_PREFIX + value[len(prefix):]
            break
    key = content_image_key_of(value)
    return content_image_reference(key) if key is not None else None


# Browsers read a backslash as a slash in web addresses and drop tabs and line breaks, so
# "/\\evil.example" or "/<tab>/evil.example" would leave the site while looking like a path.
_URL_AMBIGUOUS = re.compile(r"[\\\x00-\x20\x7f]")


def _link_target(value: str) -> str | None:
    value = value.strip()
    if _URL_AMBIGUOUS.search(value):
        return None
    lowered = value.lower()
    if lowered.startswith(("https://", "http://", "mailto:", "#")):
        return value
    if value.startswith("/") and not value.startswith("//"):
        return value
    return None


def _filter(element: str, attribute: str, value: str,
            link_prefixes: Sequence[str] = ()) -> str | None:
    if attribute == "class":
        kept = [c for c in value.split() if _CLASS.match(c)]
        return " ".join(kept) or None
    if attribute == "data-latex":
        return None if _UNSAFE_LATEX.search(value) or len(value) > 5000 else value
    if attribute == "data-type":
        return value if value in _DATA_TYPES else None
    if attribute == "data-src":
        return _simulation_source(value)
    if attribute == "data-title":
        return value[:200]
    if attribute == "src":
        return _image_source(value, link_prefixes)
    if attribute == "href":
        return _link_target(value)
    if attribute in ("width", "height", "colspan", "rowspan", "start", "span"):
        return value if _NUMBER.match(value) else None
    if attribute == "type":
        return value if value in _LIST_TYPE else None
    if attribute == "scope":
        return value if value in _SCOPE else None
    if attribute == "dir":
        return value if value in _DIR else None
    if attribute == "lang":
        return value if _LANG.match(value) else None
    return value


class Nh3HtmlSanitizer:
    """``link_prefixes``: absolute URL prefixes of the object store's signed links (see
    ``Settings.blob_link_prefixes``); local storage's ``/files/`` links need none."""

    def __init__(self, link_prefixes: Sequence[str] = ()) -> None:
        prefixes = tuple(link_prefixes)
        self._cleaner = nh3.Cleaner(
            tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            attribute_filter=lambda element, attribute, value: _filter(
                element, attribute, value, prefixes),
            strip_comments=True, link_rel=LINK_REL,
            url_schemes=set(URL_SCHEMES))

    def clean(self, html: str) -> str:
        # A NUL can make parsers disagree about where a tag ends; it has no place in text.
        # Lone surrogates cannot be encoded for the parser at all.
        text = html.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
        return self._cleaner.clean(text)
