"""``edu rates``: the exchange rates mentor search compares prices with (same use case as the
admin console: same checks and audit entries)."""

from typing import Annotated, Any

import typer

from adapters.cli.runtime import run_with_container
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.application.money import CurrencyRate
from edu_core.domain.money import REFERENCE_CURRENCY

app = typer.Typer(no_args_is_help=True)
CLI = Actor(user_id=None, label="cli")


def _line(row: CurrencyRate) -> str:
    if row.rate is None:
        return f"{row.currency}  {'not set':>16}"
    updated = row.rate.updated_at.strftime("%Y-%m-%d %H:%M")
    return (f"{row.currency}  {format(row.rate.rate.normalize(), 'f'):>16}  "
            f"updated {updated}")


@app.command("list", help=f"Every supported currency and its value in {REFERENCE_CURRENCY}.")
def list_rates() -> None:
    async def action(c: Container) -> Any:
        return await c.exchange_rates().list()

    for row in run_with_container(action):
        typer.echo(_line(row))


@app.command("set", help=f"Set what one unit of CURRENCY is worth in {REFERENCE_CURRENCY}.")
def set_rate(currency: Annotated[str, typer.Argument(help="ISO code, e.g. INR")],
             rate: Annotated[str, typer.Argument(help="decimal, e.g. 0.012")]) -> None:
    async def action(c: Container) -> Any:
        return await c.exchange_rates().set(CLI, currency, rate)

    typer.echo(_line(run_with_container(action)))
