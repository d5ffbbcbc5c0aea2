"""The signed-in user's own account: /api/v1/me."""

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_204_NO_CONTENT
from msgspec import UNSET

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.dependencies import provide_account, provide_account_sessions, provide_identity
from adapters.http.errors import error_responses
from adapters.http.me.schemas import DeviceOut, Me, PushTokenIn, SessionsEnded, UpdateMe
from edu_core.application.account import AccountService
from edu_core.application.actors import Principal
from edu_core.application.identity import IdentityService
from edu_core.application.sessions import AccountSessions
from edu_core.domain.identity.devices import PushPlatform


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["Account"]
    dependencies = {
        "identity": Provide(provide_identity, sync_to_thread=False),
        "account": Provide(provide_account, sync_to_thread=False),
        "account_sessions": Provide(provide_account_sessions, sync_to_thread=False),
        "principal": Provide(provide_principal),
    }

    @get(
        "/",
        operation_id="getMe",
        summary="The signed-in user's account",
        responses=error_responses(401),
        **policy(AUTHENTICATED),
    )
    async def get_me(
        self, identity: NamedDependency[IdentityService], account: NamedDependency[AccountService],
        principal: NamedDependency[Principal],
    ) -> Me:
        user = await identity.get_me(principal)
        return Me.of(user, await account.avatar_url(user))

    @patch(
        "/",
        operation_id="updateMe",
        summary="Update display name or time zone",
        description="Fields left out are unchanged. `timezone` is an IANA name.",
        responses=error_responses(401, 403, 422),
        **policy(AUTHENTICATED),
    )
    async def update_me(
        self,
        identity: NamedDependency[IdentityService],
        account: NamedDependency[AccountService],
        principal: NamedDependency[Principal],
        data: JSONBody[UpdateMe],
    ) -> Me:
        user = await identity.update_me(
            principal,
            display_name=None if data.display_name is UNSET else data.display_name,
            timezone=None if data.timezone is UNSET else data.timezone,
        )
        return Me.of(user, await account.avatar_url(user))

    @get(
        "/devices",
        operation_id="listMyDevices",
        summary="Your signed-in devices",
        description="Each live sign-in, most recently used first: its name (the one the app "
        "sent at sign-in, else read from the user agent), the network it was last used from "
        "(never the exact address), when it signed in and was last used, and whether "
        "notifications are pushed to it; `current` marks the one making this request.",
        responses=error_responses(401),
        **policy(AUTHENTICATED),
    )
    async def list_devices(
        self,
        account_sessions: NamedDependency[AccountSessions],
        principal: NamedDependency[Principal],
    ) -> list[DeviceOut]:
        return [DeviceOut.of(view) for view in await account_sessions.list(principal)]

    @delete(
        "/devices/{device_id:uuid}",
        operation_id="signOutDevice",
        summary="Sign out one of your devices",
        description="Its tokens stop working at once and nothing more is pushed to it. "
        "Signing out the current device signs you out here.",
        responses=error_responses(401, 403, 404),
        **policy(AUTHENTICATED),
    )
    async def sign_out_device(
        self,
        account_sessions: NamedDependency[AccountSessions],
        principal: NamedDependency[Principal],
        device_id: FromPath[UUID],
    ) -> None:
        await account_sessions.revoke(principal, device_id)

    @post(
        "/devices/sign-out-others",
        operation_id="signOutOtherDevices",
        summary="Sign out everywhere else",
        description="Signs out every device of your account except the current one.",
        status_code=200,
        responses=error_responses(401, 403),
        **policy(AUTHENTICATED),
    )
    async def sign_out_other_devices(
        self,
        account_sessions: NamedDependency[AccountSessions],
        principal: NamedDependency[Principal],
    ) -> SessionsEnded:
        return SessionsEnded(ended=await account_sessions.revoke_others(principal))

    @post(
        "/push-tokens",
        operation_id="registerPushToken",
        summary="Push notifications to this device",
        description="The app registers the token its platform's push service gave it; "
        "notifications are then pushed to it (as the notification preferences' `push` "
        "channel allows) until it signs out, is signed out, or deletes the token. A token "
        "registered by an earlier sign-in moves to this one. 422 `invalid_push_token` for a "
        "token the platform does not issue.",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(401, 403, 422),
        **policy(AUTHENTICATED),
    )
    async def register_push_token(
        self,
        account_sessions: NamedDependency[AccountSessions],
        principal: NamedDependency[Principal],
        data: JSONBody[PushTokenIn],
    ) -> None:
        await account_sessions.register_push(principal, PushPlatform(data.platform), data.token)

    @delete(
        "/push-tokens",
        operation_id="deletePushToken",
        summary="Stop pushing notifications to this device",
        description="Nothing more is pushed to the device making the request; its "
        "notifications stay in the app.",
        responses=error_responses(401, 403),
        **policy(AUTHENTICATED),
    )
    async def delete_push_token(
        self,
        account_sessions: NamedDependency[AccountSessions],
        principal: NamedDependency[Principal],
    ) -> None:
        await account_sessions.unregister_push(principal)
