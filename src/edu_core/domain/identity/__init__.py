"""The identity context: users, roles, account lifecycle, sign-in sessions."""

from edu_core.domain.identity.sessions import (
    AuthSession,
    OneTimePurpose,
    OneTimeToken,
    SessionToken,
    TokenKind,
    Transport,
)
from edu_core.domain.identity.users import (
    AccountSuspended,
    EmailTaken,
    EmailVerificationRequested,
    InvalidCredentials,
    InvalidDisplayName,
    InvalidEmail,
    InvalidTimezone,
    InvalidToken,
    PasswordChanged,
    PasswordPolicy,
    PasswordResetRequested,
    Role,
    SessionExpired,
    User,
    UserDeleted,
    UserNotFound,
    UserRegistered,
    UserStatus,
    UserSuspended,
    WeakPassword,
    normalize_email,
    validate_display_name,
    validate_timezone,
)

__all__ = [
    "AccountSuspended", "AuthSession", "EmailTaken", "EmailVerificationRequested",
    "InvalidCredentials", "InvalidDisplayName", "InvalidEmail", "InvalidTimezone", "InvalidToken",
    "OneTimePurpose", "OneTimeToken", "PasswordChanged", "PasswordPolicy",
    "PasswordResetRequested", "Role", "SessionExpired", "SessionToken", "TokenKind",
    "Transport", "User", "UserDeleted", "UserNotFound", "UserRegistered", "UserStatus",
    "UserSuspended", "WeakPassword", "normalize_email", "validate_display_name",
    "validate_timezone",
]
