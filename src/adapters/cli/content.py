"""``edu content``: the content moderation queue from the command line (same use cases as the
admin console: same rules, audit entries, mails and in-app notifications), and search index
upkeep."""

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID

import typer

from adapters.cli.runtime import fail, run_with_container
from adapters.cli.users import resolve_user
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.application.content import ItemView, VersionDiff
from edu_core.domain.content import ContentKindName
from edu_core.domain.content.blocks import DiffOp, block_text
from edu_core.domain.identity import Role, UserStatus
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest

app = typer.Typer(no_args_is_help=True)
CLI = Actor(user_id=None, label="cli")


KindOpt = ContentKindName


ActingAdmin = Annotated[str | None, typer.Option(
    "--as", help="the admin deciding (e-mail or id; recorded in the audit log and as the "
                 "reviewer); without it the decision is the CLI's")]
VersionOpt = Annotated[int | None, typer.Option(
    "--version", min=1, help="the version you reviewed (default: the newest, the one "
                             "`edu content show` prints); a newer one is refused")]


def _item_id(raw: str) -> UUID:
    try:
        return UUID(raw.strip())
    except ValueError:
        raise fail(f"not a content item id: {raw!r}", 2) from None


async def _actor(c: Container, ref: str | None) -> Actor:
    if ref is None:
        return CLI
    user_id = await resolve_user(c, ref)
    async with c.uow()() as uow:
        user = await uow.users.get(user_id)
    if user is None or user.role is not Role.ADMIN or user.status is not UserStatus.ACTIVE:
        raise fail(f"{ref} is not an active admin")
    return Actor(user_id=user.id, label="cli")


async def _emails(c: Container, ids: set[UUID]) -> dict[UUID, str]:
    emails = {}
    async with c.uow()() as uow:
        for user_id in ids:
            user = await uow.users.get(user_id)
            emails[user_id] = user.email if user else "(deleted user)"
    return emails


def _when(view: ItemView) -> str:
    at = view.item.submitted_at
    return at.strftime("%Y-%m-%d %H:%M") if at else "-"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "\u2026"


@app.command("pending", help="List items waiting for review, oldest submission first.")
def pending(kind: Annotated[KindOpt | None, typer.Option(help="only this kind")] = None,
            limit: Annotated[int, typer.Option(min=1, max=MAX_PAGE_SIZE,
                                               help="at most this many")] = 50) -> None:
    async def action(c: Container) -> Any:
        page = await c.content().queue(PageRequest(1, limit),
                                       kind=kind.value if kind else None)
        return page, await _emails(c, {v.item.mentor_id for v in page.items})

    page, emails = run_with_container(action)
    if not page.items:
        typer.echo("no content waiting for review")
        return
    typer.echo(f"{'id':<36}  {'kind':<10} {'ver':>3}  {'title':<40} {'mentor':<32} submitted")
    for view in page.items:
        item = view.item
        typer.echo(f"{item.id}  {item.kind:<10} {item.latest.number:>3}  "
                   f"{_clip(item.latest.title, 40):<40} {emails[item.mentor_id]:<32} "
                   f"{_when(view)}")
    typer.echo(f"-- {len(page.items)} of {page.total} waiting")


@dataclass(frozen=True)
class _Shown:
    view: ItemView
    email: str
    text: str
    diff: VersionDiff | None


@app.command("show", help="Show an item: its newest version as text and, when a version is "
                          "live, what approving would change.")
def show(item: Annotated[str, typer.Argument(help="content item id")]) -> None:
    item_id = _item_id(item)

    async def action(c: Container) -> _Shown:
        service = c.content()
        view = await service.review(item_id)
        latest = view.item.latest
        text = service.kinds.get(view.item.kind).render_text(latest.body)
        diff = await service.review_diff(item_id) if view.live is not None else None
        email = (await _emails(c, {view.item.mentor_id}))[view.item.mentor_id]
        return _Shown(view, email, text, diff)

    shown = run_with_container(action)
    it, latest = shown.view.item, shown.view.item.latest
    rows = [("id", str(it.id)), ("title", latest.title), ("kind", it.kind),
            ("status", it.status.value), ("mentor", f"{shown.view.mentor_name} <{shown.email}>"),
            ("version", str(latest.number)),
            ("live version", str(it.live_version) if it.live_version else "none yet"),
            ("submitted", _when(shown.view)),
            ("change summary", latest.change_summary or "-")]
    if it.feedback:
        rows.append(("feedback", it.feedback))
    for label, value in rows:
        typer.echo(f"{label:>14}: {value}")
    typer.echo(f"\n--- version {latest.number} as text ---\n# {latest.title}\n\n{shown.text}")
    if shown.diff is not None:
        typer.echo(f"\n--- changes against live version {shown.diff.from_version} ---")
        changes = [f"{'+' if line.op is DiffOp.INSERT else '-'} {block_text(line.block)}"
                   for line in shown.diff.lines if line.op is not DiffOp.EQUAL]
        typer.echo("\n".join(changes) or "(no changes)")


@app.command("approve", help="Approve the pending version: learners see it from now on.")
def approve(item: Annotated[str, typer.Argument(help="content item id")],
            version: VersionOpt = None, acting: ActingAdmin = None) -> None:
    item_id = _item_id(item)

    async def action(c: Container) -> ItemView:
        actor = await _actor(c, acting)
        service = c.content()
        number = version or (await service.review(item_id)).item.latest.number
        return await service.approve(actor, item_id, number)

    view = run_with_container(action)
    typer.echo(f"approved version {view.item.live_version} of "
               f"\u201c{view.item.latest.title}\u201d; learners see it now")


@app.command("reject", help="Reject the pending version with feedback the mentor sees.")
def reject(item: Annotated[str, typer.Argument(help="content item id")],
           feedback: Annotated[str, typer.Option("--feedback", "-f", help="what to change")],
           version: VersionOpt = None, acting: ActingAdmin = None) -> None:
    item_id = _item_id(item)

    async def action(c: Container) -> ItemView:
        actor = await _actor(c, acting)
        service = c.content()
        number = version or (await service.review(item_id)).item.latest.number
        return await service.reject(actor, item_id, number, feedback)

    view = run_with_container(action)
    typer.echo(f"sent \u201c{view.item.latest.title}\u201d back to the mentor: "
               f"{view.item.feedback}")


@app.command("reindex", help="Rebuild the search index from the stored content (after a "
                             "change to how items are indexed, or a restore).")
def reindex() -> None:
    async def action(c: Container) -> int:
        def report(done: int, total: int) -> None:
            typer.echo(f"indexed {done} of {total}", err=True)
        return await c.content_search_service().reindex(progress=report)

    typer.echo(f"search index rebuilt: {run_with_container(action)} items")
