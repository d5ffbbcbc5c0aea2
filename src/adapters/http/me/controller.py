"""The signed-in user's own account: /api/v1/me."""

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody
from msgspec import UNSET

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.dependencies import provide_account, provide_account_sessions, provide_identity
from adapters.http.errors import error_responses
from adapters.http.me.schemas import Me, SessionOut, SessionsEnded, UpdateMe
from edu_core.application.account import AccountService
from edu_core.application.actors import Principal
from edu_core.application.identity import IdentityService
from edu_core.application.sessions import AccountSessions


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
        "/sessions",
        operation_id="listMySessions",
        summary="Your signed-in devices",
        description="Live sessions, most recently used first, with the device (user agent), "
        "address and last use; `current` marks the one making this request.",
        responses=error_responses(401),
        **policy(AUTHENTICATED),
    )
    async def list_sessions(
        self,
        account_sessions: NamedDependency[AccountSessions],
        principal: NamedDependency[Principal],
    ) -> list[SessionOut]:
        return [SessionOut.of(view) for view in await account_sessions.list(principal)]

    @delete(
        "/sessions/{session_id:uuid}",
        operation_id="endMySession",
        summary="Sign out one of your sessions",
        description="Ending the current session signs you out here.",
        responses=error_responses(401, 403, 404),
        **policy(AUTHENTICATED),
    )
    async def end_session(
        self,
        account_sessions: NamedDependency[AccountSessions],
        principal: NamedDependency[Principal],
        session_id: FromPath[UUID],
    ) -> None:
        await account_sessions.revoke(principal, session_id)

    @post(
        "/sessions/sign-out-others",
        operation_id="endMyOtherSessions",
        summary="Sign out everywhere else",
        description="Ends every session of your account except the current one.",
        status_code=200,
        responses=error_responses(401, 403),
        **policy(AUTHENTICATED),
    )
    async def end_other_sessions(
        self,
        account_sessions: NamedDependency[AccountSessions],
        principal: NamedDependency[Principal],
    ) -> SessionsEnded:
        return SessionsEnded(ended=await account_sessions.revoke_others(principal))
