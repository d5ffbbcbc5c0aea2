"""The content assistant: drafts questions from a note and notes from a video's transcript.

Adapters: a deterministic rule-based one (tests, demos, no network) and one for any
OpenAI-compatible chat completions endpoint. Drafts come back in the platform's own body
shapes and are validated by the content kinds like anything a mentor types: the assistant is
not trusted more than a person.
"""

from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class QuestionDraft:
    title: str
    # A question body as ``QuestionKind.validate`` takes it: ``type``, ``prompt``,
    # ``explanation`` and the answer fields of the type.
    body: dict[str, Any]


@dataclass(frozen=True, slots=True)
class NoteDraft:
    title: str
    html: str  # sanitised by the note kind before it is stored


class ContentAssistant(Protocol):
    async def suggest_questions(self, title: str, text: str, *,
                                count: int) -> list[QuestionDraft]:
        """Up to ``count`` questions that check the reading of ``text`` (plain text of a
        note). Raises ``AssistantUnavailable`` when the service cannot be reached and
        ``AssistantFailed`` when its answer is unusable."""
        ...

    async def summarise(self, title: str, transcript: str) -> NoteDraft:
        """A note that sums up ``transcript`` (a video's captions, in order)."""
        ...
