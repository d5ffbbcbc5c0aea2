"""Badges next to authors' names (S31): derived from the account's role and the mentor's
verification when a post is shown, never from anything a person types."""

from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

from edu_core.domain.identity import Role


class Badge(StrEnum):
    VERIFIED_MENTOR = "verified_mentor"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class ForumAuthor:
    """What a post shows of its author, read with the posts."""

    id: UUID
    name: str
    role: Role
    verified_mentor: bool  # a mentor whose application an administrator verified
    deleted: bool = False  # the account was erased: shown as a former member

    @property
    def badges(self) -> tuple[Badge, ...]:
        if self.deleted:
            return ()
        if self.role is Role.ADMIN:
            return (Badge.ADMIN,)
        if self.role is Role.MENTOR and self.verified_mentor:
            return (Badge.VERIFIED_MENTOR,)
        return ()

    def is_content_author(self, item_mentor_id: UUID | None) -> bool:
        """A mentor posting in a thread about one of their own content items."""
        return (not self.deleted and self.role is Role.MENTOR
                and item_mentor_id is not None and item_mentor_id == self.id)


FORMER_MEMBER = "Former member"
