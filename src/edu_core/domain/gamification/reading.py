"""A note read to its end: the reader's client says so once the end of the note was on screen."""

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from edu_core.domain.events import DomainEvent


@dataclass(frozen=True, kw_only=True)
class NoteRead(DomainEvent):
    """Raised once per reader and note (reading it again raises nothing)."""

    name: ClassVar[str] = "learning.note_read"
    user_id: UUID
    item_id: UUID


@dataclass(frozen=True, kw_only=True)
class Reading:
    user_id: UUID
    item_id: UUID
    read_at: datetime

    def event(self) -> NoteRead:
        return NoteRead(occurred_at=self.read_at, user_id=self.user_id, item_id=self.item_id)
