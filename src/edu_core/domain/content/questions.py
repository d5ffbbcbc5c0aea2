"""Questions: single and multiple choice, numeric with a tolerance, short text with accepted
answers. Prompt and explanation are sanitised HTML; choices, accepted answers and hints plain
text.

Questions teach before they tell: grading a wrong answer says only that it is wrong. The
learner then asks for the mentor's hints one at a time, tries again, or asks for the worked
solution; each request is recorded on the attempt (``hints_used``, ``solution_shown``)."""

import math
import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from edu_core.domain.content.blocks import Block, BlockKind, html_blocks, text_block
from edu_core.domain.content.kinds import (
    ContentKindName,
    ContentKindSpec,
    Grade,
    HtmlCleaner,
    InvalidAnswer,
    clean_html_field,
    field_of,
)
from edu_core.domain.content.model import clean_line, content_error
from edu_core.domain.content.text import html_to_text
from edu_core.domain.errors import Conflict, NotFound

MIN_CHOICES, MAX_CHOICES = 2, 10
MAX_ACCEPTED = 20
MAX_CHOICE_TEXT = 500
MAX_HINTS = 5
MAX_HINT_TEXT = 500
MAX_UNIT = 20
MAX_ACCEPTED_TEXT = 200
MAX_ANSWER_TEXT = 1000
MAX_CHOICE_ID = 16
_CHOICE_ID = re.compile(rf"^[A-Za-z0-9_-]{{1,{MAX_CHOICE_ID}}}$")
# A numeric answer compared after float rounding: 0.1 + 0.2 must match 0.3 at zero tolerance.
_RELATIVE_SLACK = 1e-9


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    NUMERIC = "numeric"
    SHORT_TEXT = "short_text"


CHOICE_TYPES = frozenset({QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE})
_LABELS = {QuestionType.SINGLE_CHOICE: "single choice",
           QuestionType.MULTIPLE_CHOICE: "multiple choice",
           QuestionType.NUMERIC: "numeric", QuestionType.SHORT_TEXT: "short text"}


class AnswerTypeMismatch(InvalidAnswer):
    code = "answer_type_mismatch"
    default_message = "The answer is for another type of question."


class AttemptNotFound(NotFound):
    default_message = "No such attempt."


class NoMoreHints(Conflict):
    code = "no_more_hints"
    default_message = "Every hint of this question is already shown."


def finite_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def normalise_text(text: str, *, case_sensitive: bool) -> str:
    folded = " ".join(unicodedata.normalize("NFKC", text).split())
    return folded if case_sensitive else folded.casefold()


def _choices(raw: Mapping[str, Any]) -> list[dict[str, str]]:
    given = field_of(raw, "choices", list)
    if not MIN_CHOICES <= len(given) <= MAX_CHOICES:
        raise content_error("body.choices", f"Offer {MIN_CHOICES} to {MAX_CHOICES} choices.")
    choices = []
    for index, choice in enumerate(given):
        if not isinstance(choice, dict):
            raise content_error("body.choices", "Each choice is an object with id and text.")
        choice_id = choice.get("id") or chr(ord("a") + index)
        if not isinstance(choice_id, str) or not _CHOICE_ID.match(choice_id):
            raise content_error("body.choices", "Choice ids are 1 to 16 letters, digits, - or _.")
        text = clean_line(field_of(choice, "text", str, prefix="body.choices"),
                          name="body.choices", max_length=MAX_CHOICE_TEXT, required=True)
        choices.append({"id": choice_id, "text": text})
    if len({c["id"] for c in choices}) != len(choices):
        raise content_error("body.choices", "Give every choice a different id.")
    return choices


def _correct(raw: Mapping[str, Any], choices: list[dict[str, str]],
             kind: QuestionType) -> list[str]:
    given = field_of(raw, "correct", list)
    ids = {c["id"] for c in choices}
    if not all(isinstance(c, str) and c in ids for c in given):
        raise content_error("body.correct", "Name correct answers by their choice ids.")
    correct = list(dict.fromkeys(given))
    if kind is QuestionType.SINGLE_CHOICE and len(correct) != 1:
        raise content_error("body.correct", "A single-choice question has one correct choice.")
    if not correct:
        raise content_error("body.correct", "Mark at least one choice correct.")
    return [c["id"] for c in choices if c["id"] in correct]


def _hints(raw: Mapping[str, Any]) -> list[str]:
    given = field_of(raw, "hints", list, default=[])
    if len(given) > MAX_HINTS:
        raise content_error("body.hints", f"Give at most {MAX_HINTS} hints.")
    if not all(isinstance(h, str) for h in given):
        raise content_error("body.hints", "Write each hint as text.")
    # A blank row left in the editor is dropped rather than refused.
    return [h for h in (clean_line(h, name="body.hints", max_length=MAX_HINT_TEXT,
                                   required=False) for h in given) if h]


def hints_of(body: Mapping[str, Any]) -> list[str]:
    """The mentor's hints, in the order they are revealed (none in older versions)."""
    return [str(h) for h in body.get("hints", [])]


class QuestionKind(ContentKindSpec):
    name = ContentKindName.QUESTION

    def validate(self, raw: Mapping[str, Any], clean_html: HtmlCleaner) -> dict[str, Any]:
        try:
            kind = QuestionType(field_of(raw, "type", str))
        except ValueError:
            raise content_error("body.type", "Choose single_choice, multiple_choice, numeric "
                                             "or short_text.") from None
        body: dict[str, Any] = {
            "type": kind.value,
            "prompt": clean_html_field(raw, "prompt", clean_html, required=True),
            "explanation": clean_html_field(raw, "explanation", clean_html, required=False),
        }
        if kind in CHOICE_TYPES:
            body["choices"] = _choices(raw)
            body["correct"] = _correct(raw, body["choices"], kind)
        elif kind is QuestionType.NUMERIC:
            answer = finite_number(raw.get("answer"))
            if answer is None:
                raise content_error("body.answer", "Give the answer as a finite number.")
            tolerance = finite_number(raw.get("tolerance", 0))
            if tolerance is None or tolerance < 0:
                raise content_error("body.tolerance", "Give a tolerance of zero or more.")
            unit = clean_line(field_of(raw, "unit", str, default=""), name="body.unit",
                              max_length=MAX_UNIT, required=False)
            body.update(answer=answer, tolerance=tolerance, unit=unit)
        else:
            given = field_of(raw, "accepted", list)
            accepted = [clean_line(a, name="body.accepted", max_length=MAX_ACCEPTED_TEXT,
                                   required=True)
                        if isinstance(a, str) else "" for a in given]
            if not 1 <= len(accepted) <= MAX_ACCEPTED or not all(accepted):
                raise content_error("body.accepted",
                                    f"List 1 to {MAX_ACCEPTED} accepted answers as text.")
            body["accepted"] = list(dict.fromkeys(accepted))
            body["case_sensitive"] = field_of(raw, "case_sensitive", bool, default=False)
        hints = _hints(raw)
        if hints:
            body["hints"] = hints
        return body

    def learner_view(self, body: Mapping[str, Any]) -> dict[str, Any]:
        view = {"type": body["type"], "prompt": body["prompt"]}
        if "choices" in body:
            view["choices"] = [dict(c) for c in body["choices"]]
        if body["type"] == QuestionType.NUMERIC and body.get("unit"):
            view["unit"] = body["unit"]
        return view

    def solution(self, body: Mapping[str, Any]) -> dict[str, Any]:
        kind = QuestionType(body["type"])
        if kind in CHOICE_TYPES:
            return {"correct": list(body["correct"])}
        if kind is QuestionType.NUMERIC:
            return {"answer": body["answer"], "tolerance": body["tolerance"],
                    "unit": body.get("unit", "")}
        return {"accepted": list(body["accepted"])}

    def grade(self, body: Mapping[str, Any], answer: Mapping[str, Any]) -> Grade:
        kind = QuestionType(body["type"])
        # An answer that names its type (as every answer over HTTP does) must name this one.
        given = answer.get("type", kind.value)
        if given != kind.value:
            raise AnswerTypeMismatch(f"This is a {_LABELS[kind]} question; answer it with "
                                     f"type {kind.value}, not {given}.",
                                     details={"expected": kind.value})
        if kind is QuestionType.SINGLE_CHOICE:
            choice = answer.get("choice")
            if not isinstance(choice, str) or not _CHOICE_ID.match(choice):
                raise InvalidAnswer("Answer with {\"choice\": <choice id>}.")
            correct = [choice] == list(body["correct"])
            stored: dict[str, Any] = {"choice": choice}
        elif kind is QuestionType.MULTIPLE_CHOICE:
            chosen = answer.get("choices")
            if (not isinstance(chosen, list) or len(chosen) > MAX_CHOICES
                    or not all(isinstance(c, str) and _CHOICE_ID.match(c) for c in chosen)):
                raise InvalidAnswer("Answer with {\"choices\": [<choice ids>]}.")
            correct = set(chosen) == set(body["correct"])
            stored = {"choices": sorted(set(chosen))}
        elif kind is QuestionType.NUMERIC:
            value = finite_number(answer.get("value"))
            if value is None:
                raise InvalidAnswer("Answer with {\"value\": <a finite number>}.")
            expected = float(body["answer"])
            slack = float(body["tolerance"]) + _RELATIVE_SLACK * max(1.0, abs(expected))
            correct = abs(value - expected) <= slack
            stored = {"value": value}
        else:
            text = answer.get("text")
            if not isinstance(text, str) or len(text) > MAX_ANSWER_TEXT or any(
                    unicodedata.category(c) in ("Cc", "Cs") for c in text):
                raise InvalidAnswer(
                    f"Answer with {{\"text\": <at most {MAX_ANSWER_TEXT} characters>}}.")
            sensitive = bool(body.get("case_sensitive"))
            given = normalise_text(text, case_sensitive=sensitive)
            correct = bool(given) and any(
                given == normalise_text(a, case_sensitive=sensitive) for a in body["accepted"])
            stored = {"text": text}
        if not correct:
            # Telling the answer at once ends the learning: the learner retries, asks for a
            # hint, or asks for the solution (``worked_solution``).
            return Grade(correct=False, explanation=None, solution=None, answer=stored)
        return Grade(correct=True, explanation=str(body.get("explanation", "")),
                     solution=self.solution(body), answer=stored)

    def worked_solution(self, body: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        """The explanation and the correct answer, shown when the learner asks for them."""
        return str(body.get("explanation", "")), self.solution(body)

    def learner_text(self, body: Mapping[str, Any]) -> str:
        """The prompt and the choices (and a numeric unit): never the correct choices,
        accepted answers or explanation."""
        view = self.learner_view(body)
        lines = [html_to_text(str(view["prompt"]))]
        lines += [c["text"] for c in view.get("choices", [])]
        if view.get("unit"):
            lines.append(str(view["unit"]))
        return "\n".join(lines)

    def render_text(self, body: Mapping[str, Any]) -> str:
        kind = QuestionType(body["type"])
        lines = [f"Question ({_LABELS[kind]})", html_to_text(str(body["prompt"])), ""]
        if kind in CHOICE_TYPES:
            lines.append("Choices:")
            lines += [f"[{'x' if c['id'] in body['correct'] else ' '}] {c['id']}. {c['text']}"
                      for c in body["choices"]]
        elif kind is QuestionType.NUMERIC:
            unit = f" {body['unit']}" if body.get("unit") else ""
            lines.append(f"Answer: {body['answer']:g} ± {body['tolerance']:g}{unit}")
        else:
            case = "case-sensitive" if body.get("case_sensitive") else "case-insensitive"
            lines.append(f"Accepted answers ({case}): " + " | ".join(body["accepted"]))
        explanation = html_to_text(str(body.get("explanation", "")))
        if explanation:
            lines += ["", "Explanation:", explanation]
        hints = hints_of(body)
        if hints:
            lines += ["", "Hints:"] + [f"{n}. {h}" for n, h in enumerate(hints, 1)]
        return "\n".join(lines)

    def blocks(self, body: Mapping[str, Any]) -> list[Block]:
        kind = QuestionType(body["type"])
        blocks = [text_block(BlockKind.FIELD, _LABELS[kind], label="Question type"),
                  *html_blocks(str(body["prompt"]))]
        if kind in CHOICE_TYPES:
            blocks += [text_block(BlockKind.CHOICE, c["text"], label=c["id"],
                                  correct=c["id"] in body["correct"]) for c in body["choices"]]
        elif kind is QuestionType.NUMERIC:
            unit = f" {body['unit']}" if body.get("unit") else ""
            blocks.append(text_block(BlockKind.FIELD, f"{body['answer']:g}{unit}",
                                     label="Answer"))
            blocks.append(text_block(BlockKind.FIELD, f"± {body['tolerance']:g}{unit}",
                                     label="Tolerance"))
        else:
            blocks += [text_block(BlockKind.FIELD, a, label="Accepted answer")
                       for a in body["accepted"]]
            blocks.append(text_block(
                BlockKind.FIELD, "yes" if body.get("case_sensitive") else "no",
                label="Case-sensitive"))
        explanation = html_blocks(str(body.get("explanation", "")))
        if explanation:
            blocks += [Block(BlockKind.SECTION, label="Explanation"), *explanation]
        hints = hints_of(body)
        if hints:
            blocks.append(Block(BlockKind.SECTION, label="Hints"))
            blocks += [text_block(BlockKind.HINT, h) for h in hints]
        return blocks

    def preview_text(self, body: Mapping[str, Any]) -> str:
        """The prompt alone: choices listed after it read as noise in a preview."""
        return html_to_text(str(body.get("prompt", "")))
