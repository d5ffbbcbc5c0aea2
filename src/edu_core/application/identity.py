"""Identity use cases: sign-up, sign-in and sessions, e-mail verification, passwords, profile."""

from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID, uuid4

from edu_core.application.actors import Principal
from edu_core.application.tokens import digest, new_token, same_digest
from edu_core.domain.audit import AuditEntry
from edu_core.domain.errors import NotAuthenticated, PermissionDenied, RateLimited
from edu_core.domain.identity import (
    AccountSuspended,
    AuthSession,
    EmailAlreadyVerified,
    EmailTaken,
    InvalidCredentials,
    InvalidEmail,
    InvalidToken,
    OneTimePurpose,
    OneTimeToken,
    PasswordPolicy,
    RegistrationAttempted,
    Role,
    SessionExpired,
    SessionToken,
    SignInLocked,
    TokenKind,
    Transport,
    User,
    UserNotFound,
    UserStatus,
    normalize_email,
    password_context_words,
    validate_display_name,
    validate_timezone,
)
from edu_core.domain.identity.devices import clean_device_name
from edu_core.ports.clock import Clock
from edu_core.ports.rate_limit import RateLimiter, RateRule
from edu_core.ports.security import PasswordHasher
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

SELF_SERVICE_ROLES = frozenset({Role.STUDENT, Role.MENTOR})


@dataclass(frozen=True, slots=True)
class AuthConfig:
    access_token_ttl: timedelta = timedelta(minutes=15)
    # Absolute lifetimes: a session ends then however active it is.
    refresh_token_ttl: timedelta = timedelta(days=30)
    cookie_session_ttl: timedelta = timedelta(days=14)
    # Idle timeouts: a session unused this long ends ("remember me" chooses the longer one).
    idle_timeout: timedelta = timedelta(hours=12)
    idle_timeout_remembered: timedelta = timedelta(days=7)
    # Last-use times are written at most this often per session.
    last_used_granularity: timedelta = timedelta(minutes=1)
    verify_email_ttl: timedelta = timedelta(hours=48)
    reset_password_ttl: timedelta = timedelta(minutes=30)
    change_email_ttl: timedelta = timedelta(hours=24)
    second_factor_ttl: timedelta = timedelta(minutes=5)
    # Failed sign-ins per (account, client address): each tier spent makes that client wait
    # longer (a minute, a quarter of an hour, an hour), so guessing is slow while the owner,
    # signing in from elsewhere, is not affected.
    login_failures_per_client: tuple[RateRule, ...] = field(default_factory=lambda: (
        RateRule(5, 60), RateRule(10, 15 * 60), RateRule(20, 60 * 60)))
    # The account's ceiling over all addresses (a distributed attack): much higher, mailed to
    # the owner when reached, lifted by a password reset.
    login_failures: RateRule = field(default_factory=lambda: RateRule(100, 60 * 60))


@dataclass(frozen=True, slots=True)
class ClientInfo:
    """Where a request comes from, as far as the edge can tell; shown on the session list."""

    address: str = "unknown"
    user_agent: str = ""
    # What the client calls its device (apps send one at sign-in); cleaned when the session
    # opens.
    device_name: str | None = None


@dataclass(frozen=True, slots=True)
class IssuedSession:
    """Secrets handed to the client once; the server keeps only their digests."""

    user: User
    transport: Transport
    session_token: str | None = None
    csrf_token: str | None = None
    access_token: str | None = None
    refresh_token: str | None = None
    expires_in_seconds: int = 0
    # Cookie mode: whether the cookie should outlive the browser session ("remember me").
    persistent: bool = True
    # Set instead of any session when the account has a second factor: exchanged, with a code,
    # for the session (``SecondFactorService.complete_sign_in``).
    challenge: str | None = None


@dataclass(frozen=True, slots=True)
class IssuedOneTimeToken:
    user: User
    token: str
    ttl: timedelta


@dataclass(frozen=True, slots=True)
class IssuedEmailChange:
    """What to mail for an e-mail change: a link for the new address, or (``token`` None) the
    note that the address already belongs to another account."""

    user: User
    new_email: str
    token: str | None
    ttl: timedelta


class IdentityService:
    def __init__(self, *, uow: UnitOfWorkFactory, hasher: PasswordHasher, clock: Clock,
                 policy: PasswordPolicy, limiter: RateLimiter, config: AuthConfig) -> None:
        self._uow = uow
        self._hasher = hasher
        self._clock = clock
        self._policy = policy
        self._limiter = limiter
        self._config = config

    # ---- registration ----------------------------------------------------------------------

    async def register(self, *, email: str, password: str, display_name: str, role: Role,
                       timezone: str = "UTC") -> None:
        """Self-service sign-up. Admins are created only through ``UserAdminService``.

        New and taken addresses get the same answer after the same work (one password hash):
        the new account receives a verification link, the existing owner a note that someone
        tried to sign up with their address. Nobody learns which addresses have accounts.
        """
        if role not in SELF_SERVICE_ROLES:
            raise PermissionDenied("Only student and mentor accounts can be registered.",
                                   details={"fields": {"role": "Choose student or mentor."}})
        normalized = normalize_email(email)
        validate_display_name(display_name)
        validate_timezone(timezone)
        self._policy.check(password, context_words=password_context_words(normalized,
                                                                          display_name))
        now = self._clock.now()
        try:
            async with self._uow() as uow:
                existing = await uow.users.get_by_email(normalized)
                password_hash = await self._hasher.hash(password)
                if existing is not None:
                    if existing.is_active:
                        existing.events.append(RegistrationAttempted(occurred_at=now,
                                                                     user_id=existing.id))
                    await uow.commit()
                    return
                user = User.register(email=normalized, display_name=display_name, role=role,
                                     password_hash=password_hash, timezone=timezone, now=now)
                uow.users.add(user)
                await uow.commit()
        except EmailTaken:
            # A concurrent sign-up with the same address won; that one mails the owner.
            return

    async def create_user(self, *, email: str, password: str, display_name: str, role: Role,
                          timezone: str = "UTC", email_verified: bool = False) -> User:
        normalized = normalize_email(email)
        self._policy.check(password, context_words=password_context_words(normalized,
                                                                          display_name))
        now = self._clock.now()
        async with self._uow() as uow:
            if await uow.users.get_by_email(normalized) is not None:
                raise EmailTaken(details={"fields": {"email": EmailTaken.default_message}})
            password_hash = await self._hasher.hash(password)
            user = User.register(email=normalized, display_name=display_name, role=role,
                                 password_hash=password_hash, timezone=timezone, now=now)
            if email_verified:
                user.verify_email(now)
                user.events.clear()
            uow.users.add(user)
            # The unique index settles the race of two concurrent sign-ups with one address.
            await uow.commit()
            return user

    # ---- sign-in and sessions --------------------------------------------------------------

    async def login(self, *, email: str, password: str, transport: Transport,
                    client: ClientInfo | None = None, remember: bool = False) -> IssuedSession:
        client = client or ClientInfo()
        # A bad name is refused before the password is even looked at: nothing to count.
        clean_device_name(client.device_name)
        try:
            normalized: str | None = normalize_email(email)
        except InvalidEmail:
            normalized = None  # no account can have it; still answer like a wrong password
        account_key = f"login-failures:{normalized or email.strip().lower()[:254]}"
        client_key = f"{account_key}:{client.address}"
        cfg = self._config
        wait = 0
        for key, rule in ((account_key, cfg.login_failures),
                          *self._client_tiers(client_key)):
            blocked = await self._limiter.peek(key, rule)
            if not blocked.allowed:
                wait = max(wait, blocked.retry_after_seconds)
        if wait:
            raise self._throttled(wait)

        async with self._uow() as uow:
            user = await uow.users.get_by_email(normalized) if normalized else None
            if user is None:
                await self._hasher.dummy_verify()
                ok = False
            else:
                ok = await self._hasher.verify(password, user.password_hash)
            if not ok or user is None:
                failure = await self._count_failure(uow, user, account_key, client_key, client)
                await uow.commit()
                raise failure
            # Status is checked only after the password: it must not reveal which accounts exist.
            if user.status is UserStatus.SUSPENDED:
                raise self._suspended(user)
            user.ensure_can_sign_in()
            await self._limiter.reset(account_key, cfg.login_failures)
            for key, rule in self._client_tiers(client_key):
                await self._limiter.reset(key, rule)
            if user.totp_enabled:
                challenge = self._second_factor_challenge(uow, user)
                self._audit(uow, user.id, "auth.password_ok_second_factor_pending", client)
                await uow.commit()
                return IssuedSession(user=user, transport=transport, challenge=challenge)
            issued = self.start_session(uow, user, transport, client=client, remember=remember)
            await uow.commit()
            return issued

    def _second_factor_challenge(self, uow: UnitOfWork, user: User) -> str:
        now = self._clock.now()
        raw = new_token()
        uow.one_time_tokens.add(OneTimeToken(
            token_hash=digest(raw), user_id=user.id, purpose=OneTimePurpose.SECOND_FACTOR,
            created_at=now, expires_at=now + self._config.second_factor_ttl))
        return raw

    def start_session(self, uow: UnitOfWork, user: User, transport: Transport, *,
                      client: ClientInfo, remember: bool, **audit: object) -> IssuedSession:
        """Sign-in proven (password, and second factor when the account has one)."""
        user.record_login(self._clock.now())
        issued = self._open_session(uow, user, transport, client=client, remember=remember)
        self._audit(uow, user.id, "auth.login", client, transport=transport.value,
                    remember=remember, **audit)
        return issued

    def audit(self, uow: UnitOfWork, user_id: UUID, action: str,
              client: ClientInfo | None = None, **details: object) -> None:
        self._audit(uow, user_id, action, client, **details)

    async def _count_failure(self, uow: UnitOfWork, user: User | None, account_key: str,
                             client_key: str, client: ClientInfo) -> Exception:
        """Count one failed sign-in; the error to answer with (throttled once a budget is
        spent). Reaching the account's ceiling tells the owner."""
        cfg = self._config
        now = self._clock.now()
        retry_after = 0
        for key, rule in self._client_tiers(client_key):
            decision = await self._limiter.hit(key, rule)
            if not decision.allowed or decision.remaining == 0:
                retry_after = max(retry_after, decision.retry_after_seconds or rule.window_seconds)
        account = await self._limiter.hit(account_key, cfg.login_failures)
        locked_now = account.allowed and account.remaining == 0
        if not account.allowed or locked_now:
            retry_after = max(retry_after,
                              account.retry_after_seconds or cfg.login_failures.window_seconds)
        if user is not None:
            self._audit(uow, user.id, "auth.login_failed", client)
            if locked_now:
                self._audit(uow, user.id, "auth.lockout", client)
                user.events.append(SignInLocked(occurred_at=now, user_id=user.id,
                                                retry_after_seconds=retry_after))
        if not account.allowed:
            return self._throttled(retry_after)
        return InvalidCredentials()

    def _client_tiers(self, client_key: str) -> list[tuple[str, RateRule]]:
        """One key per tier: each tier counts on its own."""
        return [(f"{client_key}:{rule.window_seconds}", rule)
                for rule in self._config.login_failures_per_client]

    def _audit(self, uow: UnitOfWork, user_id: UUID, action: str, client: ClientInfo | None,
               **details: object) -> None:
        info: dict[str, object] = dict(details)
        if client is not None:
            info.update(address=client.address, user_agent=client.user_agent[:255])
        uow.audit.record(AuditEntry(actor_id=user_id, action=action, target_type="user",
                                    target_id=str(user_id), occurred_at=self._clock.now(),
                                    details=info))

    @staticmethod
    def _suspended(user: User) -> AccountSuspended:
        """The suspension with the reason the administrator gave (the mail promised it is
        shown); only ever raised to someone who proved they hold the account."""
        if not user.suspended_reason:
            return AccountSuspended()
        return AccountSuspended(
            f"{AccountSuspended.default_message} Reason: {user.suspended_reason}",
            details={"reason": user.suspended_reason})

    @staticmethod
    def _throttled(retry_after: int) -> RateLimited:
        minutes = max(1, -(-retry_after // 60))
        return RateLimited(
            f"Too many failed sign-in attempts. Try again in {minutes} minute"
            f"{'s' if minutes != 1 else ''}, or reset your password.",
            retry_after_seconds=retry_after,
        )

    def _open_session(self, uow: UnitOfWork, user: User, transport: Transport, *,
                      client: ClientInfo, remember: bool) -> IssuedSession:
        now = self._clock.now()
        cfg = self._config
        idle = cfg.idle_timeout_remembered if remember else cfg.idle_timeout
        lifetime = (cfg.cookie_session_ttl if transport is Transport.COOKIE
                    else cfg.refresh_token_ttl)
        session = AuthSession(id=uuid4(), user_id=user.id, transport=transport, created_at=now,
                              expires_at=now + lifetime, last_used_at=now,
                              idle_timeout_seconds=int(idle.total_seconds()),
                              user_agent=client.user_agent[:255] or None,
                              client_address=client.address[:64],
                              device_name=clean_device_name(client.device_name))
        uow.sessions.add(session)
        if transport is Transport.COOKIE:
            session_token, csrf_token = new_token(), new_token()
            session.csrf_token_hash = digest(csrf_token)
            uow.sessions.add_token(SessionToken(
                token_hash=digest(session_token), session_id=session.id, kind=TokenKind.SESSION,
                created_at=now, expires_at=session.expires_at))
            return IssuedSession(user=user, transport=transport, session_token=session_token,
                                 csrf_token=csrf_token, persistent=remember,
                                 expires_in_seconds=int(cfg.cookie_session_ttl.total_seconds()))
        return self._issue_bearer_pair(uow, user, session)

    def _issue_bearer_pair(self, uow: UnitOfWork, user: User,
                           session: AuthSession) -> IssuedSession:
        now = self._clock.now()
        access, refresh = new_token(), new_token()
        uow.sessions.add_token(SessionToken(
            token_hash=digest(access), session_id=session.id, kind=TokenKind.ACCESS,
            created_at=now, expires_at=min(now + self._config.access_token_ttl,
                                           session.expires_at)))
        uow.sessions.add_token(SessionToken(
            token_hash=digest(refresh), session_id=session.id, kind=TokenKind.REFRESH,
            created_at=now, expires_at=session.expires_at))
        return IssuedSession(user=user, transport=Transport.BEARER, access_token=access,
                             refresh_token=refresh,
                             expires_in_seconds=int(self._config.access_token_ttl.total_seconds()))

    async def authenticate(self, token: str, kind: TokenKind, *,
                           address: str | None = None) -> Principal:
        """Resolve a presented token on every request, so revocation and suspension bite at
        once whatever the token's own expiry says. ``address``: where the request came from,
        kept as the device's last address."""
        if not token or len(token) > 512:
            raise NotAuthenticated()
        async with self._uow() as uow:
            found = await uow.sessions.lookup(digest(token), kind)
            if found is None:
                raise SessionExpired()
            user = found.user
            # Before the session check: suspending revokes the sessions, and the person holding
            # one should learn why they are out rather than see "session expired".
            if user.status is UserStatus.SUSPENDED:
                raise self._suspended(user)
            now = self._clock.now()
            if now >= found.token.expires_at or not found.session.is_live(now):
                raise SessionExpired()
            if user.status is not UserStatus.ACTIVE:
                raise SessionExpired()
            if found.session.mark_used(now, granularity=self._config.last_used_granularity,
                                       address=address):
                await uow.commit()
        return Principal(user_id=user.id, role=user.role, session_id=found.session.id,
                         transport=found.session.transport,
                         csrf_token_hash=found.session.csrf_token_hash,
                         second_factor=user.totp_enabled, user=user)

    @staticmethod
    def csrf_matches(principal: Principal, presented: str | None) -> bool:
        if principal.transport is not Transport.COOKIE:
            return True
        if not presented or principal.csrf_token_hash is None or len(presented) > 512:
            return False
        return same_digest(presented, principal.csrf_token_hash)

    async def logout(self, principal: Principal) -> None:
        async with self._uow() as uow:
            session = await uow.sessions.get(principal.session_id)
            if session is not None:
                session.revoke("logout", self._clock.now())
            await uow.commit()

    async def refresh(self, refresh_token: str) -> IssuedSession:
        if not refresh_token or len(refresh_token) > 512:
            raise InvalidToken()
        async with self._uow() as uow:
            found = await uow.sessions.lookup(digest(refresh_token), TokenKind.REFRESH,
                                              for_update=True)
            if found is None:
                raise InvalidToken()
            now = self._clock.now()
            if found.token.rotated_at is not None:
                # A rotated refresh token came back: someone holds a copy. Kill the family.
                found.session.revoke("refresh_token_reuse", now)
                await uow.commit()
                raise InvalidToken("This refresh token was already used; sign in again.")
            if now >= found.token.expires_at or not found.session.is_live(now):
                raise SessionExpired()
            if found.user.status is UserStatus.SUSPENDED:
                raise self._suspended(found.user)
            found.user.ensure_can_sign_in()
            if found.user.status is not UserStatus.ACTIVE:
                raise SessionExpired()
            found.token.rotated_at = now
            found.session.mark_used(now, granularity=timedelta(0))
            issued = self._issue_bearer_pair(uow, found.user, found.session)
            await uow.commit()
            return issued

    # ---- e-mail verification and password reset ----------------------------------------------

    async def issue_one_time_token(self, user_id: UUID,
                                   purpose: OneTimePurpose) -> IssuedOneTimeToken | None:
        """Create a fresh link token (older ones of the same purpose stop working)."""
        ttl = (self._config.verify_email_ttl if purpose is OneTimePurpose.VERIFY_EMAIL
               else self._config.reset_password_ttl)
        now = self._clock.now()
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
            if user is None or not user.is_active:
                return None
            if purpose is OneTimePurpose.VERIFY_EMAIL and user.email_verified:
                return None
            await uow.one_time_tokens.invalidate(user.id, purpose, now)
            raw = new_token()
            uow.one_time_tokens.add(OneTimeToken(token_hash=digest(raw), user_id=user.id,
                                                 purpose=purpose, created_at=now,
                                                 expires_at=now + ttl))
            await uow.commit()
            return IssuedOneTimeToken(user=user, token=raw, ttl=ttl)

    async def _consume(self, uow: UnitOfWork, raw: str, purpose: OneTimePurpose) -> User:
        return (await self._consume_token(uow, raw, purpose))[1]

    async def _consume_token(self, uow: UnitOfWork, raw: str,
                             purpose: OneTimePurpose) -> tuple[OneTimeToken, User]:
        if not raw or len(raw) > 512:
            raise InvalidToken()
        token = await uow.one_time_tokens.get(digest(raw), for_update=True)
        now = self._clock.now()
        if token is None or token.purpose is not purpose:
            raise InvalidToken()
        if not token.is_usable(now):
            if purpose is OneTimePurpose.VERIFY_EMAIL:
                # A reused or stale link of an account that is verified by now: say so, and
                # point to sign-in, rather than "invalid" (holding the link proves the mailbox).
                owner = await uow.users.get(token.user_id)
                if owner is not None and owner.is_active and owner.email_verified:
                    raise EmailAlreadyVerified()
            raise InvalidToken()
        user = await uow.users.get(token.user_id, for_update=True)
        if user is None or not user.is_active:
            raise InvalidToken()
        token.used_at = now
        return token, user

    async def verify_email(self, token: str) -> User:
        async with self._uow() as uow:
            user = await self._consume(uow, token, OneTimePurpose.VERIFY_EMAIL)
            user.verify_email(self._clock.now())
            await uow.commit()
            return user

    async def resend_verification(self, principal: Principal) -> None:
        async with self._uow() as uow:
            user = await self._require_user(uow, principal.user_id)
            user.request_email_verification(self._clock.now())
            await uow.commit()

    async def forgot_password(self, email: str) -> None:
        """Always succeeds from the caller's view: it must not reveal which e-mails exist."""
        try:
            normalized = normalize_email(email)
        except Exception:
            return
        async with self._uow() as uow:
            user = await uow.users.get_by_email(normalized) if normalized else None
            if user is not None:
                user.request_password_reset(self._clock.now())
            await uow.commit()

    async def reset_password(self, token: str, new_password: str,
                             client: ClientInfo | None = None) -> None:
        async with self._uow() as uow:
            user = await self._consume(uow, token, OneTimePurpose.RESET_PASSWORD)
            self._policy.check(new_password, field_name="new_password",
                               context_words=password_context_words(user.email,
                                                                    user.display_name))
            now = self._clock.now()
            user.set_password_hash(await self._hasher.hash(new_password), now)
            # Whoever held the old password may hold a session too.
            await uow.sessions.revoke_all_for_user(user.id, "password_reset", now)
            # Reaching the reset link proves control of the mailbox.
            user.verify_email(now)
            await uow.commit()
        # The guesses were against the old password: the owner, who proved control of the
        # mailbox, may sign in again at once (from where they reset, and account-wide).
        account_key = f"login-failures:{user.email}"
        await self._limiter.reset(account_key, self._config.login_failures)
        if client is not None:
            for key, rule in self._client_tiers(f"{account_key}:{client.address}"):
                await self._limiter.reset(key, rule)

    async def change_password(self, principal: Principal, current_password: str,
                              new_password: str) -> None:
        async with self._uow() as uow:
            user = await self._require_user(uow, principal.user_id)
            if not await self._hasher.verify(current_password, user.password_hash):
                raise InvalidCredentials(
                    "The current password is incorrect.",
                    details={"fields": {"current_password": "The current password is incorrect."}})
            self._policy.check(new_password, field_name="new_password",
                               context_words=password_context_words(user.email,
                                                                    user.display_name))
            now = self._clock.now()
            user.set_password_hash(await self._hasher.hash(new_password), now)
            await uow.sessions.revoke_all_for_user(user.id, "password_changed", now,
                                                   keep=principal.session_id)
            await uow.commit()

    # ---- e-mail address change ---------------------------------------------------------------

    async def request_email_change(self, principal: Principal, current_password: str,
                                   new_email: str, client: ClientInfo | None = None) -> None:
        """Mail a confirmation link to ``new_email`` and a notice to the current address.

        The answer is the same whether or not the new address is taken (the mail handler finds
        out, after commit): the caller must not learn which addresses have accounts.
        """
        async with self._uow() as uow:
            user = await self._require_user(uow, principal.user_id)
            if not await self._hasher.verify(current_password, user.password_hash):
                raise InvalidCredentials(
                    "The current password is incorrect.",
                    details={"fields": {"current_password": "The current password is incorrect."}})
            normalized = user.request_email_change(new_email, self._clock.now())
            self._audit(uow, user.id, "auth.email_change_requested", client,
                        new_email=normalized)
            await uow.commit()

    async def issue_email_change(self, user_id: UUID, new_email: str) -> IssuedEmailChange | None:
        """A fresh confirmation link for ``new_email`` (older ones stop working); None when
        there is nothing to send any more (account gone, or already at that address)."""
        ttl = self._config.change_email_ttl
        now = self._clock.now()
        async with self._uow() as uow:
            user = await uow.users.get(user_id)
            if user is None or not user.is_active or user.email == new_email:
                return None
            if await uow.users.get_by_email(new_email) is not None:
                return IssuedEmailChange(user=user, new_email=new_email, token=None, ttl=ttl)
            await uow.one_time_tokens.invalidate(user.id, OneTimePurpose.CHANGE_EMAIL, now)
            raw = new_token()
            uow.one_time_tokens.add(OneTimeToken(
                token_hash=digest(raw), user_id=user.id, purpose=OneTimePurpose.CHANGE_EMAIL,
                created_at=now, expires_at=now + ttl, new_email=new_email))
            await uow.commit()
            return IssuedEmailChange(user=user, new_email=new_email, token=raw, ttl=ttl)

    async def confirm_email_change(self, token: str, *,
                                   keep_session: UUID | None = None) -> User:
        """Follow the link mailed to the new address: the account moves there, verified.

        Every session of the account ends except ``keep_session`` (the browser that followed
        the link, when it is signed in to this account). 409 ``email_taken`` when another
        account took the address in the meantime.
        """
        async with self._uow() as uow:
            link, user = await self._consume_token(uow, token, OneTimePurpose.CHANGE_EMAIL)
            new_email = link.new_email
            if not new_email:
                raise InvalidToken()
            owner = await uow.users.get_by_email(new_email)
            if owner is not None and owner.id != user.id:
                raise EmailTaken(details={"fields": {"email": EmailTaken.default_message}})
            now = self._clock.now()
            previous = user.email
            user.change_email(new_email, now)
            await uow.sessions.revoke_all_for_user(user.id, "email_changed", now,
                                                   keep=keep_session)
            # Links mailed to the previous address must not act on the account any more.
            for purpose in (OneTimePurpose.RESET_PASSWORD, OneTimePurpose.VERIFY_EMAIL):
                await uow.one_time_tokens.invalidate(user.id, purpose, now)
            self._audit(uow, user.id, "auth.email_changed", None, previous_email=previous,
                        new_email=new_email)
            # The unique index settles a race with a sign-up or change to the same address.
            await uow.commit()
            return user

    # ---- own profile -------------------------------------------------------------------------

    @staticmethod
    async def _require_user(uow: UnitOfWork, user_id: UUID) -> User:
        user = await uow.users.get(user_id, for_update=True)
        if user is None:
            raise UserNotFound()
        return user

    async def get_me(self, principal: Principal) -> User:
        if principal.user is not None:
            return principal.user  # read by this request's authentication
        async with self._uow() as uow:
            user = await uow.users.get(principal.user_id)
        if user is None:
            raise UserNotFound()
        return user

    async def update_me(self, principal: Principal, *, display_name: str | None = None,
                        timezone: str | None = None) -> User:
        async with self._uow() as uow:
            user = await self._require_user(uow, principal.user_id)
            user.update_profile(now=self._clock.now(), display_name=display_name,
                                timezone=timezone)
            await uow.commit()
            return user
