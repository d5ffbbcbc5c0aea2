"""The ``handwritten`` content kind (S18): scanned or photographed pages the author uploaded.

The stored document names the document of pages (``document_id``); that it is the author's,
and ready before review, is checked by the application, which can look documents up; responses
add the pages and their links when they are read, never stored.
"""

from collections.abc import Mapping
from typing import Any

from edu_core.domain.content.blocks import Block, BlockKind, text_block
from edu_core.domain.content.kinds import ContentKindName, ContentKindSpec, HtmlCleaner, id_field


class HandwrittenKind(ContentKindSpec):
    name = ContentKindName.HANDWRITTEN

    def validate(self, raw: Mapping[str, Any], clean_html: HtmlCleaner) -> dict[str, Any]:
        return {"document_id": str(id_field(raw, "document_id", "Give a document's id."))}

    def render_text(self, body: Mapping[str, Any]) -> str:
        return ""  # handwriting has no text to search or quote

    def blocks(self, body: Mapping[str, Any]) -> list[Block]:
        # A new upload is a new document: the diff shows which one each version names.
        return [text_block(BlockKind.FIELD, str(body.get("document_id", "")),
                           label="Handwritten document")]
