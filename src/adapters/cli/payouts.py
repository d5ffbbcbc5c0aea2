"""``edu payouts``: pay mentors out on the test gateway (the admin's "mark paid"), through the
same use case as everywhere: one batch, audited, idempotent."""

from typing import Any

import typer

from adapters.cli.runtime import run_with_container
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.application.earnings import PayoutBatch

app = typer.Typer(no_args_is_help=True)
CLI = Actor(user_id=None, label="cli")


@app.command("run", help="Pay every mentor's available balance, per currency (a second run "
                         "pays nothing twice).")
def run() -> None:
    async def action(c: Container) -> Any:
        return await c.earnings().run_payouts(CLI)

    batch: PayoutBatch = run_with_container(action)
    if not batch.payouts:
        typer.echo("Nothing to pay: no mentor has an available balance.")
        return
    for payout in batch.payouts:
        typer.echo(f"{payout.mentor_id}  {payout.currency}  {payout.amount:>12}")
    typer.echo(f"Paid {len(batch.payouts)} payout(s) in batch {batch.at.isoformat()}.")
