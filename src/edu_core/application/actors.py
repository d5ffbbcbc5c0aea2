"""Who is asking: the authenticated principal every use case receives from the edges."""

from dataclasses import dataclass, field
from uuid import UUID

from edu_core.domain.identity import Role, Transport, User


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: UUID
    role: Role
    session_id: UUID
    transport: Transport
    csrf_token_hash: str | None = None
    # Whether the account has a second factor on (administrators must, see the admin guard).
    second_factor: bool = False
    # The account as authentication read it for this request, so the request need not read it
    # again (None where the principal was made otherwise, e.g. by the CLI).
    user: User | None = field(default=None, compare=False, repr=False)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


@dataclass(frozen=True, slots=True)
class Actor:
    """The author of an administrative action, for the audit log (None: the CLI/system)."""

    user_id: UUID | None
    label: str = "system"

    @classmethod
    def of(cls, principal: Principal) -> "Actor":
        return cls(user_id=principal.user_id, label="user")
