"""Images in lesson HTML: stable references in storage, signed links in responses.

Stored lesson HTML refers to an uploaded image only by its stable path,
``<img src="/files/content/<mentor>/<token>">`` (the sanitiser normalises signed links to it
on save), because a signed link expires and a lesson does not. Every response that carries
lesson HTML goes through ``ImageLinks.sign`` on its way out, which swaps each such path for a
freshly signed link the browser can load right away (``/files/...?expires=...&sig=...`` from
local storage: same origin, so the CSP's ``img-src 'self'`` holds).

Only keys under ``content/`` are ever signed: HTML stored before images were restricted to
them cannot turn into a working link to someone's verification document. The HTML is found
with the standard library's HTML parser (never a regex over the whole document), so an
``<img`` inside text, a comment or another attribute's value is left alone.

``with_signed_images`` puts the content controllers behind one ``after_request`` hook that
does this, so the controllers and the application layer stay unaware of links.
"""

import html
import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any, TypeVar

import msgspec
from litestar import Response, Router
from litestar.datastructures import State
from litestar.types import ControllerRouterHandler

from edu_core.domain.files import content_image_key_of
from edu_core.ports.clock import Clock
from edu_core.ports.storage import BlobStorage

T = TypeVar("T")

# A link stays valid for at least LINK_TTL (a lesson left open in a tab keeps its images) and
# at most LINK_TTL + LINK_GRANULARITY: expiries are rounded up to whole granules, so the same
# image gets the same URL for a while and browsers can cache it.
LINK_TTL = timedelta(hours=4)
LINK_GRANULARITY = timedelta(hours=1)
# Body fields that hold sanitised lesson HTML (note: html; question: prompt, explanation).
HTML_FIELDS = frozenset({"html", "prompt", "explanation"})

# One attribute of a start tag: a name, then optionally "=" and a quoted or bare value.
_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_SEPARATORS = re.compile(r"[\s/]*")
_NEWLINE = re.compile("\n")  # the only line break HTMLParser.getpos() counts


class _ImageTags(HTMLParser):
    """Collects each ``<img>`` start tag: where it starts, its source text, its ``src``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            src = next((value for name, value in attrs if name == "src"), None)
            self.found.append((self.getpos(), self.get_starttag_text() or "", src))


def _src_span(tag_text: str) -> tuple[int, int, str] | None:
    """Where the first ``src`` attribute's value (quotes included) sits in a start tag, and
    its decoded value."""
    position = len("<img")
    while True:
        separators = _SEPARATORS.match(tag_text, position)  # always matches: all of it is optional
        position = separators.end() if separators else position
        match = _ATTRIBUTE.match(tag_text, position)
        if match is None:
            return None
        name, raw = match.group(1), match.group(2)
        if name.lower() == "src":
            if raw is None:
                return None
            value = raw[1:-1] if raw[:1] in ("'", '"') else raw
            return match.start(2), match.end(2), html.unescape(value)
        position = match.end()


def image_sources(text: str) -> list[tuple[int, int, str]]:
    """The ``src`` of each ``<img>`` in ``text``: where its value (quotes included) sits, and
    the value decoded."""
    if "<img" not in text.lower():
        return []
    parser = _ImageTags()
    parser.feed(text)
    parser.close()
    line_starts = [0, *(newline.end() for newline in _NEWLINE.finditer(text))]
    found = []
    for (line, column), tag_text, src in parser.found:
        if src is None:
            continue
        start = line_starts[line - 1] + column
        if not text.startswith(tag_text, start):
            continue
        span = _src_span(tag_text)
        if span is None or span[2] != src:
            continue  # the tag reads differently than the parser saw it: leave it alone
        found.append((start + span[0], start + span[1], src))
    return found


def rewrite_image_sources(text: str, replace: Callable[[str], str | None]) -> str:
    """``text`` with the ``src`` of each ``<img>`` replaced by ``replace(src)`` (unchanged
    where that is None), escaped for a double-quoted attribute."""
    for begin, end, src in reversed(image_sources(text)):
        new = replace(src)
        if new is not None and new != src:
            text = text[:begin] + '"' + html.escape(new, quote=True) + '"' + text[end:]
    return text


def content_image_keys(text: str) -> set[str]:
    """The keys of the content images an HTML text shows."""
    keys = (content_image_key_of(src) for _, _, src in image_sources(text))
    return {key for key in keys if key is not None}


def _map_html(value: Any, fn: Callable[[str], str], field: str | None = None) -> Any:
    """``value`` with ``fn`` applied to every string held by a field named in ``HTML_FIELDS``,
    in structs, dicts and lists at any depth; unchanged parts are shared, never mutated."""
    if isinstance(value, str):
        return fn(value) if field in HTML_FIELDS else value
    if isinstance(value, msgspec.Struct):
        changes = {}
        for name in value.__struct_fields__:
            old = getattr(value, name)
            new = _map_html(old, fn, name)
            if new is not old:
                changes[name] = new
        return msgspec.structs.replace(value, **changes) if changes else value
    if isinstance(value, dict):
        mapped = {k: _map_html(v, fn, k if isinstance(k, str) else None)
                  for k, v in value.items()}
        return mapped if any(mapped[k] is not value[k] for k in value) else value
    if isinstance(value, list | tuple):
        items = [_map_html(v, fn, field) for v in value]
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return type(value)(items) if isinstance(value, tuple) else items
        return value
    return value


class ImageLinks:
    def __init__(self, storage: BlobStorage, clock: Clock, *, ttl: timedelta = LINK_TTL,
                 granularity: timedelta = LINK_GRANULARITY) -> None:
        self._storage = storage
        self._clock = clock
        self._ttl = int(ttl.total_seconds())
        self._granularity = max(1, int(granularity.total_seconds()))

    def __deepcopy__(self, memo: dict[int, Any]) -> "ImageLinks":
        # Litestar deep-copies a router's hooks when it registers them; this object only holds
        # shared services (the S3 client carries locks and a connection pool), so the copy is
        # the object itself.
        return self

    def _lifetime(self) -> timedelta:
        now = int(self._clock.now().timestamp())
        expires = -(-(now + self._ttl) // self._granularity) * self._granularity
        return timedelta(seconds=expires - now)

    async def url(self, key: str) -> str:
        """A link to the content image under ``key`` that a browser can load now."""
        return await self._storage.signed_url(key, expires_in=self._lifetime())

    async def urls(self, keys: Iterable[str]) -> dict[str, str]:
        lifetime = self._lifetime()
        return {key: await self._storage.signed_url(key, expires_in=lifetime)
                for key in sorted(set(keys))}

    async def sign_html(self, text: str) -> str:
        return await self.sign(text, field="html")

    async def sign(self, value: T, *, field: str | None = None) -> T:
        """``value`` (a response struct, a body dict, ...) with every content image in its
        lesson HTML pointing at a freshly signed link."""
        keys: set[str] = set()

        def collect(text: str) -> str:
            keys.update(content_image_keys(text))
            return text

        _map_html(value, collect, field)
        if not keys:
            return value
        links = await self.urls(keys)

        def swap(src: str) -> str | None:
            key = content_image_key_of(src)
            return links.get(key) if key is not None else None

        signed: T = _map_html(value, lambda text: rewrite_image_sources(text, swap), field)
        return signed

    async def after_request(self, response: Response[Any]) -> Response[Any]:
        """Litestar ``after_request`` hook: signs the images of whatever a handler returned."""
        response.content = await self.sign(response.content)
        return response


ResponseHook = Callable[[Response[Any]], Awaitable[Response[Any]]]


class _Hooks:
    """Several ``after_request`` hooks as one (a layer takes only one)."""

    def __init__(self, hooks: Sequence[ResponseHook]) -> None:
        self._hooks = list(hooks)

    def __deepcopy__(self, memo: dict[int, Any]) -> "_Hooks":
        return self

    async def __call__(self, response: Response[Any]) -> Response[Any]:
        for hook in self._hooks:
            response = await hook(response)
        return response


def with_signed_images(storage: BlobStorage, clock: Clock,
                       route_handlers: Sequence[ControllerRouterHandler],
                       also: Sequence[ResponseHook] = ()) -> Router:
    """``route_handlers`` behind a router whose responses show lesson images through freshly
    signed links. Every route that answers with lesson HTML belongs in here. ``also``: more
    hooks that complete content bodies on their way out (before images are signed)."""
    hook = _Hooks([*also, ImageLinks(storage, clock).after_request])
    return Router(path="/", route_handlers=list(route_handlers), after_request=hook)


def provide_image_links(state: State) -> ImageLinks:
    container = state.container
    return ImageLinks(container.storage(), container.clock())
