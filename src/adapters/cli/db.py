"""``edu db``: Alembic migrations against the configured (or embedded) database."""

from typing import Annotated

import typer

from adapters.bootstrap import resolve_database_url
from adapters.db import migrate
from adapters.settings import Settings

app = typer.Typer(no_args_is_help=True)


def _url() -> str:
    return resolve_database_url(Settings())


@app.command(help="Apply migrations up to REVISION (default: the newest).")
def upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    migrate.upgrade(_url(), revision)
    typer.echo(f"database upgraded to {revision}")


@app.command(help="Revert migrations down to REVISION (default: one step).")
def downgrade(revision: Annotated[str, typer.Argument()] = "-1") -> None:
    migrate.downgrade(_url(), revision)
    typer.echo(f"database downgraded to {revision}")


@app.command(help="Show the database's current revision.")
def current() -> None:
    migrate.current(_url())


@app.command(help="Generate a migration from the difference between the tables and the "
                  "database (review it by hand).")
def revision(message: Annotated[str, typer.Option("--message", "-m")],
             autogenerate: bool = True) -> None:
    migrate.revision(_url(), message, autogenerate)
