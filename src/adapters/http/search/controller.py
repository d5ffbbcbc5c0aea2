"""GET /api/v1/search: full-text search over content (S16), public with optional sign-in."""

from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.params import QueryParameter

from adapters.http.access import OPTIONAL_SIGN_IN, provide_viewer
from adapters.http.dependencies import provide_content_search
from adapters.http.errors import error_responses
from adapters.http.search.schemas import (
    DiscussionResultsOut,
    ScopeName,
    SearchHitOut,
    SearchPage,
)
from edu_core.application.actors import Principal
from edu_core.application.content_search import ContentSearchService
from edu_core.domain.content.search import MAX_QUERY, SearchScope
from edu_core.domain.pagination import PageRequest

CatalogRef = Annotated[str | None, QueryParameter(
    min_length=1, max_length=80, description="A slug or an id.")]

DESCRIPTION = f"""\
Searches titles (weighted highest) and text of notes, questions and simulations, and forum
threads (`discussions`).

`q` uses web-search syntax: words must all appear (stemmed: *energies* finds *energy*),
`"a phrase"` must appear in order, `or` between words accepts either, `-word` excludes. Best
match first; without `q` (filters only) results are ordered by title.

**Scope.** `live` (the default, for everyone): approved content as learners read it, in its
live version; a pending edit is not searched, and questions are searched by prompt and
choices only, never by their answers or explanation. `workspace` (mentors and admins): a
mentor also finds their own items in any state, searched in their newest version; an admin
searches every item in its newest version. `status` is set only on such items.

**Discussions** are forum threads everyone can read, matched by title and by the text of
their visible posts (one hit per thread, through its best-matching post), narrowed by the
same `subject`, `topic` and `mentor` (threads about that mentor's content), this page of them.
They come with every `live` search unless `kind` names content kinds only; `kind=discussion`
alone searches the forum only (without `q`: the most recently active threads).

**Snippets** are plain text split into segments; `highlight: true` marks the words that
matched. Render them as text, never as HTML.

Codes: `search_query_required` (422) when neither `q` nor a filter is given;
`invalid_search_query` (422) for control characters; `validation_error` (400) for a `q` over
{MAX_QUERY} characters; `unknown_content_kind` (422, `details.known` lists the kinds);
`unknown_catalog_filter` (422) for an unknown subject or topic; `not_authenticated` (401) /
`forbidden` (403) for `scope=workspace` without a mentor or admin account."""


class ContentSearchController(Controller):
    path = "/api/v1/search"
    tags = ["Search"]
    dependencies = {"search": Provide(provide_content_search, sync_to_thread=False),
                    "viewer": Provide(provide_viewer)}

    @get("/", operation_id="searchContent",
         summary="Search notes, questions and simulations", description=DESCRIPTION,
         responses=error_responses(401, 403, 422, 429), **OPTIONAL_SIGN_IN)
    async def search_content(
        self, paging: NamedDependency[PageRequest], search: NamedDependency[ContentSearchService],
        viewer: NamedDependency[Principal | None],
        q: Annotated[str | None, QueryParameter(
            max_length=MAX_QUERY, description="What to look for (web-search syntax).")] = None,
        kind: Annotated[list[str] | None, QueryParameter(
            max_items=10, description="Only these kinds (repeat for several): note, "
                                      "question, simulation, ..., and `discussion` for "
                                      "forum threads.")] = None,
        subject: CatalogRef = None,
        topic: CatalogRef = None,
        mentor: Annotated[UUID | None, QueryParameter(
            description="Only this mentor's content.")] = None,
        # "scope" is a name Litestar reserves for the ASGI scope: bound under another name.
        visibility: Annotated[ScopeName, QueryParameter(
            name="scope",
            description="`live` (default) or `workspace` (mentors and admins).")] = "live",
    ) -> SearchPage:
        found = await search.search(viewer, paging, text=q,
                                    kinds=kind or (), subject=subject, topic=topic,
                                    mentor_id=mentor, scope=SearchScope(visibility))
        return SearchPage.of(found, SearchHitOut.of, total_exact=found.total_exact,
                             scope=visibility,
                             discussions=DiscussionResultsOut.of(found.discussions)
                             if found.discussions is not None else None)
