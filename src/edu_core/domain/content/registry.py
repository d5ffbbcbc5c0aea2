"""The registry of content kinds the platform accepts."""

from collections.abc import Iterable

from edu_core.domain.content.handwritten import HandwrittenKind
from edu_core.domain.content.kinds import (
    ContentKindSpec,
    NoteKind,
    SimulationKind,
    UnknownContentKind,
)
from edu_core.domain.content.questions import QuestionKind
from edu_core.domain.content.video import VideoKind


class ContentKinds:
    """The registry of kinds the platform accepts."""

    def __init__(self, specs: Iterable[ContentKindSpec]) -> None:
        self._specs = {spec.name: spec for spec in specs}

    def get(self, name: str) -> ContentKindSpec:
        spec = self._specs.get(name)
        if spec is None:
            message = UnknownContentKind.default_message
            raise UnknownContentKind(details={"fields": {"kind": message},
                                              "known": sorted(self._specs)})
        return spec

    @property
    def names(self) -> list[str]:
        return sorted(self._specs)

    def with_kind(self, spec: ContentKindSpec) -> "ContentKinds":
        return ContentKinds([*self._specs.values(), spec])


def default_kinds() -> ContentKinds:
    return ContentKinds([NoteKind(), QuestionKind(), SimulationKind(), VideoKind(),
                         HandwrittenKind()])
