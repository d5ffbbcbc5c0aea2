"""Handlers of identity events that send e-mail. Each runs after the change was committed.

Link tokens are minted here, by the handler, rather than carried in the event: the outbox then
never stores a usable secret.
"""

from collections.abc import Iterable, Mapping
from urllib.parse import quote
from uuid import UUID

from edu_core.application.identity import IdentityService
from edu_core.application.messagebus import Subscription, on
from edu_core.domain.identity import (
    EmailChanged,
    EmailChangeRequested,
    EmailVerificationRequested,
    OneTimePurpose,
    PasswordChanged,
    PasswordResetRequested,
    RegistrationAttempted,
    SignInLocked,
    UserSuspended,
)
from edu_core.ports.mail import Mailer, MailRequest
from edu_core.ports.unit_of_work import UnitOfWorkFactory


class IdentityMailHandlers:
    def __init__(self, *, identity: IdentityService, mailer: Mailer, uow: UnitOfWorkFactory,
                 web_base_url: str) -> None:
        self._identity = identity
        self._mailer = mailer
        self._uow = uow
        self._base = web_base_url.rstrip("/")

    def subscriptions(self) -> Iterable[Subscription]:
        return [
            on(EmailVerificationRequested, self.send_verification),
            on(PasswordResetRequested, self.send_password_reset),
            on(PasswordChanged, self.send_password_changed),
            on(UserSuspended, self.send_suspended),
            on(RegistrationAttempted, self.send_account_exists),
            on(SignInLocked, self.send_sign_in_locked),
            on(EmailChangeRequested, self.send_email_change),
            on(EmailChanged, self.send_email_changed),
        ]

    async def send_verification(self, event: EmailVerificationRequested) -> None:
        issued = await self._identity.issue_one_time_token(event.user_id,
                                                           OneTimePurpose.VERIFY_EMAIL)
        if issued is None:
            return
        await self._mailer.send(MailRequest(
            to=issued.user.email, template="verify_email",
            context={"display_name": issued.user.display_name,
                     "link": f"{self._base}/verify-email?token={quote(issued.token)}",
                     "expires_hours": int(issued.ttl.total_seconds() // 3600)}))

    async def send_password_reset(self, event: PasswordResetRequested) -> None:
        issued = await self._identity.issue_one_time_token(event.user_id,
                                                           OneTimePurpose.RESET_PASSWORD)
        if issued is None:
            return
        await self._mailer.send(MailRequest(
            to=issued.user.email, template="reset_password",
            context={"display_name": issued.user.display_name,
                     "link": f"{self._base}/reset-password?token={quote(issued.token)}",
                     "expires_minutes": int(issued.ttl.total_seconds() // 60)}))

    async def send_email_change(self, event: EmailChangeRequested) -> None:
        """The link to the new address (or, when that address has an account already, a note
        to it instead), and a notice to the current one either way."""
        issued = await self._identity.issue_email_change(event.user_id, event.new_email)
        if issued is None:
            return
        user = issued.user
        if issued.token is None:
            await self._mailer.send(MailRequest(
                to=issued.new_email, template="email_change_taken",
                context={"login_link": f"{self._base}/login",
                         "reset_link": f"{self._base}/forgot-password"}))
        else:
            await self._mailer.send(MailRequest(
                to=issued.new_email, template="email_change_confirm",
                context={"display_name": user.display_name,
                         "link": f"{self._base}/confirm-email?token={quote(issued.token)}",
                         "expires_hours": int(issued.ttl.total_seconds() // 3600)}))
        await self._mailer.send(MailRequest(
            to=user.email, template="email_change_requested",
            context={"display_name": user.display_name, "new_email": issued.new_email,
                     "reset_link": f"{self._base}/forgot-password"}))

    async def send_email_changed(self, event: EmailChanged) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(event.user_id)
        if user is None:
            return
        await self._mailer.send(MailRequest(
            to=event.previous_email, template="email_changed",
            context={"display_name": user.display_name, "new_email": user.email}))

    async def _mail_user(self, user_id: UUID, template: str,
                         extra: Mapping[str, str] | None = None) -> None:
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
        if user is None:
            return
        await self._mailer.send(MailRequest(
            to=user.email, template=template,
            context={"display_name": user.display_name, **(extra or {})}))

    async def send_password_changed(self, event: PasswordChanged) -> None:
        await self._mail_user(event.user_id, "password_changed")

    async def send_suspended(self, event: UserSuspended) -> None:
        await self._mail_user(event.user_id, "account_suspended", {"reason": event.reason})

    async def send_account_exists(self, event: RegistrationAttempted) -> None:
        await self._mail_user(event.user_id, "account_exists",
                              {"login_link": f"{self._base}/login",
                               "reset_link": f"{self._base}/forgot-password"})

    async def send_sign_in_locked(self, event: SignInLocked) -> None:
        minutes = max(1, -(-event.retry_after_seconds // 60))
        await self._mail_user(event.user_id, "sign_in_locked",
                              {"retry_minutes": str(minutes),
                               "reset_link": f"{self._base}/forgot-password"})
