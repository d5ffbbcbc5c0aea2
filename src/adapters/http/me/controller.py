"""The signed-in user's own account: /api/v1/me."""

from litestar import Controller, get, patch
from litestar.di import NamedDependency, Provide
from litestar.params import JSONBody
from msgspec import UNSET

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.dependencies import provide_identity
from adapters.http.errors import error_responses
from adapters.http.me.schemas import Me, UpdateMe
from edu_core.application.actors import Principal
from edu_core.application.identity import IdentityService


class MeController(Controller):
    path = "/api/v1/me"
    tags = ["Account"]
    dependencies = {
        "identity": Provide(provide_identity, sync_to_thread=False),
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
        self, identity: NamedDependency[IdentityService], principal: NamedDependency[Principal]
    ) -> Me:
        return Me.of(await identity.get_me(principal))

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
        principal: NamedDependency[Principal],
        data: JSONBody[UpdateMe],
    ) -> Me:
        user = await identity.update_me(
            principal,
            display_name=None if data.display_name is UNSET else data.display_name,
            timezone=None if data.timezone is UNSET else data.timezone,
        )
        return Me.of(user)
