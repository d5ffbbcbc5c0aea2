"""In-memory chat sharing records, staged until commit."""

import copy
from uuid import UUID

from edu_core.domain.chat_sharing import ChatSharing


class MemoryChatSharingRepository:
    def __init__(self, data: dict[UUID, ChatSharing]) -> None:
        self._data = data
        self.staged: dict[UUID, ChatSharing] = {}

    async def get(self, session_id: UUID) -> ChatSharing | None:
        found = self.staged.get(session_id) or self._data.get(session_id)
        return copy.deepcopy(found)

    async def save(self, sharing: ChatSharing) -> None:
        self.staged[sharing.session_id] = copy.deepcopy(sharing)

    def apply(self) -> None:
        self._data.update(self.staged)
