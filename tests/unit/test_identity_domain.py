"""Rules of the identity domain: e-mails, zones, names, the password policy, the user lifecycle."""

import copy
import dataclasses
import inspect
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edu_core.domain.errors import Conflict, InvalidInput
from edu_core.domain.identity import (
    AccountSuspended,
    EmailChanged,
    EmailChangeRequested,
    EmailUnchanged,
    EmailVerificationRequested,
    InvalidCredentials,
    InvalidEmail,
    InvalidTimezone,
    PasswordChanged,
    PasswordPolicy,
    PasswordResetRequested,
    RegistrationAttempted,
    Role,
    SignInLocked,
    User,
    UserDeleted,
    UserRegistered,
    UserStatus,
    UserSuspended,
    WeakPassword,
    normalize_email,
    password_context_words,
    validate_display_name,
    validate_timezone,
)

NOW = datetime(2026, 3, 1, tzinfo=UTC)
LATER = NOW + timedelta(hours=1)


def make_user() -> User:
    return User.register(email="Ada@Example.org", display_name="Ada", role=Role.STUDENT,
                         password_hash="h", timezone="Europe/Berlin", now=NOW)


@pytest.mark.parametrize("raw", ["ada@example.org", " Ada@Example.ORG ", "a.b+c@mail.co.uk"])
def test_valid_emails_normalise_to_lower_case(raw: str) -> None:
    assert normalize_email(raw) == raw.strip().lower()


@pytest.mark.parametrize("raw", ["", "ada", "ada@", "@example.org", "ada@example", "a b@x.org",
                                 "ada@-example.org", "x" * 250 + "@example.org", "ada@ex..org"])
def test_invalid_emails_are_refused(raw: str) -> None:
    with pytest.raises(InvalidEmail) as err:
        normalize_email(raw)
    assert err.value.details == {"fields": {"email": InvalidEmail.default_message}}


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata"])
def test_iana_zones_are_accepted(zone: str) -> None:
    assert validate_timezone(zone) == zone


@pytest.mark.parametrize("zone", ["", "Mars/Olympus", "../../etc/passwd", "/etc/localtime",
                                  "Europe/Berlin\x00", "x" * 65])
def test_unknown_or_hostile_zones_are_refused(zone: str) -> None:
    with pytest.raises(InvalidTimezone):
        validate_timezone(zone)


def test_display_names_collapse_whitespace_and_refuse_control_characters() -> None:
    assert validate_display_name("  Ada   Lovelace ") == "Ada Lovelace"
    for bad in ["", "   ", "x" * 81, "bell\x07"]:
        with pytest.raises(InvalidInput):
            validate_display_name(bad)


class TestPasswordPolicy:
    policy = PasswordPolicy(banned=frozenset({"password1"}))

    def test_minimum_length_is_eight_characters(self) -> None:
        with pytest.raises(WeakPassword):
            self.policy.check("short77")
        self.policy.check("eight888")

    def test_at_least_64_characters_and_any_characters_are_allowed(self) -> None:
        self.policy.check("ä€😀 " * 16 + "x" * 60)
        self.policy.check("pass phrase with spaces and ünïcödé ✓")

    def test_absurdly_long_passwords_are_refused_with_a_message(self) -> None:
        with pytest.raises(WeakPassword) as err:
            self.policy.check("x" * 129)
        assert "at most 128" in err.value.message

    def test_common_passwords_are_refused_case_insensitively(self) -> None:
        with pytest.raises(WeakPassword) as err:
            self.policy.check("PassWord1")
        assert err.value.details == {"fields": {"password": err.value.message}}

    def test_the_email_itself_is_refused(self) -> None:
        with pytest.raises(WeakPassword):
            self.policy.check("ada@example.org", context_words=("ada@example.org",))

    @pytest.mark.parametrize(("password", "email", "name"), [
        ("Mentora2026!", "sam@example.org", "Sam"),
        ("xxAdaLovelace99", "ada.lovelace@example.org", "A"),
        ("lovelace-rocks", "ada.lovelace@example.org", "A"),
        ("my EXAMPLE pass", "sam@example.org", "Sam"),
        ("Grace hopper 1906", "gh@navy.mil", "Grace Hopper"),
    ])
    def test_context_words_are_refused_inside_the_password(self, password: str, email: str,
                                                           name: str) -> None:
        with pytest.raises(WeakPassword) as err:
            self.policy.check(password, context_words=password_context_words(email, name))
        assert "name" in err.value.message

    def test_short_context_words_and_the_top_level_domain_do_not_count(self) -> None:
        words = password_context_words("al@mail.org", "Al Bo")
        assert words == ("mail",)
        self.policy.check("al bo org tiger", context_words=words)

    @given(st.text(min_size=8, max_size=64).filter(
        lambda s: s.lower() != "password1" and "mentora" not in s.lower()))
    def test_any_string_of_eight_to_64_characters_passes(self, password: str) -> None:
        import unicodedata

        if len(unicodedata.normalize("NFC", password)) >= 8:
            self.policy.check(password)


def test_registration_records_events_for_the_welcome_and_verification_mail() -> None:
    user = make_user()
    assert user.email == "ada@example.org"
    assert [e.name for e in user.events] == ["identity.user_registered",
                                             "identity.email_verification_requested"]


def test_suspension_needs_a_reason_and_can_be_lifted() -> None:
    user = make_user()
    with pytest.raises(InvalidInput):
        user.suspend("   ", NOW)
    user.suspend("spam", NOW)
    assert user.status is UserStatus.SUSPENDED and user.suspended_reason == "spam"
    user.unsuspend(NOW)
    assert user.status is UserStatus.ACTIVE and user.suspended_reason is None


def test_deletion_anonymises_and_is_final() -> None:
    user = make_user()
    user.delete(NOW)
    assert user.status is UserStatus.DELETED
    # The whole address is replaced (a substring check failed whenever the random id held "ada").
    assert user.email == f"deleted-{user.id.hex}@deleted.invalid"
    assert user.display_name == "Deleted user"
    assert user.password_hash == "!"
    with pytest.raises(Conflict):
        user.unsuspend(NOW)
    with pytest.raises(Conflict):
        user.suspend("x", NOW)


# ---- limits and the smaller paths of the lifecycle ---------------------------------------------


def test_an_address_of_254_characters_is_kept_and_255_is_refused() -> None:
    local, labels = "a" * 64, ["b" * 63, "c" * 63, "d" * 57]
    longest = f"{local}@{'.'.join(labels)}.org"
    assert len(longest) == 254
    assert normalize_email(longest) == longest
    with pytest.raises(InvalidEmail):
        normalize_email(f"{local}@{'.'.join(labels)}x.org")


def test_a_password_of_128_characters_is_allowed() -> None:
    PasswordPolicy().check("x" * 128)


def test_a_context_word_of_four_letters_is_refused_inside_the_password() -> None:
    with pytest.raises(WeakPassword):
        PasswordPolicy().check("all about kate!", context_words=("kate",))
    PasswordPolicy().check("all about kat!!", context_words=("kat",))


def test_a_reason_of_500_characters_suspends_and_501_is_refused() -> None:
    user = make_user()
    with pytest.raises(InvalidInput) as refused:
        user.suspend("r" * 501, NOW)
    assert refused.value.details == {"fields": {"reason": "Give a reason of 1 to 500 characters."}}
    assert user.status is UserStatus.ACTIVE
    user.suspend("r" * 500, NOW)
    assert user.suspended_reason == "r" * 500
    assert [e.name for e in user.events][-1] == "identity.user_suspended"


def test_suspended_and_deleted_accounts_cannot_sign_in() -> None:
    user = make_user()
    user.ensure_can_sign_in()
    user.suspend("spam", NOW)
    with pytest.raises(AccountSuspended):
        user.ensure_can_sign_in()
    user.delete(NOW)
    with pytest.raises(InvalidCredentials):
        user.ensure_can_sign_in()


def test_verification_is_asked_for_only_until_the_address_is_verified() -> None:
    user = make_user()
    user.events.clear()
    user.request_email_verification(NOW)
    assert [e.name for e in user.events] == ["identity.email_verification_requested"]
    user.verify_email(LATER)
    user.verify_email(LATER + timedelta(days=1))  # a second click keeps the first time
    assert (user.email_verified, user.email_verified_at, user.updated_at) == (True, LATER, LATER)
    user.request_email_verification(LATER)
    assert len(user.events) == 1


def test_only_an_active_account_is_sent_a_password_reset() -> None:
    user = make_user()
    user.events.clear()
    user.request_password_reset(NOW)
    assert [e.name for e in user.events] == ["identity.password_reset_requested"]
    user.suspend("spam", NOW)
    user.events.clear()
    user.request_password_reset(NOW)
    assert user.events == []


def test_an_email_change_is_asked_for_then_confirmed() -> None:
    user = make_user()
    user.events.clear()
    assert user.request_email_change(" Ada@New.example ", NOW) == "ada@new.example"
    assert user.email == "ada@example.org"  # nothing moves before the link is followed
    with pytest.raises(InvalidEmail) as bad:
        user.request_email_change("not an address", NOW)
    assert bad.value.details == {"fields": {"new_email": InvalidEmail.default_message}}
    with pytest.raises(EmailUnchanged):
        user.request_email_change("ADA@example.org", NOW)
    user.change_email("ada@new.example", LATER)
    assert (user.email, user.email_verified_at, user.updated_at) == (
        "ada@new.example", LATER, LATER)
    user.change_email("ada@new.example", LATER + timedelta(days=1))  # a second click: no-op
    assert user.updated_at == LATER
    assert [e.name for e in user.events] == ["identity.email_change_requested",
                                             "identity.email_changed"]


def test_a_suspended_account_cannot_change_its_email() -> None:
    user = make_user()
    user.suspend("spam", NOW)
    with pytest.raises(Conflict):
        user.request_email_change("ada@new.example", NOW)
    with pytest.raises(Conflict):
        user.change_email("ada@new.example", NOW)
    assert user.email == "ada@example.org"


def test_the_avatar_is_replaced_and_the_old_key_returned_unless_deleted() -> None:
    user = make_user()
    assert user.set_avatar("a1", LATER) is None
    assert user.set_avatar("a2", LATER) == "a1"
    assert (user.avatar_key, user.updated_at) == ("a2", LATER)
    user.delete(LATER)
    assert user.avatar_key is None
    with pytest.raises(Conflict):
        user.set_avatar("a3", LATER)


def test_a_totp_code_step_works_once_and_never_an_older_one() -> None:
    user = make_user()
    with pytest.raises(Conflict):
        user.enable_totp(NOW)  # no secret yet
    user.start_totp_enrolment("SECRET", NOW)
    user.enable_totp(NOW)
    assert user.totp_enabled
    with pytest.raises(Conflict):
        user.start_totp_enrolment("OTHER", NOW)
    assert user.accept_totp_step(100, LATER) is True
    assert (user.accept_totp_step(100, LATER), user.accept_totp_step(99, LATER)) == (False,
                                                                                     False)
    assert user.accept_totp_step(101, LATER) is True
    user.disable_totp(LATER)
    assert (user.totp_enabled, user.totp_secret, user.totp_last_step) == (False, None, None)


def test_a_new_user_starts_at_version_1_and_can_be_kept_in_a_set() -> None:
    # Users are entities: equal only to themselves, and hashable for sets and dict keys.
    user = make_user()
    twin = copy.copy(user)
    assert user.version == 1 and user.status is UserStatus.ACTIVE
    assert user != twin and len({user, twin}) == 2
    assert "UserRegistered" not in repr(user)


@pytest.mark.parametrize("record", [
    UserRegistered, EmailVerificationRequested, PasswordResetRequested, PasswordChanged,
    EmailChangeRequested, EmailChanged, RegistrationAttempted, SignInLocked, UserSuspended,
    UserDeleted, User])
def test_records_are_built_by_keyword(record: type[Any]) -> None:
    kinds = {p.kind for p in inspect.signature(record).parameters.values()}
    assert kinds == {inspect.Parameter.KEYWORD_ONLY}


def test_the_password_policy_cannot_be_loosened_after_start() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        PasswordPolicy().min_length = 1  # type: ignore[misc]
