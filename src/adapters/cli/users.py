"""``edu users``: account administration through the same use cases as the admin console."""

import getpass
from enum import StrEnum
from typing import Annotated
from uuid import UUID

import typer

from adapters.cli.runtime import fail, run_with_container
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.application.user_admin import UserAdminService
from edu_core.domain.identity import Role, User, UserStatus
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.identity import UserQuery

app = typer.Typer(no_args_is_help=True)
CLI = Actor(user_id=None, label="cli")


class RoleOpt(StrEnum):
    student = "student"
    mentor = "mentor"
    admin = "admin"


class StatusOpt(StrEnum):
    active = "active"
    suspended = "suspended"
    deleted = "deleted"


def _line(u: User) -> str:
    verified = "verified" if u.email_verified else "unverified"
    return (f"{u.id}  {u.email:<36} {u.display_name:<24} {u.role.value:<8} "
            f"{u.status.value:<10} {verified}")


def _show(u: User) -> None:
    for label, value in [("id", u.id), ("email", u.email), ("name", u.display_name),
                         ("role", u.role.value), ("status", u.status.value),
                         ("email verified", u.email_verified), ("timezone", u.timezone),
                         ("created", u.created_at.isoformat()),
                         ("last login", u.last_login_at.isoformat() if u.last_login_at else "-"),
                         ("suspension reason", u.suspended_reason or "-")]:
        typer.echo(f"{label:>18}: {value}")


def _uuid(raw: str) -> UUID:
    try:
        return UUID(raw)
    except ValueError:
        raise fail(f"not a user id: {raw!r}", 2) from None


def _admin(c: Container) -> UserAdminService:
    admin: UserAdminService = c.identity.admin()
    return admin


async def resolve_user(c: Container, ref: str) -> UUID:
    """Accept an id or an e-mail address."""
    if "@" in ref:
        async with c.uow()() as uow:
            user = await uow.users.get_by_email(ref.strip().lower())
        if user is None:
            raise fail(f"no user with e-mail {ref}")
        return user.id
    return _uuid(ref)


@app.command(help="Create an account (the only way to create an admin).")
def create(email: Annotated[str, typer.Option(help="e-mail address")],
           role: Annotated[RoleOpt, typer.Option(help="role")],
           name: Annotated[str, typer.Option("--name", help="display name")],
           password: Annotated[str | None, typer.Option(
               help="password (prompted when omitted; prefer the prompt or EDU_NEW_PASSWORD)",
               envvar="EDU_NEW_PASSWORD")] = None,
           timezone: Annotated[str, typer.Option(help="IANA time zone")] = "UTC") -> None:
    if password is None:
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Repeat: "):
            raise fail("the passwords differ", 2)

    async def action(c: Container) -> User:
        return await _admin(c).create_user(
            CLI, email=email, password=password, display_name=name, role=Role(role.value),
            timezone=timezone, email_verified=True)

    user = run_with_container(action)
    typer.echo(f"created {user.role.value} {user.email} ({user.id})")


@app.command("list", help="List users, newest first.")
def list_(query: Annotated[str | None, typer.Option("--query", "-q",
                                                    help="e-mail or name contains")] = None,
          role: Annotated[RoleOpt | None, typer.Option(help="only this role")] = None,
          status: Annotated[StatusOpt | None, typer.Option(help="only this status")] = None,
          page: Annotated[int, typer.Option(min=1)] = 1,
          page_size: Annotated[int, typer.Option(min=1, max=100)] = 50) -> None:
    async def action(c: Container) -> Page[User]:
        return await _admin(c).list_users(
            UserQuery(text=query, role=Role(role.value) if role else None,
                      status=UserStatus(status.value) if status else None),
            PageRequest(page, page_size))

    result = run_with_container(action)
    for user in result.items:
        typer.echo(_line(user))
    typer.echo(f"-- {len(result.items)} of {result.total} (page {result.page})")


@app.command(help="Show one user (by id or e-mail).")
def show(user: Annotated[str, typer.Argument(help="id or e-mail")]) -> None:
    async def action(c: Container) -> User:
        return await _admin(c).get_user(await resolve_user(c, user))

    _show(run_with_container(action))


@app.command(help="Suspend a user: signed out at once, sign-in refused.")
def suspend(user: Annotated[str, typer.Argument(help="id or e-mail")],
            reason: Annotated[str, typer.Option(help="shown to the user")]) -> None:
    async def action(c: Container) -> User:
        return await _admin(c).suspend(CLI, await resolve_user(c, user), reason)

    typer.echo(f"suspended {run_with_container(action).email}")


@app.command(help="Lift a suspension.")
def unsuspend(user: Annotated[str, typer.Argument(help="id or e-mail")]) -> None:
    async def action(c: Container) -> User:
        return await _admin(c).unsuspend(CLI, await resolve_user(c, user))

    typer.echo(f"unsuspended {run_with_container(action).email}")


@app.command("set-role", help="Change a user's role (signs them out).")
def set_role(user: Annotated[str, typer.Argument(help="id or e-mail")],
             role: Annotated[RoleOpt, typer.Argument(help="new role")]) -> None:
    async def action(c: Container) -> User:
        return await _admin(c).set_role(CLI, await resolve_user(c, user), Role(role.value))

    changed = run_with_container(action)
    typer.echo(f"{changed.email} is now {changed.role.value}")


@app.command(help="Delete a user: anonymised, sign-in disabled, shared records kept.")
def delete(user: Annotated[str, typer.Argument(help="id or e-mail")],
           yes: Annotated[bool, typer.Option("--yes", help="do not ask for confirmation")]
           = False) -> None:
    if not yes:
        typer.confirm(f"Delete {user}? The account is anonymised and cannot be restored",
                      abort=True)

    async def action(c: Container) -> UUID:
        target = await resolve_user(c, user)
        await _admin(c).delete(CLI, target)
        return target

    typer.echo(f"deleted {run_with_container(action)}")
