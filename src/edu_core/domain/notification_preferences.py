"""Notification preferences: which notifications a person receives, per type and channel.

Everything is on by default; a person turns off what they do not want, type by type and
channel by channel (e-mail, in-app, push to the mobile app). Only the notification types
listed here can be turned off: security notices (sign-in links, password resets and changes,
lock-outs, suspensions) are always sent, because missing one can cost someone their account.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from edu_core.domain.errors import InvalidInput
from edu_core.domain.identity import Role


class Channel(StrEnum):
    EMAIL = "email"
    IN_APP = "in_app"
    # To the devices signed in on the mobile app: every notification stored in the app can
    # also be pushed, so each type offers it.
    PUSH = "push"


@dataclass(frozen=True, slots=True)
class NotificationType:
    kind: str  # the name of the event it tells about
    label: str
    description: str
    channels: frozenset[Channel]
    roles: frozenset[Role]  # who can receive it: the settings page shows only these


_BOTH = frozenset({Channel.EMAIL, Channel.IN_APP, Channel.PUSH})
# A session's changes are always listed in the app; only their e-mails and pushes can be
# turned off.
_MAIL = frozenset({Channel.EMAIL, Channel.PUSH})
_APP = frozenset({Channel.IN_APP, Channel.PUSH})
_PARTIES = frozenset({Role.STUDENT, Role.MENTOR})

NOTIFICATION_TYPES: tuple[NotificationType, ...] = (
    NotificationType("mentor.verified", "Mentor application approved",
                     "When an admin verifies your mentor profile.", _BOTH,
                     frozenset({Role.MENTOR})),
    NotificationType("mentor.rejected", "Mentor application needs changes",
                     "When an admin asks for changes to your mentor profile.", _BOTH,
                     frozenset({Role.MENTOR})),
    NotificationType("content.approved", "Content approved",
                     "When a lesson or question you wrote goes live.", _BOTH,
                     frozenset({Role.MENTOR})),
    NotificationType("content.rejected", "Content needs changes",
                     "When a reviewer sends your content back with feedback.", _BOTH,
                     frozenset({Role.MENTOR})),
    NotificationType("content.submitted", "Content waiting for review",
                     "When a mentor sends content to the review queue.",
                     _APP, frozenset({Role.ADMIN})),
    NotificationType("booking.confirmed", "Session confirmed",
                     "When a session is booked and paid, with a calendar invitation.", _MAIL,
                     _PARTIES),
    NotificationType("booking.rescheduled", "Session moved",
                     "When a session moves to another time, with the updated invitation.",
                     _MAIL, _PARTIES),
    NotificationType("booking.cancelled", "Session cancelled",
                     "When a session is cancelled, with any refund.", _MAIL, _PARTIES),
    NotificationType("booking.reminder", "Session reminders",
                     "A day and an hour before each session.", _MAIL, _PARTIES),
    NotificationType("group_session.seat_taken", "Group session seats taken",
                     "When you take a seat (with a calendar invitation), or a student takes "
                     "one in your group session.", _MAIL, _PARTIES),
    NotificationType("group_session.seat_cancelled", "Group session seats given back",
                     "When a seat is given back, with any refund and the calendar "
                     "cancellation.", _MAIL, _PARTIES),
    NotificationType("group_session.cancelled", "Group sessions called off",
                     "When a group session is called off, with any refund.", _MAIL, _PARTIES),
    NotificationType("group_session.reminder", "Group session reminders",
                     "A day and an hour before each group session.", _MAIL, _PARTIES),
    NotificationType("forum.post_created", "Forum replies",
                     "New posts in threads you started, replied to or watch; e-mails come "
                     "as at most one digest per thread an hour.", _BOTH, frozenset(Role)),
    NotificationType("forum.thread_started", "Questions about your content",
                     "When someone starts a forum thread about one of your lessons.", _BOTH,
                     frozenset({Role.MENTOR})),
    NotificationType("forum.answer_accepted", "Accepted answers",
                     "When your forum reply is marked as the answer.",
                     _APP, frozenset(Role)),
    NotificationType("gamification.achievement_unlocked", "Achievements",
                     "When you unlock an achievement.", _APP, frozenset(Role)),
    NotificationType("forum.post_hidden_by_flags", "Flagged forum posts",
                     "When flags hide a forum post until a moderator decides.",
                     _APP, frozenset({Role.ADMIN})),
    NotificationType("analytics.student_at_risk", "Students at risk",
                     "A daily notice for each of your students who stopped learning or whose "
                     "answers got worse.", _APP, frozenset({Role.MENTOR})),
)
_TYPES: Mapping[str, NotificationType] = {t.kind: t for t in NOTIFICATION_TYPES}


class UnknownNotificationPreference(InvalidInput):
    code = "unknown_notification_preference"
    default_message = "There is no such notification, or it cannot be sent on that channel."


def types_for(role: Role) -> list[NotificationType]:
    return [t for t in NOTIFICATION_TYPES if role in t.roles]


@dataclass(frozen=True, slots=True)
class PreferenceChange:
    kind: str
    channel: Channel
    enabled: bool


@dataclass(kw_only=True)
class NotificationPreferences:
    """A person's choices; a (type, channel) pair without a choice is on."""

    user_id: UUID
    choices: dict[tuple[str, Channel], bool] = field(default_factory=dict)
    updated_at: datetime | None = None

    def allows(self, kind: str, channel: Channel) -> bool:
        """Whether to send ``kind`` on ``channel``. Kinds not listed in ``NOTIFICATION_TYPES``
        (security notices) are always sent."""
        if kind not in _TYPES:
            return True
        return self.choices.get((kind, channel), True)

    def apply(self, changes: Iterable[PreferenceChange], now: datetime) -> None:
        """All or nothing: one unknown type or unavailable channel refuses every change."""
        changes = list(changes)
        for index, change in enumerate(changes):
            known = _TYPES.get(change.kind)
            if known is None or change.channel not in known.channels:
                raise UnknownNotificationPreference(details={"fields": {
                    f"preferences[{index}]": UnknownNotificationPreference.default_message}})
        for change in changes:
            self.choices[(change.kind, change.channel)] = change.enabled
        self.updated_at = now
