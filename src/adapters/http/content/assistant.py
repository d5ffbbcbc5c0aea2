"""The content assistant in the mentor's workspace: suggested questions and summaries, landing
as machine-suggested drafts of the author."""

from uuid import UUID

from litestar import Controller, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_201_CREATED

from adapters.http.access import policy, provide_principal
from adapters.http.content.schemas import ContentItemOut, SuggestedItems, SuggestQuestionsIn
from adapters.http.dependencies import provide_content_assistant
from adapters.http.errors import error_responses
from edu_core.application.actors import Principal
from edu_core.application.content_assistant import ContentAssistantService
from edu_core.domain.identity import Role

# Only the item's author, and each call may cost a model call: a rate limit of its own.
AUTHOR = policy(Role.MENTOR, rate_limit="assistant")
ASSISTANT_CODES = ("404 for an item that is not yours; `assistant_unsupported_kind` (422) for "
                   "another kind; `nothing_to_suggest` (422) when there is nothing to draft "
                   "from; `assistant_failed` (502) when the assistant's answer is unusable; "
                   "`assistant_unavailable` (503) when it cannot be reached (try again).")


class ContentAssistantController(Controller):
    path = "/api/v1/mentor/content"
    tags = ["Mentor content"]
    dependencies = {"assistant": Provide(provide_content_assistant, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @post("/{item_id:uuid}/suggest-questions", operation_id="suggestQuestions",
          status_code=HTTP_201_CREATED,
          summary="Draft practice questions from my note",
          description="The content assistant reads the note's newest version and drafts up to "
                      "`count` questions under the same topic: new draft items of mine, marked "
                      "`machine_suggested`, never published until reviewed. Drafts the "
                      "question rules refuse are left out. " + ASSISTANT_CODES,
          responses=error_responses(401, 403, 404, 422, 429, 502), **AUTHOR)
    async def suggest_questions(self, assistant: NamedDependency[ContentAssistantService],
                                principal: NamedDependency[Principal],
                                item_id: FromPath[UUID],
                                data: JSONBody[SuggestQuestionsIn]) -> SuggestedItems:
        made = await assistant.suggest_questions(principal, item_id, count=data.count)
        return SuggestedItems(items=[ContentItemOut.of_view(view) for view in made])

    @post("/{item_id:uuid}/summarise", operation_id="summariseVideo",
          status_code=HTTP_201_CREATED,
          summary="Draft a note that sums up my video",
          description="The content assistant reads the video's captions (its first caption "
                      "track) and drafts a note under the same topic: a new draft item of "
                      "mine, marked `machine_suggested`, never published until reviewed. "
                      + ASSISTANT_CODES,
          responses=error_responses(401, 403, 404, 422, 429, 502), **AUTHOR)
    async def summarise(self, assistant: NamedDependency[ContentAssistantService],
                        principal: NamedDependency[Principal],
                        item_id: FromPath[UUID]) -> ContentItemOut:
        return ContentItemOut.of_view(await assistant.summarise(principal, item_id))
