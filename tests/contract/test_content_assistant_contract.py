"""ONE behaviour suite for the ContentAssistant port, run against the rule-based assistant and
the OpenAI-compatible adapter talking to a local fake server; then how the HTTP adapter maps
what goes wrong on the wire to coded errors."""

from collections.abc import AsyncIterator

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.content.openai_assistant import OpenAICompatibleAssistant
from adapters.content.rule_assistant import RuleBasedAssistant
from edu_core.domain.content.assistant import AssistantFailed, AssistantUnavailable
from edu_core.domain.content.questions import QuestionKind
from edu_core.ports.content_assistant import ContentAssistant
from tests.support.fake_chat_completions import FakeChatCompletions, fake_chat_completions
from tests.support.live_server import free_port

NOTE = """Inertia is the tendency of a body to keep its state of motion.
A force of 10 N accelerates a mass of 2 kg at 5 m per second squared.
Momentum means the product of the mass and the velocity of a body.
Newton published the laws of motion in 1687 in the Principia.
This is a sentence that defines nothing at all, really."""
TRANSCRIPT = """welcome back everyone
today we look at how waves carry energy
waves carry energy from one place to another without carrying matter
the energy of a wave grows with its amplitude
okay let us look at an example now
sound waves carry energy through the air to our ears"""


@pytest.fixture
async def fake() -> AsyncIterator[FakeChatCompletions]:
    async with fake_chat_completions() as server:
        yield server


def http_assistant(fake: FakeChatCompletions, *, timeout: float = 10.0,
                   key: str | None = None) -> OpenAICompatibleAssistant:
    return OpenAICompatibleAssistant(base_url=fake.url, model="test-model",
                                     api_key=key or fake.api_key, timeout_seconds=timeout)


@pytest.fixture(params=["rules", "openai"])
def assistant(request: pytest.FixtureRequest, fake: FakeChatCompletions) -> ContentAssistant:
    if request.param == "rules":
        return RuleBasedAssistant()
    return http_assistant(fake)


async def test_suggested_questions_are_valid_question_bodies(
        assistant: ContentAssistant) -> None:
    drafts = await assistant.suggest_questions("Motion", NOTE, count=10)
    assert 1 <= len(drafts) <= 10
    kind = QuestionKind()
    for draft in drafts:
        assert draft.title.strip() and len(draft.title) <= 200
        # The platform's own rules accept every draft as it comes back.
        kind.validate(draft.body, Nh3HtmlSanitizer().clean)
    answers = [d.body.get("accepted", [d.body.get("answer")])[0] for d in drafts]
    assert "Inertia" in answers and 10.0 in answers


async def test_no_more_questions_than_asked_and_the_same_note_gives_the_same_ones(
        assistant: ContentAssistant) -> None:
    first = await assistant.suggest_questions("Motion", NOTE, count=2)
    again = await assistant.suggest_questions("Motion", NOTE, count=2)
    assert len(first) == 2 and first == again


async def test_a_note_without_anything_to_ask_gives_no_questions(
        assistant: ContentAssistant) -> None:
    assert await assistant.suggest_questions("Hello", "Hi there.", count=3) == []


async def test_a_summary_keeps_the_transcript_s_main_points_in_order(
        assistant: ContentAssistant) -> None:
    note = await assistant.summarise("Waves", TRANSCRIPT)
    assert note.title.startswith("Summary") and "Waves" in note.title
    assert "waves carry energy from one place to another" in note.html
    assert note.html.index("today we look") < note.html.index("from one place")
    # Fewer points than the transcript has lines, and not the small talk.
    assert 1 <= note.html.count("<li>") < len(TRANSCRIPT.splitlines())
    assert "welcome back" not in note.html and "okay" not in note.html


async def test_the_request_speaks_the_chat_completions_protocol(
        fake: FakeChatCompletions) -> None:
    await http_assistant(fake).suggest_questions("Motion", NOTE, count=2)
    [sent] = fake.requests
    assert sent["headers"]["Authorization"] == f"Bearer {fake.api_key}"
    body = sent["body"]
    assert body["model"] == "test-model"
    assert body["response_format"] == {"type": "json_object"}
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    # The note travels as data inside a JSON task, not spliced into the instructions.
    assert NOTE not in body["messages"][0]["content"]


@pytest.mark.parametrize(("mode", "error", "code"), [
    ("error", AssistantFailed, "assistant_failed"),
    ("unauthorised", AssistantFailed, "assistant_failed"),
    ("not_json", AssistantFailed, "assistant_failed"),
    ("wrong_shape", AssistantFailed, "assistant_failed"),
    ("overloaded", AssistantUnavailable, "assistant_unavailable"),
])
async def test_what_goes_wrong_upstream_becomes_a_coded_error(
        fake: FakeChatCompletions, mode: str, error: type[Exception], code: str) -> None:
    fake.mode = mode  # type: ignore[assignment]
    with pytest.raises(error) as raised:
        await http_assistant(fake).suggest_questions("Motion", NOTE, count=2)
    assert getattr(raised.value, "code", None) == code
    # The caller sees a plain message; where it went wrong is for the logs.
    assert fake.url not in raised.value.message  # type: ignore[attr-defined]


async def test_a_slow_endpoint_is_given_up_on(fake: FakeChatCompletions) -> None:
    fake.mode = "slow"
    with pytest.raises(AssistantUnavailable):
        await http_assistant(fake, timeout=0.2).summarise("Waves", TRANSCRIPT)


async def test_an_endpoint_nobody_listens_on_is_unavailable() -> None:
    nobody = OpenAICompatibleAssistant(base_url=f"http://127.0.0.1:{free_port()}/v1",
                                       model="m", timeout_seconds=2)
    with pytest.raises(AssistantUnavailable):
        await nobody.summarise("Waves", TRANSCRIPT)
