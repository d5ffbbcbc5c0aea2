"""How a handwritten body in a content response is filled: the stored body names a document
(``{"document_id"}``); on the way out it gets the document's status, pages and freshly signed
links (found by ``adapters.http.content.media_bodies``), so stored bodies never hold a link that
expires.

Whoever receives the body was already allowed to read the item by the content use case that
answered; the document is shown because the item names it.
"""

from adapters.http.content.bodies import HandwrittenBody, HandwrittenPage
from edu_core.application.handwritten import DocumentView


def fill_document(body: HandwrittenBody, view: DocumentView | None) -> None:
    if view is None:  # deleted since: shown as unavailable, never as someone else's
        body.status, body.pages, body.page_count = "failed", [], 0
        body.pdf_url = body.source_type = None
        return
    document = view.document
    body.status, body.source_type = document.status.value, document.source_type.value
    body.page_count, body.pdf_url = document.page_count, view.pdf_url
    body.pages = [HandwrittenPage(number=p.page.number, width=p.page.width,
                                  height=p.page.height, image_url=p.image_url,
                                  thumbnail_url=p.thumbnail_url) for p in view.pages]
