"""The live socket's messages and close codes (the web client mirrors them in
``web/src/live/protocol.ts``)."""

from collections.abc import Mapping
from typing import Any

import msgspec

# 44xx: the HTTP status the refusal would have had, so clients read them the same way.
CLOSE_UNAUTHENTICATED = 4401  # no or bad credential: sign in again, do not retry as is
CLOSE_FORBIDDEN_ORIGIN = 4403  # opened from a page that is not the app's
CLOSE_IDLE = 4408  # nothing heard from the client for too long
CLOSE_TOO_SLOW = 4429  # the client did not read its messages: reconnect and re-fetch
CLOSE_MESSAGE_TOO_BIG = 1009
CLOSE_UNAVAILABLE = 1013  # the database is away: try again later


class Auth(msgspec.Struct, tag_field="type", tag="auth"):
    token: str


class Subscribe(msgspec.Struct, tag_field="type", tag="subscribe"):
    channel: str


class Unsubscribe(msgspec.Struct, tag_field="type", tag="unsubscribe"):
    channel: str


class Ping(msgspec.Struct, tag_field="type", tag="ping"):
    pass


class Pong(msgspec.Struct, tag_field="type", tag="pong"):
    pass


ClientMessage = Auth | Subscribe | Unsubscribe | Ping | Pong


def encode(frame: Mapping[str, Any]) -> str:
    return msgspec.json.encode(frame).decode()


PING_FRAME = encode({"type": "ping"})
PONG_FRAME = encode({"type": "pong"})
