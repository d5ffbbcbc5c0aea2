"""Turning a session's chat into a forum thread (S32): the mentor shares a finished
conversation so other learners can read it; the student decides whether their name shows.

The student's choice is kept per session and may change until the chat is shared; the thread
is a copy made at that moment (later changes to the choice do not rewrite it). A session's chat
is shared once.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edu_core.domain.errors import Conflict, PermissionDenied

# What the thread calls a student who did not choose to show their name.
ANONYMOUS_STUDENT = "The student"


class ChatAlreadyShared(Conflict):
    code = "chat_already_shared"
    default_message = "This chat has been shared in the forum already."


class ChatEmpty(Conflict):
    code = "chat_empty"
    default_message = "There is nothing to share: this chat has no messages."


class ChatSharingDenied(PermissionDenied):
    code = "chat_sharing_denied"
    default_message = "Only the session's mentor shares its chat in the forum."


@dataclass(kw_only=True)
class ChatSharing:
    session_id: UUID
    student_name_shown: bool = False
    thread_id: UUID | None = None
    shared_by: UUID | None = None
    shared_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def shared(self) -> bool:
        return self.thread_id is not None

    def show_student_name(self, shown: bool, now: datetime) -> None:
        if self.shared:
            raise ChatAlreadyShared("The chat is shared already: the thread shows what "
                                    "was chosen then.")
        self.student_name_shown, self.updated_at = shown, now

    def record_share(self, *, thread_id: UUID, by: UUID, now: datetime) -> None:
        if self.shared:
            raise ChatAlreadyShared()
        self.thread_id, self.shared_by, self.shared_at, self.updated_at = thread_id, by, now, now
