"""The documents inside content items, one struct per kind, tagged by ``kind``: the OpenAPI
document (and the TypeScript generated from it) carries every shape. Questions and
simulations come in two views: the full one for authors and reviewers, and the learner's,
in which the fields that give an answer away are absent."""

from collections.abc import Mapping
from typing import Any

import msgspec

from edu_core.domain.content import ContentKindName, QuestionType


class NoteBody(msgspec.Struct, tag_field="kind", tag=ContentKindName.NOTE.value):
    html: str  # sanitised lesson HTML


class QuestionChoice(msgspec.Struct):
    id: str
    text: str


class QuestionBody(msgspec.Struct, tag_field="kind", tag=ContentKindName.QUESTION.value,
                   omit_defaults=True):
    """Absent in the learner's view: ``explanation``, ``correct``, ``answer``,
    ``tolerance``, ``accepted``, ``case_sensitive`` and ``hints``."""

    type: QuestionType
    prompt: str  # sanitised HTML
    explanation: str | None = None  # sanitised HTML
    choices: list[QuestionChoice] | None = None  # single and multiple choice
    correct: list[str] | None = None  # the correct choices' ids
    answer: float | None = None  # numeric
    tolerance: float | None = None
    unit: str | None = None
    accepted: list[str] | None = None  # short text
    case_sensitive: bool | None = None
    hints: list[str] | None = None  # revealed to learners one at a time, on request


class SimulationFrame(msgspec.Struct):
    """The attributes of the ``<iframe>`` that shows a simulation, sandbox included."""

    src: str
    title: str
    sandbox: str
    allow: str
    loading: str
    referrerpolicy: str


class SimulationBody(msgspec.Struct, tag_field="kind", tag=ContentKindName.SIMULATION.value,
                     omit_defaults=True):
    url: str
    title: str
    iframe: SimulationFrame | None = None
    embed_html: str | None = None


ContentBody = NoteBody | QuestionBody | SimulationBody


def body_of(kind: str, body: Mapping[str, Any]) -> ContentBody:
    """A body as its kind's struct: ``body`` was written by the kind's own validation, so a
    mismatch is a programming error, not bad input."""
    converted: ContentBody = msgspec.convert({**body, "kind": str(kind)}, ContentBody)
    return converted
