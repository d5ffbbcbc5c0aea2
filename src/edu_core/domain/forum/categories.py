"""Forum categories: managed by administrators, shown in their order, each optionally the
forum of one catalog subject (so a question about a lesson lands in its subject's category)."""

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID, uuid4

from edu_core.domain.catalog import (
    validate_description,
    validate_name,
    validate_position,
    validate_slug,
)


@dataclass(kw_only=True)
class ForumCategory:
    name: str
    slug: str
    description: str = ""
    position: int = 0
    subject_id: UUID | None = None  # the catalog subject it mirrors, if any
    created_at: datetime
    updated_at: datetime
    id: UUID = field(default_factory=uuid4)

    @classmethod
    def create(cls, *, name: str, now: datetime, slug: str | None = None,
               description: str = "", position: int = 0,
               subject_id: UUID | None = None) -> "ForumCategory":
        clean = validate_name(name)
        return cls(name=clean, slug=validate_slug(slug, fallback_from=clean),
                   description=validate_description(description),
                   position=validate_position(position), subject_id=subject_id,
                   created_at=now, updated_at=now)

    def update(self, now: datetime, *, name: str | None = None, slug: str | None = None,
               description: str | None = None, position: int | None = None,
               subject_id: UUID | None = None, clear_subject: bool = False) -> None:
        if name is not None:
            self.name = validate_name(name)
        if slug is not None:
            self.slug = validate_slug(slug, fallback_from=self.name)
        if description is not None:
            self.description = validate_description(description)
        if position is not None:
            self.position = validate_position(position)
        if clear_subject:
            self.subject_id = None
        elif subject_id is not None:
            self.subject_id = subject_id
        self.updated_at = now
