"""Sharing a finished session chat in the forum (S32): the student's choice about their name,
and the mentor's one-click thread made from the conversation.

The thread and the record of the share are written in one transaction, under the session's row
lock, so a double click makes one thread and the second answers ``chat_already_shared``.
"""

from uuid import UUID

from edu_core.application.actors import Principal
from edu_core.application.chat import ChatService
from edu_core.application.chat_transcript import as_forum_post
from edu_core.application.forum import ForumService
from edu_core.domain.bookings import SessionNotFound
from edu_core.domain.chat_sharing import (
    ChatAlreadyShared,
    ChatEmpty,
    ChatSharing,
    ChatSharingDenied,
)
from edu_core.ports.clock import Clock
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory


class ChatSharingService:
    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, chat: ChatService,
                 forum: ForumService) -> None:
        self._uow = uow
        self._clock = clock
        self._chat = chat
        self._forum = forum

    @staticmethod
    async def _current(uow: UnitOfWork, session_id: UUID) -> ChatSharing:
        return await uow.chat_sharing.get(session_id) or ChatSharing(session_id=session_id)

    async def get(self, principal: Principal, session_id: UUID) -> ChatSharing:
        await self._chat.room(principal, session_id)  # the parties and admins only
        async with self._uow() as uow:
            return await self._current(uow, session_id)

    async def show_student_name(self, principal: Principal, session_id: UUID,
                                shown: bool) -> ChatSharing:
        """The student's choice; it holds for a share made later."""
        async with self._uow() as uow:
            session = await uow.bookings.get(session_id, lock=True)
            if session is None or not (principal.is_admin or principal.user_id in (
                    session.student_id, session.mentor_id)):
                raise SessionNotFound()
            if principal.user_id != session.student_id:
                raise ChatSharingDenied("Only the session's student chooses whether their "
                                        "name shows.")
            sharing = await self._current(uow, session_id)
            sharing.show_student_name(shown, self._clock.now())
            await uow.chat_sharing.save(sharing)
            await uow.commit()
        return sharing

    async def share(self, principal: Principal, session_id: UUID, *, title: str,
                    category: str | UUID | None = None,
                    topic: str | None = None) -> ChatSharing:
        """The mentor turns the finished chat into a forum thread they author."""
        transcript = await self._chat.transcript(principal, session_id)
        if principal.user_id != transcript.room.mentor_id:
            raise ChatSharingDenied()
        if not transcript.messages:
            raise ChatEmpty()
        async with self._uow() as uow:
            await uow.bookings.get(session_id, lock=True)
            sharing = await self._current(uow, session_id)
            if sharing.shared:  # before spending the mentor's thread allowance on it
                raise ChatAlreadyShared()
            body = as_forum_post(transcript, student_name_shown=sharing.student_name_shown)
            thread, _ = await self._forum.stage_thread(uow, principal, title=title, body=body,
                                                       category=category, topic=topic)
            sharing.record_share(thread_id=thread.id, by=principal.user_id,
                                 now=self._clock.now())
            await uow.chat_sharing.save(sharing)
            await uow.commit()
        return sharing
