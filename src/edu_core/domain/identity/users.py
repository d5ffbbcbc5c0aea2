"""Identity: users, their roles and lifecycle, and the rules on e-mails, passwords and zones."""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from uuid import UUID, uuid4
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from edu_core.domain.errors import (
    Conflict,
    DomainError,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
)
from edu_core.domain.events import DomainEvent


class Role(StrEnum):
    STUDENT = "student"
    MENTOR = "mentor"
    ADMIN = "admin"


class UserStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DELETED = "deleted"


# ---- errors ---------------------------------------------------------------------------------


class InvalidEmail(InvalidInput):
    code = "invalid_email"
    default_message = "Enter a valid e-mail address."


class WeakPassword(InvalidInput):
    code = "weak_password"
    default_message = "Choose a stronger password."


class InvalidTimezone(InvalidInput):
    code = "invalid_timezone"
    default_message = "Unknown time zone; use an IANA name such as Europe/Berlin."


class InvalidDisplayName(InvalidInput):
    code = "invalid_display_name"
    default_message = "Display names are 1 to 80 visible characters."


class EmailTaken(Conflict):
    code = "email_taken"
    default_message = "An account with this e-mail address already exists."


class EmailUnchanged(InvalidInput):
    code = "email_unchanged"
    default_message = "This is already your e-mail address."


class InvalidCredentials(NotAuthenticated):
    code = "invalid_credentials"
    default_message = "The e-mail address or password is incorrect."


class SessionExpired(NotAuthenticated):
    code = "session_expired"
    default_message = "Your session has expired. Please sign in again."


class AccountSuspended(NotAuthenticated):
    code = "account_suspended"
    default_message = "Your account has been suspended. Contact support if you think this is wrong."


class InvalidToken(DomainError):
    """A one-time or refresh token is unknown, used, expired or forged."""

    code = "invalid_token"
    default_message = "This link or token is invalid or has expired."


class EmailAlreadyVerified(Conflict):
    code = "email_already_verified"
    default_message = "This e-mail address is already verified. You can sign in."


class SecondFactorRequired(PermissionDenied):
    code = "second_factor_required"
    default_message = ("Administrators must turn on two-step verification before using the "
                       "admin console.")


class InvalidSecondFactor(NotAuthenticated):
    code = "invalid_second_factor"
    default_message = "The code is incorrect or has expired."


class UserNotFound(NotFound):
    code = "not_found"
    default_message = "No such user."


# ---- value rules ----------------------------------------------------------------------------

# Deliberately permissive (RFC 5321 allows far more than any regex honours); deliverability is
# proven by the verification mail, not by syntax.
_EMAIL = re.compile(r"^[^@\s\x00-\x1f]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128


def normalize_email(raw: str) -> str:
    email = raw.strip()
    if len(email) > 254 or not _EMAIL.match(email):
        raise InvalidEmail(details={"fields": {"email": InvalidEmail.default_message}})
    local, _, domain = email.rpartition("@")
    # Domains are case-insensitive; local parts technically are not, but every real provider
    # treats them so and users expect "Ann@x.org" and "ann@x.org" to be one account.
    return f"{local}@{domain}".lower()


def validate_timezone(name: str) -> str:
    if not name or len(name) > 64 or name.startswith(("/", ".")) or ".." in name:
        raise InvalidTimezone(details={"fields": {"timezone": InvalidTimezone.default_message}})
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidTimezone(
            details={"fields": {"timezone": InvalidTimezone.default_message}}
        ) from exc
    return name


def validate_display_name(raw: str) -> str:
    name = " ".join(unicodedata.normalize("NFC", raw).split())
    if not 1 <= len(name) <= 80 or any(unicodedata.category(c) == "Cc" for c in name):
        raise InvalidDisplayName(
            details={"fields": {"display_name": InvalidDisplayName.default_message}}
        )
    return name


@dataclass(frozen=True)
class PasswordPolicy:
    """OWASP ASVS 5 (V6.2) level 2: >= 8 chars, >= 64 allowed, any characters, no common ones.

    ``banned`` holds the common-password list, lower-cased; the adapters supply it.
    """

    banned: frozenset[str] = frozenset()
    # The product's own name, refused inside any password ("Mentora2026!").
    app_words: tuple[str, ...] = ("mentora",)
    min_length: int = MIN_PASSWORD_LENGTH
    max_length: int = MAX_PASSWORD_LENGTH

    def check(self, password: str, *, field_name: str = "password",
              context_words: tuple[str, ...] = ()) -> None:
        def refuse(reason: str) -> WeakPassword:
            return WeakPassword(reason, details={"fields": {field_name: reason}})

        # Length counts Unicode code points, as ASVS asks; NFC so one visible character is one.
        length = len(unicodedata.normalize("NFC", password))
        if length < self.min_length:
            raise refuse(f"Use at least {self.min_length} characters.")
        if length > self.max_length:
            raise refuse(f"Use at most {self.max_length} characters.")
        lowered = password.lower()
        if lowered in self.banned:
            raise refuse("This password is too common; choose one that is harder to guess.")
        for word in (*self.app_words, *context_words):
            if len(word) >= MIN_CONTEXT_WORD and word.lower() in lowered:
                raise refuse("Do not use the site's name or parts of your e-mail address or "
                             "name in the password.")


MIN_CONTEXT_WORD = 4
_WORD_SPLIT = re.compile(r"[\W_]+")


def password_context_words(email: str, display_name: str = "") -> tuple[str, ...]:
    """Words an attacker targeting this account tries first (ASVS 5 V6.2.11): the e-mail's local
    part and domain labels (without the top-level one) and the name's parts, each also whole."""
    local, _, domain = email.lower().rpartition("@")
    labels = domain.split(".")[:-1]
    words = [local, *_WORD_SPLIT.split(local), *labels,
             *_WORD_SPLIT.split(display_name.lower())]
    return tuple(dict.fromkeys(w for w in words if len(w) >= MIN_CONTEXT_WORD))


# ---- the aggregate --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class UserRegistered(DomainEvent):
    name = "identity.user_registered"
    user_id: UUID
    role: Role


@dataclass(frozen=True, kw_only=True)
class EmailVerificationRequested(DomainEvent):
    name = "identity.email_verification_requested"
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class PasswordResetRequested(DomainEvent):
    name = "identity.password_reset_requested"
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class PasswordChanged(DomainEvent):
    name = "identity.password_changed"
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class EmailChangeRequested(DomainEvent):
    """The owner asked to move the account to ``new_email``: a confirmation link goes there, a
    notice to the current address."""

    name = "identity.email_change_requested"
    user_id: UUID
    new_email: str


@dataclass(frozen=True, kw_only=True)
class EmailChanged(DomainEvent):
    """The new address was confirmed; the previous one is told."""

    name = "identity.email_changed"
    user_id: UUID
    previous_email: str


@dataclass(frozen=True, kw_only=True)
class RegistrationAttempted(DomainEvent):
    """Someone tried to sign up with the address of this existing account."""

    name = "identity.registration_attempted"
    user_id: UUID


@dataclass(frozen=True, kw_only=True)
class SignInLocked(DomainEvent):
    """Failed sign-ins reached the account's ceiling; the owner is told how to get back in."""

    name = "identity.sign_in_locked"
    user_id: UUID
    retry_after_seconds: int


@dataclass(frozen=True, kw_only=True)
class UserSuspended(DomainEvent):
    name = "identity.user_suspended"
    user_id: UUID
    reason: str


@dataclass(frozen=True, kw_only=True)
class UserDeleted(DomainEvent):
    name = "identity.user_deleted"
    user_id: UUID
    # The profile picture's blob, removed by a handler once the deletion is committed.
    avatar_key: str | None = None


@dataclass(kw_only=True, eq=False)
class User:
    id: UUID
    email: str
    display_name: str
    role: Role
    password_hash: str
    created_at: datetime
    updated_at: datetime
    status: UserStatus = UserStatus.ACTIVE
    timezone: str = "UTC"
    email_verified_at: datetime | None = None
    last_login_at: datetime | None = None
    suspended_reason: str | None = None
    deleted_at: datetime | None = None
    # TOTP second factor: the shared secret (base32) exists from enrolment start; the factor is
    # on once a first code confirmed it. ``totp_last_step`` stops a code being replayed.
    totp_secret: str | None = None
    totp_enabled_at: datetime | None = None
    totp_last_step: int | None = None
    # Blob key of the re-encoded profile picture, if the person uploaded one.
    avatar_key: str | None = None
    # Optimistic-concurrency counter: the repository refuses to save over a newer row.
    version: int = 1
    events: list[DomainEvent] = field(default_factory=list, repr=False)

    @classmethod
    def register(cls, *, email: str, display_name: str, role: Role, password_hash: str,
                 timezone: str, now: datetime) -> "User":
        user = cls(id=uuid4(), email=normalize_email(email),
                   display_name=validate_display_name(display_name), role=role,
                   password_hash=password_hash, timezone=validate_timezone(timezone),
                   created_at=now, updated_at=now)
        user.events.append(UserRegistered(occurred_at=now, user_id=user.id, role=role))
        user.events.append(EmailVerificationRequested(occurred_at=now, user_id=user.id))
        return user

    @property
    def is_active(self) -> bool:
        return self.status is UserStatus.ACTIVE

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def ensure_can_sign_in(self) -> None:
        if self.status is UserStatus.SUSPENDED:
            raise AccountSuspended()
        if self.status is UserStatus.DELETED:
            raise InvalidCredentials()

    def _touch(self, now: datetime) -> None:
        self.updated_at = now

    def record_login(self, now: datetime) -> None:
        self.last_login_at = now

    def verify_email(self, now: datetime) -> None:
        if self.email_verified_at is None:
            self.email_verified_at = now
            self._touch(now)

    def request_email_verification(self, now: datetime) -> None:
        if not self.email_verified:
            self.events.append(EmailVerificationRequested(occurred_at=now, user_id=self.id))

    def request_email_change(self, new_email: str, now: datetime) -> str:
        """Ask to move the account to another address (normalised, returned); nothing changes
        until the link mailed there is followed (``change_email``)."""
        try:
            normalized = normalize_email(new_email)
        except InvalidEmail as exc:
            raise InvalidEmail(details={"fields": {"new_email": InvalidEmail.default_message}}
                               ) from exc
        if normalized == self.email:
            raise EmailUnchanged(details={"fields": {"new_email": EmailUnchanged.default_message}})
        if not self.is_active:
            raise Conflict("Only an active account can change its e-mail address.")
        self.events.append(EmailChangeRequested(occurred_at=now, user_id=self.id,
                                                new_email=normalized))
        return normalized

    def change_email(self, new_email: str, now: datetime) -> None:
        """Switch to an address whose mailbox the owner just proved they control."""
        normalized = normalize_email(new_email)
        if not self.is_active:
            raise Conflict("Only an active account can change its e-mail address.")
        if normalized == self.email:
            return
        previous, self.email = self.email, normalized
        self.email_verified_at = now
        self._touch(now)
        self.events.append(EmailChanged(occurred_at=now, user_id=self.id,
                                        previous_email=previous))

    def request_password_reset(self, now: datetime) -> None:
        if self.is_active:
            self.events.append(PasswordResetRequested(occurred_at=now, user_id=self.id))

    def set_password_hash(self, password_hash: str, now: datetime) -> None:
        self.password_hash = password_hash
        self._touch(now)
        self.events.append(PasswordChanged(occurred_at=now, user_id=self.id))

    def update_profile(self, *, now: datetime, display_name: str | None = None,
                       timezone: str | None = None) -> None:
        if display_name is not None:
            self.display_name = validate_display_name(display_name)
        if timezone is not None:
            self.timezone = validate_timezone(timezone)
        self._touch(now)

    def set_avatar(self, key: str | None, now: datetime) -> str | None:
        """Replace (or, with None, remove) the profile picture; returns the previous key, whose
        blob the caller deletes once this change is committed."""
        if self.status is UserStatus.DELETED:
            raise Conflict("A deleted account has no profile picture.")
        previous, self.avatar_key = self.avatar_key, key
        self._touch(now)
        return previous

    # ---- second factor (TOTP) -----------------------------------------------------------------

    def start_totp_enrolment(self, secret: str, now: datetime) -> None:
        if self.totp_enabled:
            raise Conflict("Two-step verification is already on; turn it off first to move "
                           "it to another app.")
        self.totp_secret = secret
        self._touch(now)

    def accept_totp_step(self, step: int, now: datetime) -> bool:
        """Record a code's time step as used; False when it (or a later one) was used before,
        so one code never works twice (RFC 6238 section 5.2)."""
        if self.totp_last_step is not None and step <= self.totp_last_step:
            return False
        self.totp_last_step = step
        self._touch(now)
        return True

    def enable_totp(self, now: datetime) -> None:
        if self.totp_secret is None:
            raise Conflict("Start the set-up first.")
        self.totp_enabled_at = now
        self._touch(now)

    def disable_totp(self, now: datetime) -> None:
        self.totp_secret = None
        self.totp_enabled_at = None
        self.totp_last_step = None
        self._touch(now)

    def change_role(self, role: Role, now: datetime) -> None:
        self.role = role
        self._touch(now)

    def suspend(self, reason: str, now: datetime) -> None:
        reason = " ".join(reason.split())
        if not 1 <= len(reason) <= 500:
            message = "Give a reason of 1 to 500 characters."
            raise InvalidInput(message, details={"fields": {"reason": message}})
        if self.status is UserStatus.DELETED:
            raise Conflict("A deleted account cannot be suspended.")
        self.status = UserStatus.SUSPENDED
        self.suspended_reason = reason
        self._touch(now)
        self.events.append(UserSuspended(occurred_at=now, user_id=self.id, reason=reason))

    def unsuspend(self, now: datetime) -> None:
        if self.status is UserStatus.DELETED:
            raise Conflict("A deleted account cannot be restored.")
        self.status = UserStatus.ACTIVE
        self.suspended_reason = None
        self._touch(now)

    def delete(self, now: datetime) -> None:
        """Soft delete + anonymise: the row stays so history (bookings, ledger, posts) keeps its
        foreign keys, but nothing identifies the person any more and sign-in is impossible."""
        if self.status is UserStatus.DELETED:
            return
        self.status = UserStatus.DELETED
        self.email = f"deleted-{self.id.hex}@deleted.invalid"
        self.display_name = "Deleted user"
        self.password_hash = "!"  # matches no bcrypt hash
        self.totp_secret = None
        self.totp_enabled_at = None
        self.suspended_reason = None
        avatar_key, self.avatar_key = self.avatar_key, None
        self.deleted_at = now
        self._touch(now)
        self.events.append(UserDeleted(occurred_at=now, user_id=self.id, avatar_key=avatar_key))

    def ensure_role_change_allowed(self, new_role: Role) -> None:
        if self.status is UserStatus.DELETED:
            raise Conflict("A deleted account cannot change role.")
