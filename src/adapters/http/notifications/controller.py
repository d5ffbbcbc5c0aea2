"""The signed-in user's in-app notifications."""

from datetime import datetime
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.dependencies import provide_inbox
from adapters.http.errors import error_responses
from adapters.http.pagination import PageOut
from edu_core.application.actors import Principal
from edu_core.application.notifications_inbox import NotificationInbox
from edu_core.domain.notifications import Notification
from edu_core.domain.pagination import PageRequest


class NotificationOut(msgspec.Struct):
    id: UUID
    kind: str
    title: str
    body: str
    link: str | None
    created_at: datetime
    read_at: datetime | None

    @classmethod
    def of(cls, n: Notification) -> "NotificationOut":
        return cls(id=n.id, kind=n.kind, title=n.title, body=n.body, link=n.link,
                   created_at=n.created_at, read_at=n.read_at)


class NotificationPage(PageOut[NotificationOut]):
    items: list[NotificationOut]
    unread: int


class MarkedRead(msgspec.Struct):
    changed: int


class NotificationsController(Controller):
    path = "/api/v1/notifications"
    tags = ["Notifications"]
    dependencies = {"inbox": Provide(provide_inbox, sync_to_thread=False),
                    "principal": Provide(provide_principal)}

    @get("/", operation_id="listNotifications", summary="My notifications, newest first",
         responses=error_responses(401), **policy(AUTHENTICATED))
    async def list_notifications(
        self, paging: NamedDependency[PageRequest], inbox: NamedDependency[NotificationInbox],
        principal: NamedDependency[Principal],
        unread_only: FromQuery[bool] = False,
    ) -> NotificationPage:
        found = await inbox.list(principal, paging,
                                 unread_only=unread_only)
        return NotificationPage.of(found.page, NotificationOut.of, unread=found.unread)

    @post("/{notification_id:uuid}/read", operation_id="markNotificationRead", status_code=200,
          summary="Mark one of my notifications as read",
          responses=error_responses(401, 403, 404), **policy(AUTHENTICATED))
    async def mark_read(self, inbox: NamedDependency[NotificationInbox],
                        principal: NamedDependency[Principal],
                        notification_id: FromPath[UUID]) -> MarkedRead:
        return MarkedRead(changed=await inbox.mark_read(principal, notification_id))

    @post("/read-all", operation_id="markAllNotificationsRead", status_code=200,
          summary="Mark all my notifications as read",
          responses=error_responses(401, 403), **policy(AUTHENTICATED))
    async def mark_all_read(self, inbox: NamedDependency[NotificationInbox],
                            principal: NamedDependency[Principal]) -> MarkedRead:
        return MarkedRead(changed=await inbox.mark_read(principal, None))
