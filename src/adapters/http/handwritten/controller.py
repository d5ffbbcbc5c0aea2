"""Handwritten notes (S18): ``POST /api/v1/handwritten/documents`` (a mentor's PDF or photos),
``GET /api/v1/handwritten/documents/{id}``, and the annotations of a handwritten content item
under ``/api/v1/content/{item_id}/annotations``."""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, delete, get, post, put
from litestar.datastructures import State, UploadFile
from litestar.di import NamedDependency, Provide
from litestar.enums import MediaType, RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath, JSONBody, QueryParameter
from msgspec import Meta

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.errors import error_responses
from adapters.http.handwritten.schemas import (
    AnnotationIn,
    AnnotationListOut,
    AnnotationOut,
    HandwrittenDocumentOut,
    encode_listing,
)
from edu_core.application.actors import Principal
from edu_core.application.handwritten import HandwrittenService, UploadedFile
from edu_core.domain.handwritten import MAX_IMAGES, MAX_TOTAL_BYTES, InvalidDocument
from edu_core.domain.handwritten.annotations import MAX_PAGE
from edu_core.domain.identity import Role

_READ_CHUNK = 1024 * 1024
# The form's boundaries and part headers come on top of the files themselves.
MAX_FORM_BYTES = MAX_TOTAL_BYTES + 1024 * 1024


@dataclass
class DocumentForm:
    files: Annotated[list[UploadFile], Meta(description=(
        "The PDF, or the images in page order."))]


def provide_handwritten(state: State) -> HandwrittenService:
    service: HandwrittenService = state.container.handwritten()
    return service


async def _chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(_READ_CHUNK):
        yield chunk


class HandwrittenDocumentsController(Controller):
    path = "/api/v1/handwritten/documents"
    tags = ["Handwritten notes"]
    dependencies = {"handwritten": Provide(provide_handwritten, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @post("/", operation_id="uploadHandwrittenDocument", status_code=201,
          summary="Upload handwritten notes: one PDF, or 1 to 50 photos as pages",
          description="A `multipart/form-data` form whose `files` fields are one PDF (at most "
                      "200 pages) or 1 to 50 JPEG, PNG or WebP images in page order, 50 MB "
                      "together. Each file is checked by its bytes (its name and type must "
                      "agree with them). PDFs with scripts, launch actions or embedded files "
                      "are refused (`pdf_active_content`), encrypted ones too "
                      "(`pdf_encrypted`); photos are re-encoded without their metadata or "
                      "anything hidden in them, and over 60 megapixels refused before "
                      "decoding (`image_dimensions_too_large`). Thumbnails are made before "
                      "the answer, so the document comes back `ready`. Then name its `id` in "
                      "a `handwritten` content item's body. Codes: `unsupported_file_type`, "
                      "`empty_file`, `invalid_handwritten_document`, `file_too_large` (422), "
                      "`payload_too_large` (413), `rate_limited` (429).",
          request_max_body_size=MAX_FORM_BYTES,
          responses=error_responses(400, 401, 403, 413, 422, 429),
          **policy(Role.MENTOR, rate_limit="uploads"))
    async def upload(self, handwritten: NamedDependency[HandwrittenService],
                     principal: NamedDependency[Principal],
                     data: Annotated[DocumentForm, Body(
                         media_type=RequestEncodingType.MULTI_PART)]) -> HandwrittenDocumentOut:
        files = data.files
        if any(not isinstance(f, UploadFile) for f in files):
            raise InvalidDocument("Send the files as `files` fields only.",
                                  details={"fields": {"files": "Files only."}})
        try:
            return HandwrittenDocumentOut.of(await handwritten.upload(principal, [
                UploadedFile(filename=f.filename, content_type=f.content_type,
                             chunks=_chunks(f)) for f in files[:MAX_IMAGES + 1]]))
        finally:
            for f in files:
                await f.close()

    @get("/{document_id:uuid}", operation_id="getHandwrittenDocument",
         summary="A handwritten document: its pages and their links",
         description="For its owner and admins (anyone else: 404 "
                     "`handwritten_document_not_found`). Links are signed and expire within "
                     "hours: fetch the document again for fresh ones.",
         responses=error_responses(401, 403, 404),
         **policy({Role.MENTOR, Role.ADMIN}))
    async def document(self, handwritten: NamedDependency[HandwrittenService],
                       principal: NamedDependency[Principal],
                       document_id: FromPath[UUID]) -> HandwrittenDocumentOut:
        return HandwrittenDocumentOut.of(await handwritten.document(principal, document_id))




class AnnotationsController(Controller):
    path = "/api/v1/content/{item_id:uuid}/annotations"
    tags = ["Handwritten notes"]
    dependencies = {"handwritten": Provide(provide_handwritten, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="listContentAnnotations",
         summary="My annotations on a handwritten item, and the ones its author published",
         description="For whoever may read the item: learners its approved version, its "
                     "author and admins any. Another user's private annotations are never "
                     "listed. An item the caller cannot read (or not handwritten) is a 404 "
                     "`not_found`.",
         responses={200: ResponseSpec(data_container=AnnotationListOut,
                                      generate_examples=False,
                                      description="Request fulfilled, document follows"),
                    **error_responses(401, 404)},
         **policy(AUTHENTICATED))
    async def list_annotations(self, handwritten: NamedDependency[HandwrittenService],
                               principal: NamedDependency[Principal], item_id: FromPath[UUID],
                               on_page: Annotated[int | None, QueryParameter(
                                   ge=1, le=MAX_PAGE, description=(
                                       "Only the annotations on this page of the "
                                       "document (not a page of results: the list is "
                                       "whole)."))] = None
                               ) -> Response[bytes]:
        # Encoded here, selectors as stored: a crowded page is millions of numbers, and
        # decoding them into objects to encode them again took seconds (ADR 0028).
        found = await handwritten.annotations(principal, item_id, page=on_page)
        return Response(encode_listing(found), media_type=MediaType.JSON)

    @put("/{annotation_id:uuid}", operation_id="saveContentAnnotation",
         summary="Create or replace my annotation (idempotent: offline edits sync by retrying)",
         description="201 when created, 200 when replaced or unchanged. The id is the "
                     "client's; an id another user holds is a 404 `annotation_not_found` "
                     "and is never overwritten. Selectors are checked against the page: "
                     "inside it, finite numbers, bounded counts (`invalid_annotation`, 422). "
                     "Only the item's author may publish (403 `annotation_publish_denied`). "
                     "At most 2,000 annotations per person and item (409 "
                     "`annotation_limit_reached`); writes are rate limited (429).",
         responses={200: ResponseSpec(data_container=AnnotationOut, generate_examples=False,
                                      description="Replaced, or already so."),
                    **error_responses(400, 401, 403, 404, 409, 422, 429)},
         status_code=201, **policy(AUTHENTICATED))
    async def save_annotation(self, handwritten: NamedDependency[HandwrittenService],
                              principal: NamedDependency[Principal], item_id: FromPath[UUID],
                              annotation_id: FromPath[UUID],
                              data: JSONBody[AnnotationIn]) -> Response[AnnotationOut]:
        saved = await handwritten.save_annotation(
            principal, item_id, annotation_id, page=data.target.page,
            motivation=data.motivation, selector=data.selector(),
            body=data.body.value if data.body is not None else None, color=data.color,
            visibility=data.visibility)
        return Response(AnnotationOut.of(saved.annotation),
                        status_code=201 if saved.created else 200)

    @delete("/{annotation_id:uuid}", operation_id="deleteContentAnnotation",
            summary="Delete my annotation (idempotent)",
            description="204 whether or not it existed; another user's annotation is left "
                        "alone.", responses=error_responses(401, 404, 429),
            **policy(AUTHENTICATED))
    async def delete_annotation(self, handwritten: NamedDependency[HandwrittenService],
                                principal: NamedDependency[Principal],
                                item_id: FromPath[UUID],
                                annotation_id: FromPath[UUID]) -> None:
        await handwritten.delete_annotation(principal, item_id, annotation_id)


