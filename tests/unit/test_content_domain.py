"""Content items (S13-S15, S19): workflow, versioning, kinds, grading. Pure domain, no I/O."""

import copy
import dataclasses
import inspect
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from edu_core.domain.content import (
    Attempt,
    ContentApproved,
    ContentItem,
    ContentKindSpec,
    ContentRejected,
    ContentStatus,
    ContentSubmitted,
    ContentUnderReview,
    ContentVersion,
    ContentWithdrawn,
    InvalidAnswer,
    InvalidContent,
    InvalidContentTransition,
    NotGradable,
    QuestionKind,
    SimulationHostNotAllowed,
    SimulationKind,
    UnknownContentKind,
    VersionNotFound,
    default_kinds,
    html_to_text,
)
from edu_core.domain.content.formulas import latex_to_text
from edu_core.domain.content.model import MAX_SUMMARY, MAX_TITLE
from edu_core.domain.content.questions import MAX_HINT_TEXT, MAX_HINTS, hints_of
from edu_core.domain.content.search import excerpt
from edu_core.domain.errors import ConcurrentModification

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
MENTOR, ADMIN = uuid.uuid4(), uuid.uuid4()


def same(html: str) -> str:
    return html


def note(title: str = "Kinetic energy", html: str = "<p>v1</p>") -> ContentItem:
    return ContentItem.create(topic_id=uuid.uuid4(), mentor_id=MENTOR, kind="note",
                              title=title, body={"html": html}, author_id=MENTOR, now=NOW)


def edit(item: ContentItem, html: str, *, base: int | None = None,
         title: str | None = None) -> bool:
    return item.save(base_version=item.latest.number if base is None else base,
                     title=title or item.latest.title, body={"html": html}, author_id=MENTOR,
                     now=NOW + timedelta(minutes=len(item.versions)))


# -- workflow -------------------------------------------------------------------------------

def test_a_new_item_is_a_draft_with_one_version_and_nothing_live() -> None:
    item = note()
    assert item.status is ContentStatus.DRAFT
    assert [v.number for v in item.versions] == [1]
    assert item.live is None and item.has_unpublished_changes


def test_draft_pending_approved() -> None:
    item = note()
    item.submit(NOW)
    assert item.status is ContentStatus.PENDING
    item.approve(version=1, reviewer_id=ADMIN, now=NOW)
    assert (item.status, item.live_version, item.reviewed_by) == (ContentStatus.APPROVED, 1,
                                                                  ADMIN)
    assert not item.has_unpublished_changes
    assert [type(e) for e in item.events] == [ContentSubmitted, ContentApproved]


def test_rejection_keeps_feedback_until_approval_and_allows_resubmission() -> None:
    item = note()
    item.submit(NOW)
    item.reject(version=1, feedback="  Define every symbol.  ", reviewer_id=ADMIN, now=NOW)
    assert (item.status, item.feedback) == (ContentStatus.REJECTED, "Define every symbol.")
    assert isinstance(item.events[-1], ContentRejected)
    assert item.events[-1].feedback == "Define every symbol."
    edit(item, "<p>v2, with m the mass</p>")
    assert item.status is ContentStatus.DRAFT and item.feedback == "Define every symbol."
    item.submit(NOW)
    item.approve(version=2, reviewer_id=ADMIN, now=NOW)
    assert (item.live_version, item.feedback) == (2, None)


def test_a_rejection_needs_feedback() -> None:
    item = note()
    item.submit(NOW)
    with pytest.raises(InvalidContent) as refused:
        item.reject(version=1, feedback=" \n ", reviewer_id=ADMIN, now=NOW)
    assert refused.value.details == {"fields": {"feedback": "Fill this in."}}
    assert item.status is ContentStatus.PENDING


@pytest.mark.parametrize("step", ["submit_twice", "approve_draft", "reject_draft",
                                  "submit_approved", "approve_approved"])
def test_transitions_out_of_order_are_refused(step: str) -> None:
    item = note()
    if step == "submit_twice":
        item.submit(NOW)
        with pytest.raises(InvalidContentTransition):
            item.submit(NOW)
    elif step == "approve_draft":
        with pytest.raises(InvalidContentTransition):
            item.approve(version=1, reviewer_id=ADMIN, now=NOW)
    elif step == "reject_draft":
        with pytest.raises(InvalidContentTransition):
            item.reject(version=1, feedback="x", reviewer_id=ADMIN, now=NOW)
    else:
        item.submit(NOW)
        item.approve(version=1, reviewer_id=ADMIN, now=NOW)
        with pytest.raises(InvalidContentTransition):
            if step == "submit_approved":
                item.submit(NOW)
            else:
                item.approve(version=1, reviewer_id=ADMIN, now=NOW)


def test_a_pending_item_is_locked() -> None:
    item = note()
    item.submit(NOW)
    with pytest.raises(ContentUnderReview):
        edit(item, "<p>sneaky</p>")
    with pytest.raises(ContentUnderReview):
        item.revert(to_version=1, base_version=1, author_id=MENTOR, now=NOW)
    assert len(item.versions) == 1


def test_a_pending_item_can_be_withdrawn_and_only_a_pending_one() -> None:
    item = note()
    with pytest.raises(InvalidContentTransition):
        item.withdraw(NOW)
    item.submit(NOW)
    item.withdraw(NOW + timedelta(minutes=1))
    assert (item.status, item.submitted_at) == (ContentStatus.DRAFT, None)
    assert [e.name for e in item.events] == ["content.submitted", "content.withdrawn"]
    assert edit(item, "<p>v2</p>")  # editable again
    item.submit(NOW)
    item.approve(version=2, reviewer_id=ADMIN, now=NOW)
    with pytest.raises(InvalidContentTransition):
        item.withdraw(NOW)
    edit(item, "<p>v3</p>")
    item.submit(NOW)
    item.withdraw(NOW)
    assert (item.status, item.live_version, item.latest.number) == (ContentStatus.DRAFT, 2, 3)


def test_the_reviewer_decides_on_the_version_they_saw() -> None:
    item = note()
    item.submit(NOW)
    item.reject(version=1, feedback="Shorter.", reviewer_id=ADMIN, now=NOW)
    edit(item, "<p>v2</p>")
    item.submit(NOW)
    with pytest.raises(ConcurrentModification):
        item.approve(version=1, reviewer_id=ADMIN, now=NOW)
    assert item.live_version is None


def test_editing_an_approved_item_leaves_the_approved_version_live() -> None:
    item = note()
    item.submit(NOW)
    item.approve(version=1, reviewer_id=ADMIN, now=NOW)
    edit(item, "<p>v2</p>")
    assert (item.status, item.live_version, item.latest.number) == (ContentStatus.DRAFT, 1, 2)
    assert item.live is not None and item.live.body == {"html": "<p>v1</p>"}
    assert item.has_unpublished_changes


# -- versioning -----------------------------------------------------------------------------

def test_every_save_appends_an_immutable_version() -> None:
    item = note()
    first = item.versions[0]
    assert edit(item, "<p>v2</p>", title="Kinetic energy, revised")
    assert [v.number for v in item.versions] == [1, 2]
    assert item.versions[0] is first and first.body == {"html": "<p>v1</p>"}
    assert (item.latest.title, item.latest.author_id) == ("Kinetic energy, revised", MENTOR)
    with pytest.raises(AttributeError):
        first.title = "changed"  # type: ignore[misc]


def test_a_stale_base_version_is_refused_never_merged() -> None:
    item = note()
    edit(item, "<p>v2</p>")
    with pytest.raises(ConcurrentModification) as stale:
        edit(item, "<p>from an old tab</p>", base=1)
    assert stale.value.code == "concurrent_modification"
    assert stale.value.details == {"base_version": 1, "latest_version": 2}
    assert item.latest.body == {"html": "<p>v2</p>"}


def test_saving_the_same_content_creates_no_version() -> None:
    item = note()
    assert edit(item, "<p>v1</p>") is False
    assert len(item.versions) == 1


def test_a_save_needs_a_title_and_bounds_its_change_summary() -> None:
    item = note()
    with pytest.raises(InvalidContent) as untitled:
        item.save(base_version=1, title="  ", body={"html": "<p>v2</p>"}, author_id=MENTOR,
                  now=NOW)
    assert untitled.value.details == {"fields": {"title": "Fill this in."}}
    with pytest.raises(InvalidContent) as long_summary:
        item.save(base_version=1, title="T", body={"html": "<p>v2</p>"}, author_id=MENTOR,
                  now=NOW, change_summary="s" * (MAX_SUMMARY + 1))
    assert set((long_summary.value.details or {})["fields"]) == {"change_summary"}
    assert item.save(base_version=1, title="T", body={"html": "<p>v2</p>"}, author_id=MENTOR,
                     now=NOW, change_summary="s" * MAX_SUMMARY) is True
    assert len(item.versions) == 2


def test_a_new_item_is_stored_as_row_version_1() -> None:
    # The database's default for the column; the repositories advance it from there.
    assert note().row_version == 1


def test_pending_events_are_not_part_of_an_items_state() -> None:
    # The unit of work hands events on and clears them; the stored copy must still equal the
    # item, and log lines must not carry event payloads such as reviewer feedback.
    item = note()
    stored = copy.deepcopy(item)
    item.submit(NOW)
    stored.submit(NOW)
    stored.events.clear()
    assert item == stored
    assert "ContentSubmitted" not in repr(item)


def test_revert_creates_a_new_version_with_the_old_content() -> None:
    item = note()
    edit(item, "<p>v2</p>", title="Second")
    assert item.revert(to_version=1, base_version=2, author_id=MENTOR, now=NOW)
    assert item.latest.number == 3
    assert (item.latest.title, item.latest.body) == ("Kinetic energy", {"html": "<p>v1</p>"})
    assert item.latest.reverted_from == 1
    assert item.latest.change_summary == "Reverted to version 1"
    with pytest.raises(VersionNotFound):
        item.revert(to_version=9, base_version=3, author_id=MENTOR, now=NOW)
    with pytest.raises(ConcurrentModification):
        item.revert(to_version=2, base_version=2, author_id=MENTOR, now=NOW)


@pytest.mark.parametrize("title", ["", "   ", "x" * 201, "bad\x00title"])
def test_titles_are_checked(title: str) -> None:
    with pytest.raises(InvalidContent):
        note(title=title)


def test_a_title_of_200_characters_is_kept() -> None:
    assert note(title="x" * MAX_TITLE).latest.title == "x" * MAX_TITLE


@pytest.mark.parametrize("record", [ContentSubmitted, ContentWithdrawn, ContentApproved,
                                    ContentRejected, ContentVersion, ContentItem, Attempt])
def test_records_are_built_by_keyword_so_same_typed_fields_cannot_swap(
        record: type[Any]) -> None:
    # item, mentor and author ids are all UUIDs: by position, a swap would go unnoticed.
    kinds = {p.kind for p in inspect.signature(record).parameters.values()}
    assert kinds == {inspect.Parameter.KEYWORD_ONLY}


def test_a_recorded_attempt_is_final_and_by_default_used_no_help() -> None:
    attempt = Attempt(item_id=uuid.uuid4(), version=1, user_id=uuid.uuid4(),
                      answer={"choice": "j"}, correct=True, time_taken_ms=1, created_at=NOW)
    assert (attempt.hints_used, attempt.solution_shown) == (0, False)
    with pytest.raises(dataclasses.FrozenInstanceError):
        attempt.correct = False  # type: ignore[misc]


# -- kinds ----------------------------------------------------------------------------------

def test_the_registry_knows_the_kinds_and_takes_new_ones() -> None:
    kinds = default_kinds()
    assert kinds.names == ["handwritten", "note", "question", "simulation", "video"]
    with pytest.raises(UnknownContentKind):
        kinds.get("podcast")

    class PodcastKind(ContentKindSpec):
        name = "podcast"

        def validate(self, raw: Any, clean_html: Any) -> dict[str, Any]:
            return {"url": str(raw["url"])}

        def render_text(self, body: Any) -> str:
            return f"Podcast: {body['url']}"

    extended = kinds.with_kind(PodcastKind())
    podcast = extended.get("podcast")
    assert podcast.validate({"url": "https://p.example/1"}, same) == {
        "url": "https://p.example/1"}
    assert not podcast.gradable and extended.get("question").gradable
    with pytest.raises(NotGradable):
        podcast.grade({}, {})


def test_a_note_is_sanitised_by_the_given_cleaner_and_required() -> None:
    spec = default_kinds().get("note")
    assert spec.validate({"html": "<p>Hi<script>x</script></p>"},
                         lambda h: h.replace("<script>x</script>", "")) == {"html": "<p>Hi</p>"}
    for raw in ({}, {"html": 3}, {"html": "   "}):
        with pytest.raises(InvalidContent):
            spec.validate(raw, same)


def test_text_rendering_reads_like_the_lesson() -> None:
    text = html_to_text(
        "<h2>Energy</h2><p>Kinetic: <span class=\"math math-inline\" data-latex=\"E=\\tfrac12 "
        "mv^2\">E = ½mv²</span> joules.</p><ul><li>one</li><li>two</li></ul>"
        "<p><a href=\"https://example.org\">more</a><img src=\"/files/x.png\" alt=\"graph\"></p>"
        "<table><tr><th>m</th><th>v</th></tr><tr><td>2</td><td>3</td></tr></table>")
    assert text.splitlines() == [
        "## Energy", "", "Kinetic: E=1/2 mv² joules.", "", "- one", "", "- two", "",
        "more <https://example.org>[image: graph]", "", "m | v", "", "2 | 3"]


def test_the_editors_formula_nodes_read_as_text_not_latex() -> None:
    text = html_to_text(
        '<p>So <span data-type="inline-math" data-latex="E_k=\\tfrac12 mv^2"></span> and'
        '</p><div data-type="block-math" data-latex="W = Fs\\cos\\theta"></div><p>next</p>')
    assert text.splitlines() == ["So Eₖ=1/2 mv² and", "", "W = Fs cos θ", "", "next"]


@pytest.mark.parametrize(("latex", "text"), [
    ("E_k = \\tfrac{1}{2} m v^2", "Eₖ = 1/2 m v²"),
    ("\\frac{a+b}{2}", "(a+b)/2"),
    ("\\sqrt{b^2-4ac}", "√(b²-4ac)"),
    ("v_{max} \\le \\text{m/s}^2", "vₘₐₓ ≤ m/s²"),
    ("\\alpha^{x+y}", "α^(x+y)"),  # noqa: RUF001
    ("x^", "x^"),
    ("\\", ""),
])
def test_formulas_read_as_text(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


# -- simulations ----------------------------------------------------------------------------

PHET = "https://phet.colorado.edu/sims/html/energy-skate-park/latest/energy-skate-park_en.html"


@pytest.mark.parametrize("url", [
    PHET, "https://www.geogebra.org/material/iframe/id/abc123",
    "https://www.desmos.com/calculator/xyz?embed", "HTTPS://PHET.colorado.edu:443/sims/x",
])
def test_simulations_from_allowed_hosts_are_accepted(url: str) -> None:
    spec = SimulationKind()
    body = spec.validate({"url": url, "title": "Energy skate park"}, same)
    assert body["url"].startswith("https://")
    shown = spec.display(body)
    assert shown["iframe"]["title"] == "Energy skate park"
    assert "allow-scripts" in shown["iframe"]["sandbox"]
    assert 'title="Energy skate park"' in shown["embed_html"]
    assert "sandbox=" in shown["embed_html"]


@pytest.mark.parametrize("url", [
    "http://phet.colorado.edu/sims/x", "https://evil.example/sims/x",
    "https://phet.colorado.edu.evil.example/x", "https://evil.example@phet.colorado.edu/x",
    "https://user:pw@phet.colorado.edu/x", "https://phet.colorado.edu:8443/x",
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//phet.colorado.edu/x",
    "https://geogebra.org/x", "https://phet.colorado.edu/x\"onload=\"alert(1)",
    "https://phet.colorado.edu/ x", "ftp://phet.colorado.edu/x", "",
])
def test_anything_else_is_refused_with_a_clear_code(url: str) -> None:
    with pytest.raises(SimulationHostNotAllowed) as refused:
        SimulationKind().validate({"url": url, "title": "Sim"}, same)
    assert refused.value.code == "simulation_host_not_allowed"
    assert "phet.colorado.edu" in refused.value.details["allowed_hosts"]  # type: ignore[index]


def test_a_simulation_needs_a_title_for_screen_readers() -> None:
    with pytest.raises(InvalidContent):
        SimulationKind().validate({"url": PHET, "title": " "}, same)


# -- questions ------------------------------------------------------------------------------

QUESTION = QuestionKind()


def question(**fields: Any) -> dict[str, Any]:
    return QUESTION.validate({"prompt": "<p>Which?</p>", "explanation": "<p>Because.</p>",
                              **fields}, same)


def test_single_choice_grading_and_what_learners_see() -> None:
    body = question(type="single_choice", choices=[{"id": "a", "text": "2 J"},
                                                   {"id": "b", "text": "4 J"}], correct=["b"])
    assert QUESTION.grade(body, {"choice": "b"}).correct
    wrong = QUESTION.grade(body, {"choice": "a"})
    assert not wrong.correct
    assert wrong.answer == {"choice": "a"}
    assert QUESTION.learner_view(body) == {"type": "single_choice", "prompt": "<p>Which?</p>",
                                           "choices": [{"id": "a", "text": "2 J"},
                                                       {"id": "b", "text": "4 J"}]}


def test_multiple_choice_needs_exactly_the_correct_set() -> None:
    body = question(type="multiple_choice",
                    choices=[{"text": "x"}, {"text": "y"}, {"text": "z"}], correct=["a", "c"])
    assert [c["id"] for c in body["choices"]] == ["a", "b", "c"]
    assert QUESTION.grade(body, {"choices": ["c", "a"]}).correct
    assert not QUESTION.grade(body, {"choices": ["a"]}).correct
    assert not QUESTION.grade(body, {"choices": ["a", "b", "c"]}).correct


@pytest.mark.parametrize(("value", "correct"), [
    (9.81, True), (9.76, True), (9.86, True), (9.75, False), (9.87, False), (-9.81, False),
])
def test_numeric_answers_are_right_within_the_tolerance(value: float, correct: bool) -> None:
    body = question(type="numeric", answer=9.81, tolerance=0.05, unit="m/s²")
    assert QUESTION.grade(body, {"value": value}).correct is correct
    assert QUESTION.learner_view(body) == {"type": "numeric", "prompt": "<p>Which?</p>",
                                           "unit": "m/s²"}


def test_zero_tolerance_still_forgives_float_rounding() -> None:
    body = question(type="numeric", answer=0.3)
    assert QUESTION.grade(body, {"value": 0.1 + 0.2}).correct
    assert not QUESTION.grade(body, {"value": 0.3001}).correct


def test_short_text_matches_accepted_answers_loosely_unless_case_sensitive() -> None:
    body = question(type="short_text", accepted=["Newton", "newton's second law"])
    assert QUESTION.grade(body, {"text": "  NEWTON "}).correct
    assert QUESTION.grade(body, {"text": "Newton's   second law"}).correct
    assert not QUESTION.grade(body, {"text": "Leibniz"}).correct
    assert not QUESTION.grade(body, {"text": ""}).correct
    strict = question(type="short_text", accepted=["NaCl"], case_sensitive=True)
    assert not QUESTION.grade(strict, {"text": "nacl"}).correct
    assert "accepted" not in QUESTION.learner_view(body)


@pytest.mark.parametrize("answer", [{}, {"choice": 1}, {"choice": ["a"]}, {"choice": "a\x00"}])
def test_malformed_answers_are_refused(answer: dict[str, Any]) -> None:
    body = question(type="single_choice", choices=[{"text": "x"}, {"text": "y"}], correct=["a"])
    with pytest.raises(InvalidAnswer):
        QUESTION.grade(body, answer)


@pytest.mark.parametrize("answer", [{"value": "9.81"}, {"value": True}, {"value": float("nan")},
                                    {"value": float("inf")}, {"value": 10**400}])
def test_numeric_answers_must_be_finite_numbers(answer: dict[str, Any]) -> None:
    with pytest.raises(InvalidAnswer):
        QUESTION.grade(question(type="numeric", answer=1), answer)


@pytest.mark.parametrize("fields", [
    {"type": "essay"},
    {"type": "single_choice", "choices": [{"text": "only one"}], "correct": ["a"]},
    {"type": "single_choice", "choices": [{"text": "x"}, {"text": "y"}], "correct": ["a", "b"]},
    {"type": "single_choice", "choices": [{"text": "x"}, {"text": "y"}], "correct": ["z"]},
    {"type": "single_choice", "choices": [{"text": "x"}, {"text": "y"}], "correct": [["a"]]},
    {"type": "multiple_choice", "choices": [{"id": "a", "text": "x"}, {"id": "a", "text": "y"}],
     "correct": ["a"]},
    {"type": "multiple_choice", "choices": [{"text": "x"}, {"text": "y"}], "correct": []},
    {"type": "numeric", "answer": "ten"},
    {"type": "numeric", "answer": 1, "tolerance": -1},
    {"type": "short_text", "accepted": []},
    {"type": "short_text", "accepted": ["ok", 3]},
    {"type": "single_choice", "choices": "ab", "correct": ["a"]},
])
def test_malformed_questions_are_refused(fields: dict[str, Any]) -> None:
    with pytest.raises(InvalidContent):
        question(**fields)


def test_a_question_needs_a_prompt() -> None:
    with pytest.raises(InvalidContent):
        QUESTION.validate({"type": "numeric", "answer": 1, "prompt": ""}, same)


def test_question_text_rendering_shows_the_answers_for_reviewers() -> None:
    body = question(type="single_choice", choices=[{"text": "2 J"}, {"text": "4 J"}],
                    correct=["b"])
    assert QUESTION.render_text(body).splitlines() == [
        "Question (single choice)", "Which?", "", "Choices:", "[ ] a. 2 J", "[x] b. 4 J", "",
        "Explanation:", "Because."]
    numeric = question(type="numeric", answer=9.81, tolerance=0.05, unit="m/s²")
    assert "Answer: 9.81 ± 0.05 m/s²" in QUESTION.render_text(numeric)


# -- teaching before telling ----------------------------------------------------------------

@pytest.mark.parametrize(("fields", "answer"), [
    ({"type": "single_choice", "choices": [{"text": "2 J"}, {"text": "4 J"}],
      "correct": ["b"]}, {"choice": "a"}),
    ({"type": "multiple_choice", "choices": [{"text": "x"}, {"text": "y"}],
      "correct": ["a", "b"]}, {"choices": ["a"]}),
    ({"type": "numeric", "answer": 9.81, "tolerance": 0.05}, {"value": 10}),
    ({"type": "short_text", "accepted": ["newton"]}, {"text": "joule"}),
])
def test_a_wrong_answer_gives_nothing_away(fields: dict[str, Any],
                                           answer: dict[str, Any]) -> None:
    body = question(**fields, hints=["Think of the units."])
    wrong = QUESTION.grade(body, answer)
    assert not wrong.correct
    assert wrong.explanation is None and wrong.solution is None
    assert "Because" not in repr(wrong) and "units" not in repr(wrong)
    explanation, solution = QUESTION.worked_solution(body)
    assert explanation == "<p>Because.</p>" and solution == QUESTION.solution(body)


def test_a_right_answer_comes_with_the_explanation() -> None:
    body = question(type="numeric", answer=9.81, tolerance=0.05)
    right = QUESTION.grade(body, {"value": 9.8})
    assert right.correct and right.explanation == "<p>Because.</p>"
    assert right.solution == {"answer": 9.81, "tolerance": 0.05, "unit": ""}


def test_hints_are_plain_text_in_order_and_hidden_from_learners() -> None:
    body = question(type="short_text", accepted=["newton"],
                    hints=["  Who wrote  the Principia? ", "", "Isaac ..."])
    assert body["hints"] == ["Who wrote the Principia?", "Isaac ..."]
    assert hints_of(body) == body["hints"]
    assert "hints" not in QUESTION.learner_view(body)
    assert "Principia" not in QUESTION.learner_text(body)
    assert QUESTION.render_text(body).splitlines()[-3:] == [
        "Hints:", "1. Who wrote the Principia?", "2. Isaac ..."]
    assert "hints" not in question(type="short_text", accepted=["newton"])
    assert hints_of({"type": "numeric"}) == []  # bodies saved before hints existed


@pytest.mark.parametrize("hints", [
    ["a"] * (MAX_HINTS + 1),
    ["x" * (MAX_HINT_TEXT + 1)],
    [3],
    "one hint",
    ["line\x00break"],
])
def test_hints_are_bounded_and_checked(hints: Any) -> None:
    with pytest.raises(InvalidContent) as refused:
        question(type="short_text", accepted=["ok"], hints=hints)
    assert "body.hints" in refused.value.details["fields"]  # type: ignore[index]


def test_excerpts_end_between_words() -> None:
    text = "Kinetic energy grows with the square of speed " * 10
    cut = excerpt(text, 50)
    assert cut == "Kinetic energy grows with the square of speed …"
    assert excerpt("word " * 10 + "end", 10) == "word word …"
    assert excerpt("a" * 30, 10) == "a" * 10 + " …"


def test_a_learner_preview_quotes_a_question_prompt_readably_without_choices() -> None:
    spec = default_kinds().get("question")
    body = spec.validate({
        "type": "single_choice", "explanation": "",
        "prompt": '<p>Which is <span data-type="inline-math" data-latex="\\tfrac{1}{2}mv^2">'
                  "</span>?</p>",
        "choices": [{"id": "a", "text": "Kinetic energy"}, {"id": "b", "text": "Momentum"}],
        "correct": ["a"]}, lambda h: h)
    assert spec.preview_text(spec.learner_view(body)) == "Which is 1/2mv²?"


def test_a_video_body_names_a_video_and_sorted_chapters() -> None:
    spec = default_kinds().get("video")
    video_id = str(uuid.uuid4())
    body = spec.validate({"video_id": video_id, "chapters": [
        {"start": 0, "title": " Intro "}, {"start": 61.5, "title": "Work"}]}, same)
    assert body == {"video_id": video_id, "chapters": [{"start": 0.0, "title": "Intro"},
                                                       {"start": 61.5, "title": "Work"}]}
    assert spec.render_text(body) == "00:00 Intro\n01:01 Work"
    assert spec.validate({"video_id": video_id}, same)["chapters"] == []
    for raw in ({"video_id": "nope"}, {"video_id": video_id, "chapters": [
            {"start": 5, "title": "B"}, {"start": 1, "title": "A"}]},
            {"video_id": video_id, "chapters": [{"start": 1, "title": "A"},
                                                {"start": 1, "title": "B"}]},
            {"video_id": video_id, "chapters": [{"start": -1, "title": "A"}]},
            {"video_id": video_id, "chapters": [{"start": 1, "title": "x" * 121}]},
            {"video_id": video_id, "chapters": [{"start": i, "title": "t"}
                                                for i in range(101)]}):
        with pytest.raises(InvalidContent):
            spec.validate(raw, same)
