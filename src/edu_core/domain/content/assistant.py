"""What the content assistant may be asked, and how its failures are told.

The assistant drafts; it never publishes. Whatever it returns lands as new draft items of the
mentor who asked, marked ``machine_suggested``, and goes through the same review as anything
the mentor wrote.
"""

from edu_core.domain.content.kinds import ContentKindName
from edu_core.domain.errors import InvalidInput, ServiceUnavailable, UpstreamFailed

MIN_SUGGESTIONS, MAX_SUGGESTIONS, DEFAULT_SUGGESTIONS = 1, 10, 3
# What is sent to the assistant at most: a long lesson is cut, never refused.
MAX_SOURCE_CHARS = 20_000
# The kind each request reads from.
QUESTION_SOURCES = frozenset({ContentKindName.NOTE})
SUMMARY_SOURCES = frozenset({ContentKindName.VIDEO})


class AssistantUnsupportedKind(InvalidInput):
    code = "assistant_unsupported_kind"
    default_message = ("Questions are suggested from notes, and summaries from videos with "
                       "captions.")


class NothingToSuggest(InvalidInput):
    code = "nothing_to_suggest"
    default_message = "The assistant found nothing to draft from this item."


class AssistantUnavailable(ServiceUnavailable):
    code = "assistant_unavailable"
    default_message = "The content assistant is not reachable right now. Try again shortly."


class AssistantFailed(UpstreamFailed):
    code = "assistant_failed"
    default_message = "The content assistant gave an answer that could not be used."
