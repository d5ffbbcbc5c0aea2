"""``edu payouts``: pay mentors out, the way the payment gateway pays them. On the test gateway
a run is the admin's "mark paid" batch; on Stripe it is the payout job, which transfers every
share waiting for a ready account and resends what Stripe has not confirmed. Both go through
the same use cases as everywhere, idempotent."""

from typing import Annotated, Any
from uuid import UUID

import typer

from adapters.cli.runtime import run_with_container
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.application.earnings import PayoutBatch
from edu_core.application.payouts import TransferRun
from edu_core.ports.payments import PayoutMethod

app = typer.Typer(no_args_is_help=True)
CLI = Actor(user_id=None, label="cli")


@app.command("run", help="Pay every mentor's available balance (a second run pays nothing "
                         "twice): a batch on the test gateway, transfers on Stripe.")
def run(mentor: Annotated[UUID | None, typer.Option(
        help="Only this mentor's sessions (transfers on Stripe).")] = None) -> None:
    async def action(c: Container) -> Any:
        if c.payment_gateway().payouts is PayoutMethod.TRANSFERS:
            return await c.payouts().transfer_available(mentor)
        if mentor is not None:
            raise typer.BadParameter("a batch pays every mentor; --mentor is for transfers",
                                     param_hint="--mentor")
        return await c.earnings().run_payouts(CLI)

    done: PayoutBatch | TransferRun = run_with_container(action)
    if isinstance(done, TransferRun):
        _transfers(done)
        return
    if not done.payouts:
        typer.echo("Nothing to pay: no mentor has an available balance.")
        return
    for payout in done.payouts:
        typer.echo(f"{payout.mentor_id}  {payout.currency}  {payout.amount:>12}")
    typer.echo(f"Paid {len(done.payouts)} payout(s) in batch {done.at.isoformat()}.")


def _transfers(run: TransferRun) -> None:
    if not run.sent and not run.failed:
        typer.echo("Nothing to transfer: no share is waiting for a ready payout account.")
        return
    for record in run.sent:
        what = "reversal" if record.is_reversal else "transfer"
        typer.echo(f"{record.session_id}  {what:<8}  {record.currency}  {record.amount:>12}  "
                   f"{record.ref}")
    typer.echo(f"Sent {len(run.sent)} transfer(s) and reversal(s).")
    for session_id, error in run.failed.items():
        typer.echo(f"{session_id}  not sent: {error}", err=True)
    if run.failed:
        # A failed run must show in the scheduler that ran it; the next run resends these.
        typer.echo(f"{len(run.failed)} session(s) not sent; the next run tries them again.",
                   err=True)
        raise typer.Exit(1)
