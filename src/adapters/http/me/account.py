"""Account self-service under /api/v1/me: profile picture, notification preferences, export
of one's data and deletion of one's account."""

from collections.abc import AsyncIterator
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import JSONBody, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_204_NO_CONTENT

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.dependencies import (
    provide_account,
    provide_data_export,
    provide_notification_preferences,
)
from adapters.http.errors import error_responses
from adapters.http.me.account_schemas import (
    DeleteAccountIn,
    NotificationPreferenceOut,
    NotificationPreferencesIn,
)
from adapters.http.me.schemas import Me
from adapters.http.mentors.uploads import BinaryUploadOperation
from edu_core.application.account import KIND, AccountService
from edu_core.application.actors import Principal
from edu_core.application.data_export import DataExport, ExportPart
from edu_core.application.notification_preferences import NotificationPreferenceService

MAX_BYTES = KIND.policy.max_bytes
Filename = Annotated[str | None, QueryParameter(
    max_length=255, description="The file's original name; its extension must match the "
                                "contents. It is not kept.")]


async def _body(request: Request[Any, Any, Any]) -> AsyncIterator[bytes]:
    try:
        async for chunk in request.stream():
            if chunk:
                yield chunk
    except RequestEntityTooLarge as error:
        raise RequestEntityTooLarge(
            f"The picture is larger than {MAX_BYTES // (1024 * 1024)} MB.") from error


async def json_document(parts: AsyncIterator[ExportPart]) -> AsyncIterator[bytes]:
    """The parts as one JSON object: a key per section, list sections filled page by page."""
    encode = msgspec.json.encode
    yield b"{"
    section: str | None = None
    many = False
    first_item = True
    async for part in parts:
        if part.section != section:
            opening = b"]" if many else b""
            opening += (b"," if section is not None else b"") + encode(part.section) + b":"
            section, many, first_item = part.section, part.many, True
            if not many:
                yield opening + encode(part.value)
                continue
            yield opening + b"["
        if part.value:
            yield (b"" if first_item else b",") + b",".join(encode(v) for v in part.value)
            first_item = False
    yield (b"]" if many else b"") + b"}"


class AccountController(Controller):
    path = "/api/v1/me"
    tags = ["Account"]
    dependencies = {
        "account": Provide(provide_account, sync_to_thread=False),
        "preferences": Provide(provide_notification_preferences, sync_to_thread=False),
        "data_export": Provide(provide_data_export, sync_to_thread=False),
        "principal": Provide(provide_principal),
    }

    @put("/avatar", operation_id="uploadMyAvatar",
         summary="Upload my profile picture (PNG, JPEG or WebP, up to 5 MB)",
         description="The request body is the image; `filename` and `Content-Type` must agree "
                     "with its bytes. It is re-encoded without its metadata (EXIF, GPS, "
                     "comments; a photo's orientation is applied) and replaces the previous "
                     "picture. Still images only, at most 4096x4096. Codes: "
                     "`unsupported_file_type`, `empty_file`, `image_dimensions_too_large` "
                     "(422), `payload_too_large` (413), `rate_limited` (429).",
         operation_class=BinaryUploadOperation, request_max_body_size=MAX_BYTES,
         responses=error_responses(401, 403, 409, 413, 422, 429),
         **policy(AUTHENTICATED, rate_limit="uploads"))
    async def upload_avatar(self, request: Request[Any, Any, Any],
                            account: NamedDependency[AccountService],
                            principal: NamedDependency[Principal],
                            filename: Filename = None) -> Me:
        user = await account.upload_avatar(principal, _body(request), filename=filename,
                                           content_type=request.headers.get("content-type"))
        return Me.of(user, await account.avatar_url(user))

    @delete("/avatar", operation_id="removeMyAvatar", summary="Remove my profile picture",
            status_code=200, responses=error_responses(401, 403, 409),
            **policy(AUTHENTICATED))
    async def remove_avatar(self, account: NamedDependency[AccountService],
                            principal: NamedDependency[Principal]) -> Me:
        return Me.of(await account.remove_avatar(principal))

    @get("/notification-preferences", operation_id="getMyNotificationPreferences",
         summary="Which notifications I receive, by e-mail and in the app",
         description="The notification types that apply to my role, each with its channels. "
                     "Security e-mails (password reset, sign-in lock-out, ...) are always sent "
                     "and are not listed.",
         responses=error_responses(401), **policy(AUTHENTICATED))
    async def get_preferences(self, preferences: NamedDependency[NotificationPreferenceService],
                              principal: NamedDependency[Principal]
                              ) -> list[NotificationPreferenceOut]:
        return [NotificationPreferenceOut.of(v) for v in await preferences.mine(principal)]

    @put("/notification-preferences", operation_id="updateMyNotificationPreferences",
         summary="Turn notifications on or off",
         description="Only the listed choices change. An unknown type, or a channel the type "
                     "is not sent on, refuses the whole request "
                     "(`422 unknown_notification_preference`).",
         status_code=200, responses=error_responses(401, 403, 422), **policy(AUTHENTICATED))
    async def update_preferences(self, preferences: NamedDependency[NotificationPreferenceService],
                                 principal: NamedDependency[Principal],
                                 data: JSONBody[NotificationPreferencesIn]
                                 ) -> list[NotificationPreferenceOut]:
        views = await preferences.update(principal, [c.change() for c in data.preferences])
        return [NotificationPreferenceOut.of(v) for v in views]

    @get("/export", operation_id="exportMyData",
         summary="Download everything the platform stores about me (JSON)",
         description="One JSON document, streamed: `format`, `generated_at`, `account`, "
                     "`notification_preferences`, `mentor_profile`, `availability`, "
                     "`certificates`, `enrolments`, `content_authored`, `notifications`, "
                     "`audit_entries_about_me`, `audit_entries_by_me`, `attempts`, "
                     "`completions`, `forum_threads`, `forum_posts`, `forum_votes`, "
                     "`forum_flags`, `forum_watches`, `chat_messages` (those I sent), "
                     "`sessions` and `reviews` (those I wrote, and my replies as a mentor), "
                     "`annotations` (those I drew or wrote on handwritten notes). "
                     "Secrets (password hash, second-factor secret) are not included; the "
                     "forum, chat, session and review sections hold what I wrote or chose and "
                     "name others by id only.",
         media_type="application/json",
         responses={**error_responses(401, 429),
                    200: ResponseSpec(data_container=dict[str, Any],
                                      description="The export, offered as a download.")},
         **policy(AUTHENTICATED, rate_limit="uploads"))
    async def export(self, data_export: NamedDependency[DataExport],
                     principal: NamedDependency[Principal]) -> Stream:
        return Stream(json_document(data_export.parts(principal)),
                      media_type="application/json",
                      headers={"Content-Disposition": 'attachment; filename="mentora-data.json"',
                               "Cache-Control": "no-store"})

    @post("/deletion", operation_id="deleteMyAccount", summary="Delete my account",
          description="Confirm with the password. The account is anonymised and every session "
                      "ends (ADR 5): bookings, payments, reviews and posts stay, shown as "
                      "\"Deleted user\"; the profile picture, preferences, forum watches, "
                      "chat files never sent, XP, streaks, achievements and leaderboard places "
                      "are removed. "
                      "Admin accounts are deleted by another admin "
                      "(`403 admin_self_deletion`). A wrong password answers "
                      "`401 invalid_credentials`.",
          status_code=HTTP_204_NO_CONTENT, responses=error_responses(401, 403, 409, 422, 429),
          **policy(AUTHENTICATED, rate_limit="auth"))
    async def delete_account(self, account: NamedDependency[AccountService],
                             principal: NamedDependency[Principal],
                             data: JSONBody[DeleteAccountIn]) -> None:
        await account.delete_account(principal, data.current_password)
