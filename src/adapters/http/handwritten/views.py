"""Handwritten content bodies in responses: the stored body names a document
(``{"document_id"}``); on the way out every ``HandwrittenBody`` gets the document's status,
pages and freshly signed links, so stored bodies never hold a link that expires.

Whoever receives the body was already allowed to read the item by the content use case that
answered; the document is shown because the item names it.
"""

from collections.abc import Callable
from typing import Any

import msgspec
from litestar import Response

from adapters.http.content.bodies import HandwrittenBody, HandwrittenPage
from edu_core.application.handwritten import DocumentView, HandwrittenService


def _walk(value: Any, fn: Callable[[HandwrittenBody], HandwrittenBody]) -> Any:
    """``value`` with ``fn`` applied to every ``HandwrittenBody`` in it, at any depth;
    unchanged parts are shared, never mutated."""
    if isinstance(value, HandwrittenBody):
        return fn(value)
    if isinstance(value, msgspec.Struct):
        changes = {}
        for name in value.__struct_fields__:
            old = getattr(value, name)
            new = _walk(old, fn)
            if new is not old:
                changes[name] = new
        return msgspec.structs.replace(value, **changes) if changes else value
    if isinstance(value, list | tuple):
        items = [_walk(v, fn) for v in value]
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return type(value)(items) if isinstance(value, tuple) else items
        return value
    if isinstance(value, dict):
        mapped = {k: _walk(v, fn) for k, v in value.items()}
        return mapped if any(mapped[k] is not value[k] for k in value) else value
    return value


def _filled(body: HandwrittenBody, view: DocumentView | None) -> HandwrittenBody:
    if view is None:  # deleted since: shown as unavailable, never as someone else's
        return msgspec.structs.replace(body, status="failed", pages=[], page_count=0,
                                       pdf_url=None, source_type=None)
    document = view.document
    return msgspec.structs.replace(
        body, status=document.status.value, source_type=document.source_type.value,
        page_count=document.page_count, pdf_url=view.pdf_url,
        pages=[HandwrittenPage(number=p.page.number, width=p.page.width, height=p.page.height,
                               image_url=p.image_url, thumbnail_url=p.thumbnail_url)
               for p in view.pages])


class HandwrittenBodies:
    def __init__(self, handwritten: HandwrittenService) -> None:
        self._handwritten = handwritten

    def __deepcopy__(self, memo: dict[int, Any]) -> "HandwrittenBodies":
        return self  # Litestar copies hooks; this holds only a shared service

    async def fill(self, value: Any) -> Any:
        ids = []

        def collect(body: HandwrittenBody) -> HandwrittenBody:
            ids.append(body.document_id)
            return body

        _walk(value, collect)
        if not ids:
            return value
        views = await self._handwritten.views(ids)
        return _walk(value, lambda body: _filled(body, views.get(body.document_id)))

    async def after_request(self, response: Response[Any]) -> Response[Any]:
        response.content = await self.fill(response.content)
        return response
