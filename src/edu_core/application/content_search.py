"""Content search (S16): one search box over notes, questions and simulations (and whatever
kind comes next), answering each caller with only what they may read.

- Anonymous visitors and students search approved content in its live version, as learners
  read it: a pending edit's new words are not findable, and a question's answers and
  explanation are never indexed for them.
- ``scope=workspace`` (mentors and admins): a mentor also finds their own items in any state,
  searched in their newest version (answers included, they wrote them); an admin searches
  every item in its newest version. The default scope is ``live`` for everyone.
- Forum threads (the ``discussion`` kind) come beside the content results, matched by title
  and by the text of their visible posts, one hit per thread, for the same page; asking for
  ``discussion`` alone searches the forum only.
"""

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol
from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.content import BodyReferences, indexed_document
from edu_core.domain.catalog import Subject, Topic
from edu_core.domain.content import ContentKinds
from edu_core.domain.content.search import (
    SearchQueryRequired,
    SearchScope,
    clean_query,
)
from edu_core.domain.errors import NotAuthenticated, PermissionDenied
from edu_core.domain.identity import Role
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest
from edu_core.ports.content import ContentOrder, ContentQuery
from edu_core.ports.content_search import (
    ContentSearch,
    ContentSearchCriteria,
    ContentSearchResults,
)
from edu_core.ports.forum import ForumSearchCriteria
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

# The result kind of forum threads, asked for with the content kinds.
DISCUSSION = "discussion"


class TranscriptMoments(Protocol):
    async def first_moment(self, uow: UnitOfWork, body: Mapping[str, Any],
                           query: str) -> float | None:
        """When the body's media first says something ``query`` matches (seconds)."""
        ...


class WorkspaceSearchDenied(PermissionDenied):
    default_message = "Only mentors and admins have a workspace to search."


class ContentSearchService:
    def __init__(self, *, uow: UnitOfWorkFactory, search: ContentSearch,
                 kinds: ContentKinds,
                 references: Mapping[str, BodyReferences] | None = None,
                 transcripts: Mapping[str, TranscriptMoments] | None = None) -> None:
        self._uow = uow
        self._search = search
        self._kinds = kinds
        self._references = dict(references or {})
        self._transcripts = dict(transcripts or {})

    async def search(self, viewer: Principal | None, page: PageRequest, *,
                     text: str | None = None, kinds: Sequence[str] = (),
                     subject: str | None = None, topic: str | None = None,
                     mentor_id: UUID | None = None,
                     scope: SearchScope = SearchScope.LIVE) -> ContentSearchResults:
        """Matches of ``text`` (web-search syntax) narrowed by every given filter. ``subject``
        and ``topic`` are a slug or an id; an unknown one is an error, not an empty page."""
        query = clean_query(text)
        discussions = DISCUSSION in kinds
        wanted = sorted({self._kinds.get(k).name for k in kinds if k != DISCUSSION})
        if not query and not (wanted or subject or topic or mentor_id or discussions):
            raise SearchQueryRequired(
                details={"fields": {"q": SearchQueryRequired.default_message}})
        latest_of, all_latest = None, False
        if scope is SearchScope.WORKSPACE:
            if viewer is None:
                raise NotAuthenticated("Sign in to search your workspace.")
            if viewer.role is Role.ADMIN:
                all_latest = True
            elif viewer.role is Role.MENTOR:
                latest_of = viewer.user_id
            else:
                raise WorkspaceSearchDenied()
        subject_id = topic_id = None
        if subject or topic:
            async with self._uow() as uow:
                subject_id = (await uow.catalog.resolve(Subject, subject)).id if subject else None
                topic_id = (await uow.catalog.resolve(Topic, topic)).id if topic else None
        if wanted or not discussions:
            found = await self._search.search(ContentSearchCriteria(
                text=query, kinds=wanted, subject_id=subject_id, topic_id=topic_id,
                mentor_id=mentor_id, latest_of=latest_of, all_latest=all_latest), page)
        else:
            found = ContentSearchResults(items=[], total=0, total_exact=True, page=page.page,
                                         page_size=page.page_size)
        if scope is SearchScope.LIVE and (discussions or not wanted):
            async with self._uow() as uow:
                forum = await uow.forum.search(ForumSearchCriteria(
                    text=query, subject_id=subject_id, topic_id=topic_id,
                    mentor_id=mentor_id), page)
            found = dataclasses.replace(found, discussions=forum)
        if query and self._transcripts:
            found = await self._with_moments(found, query)
        return found

    async def _with_moments(self, found: ContentSearchResults,
                            query: str) -> ContentSearchResults:
        """Each hit on an item that plays over time gets the moment a searched word is said
        (``at_seconds``), for a link straight to it."""
        items = []
        async with self._uow() as uow:
            for hit in found.items:
                moments = self._transcripts.get(hit.kind)
                body = (await uow.content.version_body(hit.item_id, hit.version)
                        if moments is not None else None)
                if moments is None or body is None:
                    items.append(hit)
                    continue
                items.append(dataclasses.replace(
                    hit, at_seconds=await moments.first_moment(uow, body, query)))
        return dataclasses.replace(found, items=items)

    async def reindex(self, *, batch_size: int = MAX_PAGE_SIZE,
                      progress: Callable[[int, int], None] | None = None) -> int:
        """Rewrite every item's search document from its stored versions, a batch per
        transaction. Saves keep the index current on their own; this is for when the way a
        document is derived changes (weights, which fields count), or after a restore.
        Returns how many items were indexed; ``progress`` hears (done, total) per batch."""
        done, page = 0, 1
        while True:
            async with self._uow() as uow:
                found = await uow.content.list(
                    ContentQuery(order=ContentOrder.OLDEST_FIRST), PageRequest(page, batch_size))
                for item in found.items:
                    await uow.content_index.put(await indexed_document(
                        uow, item, self._kinds, self._references))
                await uow.commit()
            done += len(found.items)
            if progress is not None:
                progress(done, found.total)
            if len(found.items) < batch_size:
                return done
            page += 1
