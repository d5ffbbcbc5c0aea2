"""Annotations shared in forum posts and session chat messages ("look at this").

The forum and the chat call ``snapshot`` in their own unit of work when a post or message
names an annotation, and stage the result with it. Whoever shares must be able to see the
annotation where it lives: their own, or one the item's author published, on an item they may
read; anything else answers like a missing annotation, so ids cannot be probed. What is shared
is frozen then (``AnnotationShare``); readers of the post or message get the snapshot and signed
links to the page's pictures, and nothing else of the item.
"""

from collections.abc import Collection
from dataclasses import dataclass
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.handwritten import document_id_of, readable_version, signed_link
from edu_core.domain.content import ContentNotFound
from edu_core.domain.content.model import VersionNotFound
from edu_core.domain.handwritten import AnnotationNotFound, AnnotationShare, Visibility
from edu_core.ports.clock import Clock
from edu_core.ports.storage import BlobStorage
from edu_core.ports.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SharedAnnotationView:
    share: AnnotationShare
    thumbnail_url: str
    image_url: str | None  # the page's full picture (photos); a PDF page shows its thumbnail


class AnnotationSharing:
    def __init__(self, *, storage: BlobStorage, clock: Clock) -> None:
        self._storage = storage
        self._clock = clock

    async def snapshot(self, uow: UnitOfWork, principal: Principal,
                       annotation_id: UUID) -> AnnotationShare:
        """The annotation as the caller may share it now (not yet staged: the caller names
        the post or message and calls ``uow.handwritten.add_share``)."""
        annotation = await uow.handwritten.annotation(annotation_id)
        if annotation is None:
            raise AnnotationNotFound(details={"fields": {"annotation_id": "No such annotation."}})
        try:
            item, _ = await readable_version(uow, principal, annotation.item_id)
        except ContentNotFound:
            raise AnnotationNotFound() from None
        own = annotation.author_id == principal.user_id
        published = (annotation.visibility is Visibility.PUBLISHED
                     and annotation.author_id == item.mentor_id)
        if not (own or published):
            raise AnnotationNotFound()
        try:
            drawn_on = item.version(annotation.item_version)
        except VersionNotFound:
            raise AnnotationNotFound() from None
        document_id = document_id_of(drawn_on.body)
        document = None if document_id is None else await uow.handwritten.document(document_id)
        page = None if document is None else document.page(annotation.page)
        if document is None or page is None:
            raise AnnotationNotFound("The page this annotation is on is no longer there.")
        return AnnotationShare.of(annotation, document_id=document.id, page=page,
                                  sharer_id=principal.user_id, now=self._clock.now())

    async def views(self, shares: Collection[AnnotationShare]
                    ) -> dict[UUID, SharedAnnotationView]:
        """Each share with fresh links to its page's pictures, by share id."""
        return {share.id: SharedAnnotationView(
            share, await signed_link(self._storage, self._clock, share.thumbnail_key),
            await signed_link(self._storage, self._clock, share.image_key)
            if share.image_key else None) for share in shares}
