"""``edu mentors``: the mentor review queue from the command line (same use cases as the
admin console: same rules, audit entries and mails)."""

from typing import Annotated, Any

import typer

from adapters.cli.runtime import run_with_container
from adapters.cli.users import resolve_user
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.domain.mentors import MentorStatus
from edu_core.domain.pagination import PageRequest

app = typer.Typer(no_args_is_help=True)
CLI = Actor(user_id=None, label="cli")


@app.command("pending", help="List applications waiting for review, oldest first.")
def pending() -> None:
    async def action(c: Container) -> Any:
        return await c.mentors().queue(MentorStatus.SUBMITTED, PageRequest(1, 100))

    page = run_with_container(action)
    if not page.items:
        typer.echo("no applications waiting")
    for view in page.items:
        p = view.profile
        submitted = p.submitted_at.strftime("%Y-%m-%d %H:%M") if p.submitted_at else "-"
        typer.echo(f"{p.user_id}  {view.user.email:<32} {view.user.display_name:<22} "
                   f"submitted {submitted}  {len(p.documents)} document(s)")
        typer.echo(f"    {p.headline}")


@app.command("verify", help="Verify a submitted application (MENTOR: id or e-mail).")
def verify(mentor: Annotated[str, typer.Argument(help="mentor id or e-mail")]) -> None:
    async def action(c: Container) -> Any:
        return await c.mentors().verify(CLI, await resolve_user(c, mentor))

    view = run_with_container(action)
    typer.echo(f"{view.user.email} is now a verified mentor")


@app.command("reject", help="Reject a submitted application with a reason the mentor sees.")
def reject(mentor: Annotated[str, typer.Argument(help="mentor id or e-mail")],
           reason: Annotated[str, typer.Option("--reason", "-r", help="what to fix")]) -> None:
    async def action(c: Container) -> Any:
        return await c.mentors().reject(CLI, await resolve_user(c, mentor), reason)

    view = run_with_container(action)
    typer.echo(f"{view.user.email}'s application was sent back: {view.profile.rejection_reason}")
