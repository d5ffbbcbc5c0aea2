"""Admin user console (S33): /api/v1/admin/users."""

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT
from msgspec import UNSET

from adapters.http.access import policy, provide_principal
from adapters.http.admin_users.schemas import (
    AdminUser,
    RoleFilter,
    StatusFilter,
    SuspendIn,
    UpdateUser,
    UserPage,
)
from adapters.http.dependencies import provide_user_admin
from adapters.http.errors import error_responses
from edu_core.application.actors import Actor, Principal
from edu_core.application.user_admin import UserAdminService
from edu_core.domain.identity import Role, UserStatus
from edu_core.domain.pagination import PageRequest
from edu_core.ports.identity import UserQuery

ADMIN = policy(Role.ADMIN)


class AdminUsersController(Controller):
    path = "/api/v1/admin/users"
    tags = ["Admin: users"]
    dependencies = {
        "admin": Provide(provide_user_admin, sync_to_thread=False),
        "principal": Provide(provide_principal),
    }

    @get(
        "/",
        operation_id="listUsers",
        summary="Search and filter users",
        description="`q` matches e-mail or display name (case-insensitive substring). "
        "Newest first.",
        responses=error_responses(401, 403, 422),
        **ADMIN,
    )
    async def list_users(
        self, paging: NamedDependency[PageRequest],
        admin: NamedDependency[UserAdminService],
        q: Annotated[str | None, QueryParameter(max_length=200)] = None,
        role: FromQuery[RoleFilter | None] = None,
        status: FromQuery[StatusFilter | None] = None,
    ) -> UserPage:
        result = await admin.list_users(
            UserQuery(
                text=q or None,
                role=Role(role) if role else None,
                status=UserStatus(status) if status else None,
            ),
            paging,
        )
        return UserPage.of(result, AdminUser.of_user)

    @get(
        "/{user_id:uuid}",
        operation_id="getUser",
        summary="One user's account",
        responses=error_responses(401, 403, 404),
        **ADMIN,
    )
    async def get_user(
        self, admin: NamedDependency[UserAdminService], user_id: FromPath[UUID]
    ) -> AdminUser:
        return AdminUser.of_user(await admin.get_user(user_id))

    @patch(
        "/{user_id:uuid}",
        operation_id="updateUser",
        summary="Edit a user's name, time zone or role",
        description="Changing the role signs the user out everywhere.",
        responses=error_responses(401, 403, 404, 409, 422),
        **ADMIN,
    )
    async def update_user(
        self,
        admin: NamedDependency[UserAdminService],
        principal: NamedDependency[Principal],
        user_id: FromPath[UUID],
        data: JSONBody[UpdateUser],
    ) -> AdminUser:
        user = await admin.update_user(
            Actor.of(principal),
            user_id,
            display_name=None if data.display_name is UNSET else data.display_name,
            timezone=None if data.timezone is UNSET else data.timezone,
            role=None if data.role is UNSET else Role(data.role),
        )
        return AdminUser.of_user(user)

    @post(
        "/{user_id:uuid}/suspend",
        operation_id="suspendUser",
        summary="Suspend a user (signs them out at once)",
        status_code=200,
        responses=error_responses(401, 403, 404, 409, 422),
        **ADMIN,
    )
    async def suspend_user(
        self,
        admin: NamedDependency[UserAdminService],
        principal: NamedDependency[Principal],
        user_id: FromPath[UUID],
        data: JSONBody[SuspendIn],
    ) -> AdminUser:
        return AdminUser.of_user(await admin.suspend(Actor.of(principal), user_id, data.reason))

    @post(
        "/{user_id:uuid}/unsuspend",
        operation_id="unsuspendUser",
        summary="Lift a suspension",
        status_code=200,
        responses=error_responses(401, 403, 404, 409),
        **ADMIN,
    )
    async def unsuspend_user(
        self,
        admin: NamedDependency[UserAdminService],
        principal: NamedDependency[Principal],
        user_id: FromPath[UUID],
    ) -> AdminUser:
        return AdminUser.of_user(await admin.unsuspend(Actor.of(principal), user_id))

    @delete(
        "/{user_id:uuid}",
        operation_id="deleteUser",
        summary="Delete a user (soft delete + anonymise)",
        description="The account is anonymised and can no longer sign in; records that "
        "others rely on (bookings, payments, posts) are kept without the "
        "person's name. See docs/adr/0005-user-deletion.md.",
        status_code=HTTP_204_NO_CONTENT,
        responses=error_responses(401, 403, 404, 409),
        **ADMIN,
    )
    async def delete_user(
        self,
        admin: NamedDependency[UserAdminService],
        principal: NamedDependency[Principal],
        user_id: FromPath[UUID],
    ) -> None:
        await admin.delete(Actor.of(principal), user_id)
