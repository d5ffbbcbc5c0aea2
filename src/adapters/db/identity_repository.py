"""Postgres repositories of the identity context, mapping rows to domain objects explicitly."""

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import Row, and_, bindparam, func, or_, select, update

from adapters.db.connections import Session
from adapters.db.results import rowcount
from adapters.db.tables import auth_sessions, auth_tokens, one_time_tokens, users
from adapters.db.tracking import Tracker
from edu_core.domain.identity import (
    AuthSession,
    OneTimePurpose,
    OneTimeToken,
    Role,
    SessionToken,
    TokenKind,
    Transport,
    User,
    UserStatus,
)
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.identity import LIVE_SESSIONS_SHOWN, TokenLookup, UserQuery

user_columns = ("id", "email", "display_name", "role", "status", "password_hash", "timezone",
                "email_verified_at", "last_login_at", "suspended_reason", "deleted_at",
                "created_at", "updated_at", "version", "totp_secret", "totp_enabled_at",
                "totp_last_step", "avatar_key")


def user_from_row(row: Any) -> User:
    m = row._mapping if isinstance(row, Row) else row
    return User(id=m["id"], email=m["email"], display_name=m["display_name"],
                role=Role(m["role"]), status=UserStatus(m["status"]),
                password_hash=m["password_hash"], timezone=m["timezone"],
                email_verified_at=m["email_verified_at"], last_login_at=m["last_login_at"],
                suspended_reason=m["suspended_reason"], deleted_at=m["deleted_at"],
                created_at=m["created_at"], updated_at=m["updated_at"], version=m["version"],
                totp_secret=m["totp_secret"], totp_enabled_at=m["totp_enabled_at"],
                totp_last_step=m["totp_last_step"], avatar_key=m["avatar_key"])


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_USER = select(users).where(users.c.id == bindparam("id"))
_USER_FOR_UPDATE = _USER.with_for_update()


class PostgresUserRepository:
    def __init__(self, session: Session, tracker: Tracker) -> None:
        self._s = session
        self._tracker = tracker

    def add(self, user: User) -> None:
        self._tracker.new(user)

    async def get(self, user_id: UUID, *, for_update: bool = False) -> User | None:
        row = (await self._s.execute(_USER_FOR_UPDATE if for_update else _USER,
                                     {"id": user_id})).first()
        return self._tracker.seen(user_from_row(row)) if row else None

    async def get_by_email(self, email: str) -> User | None:
        row = (await self._s.execute(select(users).where(users.c.email == email))).first()
        return self._tracker.seen(user_from_row(row)) if row else None

    async def get_many(self, user_ids: Collection[UUID]) -> dict[UUID, User]:
        if not user_ids:
            return {}
        rows = await self._s.execute(select(users).where(users.c.id.in_(set(user_ids))))
        found = (self._tracker.seen(user_from_row(row)) for row in rows)
        return {user.id: user for user in found}

    async def list(self, query: UserQuery, page: PageRequest) -> Page[User]:
        conds = []
        if query.text:
            # PostgreSQL text cannot hold NUL, so no stored value can contain one either.
            needle = query.text.replace("\x00", "").strip().lower()
            pattern = f"%{escape_like(needle)}%"
            conds.append(or_(users.c.email.ilike(pattern, escape="\\"),
                             users.c.display_name.ilike(pattern, escape="\\")))
        if query.role is not None:
            conds.append(users.c.role == query.role.value)
        if query.status is not None:
            conds.append(users.c.status == query.status.value)
        where = and_(True, *conds)
        total = (await self._s.execute(select(func.count()).select_from(users).where(where))
                 ).scalar_one()
        rows = (await self._s.execute(
            select(users).where(where).order_by(users.c.created_at.desc(), users.c.id)
            .limit(page.page_size).offset(page.offset))).all()
        return Page(items=[user_from_row(r) for r in rows], total=total, page=page.page,
                    page_size=page.page_size)

    async def count(self) -> int:
        return (await self._s.execute(select(func.count()).select_from(users))).scalar_one()


def session_from_row(m: Any) -> AuthSession:
    return AuthSession(id=m["id"], user_id=m["user_id"], transport=Transport(m["transport"]),
                       csrf_token_hash=m["csrf_token_hash"], created_at=m["created_at"],
                       expires_at=m["expires_at"], revoked_at=m["revoked_at"],
                       revoked_reason=m["revoked_reason"], last_used_at=m["last_used_at"],
                       idle_timeout_seconds=m["idle_timeout_seconds"],
                       user_agent=m["user_agent"], client_address=m["client_address"],
                       device_name=m["device_name"], push_platform=m["push_platform"],
                       push_token=m["push_token"], push_registered_at=m["push_registered_at"])


# The token, its session and the session's user in one statement (by the token's primary key),
# built once: positional columns, token first, then the session's, then the user's.
_t, _s, _u = auth_tokens.alias("t"), auth_sessions.alias("s"), users.alias("u")
_TOKEN_COLUMNS = ("token_hash", "session_id", "kind", "created_at", "expires_at", "rotated_at")
_SESSION_COLUMNS = tuple(c.name for c in auth_sessions.c)
_USER_COLUMNS = tuple(c.name for c in users.c)
_USER_AT = len(_TOKEN_COLUMNS) + len(_SESSION_COLUMNS)
_LOOKUP = (select(*[_t.c[n] for n in _TOKEN_COLUMNS], *_s.c, *_u.c)
           .select_from(_t.join(_s, _s.c.id == _t.c.session_id)
                        .join(_u, _u.c.id == _s.c.user_id))
           .where(_t.c.token_hash == bindparam("token_hash"), _t.c.kind == bindparam("kind")))
_LOOKUP_FOR_UPDATE = _LOOKUP.with_for_update(of=[_t, _s, _u])


class PostgresSessionRepository:
    def __init__(self, session: Session, tracker: Tracker) -> None:
        self._s = session
        self._tracker = tracker

    def add(self, session: AuthSession) -> None:
        self._tracker.new(session)

    def add_token(self, token: SessionToken) -> None:
        self._tracker.new(token)

    async def get(self, session_id: UUID) -> AuthSession | None:
        row = (await self._s.execute(
            select(auth_sessions).where(auth_sessions.c.id == session_id))).first()
        return self._tracker.seen(session_from_row(row._mapping)) if row else None

    async def lookup(self, token_hash: str, kind: str, *, for_update: bool = False
                     ) -> TokenLookup | None:
        row = (await self._s.execute(_LOOKUP_FOR_UPDATE if for_update else _LOOKUP,
                                     {"token_hash": token_hash, "kind": kind})).first()
        if row is None:
            return None
        token = SessionToken(token_hash=row[0], session_id=row[1], kind=TokenKind(row[2]),
                             created_at=row[3], expires_at=row[4], rotated_at=row[5])
        sess = session_from_row(dict(zip(_SESSION_COLUMNS, row[6:_USER_AT], strict=True)))
        user = user_from_row(dict(zip(_USER_COLUMNS, row[_USER_AT:], strict=True)))
        return TokenLookup(token=self._tracker.seen(token), session=self._tracker.seen(sess),
                           user=self._tracker.seen(user))

    async def revoke_all_for_user(self, user_id: UUID, reason: str, now: datetime,
                                  *, keep: UUID | None = None) -> int:
        stmt = (update(auth_sessions)
                .where(auth_sessions.c.user_id == user_id, auth_sessions.c.revoked_at.is_(None))
                .values(revoked_at=now, revoked_reason=reason, push_platform=None,
                        push_token=None, push_registered_at=None))
        if keep is not None:
            stmt = stmt.where(auth_sessions.c.id != keep)
        result = await self._s.execute(stmt)
        for tracked in self._tracker.tracked(AuthSession):
            if tracked.user_id == user_id and tracked.id != keep:
                tracked.revoke(reason, now)
        return rowcount(result)

    async def list_live_for_user(self, user_id: UUID, now: datetime) -> list[AuthSession]:
        # The idle rule is checked on the domain object; the partial index serves the filter.
        rows = (await self._s.execute(
            select(auth_sessions)
            .where(auth_sessions.c.user_id == user_id, auth_sessions.c.revoked_at.is_(None),
                   auth_sessions.c.expires_at > now)
            .order_by(func.coalesce(auth_sessions.c.last_used_at,
                                    auth_sessions.c.created_at).desc(), auth_sessions.c.id)
            .limit(LIVE_SESSIONS_SHOWN * 4))).all()
        live = [self._tracker.seen(session_from_row(r._mapping)) for r in rows]
        return [s for s in live if s.is_live(now)][:LIVE_SESSIONS_SHOWN]

    async def push_targets(self, user_id: UUID, now: datetime) -> list[AuthSession]:
        rows = (await self._s.execute(
            select(auth_sessions)
            .where(auth_sessions.c.user_id == user_id, auth_sessions.c.revoked_at.is_(None),
                   auth_sessions.c.expires_at > now, auth_sessions.c.push_token.is_not(None))
            .order_by(auth_sessions.c.id))).all()
        found = [self._tracker.seen(session_from_row(r._mapping)) for r in rows]
        return [s for s in found if s.is_live(now)]

    async def release_push_token(self, token: str, *, keep: UUID) -> None:
        await self._s.execute(
            update(auth_sessions)
            .where(auth_sessions.c.push_token == token, auth_sessions.c.id != keep)
            .values(push_token=None, push_platform=None, push_registered_at=None))
        for tracked in self._tracker.tracked(AuthSession):
            if tracked.push_token == token and tracked.id != keep:
                tracked.forget_push()


class PostgresOneTimeTokenRepository:
    def __init__(self, session: Session, tracker: Tracker) -> None:
        self._s = session
        self._tracker = tracker

    def add(self, token: OneTimeToken) -> None:
        self._tracker.new(token)

    async def get(self, token_hash: str, *, for_update: bool = False) -> OneTimeToken | None:
        stmt = select(one_time_tokens).where(one_time_tokens.c.token_hash == token_hash)
        if for_update:
            stmt = stmt.with_for_update()
        row = (await self._s.execute(stmt)).first()
        if row is None:
            return None
        m = row._mapping
        return self._tracker.seen(OneTimeToken(
            token_hash=m["token_hash"], user_id=m["user_id"], purpose=OneTimePurpose(m["purpose"]),
            created_at=m["created_at"], expires_at=m["expires_at"], used_at=m["used_at"],
            new_email=m["new_email"]))

    async def invalidate(self, user_id: UUID, purpose: OneTimePurpose, now: datetime) -> None:
        await self._s.execute(
            update(one_time_tokens)
            .where(one_time_tokens.c.user_id == user_id,
                   one_time_tokens.c.purpose == purpose.value,
                   one_time_tokens.c.used_at.is_(None))
            .values(used_at=now))

