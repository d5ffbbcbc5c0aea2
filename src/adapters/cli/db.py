"""``edu db``: Alembic migrations against the configured (or embedded) database."""

import sys
from typing import Annotated

import typer
from alembic import command

from adapters.bootstrap import resolve_database_url
from adapters.cli.runtime import database_errors
from adapters.db import migrate
from adapters.settings import Settings

app = typer.Typer(no_args_is_help=True)


def _url() -> str:
    return resolve_database_url(Settings())


@app.command(help="Apply migrations up to REVISION (default: the newest).")
def upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    with database_errors():
        migrate.upgrade(_url(), revision)
    typer.echo(f"database upgraded to {revision}")


@app.command(help="Revert migrations down to REVISION (default: one step).")
def downgrade(revision: Annotated[str, typer.Argument()] = "-1") -> None:
    with database_errors():
        migrate.downgrade(_url(), revision)
    typer.echo(f"database downgraded to {revision}")


@app.command(help="Show the database's current revision.")
def current() -> None:
    with database_errors():
        config = migrate.alembic_config(_url())
        # Alembic's default is the sys.stdout of import time: output redirected since (a
        # wrapping script, a test runner) would miss the revision.
        config.stdout = sys.stdout
        command.current(config, verbose=True)


@app.command(help="Generate a migration from the difference between the tables and the "
                  "database (review it by hand).")
def revision(message: Annotated[str, typer.Option("--message", "-m")],
             autogenerate: bool = True) -> None:
    with database_errors():
        migrate.revision(_url(), message, autogenerate)
