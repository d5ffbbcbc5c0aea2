"""Shapes of account self-service: notification preferences and account deletion."""

from typing import Annotated, Any, ClassVar, Literal

import msgspec
from msgspec import Meta

from edu_core.application.notification_preferences import PreferenceView
from edu_core.domain.notification_preferences import Channel, PreferenceChange

ChannelName = Literal["email", "in_app", "push"]
MAX_CHANGES = 50


class ChannelPreference(msgspec.Struct):
    channel: ChannelName
    enabled: bool


class NotificationPreferenceOut(msgspec.Struct):
    kind: str
    label: str
    description: str
    channels: list[ChannelPreference]

    @classmethod
    def of(cls, view: PreferenceView) -> "NotificationPreferenceOut":
        return cls(kind=view.type.kind, label=view.type.label,
                   description=view.type.description,
                   channels=[ChannelPreference(channel=c.value, enabled=on)
                             for c, on in view.channels.items()])


class PreferenceChangeIn(msgspec.Struct, forbid_unknown_fields=True):
    kind: Annotated[str, Meta(min_length=1, max_length=64)]
    channel: ChannelName
    enabled: bool

    def change(self) -> PreferenceChange:
        return PreferenceChange(kind=self.kind, channel=Channel(self.channel),
                                enabled=self.enabled)


class NotificationPreferencesIn(msgspec.Struct, forbid_unknown_fields=True):
    """Only the listed choices change; the others stay as they are."""

    EXAMPLE: ClassVar[dict[str, Any]] = {"preferences": [
        {"kind": "booking.reminder", "channel": "push", "enabled": True},
        {"kind": "forum.post_created", "channel": "email", "enabled": False},
    ]}

    preferences: Annotated[list[PreferenceChangeIn], Meta(max_length=MAX_CHANGES)]


class DeleteAccountIn(msgspec.Struct, forbid_unknown_fields=True):
    EXAMPLE: ClassVar[dict[str, Any]] = {"current_password": "violet-harbor-2026"}

    current_password: Annotated[str, Meta(min_length=1, max_length=1024)]
