"""Learning content: notes, questions and simulations under catalog topics, versioned and
reviewed before learners see them."""

from edu_core.domain.content.kinds import (
    DEFAULT_SIMULATION_HOSTS,
    IFRAME_SANDBOX,
    SIMULATION_SITES,
    ContentKindName,
    ContentKindSpec,
    Grade,
    HtmlCleaner,
    InvalidAnswer,
    NoteKind,
    NotGradable,
    SimulationHostNotAllowed,
    SimulationKind,
    UnknownContentKind,
)
from edu_core.domain.content.model import (
    AnswerGraded,
    Attempt,
    ContentApproved,
    ContentItem,
    ContentNotFound,
    ContentRejected,
    ContentStatus,
    ContentSubmitted,
    ContentUnderReview,
    ContentVersion,
    ContentWithdrawn,
    InvalidContent,
    InvalidContentTransition,
    UnknownTopic,
    VersionNotFound,
    validate_time_taken,
)
from edu_core.domain.content.questions import QuestionKind, QuestionType
from edu_core.domain.content.registry import ContentKinds, default_kinds
from edu_core.domain.content.text import html_to_text

__all__ = [
    "DEFAULT_SIMULATION_HOSTS", "IFRAME_SANDBOX", "SIMULATION_SITES", "AnswerGraded", "Attempt",
    "ContentApproved",
    "ContentItem", "ContentKindName", "ContentKindSpec", "ContentKinds", "ContentNotFound",
    "ContentRejected", "ContentStatus", "ContentSubmitted", "ContentUnderReview", "ContentVersion",
    "ContentWithdrawn", "Grade", "HtmlCleaner", "InvalidAnswer", "InvalidContent",
    "InvalidContentTransition", "NotGradable", "NoteKind", "QuestionKind", "QuestionType",
    "SimulationHostNotAllowed", "SimulationKind", "UnknownContentKind", "UnknownTopic",
    "VersionNotFound", "default_kinds", "html_to_text", "validate_time_taken",
]
