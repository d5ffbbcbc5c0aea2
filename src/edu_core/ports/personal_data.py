"""Reading everything a person did that no other port lists by person (for the data export)."""

from typing import Protocol
from uuid import UUID

from edu_core.domain.content import Attempt
from edu_core.domain.courses import Completion
from edu_core.domain.pagination import Page, PageRequest


class PersonalDataReader(Protocol):
    async def attempts(self, user_id: UUID, page: PageRequest) -> Page[Attempt]:
        """Every answer the person gave, oldest first."""
        ...

    async def completions(self, user_id: UUID, page: PageRequest) -> Page[Completion]:
        """Every item the person marked done, oldest first."""
        ...
