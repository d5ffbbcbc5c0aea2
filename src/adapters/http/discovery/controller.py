"""Public discovery routes: search-box suggestions, the landing page's overview, mentors'
portfolios, and previews of courses and lessons for visitors (anyone, rate-limited)."""

from typing import Annotated
from uuid import UUID

from litestar import Controller, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, PathParameter, QueryParameter

from adapters.http.access import PUBLIC, policy
from adapters.http.dependencies import provide_discovery
from adapters.http.discovery.schemas import (
    ContentPreviewOut,
    CoursePreviewOut,
    MentorPortfolioOut,
    OverviewOut,
    SuggestionsOut,
    TopicPreviewOut,
)
from adapters.http.errors import error_responses
from edu_core.application.discovery import MAX_QUERY_LENGTH, DiscoveryService
from edu_core.domain.pagination import PageRequest

OPEN = policy(PUBLIC, rate_limit="public")
DEPENDENCIES = {"discovery": Provide(provide_discovery, sync_to_thread=False)}


class SuggestionsController(Controller):
    path = "/api/v1/search"
    tags = ["Search"]
    dependencies = DEPENDENCIES

    @get("/suggest", operation_id="suggestSearch",
         summary="Suggestions while typing: lessons, courses and mentors",
         description="Up to five of each, best match first: approved lessons and published "
                     "courses by title, verified mentors by name. Typo tolerant (trigram "
                     "similarity on words, so *newtn* suggests *Newton's laws*). Fewer than "
                     "two characters suggest nothing. Titles and names are plain text. "
                     f"`query_too_long` (422) over {MAX_QUERY_LENGTH} characters.",
         responses=error_responses(422, 429), **OPEN)
    async def suggest(self, discovery: NamedDependency[DiscoveryService],
                      q: Annotated[str, QueryParameter(max_length=1000)] = ""
                      ) -> SuggestionsOut:
        return SuggestionsOut.of(await discovery.suggest(q))


class DiscoveryController(Controller):
    path = "/api/v1/public"
    tags = ["Discovery"]
    dependencies = DEPENDENCIES

    @get("/overview", operation_id="getPublicOverview",
         summary="Figures and featured verified mentors for the landing page",
         description="Counts of verified mentors, approved lessons and published courses, the "
                     "subjects taught, and up to three verified mentors, those with the most "
                     "published work first.",
         responses=error_responses(429), **OPEN)
    async def overview(self, discovery: NamedDependency[DiscoveryService]) -> OverviewOut:
        return OverviewOut.of(await discovery.overview())

    @get("/mentors/{mentor_id:uuid}/portfolio", operation_id="getMentorPortfolio",
         summary="A verified mentor's published courses and approved lessons",
         description="Every published course (most recently published first) and a page of "
                     "approved lessons (oldest first). `not_found` (404) for anyone who is "
                     "not a verified mentor.",
         responses=error_responses(404, 429), **OPEN)
    async def portfolio(self, discovery: NamedDependency[DiscoveryService],
                        paging: NamedDependency[PageRequest],
                        mentor_id: FromPath[UUID]) -> MentorPortfolioOut:
        return MentorPortfolioOut.of(await discovery.portfolio(mentor_id, paging))


class TopicPreviewController(Controller):
    path = "/api/v1/public"
    tags = ["Discovery"]
    dependencies = DEPENDENCIES

    @get("/topics/{topic:str}", operation_id="previewTopic",
         summary="A topic's approved lessons by title, for visitors",
         description="`topic` takes a slug or an id. Oldest first, like the topic page. "
                     "`not_found` (404) for an unknown topic.",
         responses=error_responses(404, 429), **OPEN)
    async def topic(self, discovery: NamedDependency[DiscoveryService],
                    paging: NamedDependency[PageRequest],
                    topic: Annotated[str, PathParameter(
                        min_length=1, max_length=80, description="A topic's slug or id.")]
                    ) -> TopicPreviewOut:
        return TopicPreviewOut.of(await discovery.topic_preview(topic, paging))


class PreviewsController(Controller):
    """Previews answer with lesson HTML: the app mounts this behind signed image links."""

    path = "/api/v1/public"
    tags = ["Discovery"]
    dependencies = DEPENDENCIES

    @get("/courses/{course_id:uuid}", operation_id="previewCourse",
         summary="A published course as a visitor sees it: description and outline",
         description="The approved items in course order (titles only). `not_found` (404) "
                     "for a draft or missing course.",
         responses=error_responses(404, 429), **OPEN)
    async def course(self, discovery: NamedDependency[DiscoveryService],
                     course_id: FromPath[UUID]) -> CoursePreviewOut:
        return CoursePreviewOut.of(await discovery.course_preview(course_id))

    @get("/content/{item_id:uuid}", operation_id="previewContent",
         summary="The opening of an approved lesson, for visitors",
         description="The live version only: a note's first blocks (`truncated` says whether "
                     "more follows), a question's prompt and choices (never an answer), a "
                     "simulation's embed. `not_found` (404) for an item without an approved "
                     "version.",
         responses=error_responses(404, 429), **OPEN)
    async def content(self, discovery: NamedDependency[DiscoveryService],
                      item_id: FromPath[UUID]) -> ContentPreviewOut:
        return ContentPreviewOut.of(await discovery.content_preview(item_id))
