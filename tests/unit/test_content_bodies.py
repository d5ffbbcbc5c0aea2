"""Content bodies have one typed shape per kind, and the list of kinds and of simulation
sites each live in one place that every interface follows."""

import typing

import msgspec
import pytest

from adapters.cli.content import KindOpt
from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.http.content.bodies import (
    AnswerIn,
    ContentBody,
    ContentBodyIn,
    QuestionBody,
    SimulationBody,
    SimulationHost,
    answered,
    body_of,
    submitted,
)
from adapters.http.content.schemas import AttemptIn, ContentSave
from adapters.http.security.headers import content_security_policy
from edu_core.domain.content import (
    DEFAULT_SIMULATION_HOSTS,
    SIMULATION_SITES,
    ContentKindName,
    QuestionType,
    default_kinds,
)
from edu_core.domain.content.kinds import ContentKindMismatch
from edu_core.domain.content.questions import AnswerTypeMismatch

CLEAN = Nh3HtmlSanitizer().clean


def tags_of(union: object) -> set[object]:
    return {msgspec.inspect.type_info(t).tag for t in typing.get_args(union)}


def test_every_kind_has_one_body_shape_and_every_interface_knows_the_same_kinds() -> None:
    assert tags_of(ContentBody) == tags_of(ContentBodyIn) == set(ContentKindName)
    assert set(ContentKindName) == set(default_kinds().names) == set(KindOpt)
    assert tags_of(AnswerIn) == set(QuestionType)


def test_the_openapi_simulation_hosts_are_the_allowed_sites() -> None:
    assert [h.value for h in SimulationHost] == sorted(SIMULATION_SITES)
    spec = default_kinds().get("simulation")
    stored = spec.validate({"url": "https://phet.colorado.edu/x", "title": "Skate"}, CLEAN)
    body = body_of("simulation", spec.learner_view(stored))
    assert isinstance(body, SimulationBody) and body.host == "phet.colorado.edu"


def test_a_body_of_another_kind_is_refused_by_the_item_s_kind() -> None:
    note = msgspec.json.decode(b'{"base_version": 1, "title": "T", "body": '
                               b'{"kind": "note", "html": "<p>x</p>"}}', type=ContentSave)
    assert default_kinds().get("note").accept(submitted(note.body), CLEAN) == {
        "html": "<p>x</p>"}
    with pytest.raises(ContentKindMismatch) as refused:
        default_kinds().get("question").accept(submitted(note.body), CLEAN)
    message = "This item is a question, not a note."
    assert refused.value.details == {"fields": {"body.kind": message}, "expected": "question"}
    # Bodies written in-process (seeds, the CLI) carry no kind and are the item's own.
    assert default_kinds().get("note").accept({"html": "<p>x</p>"}, CLEAN) == {"html": "<p>x</p>"}


def test_an_answer_of_another_type_is_refused_before_grading() -> None:
    spec = default_kinds().get("question")
    stored = spec.validate({"type": "numeric", "prompt": "<p>g?</p>", "answer": 9.81}, CLEAN)
    right = msgspec.json.decode(b'{"answer": {"type": "numeric", "value": 9.81}}', type=AttemptIn)
    grade = spec.grade(stored, answered(right.answer))
    assert grade.correct and grade.answer == {"value": 9.81}
    wrong = msgspec.json.decode(b'{"answer": {"type": "short_text", "text": "9.81"}}',
                                type=AttemptIn)
    with pytest.raises(AnswerTypeMismatch):
        spec.grade(stored, answered(wrong.answer))


@pytest.mark.parametrize("body", [
    {"html": "<p>x</p>"},
    {"kind": "note", "html": "x" * 100_001},
    {"kind": "note", "html": "<p>x</p>", "style": "x"},
    {"kind": "question", "type": "essay", "prompt": "x"},
    {"kind": "question", "type": "short_text", "prompt": "x", "accepted": ["a"] * 21},
    {"kind": "question", "type": "single_choice", "prompt": "x",
     "choices": [{"id": "x" * 17, "text": "a"}]},
    {"kind": "simulation", "url": "https://phet.colorado.edu/" + "x" * 2000, "title": "t"},
])
def test_request_bodies_are_bounded_before_the_kind_reads_them(body: object) -> None:
    raw = msgspec.json.encode({"base_version": 1, "title": "T", "body": body})
    with pytest.raises(msgspec.ValidationError):
        msgspec.json.decode(raw, type=ContentSave)


def test_the_csp_frames_exactly_the_allowed_simulation_sites() -> None:
    directives = dict(d.split(" ", 1) for d in content_security_policy().split("; "))
    assert set(directives["frame-src"].split()) == {f"https://{h}" for h in SIMULATION_SITES}
    assert set(SIMULATION_SITES) == DEFAULT_SIMULATION_HOSTS


def test_a_learner_body_has_no_answer_fields_and_a_reviewer_body_has_them_all() -> None:
    spec = default_kinds().get("question")
    stored = spec.validate({"type": "numeric", "prompt": "<p>g?</p>", "answer": 9.81,
                            "tolerance": 0.05, "unit": "m/s²", "explanation": "<p>Known.</p>",
                            "hints": ["Think of free fall."]}, CLEAN)
    learner = body_of("question", spec.learner_view(stored))
    assert isinstance(learner, QuestionBody)
    assert msgspec.to_builtins(learner) == {"kind": "question", "type": "numeric",
                                            "prompt": "<p>g?</p>", "unit": "m/s²"}
    full = msgspec.to_builtins(body_of("question", spec.display(stored)))
    assert (full["answer"], full["tolerance"], full["hints"]) == (
        9.81, 0.05, ["Think of free fall."])


def test_a_simulation_body_carries_its_sandboxed_frame() -> None:
    spec = default_kinds().get("simulation")
    stored = spec.validate({"url": "https://www.desmos.com/calculator", "title": "Graph"}, CLEAN)
    body = body_of("simulation", spec.display(stored))
    assert isinstance(body, SimulationBody) and body.iframe is not None
    assert "allow-scripts" in body.iframe.sandbox
