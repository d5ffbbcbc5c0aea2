"""Postgres repository of chat sharing records (one row per session, once anyone chose)."""

from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from adapters.db.connections import Session
from adapters.db.tables import chat_sharing
from edu_core.domain.chat_sharing import ChatSharing

c = chat_sharing.c


class PostgresChatSharingRepository:
    def __init__(self, session: Session) -> None:
        self._s = session

    async def get(self, session_id: UUID) -> ChatSharing | None:
        row = (await self._s.execute(select(chat_sharing).where(c.session_id == session_id))
               ).mappings().first()
        return None if row is None else ChatSharing(
            session_id=row["session_id"], student_name_shown=row["student_name_shown"],
            thread_id=row["thread_id"], shared_by=row["shared_by"],
            shared_at=row["shared_at"], updated_at=row["updated_at"])

    async def save(self, sharing: ChatSharing) -> None:
        values = {"student_name_shown": sharing.student_name_shown,
                  "thread_id": sharing.thread_id, "shared_by": sharing.shared_by,
                  "shared_at": sharing.shared_at, "updated_at": sharing.updated_at}
        await self._s.execute(pg_insert(chat_sharing).values(
            session_id=sharing.session_id, **values).on_conflict_do_update(
            index_elements=[c.session_id], set_=values))
