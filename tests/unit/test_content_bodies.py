"""Content bodies have one typed shape per kind, and the list of kinds and of simulation
sites each live in one place that every interface follows."""

import typing

import msgspec

from adapters.cli.content import KindOpt
from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.http.content.bodies import ContentBody, QuestionBody, SimulationBody, body_of
from adapters.http.security.headers import content_security_policy
from edu_core.domain.content import (
    DEFAULT_SIMULATION_HOSTS,
    SIMULATION_SITES,
    ContentKindName,
    default_kinds,
)

CLEAN = Nh3HtmlSanitizer().clean


def test_every_kind_has_one_body_shape_and_every_interface_knows_the_same_kinds() -> None:
    tags = {msgspec.inspect.type_info(t).tag for t in typing.get_args(ContentBody)}
    assert tags == set(ContentKindName) == set(default_kinds().names) == set(KindOpt)


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
