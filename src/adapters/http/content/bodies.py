"""The documents inside content items, one struct per kind, tagged by ``kind``: the OpenAPI
document (and the TypeScript generated from it) carries every shape, both the bodies authors
send and the ones the server answers with. Questions and simulations come in two views: the
full one for authors and reviewers, and the learner's, in which the fields that give an
answer away are absent.

The input structs bound every field (so oversized input is a 400, never a crash) and leave
the rest to the kind's own validation in the domain: sanitising, the simulation host
allow-list, which fields each question type needs."""

from collections.abc import Mapping
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal
from uuid import UUID

import msgspec
from msgspec import Meta

from adapters.http.video.schemas import CaptionOut, ThumbnailsOut
from edu_core.domain.content import SIMULATION_SITES, ContentKindName, QuestionType
from edu_core.domain.content.kinds import MAX_HTML, MAX_SIMULATION_TITLE, MAX_SIMULATION_URL
from edu_core.domain.content.questions import (
    MAX_ACCEPTED,
    MAX_ACCEPTED_TEXT,
    MAX_ANSWER_TEXT,
    MAX_CHOICE_ID,
    MAX_CHOICE_TEXT,
    MAX_CHOICES,
    MAX_HINT_TEXT,
    MAX_HINTS,
    MAX_UNIT,
)
from edu_core.domain.video import MAX_CHAPTER_TITLE, MAX_CHAPTERS

# The simulation allow-list as an OpenAPI enum: the web client's checks are typed on it, so a
# site added or removed here fails its type check until it follows.
SimulationHost = StrEnum(  # type: ignore[misc]
    "SimulationHost", {host: host for host in sorted(SIMULATION_SITES)})

Html = Annotated[str, Meta(max_length=MAX_HTML, description="HTML, sanitised on save.")]
ChoiceId = Annotated[str, Meta(max_length=MAX_CHOICE_ID)]

# ---- what authors send ------------------------------------------------------------------


class NoteIn(msgspec.Struct, tag_field="kind", tag=ContentKindName.NOTE.value,
             forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "kind": "note",
        "html": "<h2>Kinetic energy</h2><p>A moving body carries energy <span "
                "data-type=\"inline-math\" data-latex=\"E_k = \\tfrac{1}{2} m v^2\"></span>."
                "</p>"}

    html: Html


class QuestionChoiceIn(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    text: Annotated[str, Meta(max_length=MAX_CHOICE_TEXT)]
    id: Annotated[ChoiceId | None, Meta(description="Defaults to a, b, c… by position.")] = None


class QuestionIn(msgspec.Struct, tag_field="kind", tag=ContentKindName.QUESTION.value,
                 forbid_unknown_fields=True, omit_defaults=True):
    """``choices`` and ``correct`` for single and multiple choice; ``answer`` (with
    ``tolerance`` and ``unit``) for numeric; ``accepted`` (with ``case_sensitive``) for short
    text. Every question may add up to five ``hints``."""

    EXAMPLE: ClassVar[dict[str, Any]] = {
        "kind": "question", "type": "single_choice",
        "prompt": "<p>A ball rolls down a frictionless ramp. What happens to its total "
                  "mechanical energy?</p>",
        "choices": [{"id": "a", "text": "It increases"}, {"id": "b", "text": "It stays the same"},
                    {"id": "c", "text": "It decreases"}],
        "correct": ["b"],
        "explanation": "<p>Without friction no energy leaves the ball: potential energy becomes "
                       "kinetic energy.</p>",
        "hints": ["Which force could take energy away from the ball?"]}

    type: QuestionType
    prompt: Html
    explanation: Html | None = None
    choices: Annotated[list[QuestionChoiceIn], Meta(max_length=MAX_CHOICES)] | None = None
    correct: Annotated[list[ChoiceId], Meta(max_length=MAX_CHOICES)] | None = None
    answer: float | None = None
    tolerance: float | None = None
    unit: Annotated[str, Meta(max_length=MAX_UNIT)] | None = None
    accepted: Annotated[list[Annotated[str, Meta(max_length=MAX_ACCEPTED_TEXT)]],
                        Meta(max_length=MAX_ACCEPTED)] | None = None
    case_sensitive: bool | None = None
    hints: Annotated[list[Annotated[str, Meta(max_length=MAX_HINT_TEXT)]],
                     Meta(max_length=MAX_HINTS)] | None = None


class SimulationIn(msgspec.Struct, tag_field="kind", tag=ContentKindName.SIMULATION.value,
                   forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "kind": "simulation",
        "url": "https://phet.colorado.edu/sims/html/energy-skate-park-basics/latest/"
               "energy-skate-park-basics_en.html",
        "title": "Energy Skate Park: Basics (PhET, University of Colorado Boulder)"}

    url: Annotated[str, Meta(max_length=MAX_SIMULATION_URL, description=(
        "https on one of the `SimulationHost` sites."))]
    title: Annotated[str, Meta(max_length=MAX_SIMULATION_TITLE)]


class VideoChapterIn(msgspec.Struct, forbid_unknown_fields=True):
    start: Annotated[float, Meta(ge=0, description="Seconds from the start of the video.")]
    title: Annotated[str, Meta(min_length=1, max_length=MAX_CHAPTER_TITLE)]


class VideoIn(msgspec.Struct, tag_field="kind", tag=ContentKindName.VIDEO.value,
              forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "kind": "video", "video_id": "bc626650-c038-439d-806a-41883cce4a62",
        "chapters": [{"start": 0, "title": "The ramp and the cart"},
                     {"start": 95.5, "title": "Measuring the speed at the bottom"}]}

    video_id: Annotated[UUID, Meta(description=(
        "One of the author's videos (`POST /api/v1/videos/uploads`); it must be ready to "
        "submit the item for review."))]
    chapters: Annotated[list[VideoChapterIn], Meta(max_length=MAX_CHAPTERS, description=(
        "Sorted by `start`, starts unique and within the video."))] = []


class HandwrittenIn(msgspec.Struct, tag_field="kind", tag=ContentKindName.HANDWRITTEN.value,
                    forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {
        "kind": "handwritten", "document_id": "9f978357-c4f2-4d34-a29f-8e31cd26fdd1"}

    document_id: Annotated[UUID, Meta(description=(
        "A document uploaded by the item's author (`POST /api/v1/handwritten/documents`); "
        "sending for review needs it `ready`."))]


ContentBodyIn = NoteIn | QuestionIn | SimulationIn | VideoIn | HandwrittenIn


def submitted(body: ContentBodyIn) -> dict[str, Any]:
    """A body as the kind's validation reads it, ``kind`` included (checked against the
    item's) and absent fields left absent."""
    raw: dict[str, Any] = msgspec.to_builtins(body)
    return raw


# ---- what learners answer ---------------------------------------------------------------


class SingleChoiceAnswer(msgspec.Struct, tag_field="type",
                         tag=QuestionType.SINGLE_CHOICE.value, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"type": "single_choice", "choice": "b"}

    choice: ChoiceId


class MultipleChoiceAnswer(msgspec.Struct, tag_field="type",
                           tag=QuestionType.MULTIPLE_CHOICE.value, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"type": "multiple_choice", "choices": ["a", "c"]}

    choices: Annotated[list[ChoiceId], Meta(max_length=MAX_CHOICES)]


class NumericAnswer(msgspec.Struct, tag_field="type", tag=QuestionType.NUMERIC.value,
                    forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"type": "numeric", "value": 7.35}

    value: float


class ShortTextAnswer(msgspec.Struct, tag_field="type", tag=QuestionType.SHORT_TEXT.value,
                      forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"type": "short_text", "text": "joule"}

    text: Annotated[str, Meta(max_length=MAX_ANSWER_TEXT)]


AnswerIn = SingleChoiceAnswer | MultipleChoiceAnswer | NumericAnswer | ShortTextAnswer


def answered(answer: AnswerIn) -> dict[str, Any]:
    """An answer as grading reads it, ``type`` included (checked against the question's)."""
    raw: dict[str, Any] = msgspec.to_builtins(answer)
    return raw


# ---- what the server answers with -------------------------------------------------------


class AnswerOut(msgspec.Struct, omit_defaults=True):
    """An answer as it was kept: only what grading looked at, by question type: ``choice``,
    ``choices``, ``value`` or ``text``."""

    choice: str | None = None
    choices: list[str] | None = None
    value: float | None = None
    text: str | None = None


class SolutionOut(msgspec.Struct, omit_defaults=True):
    """The correct answer, by question type: ``correct`` (the choices' ids); ``answer``,
    ``tolerance`` and ``unit``; or ``accepted``."""

    correct: list[str] | None = None
    answer: float | None = None
    tolerance: float | None = None
    unit: str | None = None
    accepted: list[str] | None = None


def answer_out(answer: Mapping[str, Any]) -> AnswerOut:
    return msgspec.convert(answer, AnswerOut)


def solution_out(solution: Mapping[str, Any] | None) -> SolutionOut | None:
    return None if solution is None else msgspec.convert(solution, SolutionOut)



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
    host: SimulationHost  # the site it is embedded from
    iframe: SimulationFrame | None = None
    embed_html: str | None = None


class VideoChapter(msgspec.Struct):
    start: float
    title: str


class VideoBody(msgspec.Struct, tag_field="kind", tag=ContentKindName.VIDEO.value):
    """The stored `video_id` and `chapters`; the rest is added when read (links are signed
    and expire; `resume_at` is the reader's own stored position)."""

    video_id: UUID
    chapters: list[VideoChapter]
    status: Literal["processing", "ready", "failed"] = "failed"
    duration_seconds: float | None = None
    width: int | None = None
    height: int | None = None
    video_url: str | None = None
    poster_url: str | None = None
    thumbnails: ThumbnailsOut | None = None
    captions: list[CaptionOut] = []
    resume_at: float | None = None


class HandwrittenPage(msgspec.Struct):
    number: int
    width: Annotated[float, Meta(description="In the page's own units: PDF points, or pixels.")]
    height: float
    image_url: Annotated[str | None, Meta(description=(
        "The page's image (photos); null for a PDF's pages, drawn from `pdf_url`."))]
    thumbnail_url: str


class HandwrittenBody(msgspec.Struct, tag_field="kind", tag=ContentKindName.HANDWRITTEN.value):
    """What the stored body names (``document_id``) and, added to every response, what
    showing it needs; links are signed and expire within hours."""

    document_id: UUID
    status: Literal["processing", "ready", "failed"] = "processing"
    source_type: Literal["application/pdf", "image"] | None = None
    page_count: int = 0
    pages: list[HandwrittenPage] = []
    pdf_url: str | None = None


ContentBody = NoteBody | QuestionBody | SimulationBody | VideoBody | HandwrittenBody


def body_of(kind: str, body: Mapping[str, Any]) -> ContentBody:
    """A body as its kind's struct: ``body`` was written by the kind's own validation, so a
    mismatch is a programming error, not bad input."""
    converted: ContentBody = msgspec.convert({**body, "kind": str(kind)}, ContentBody)
    return converted
