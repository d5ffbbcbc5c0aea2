"""The ``edu`` command: run the platform and administer it through the same use cases."""

import typer

from adapters.cli import catalog as catalog_commands
from adapters.cli import check as check_commands
from adapters.cli import content as content_commands
from adapters.cli import db as db_commands
from adapters.cli import demo as demo_commands
from adapters.cli import jobs as jobs_commands
from adapters.cli import mentors as mentors_commands
from adapters.cli import openapi as openapi_commands
from adapters.cli import payouts as payouts_commands
from adapters.cli import rates as rates_commands
from adapters.cli import serve as serve_commands
from adapters.cli import users as users_commands
from adapters.cli import worker as worker_commands

app = typer.Typer(name="edu", help="Mentora platform: serve, migrate, administer.",
                  no_args_is_help=True, pretty_exceptions_enable=False)
app.command("serve", help="Run the API and web client (embedded PostgreSQL when "
                          "EDU_DATABASE_URL is unset).")(serve_commands.serve)
app.command("worker", help=worker_commands.HELP)(worker_commands.worker)
app.command("check", help="Check the settings; with --production, refuse what must not face "
                          "real users (embedded services, test payments, plain-HTTP cookies, "
                          "file mail, ...).")(check_commands.check)
app.add_typer(jobs_commands.app, name="jobs", help="Background jobs that failed (dead letters).")
app.add_typer(db_commands.app, name="db", help="Database migrations.")
app.add_typer(users_commands.app, name="users", help="Manage user accounts.")
app.add_typer(openapi_commands.app, name="openapi", help="The OpenAPI document.")
app.add_typer(catalog_commands.app, name="catalog", help="The subject catalog.")
app.add_typer(mentors_commands.app, name="mentors", help="Review mentor applications.")
app.add_typer(payouts_commands.app, name="payouts",
              help="Pay mentors their available earnings (test gateway).")
app.add_typer(rates_commands.app, name="rates",
              help="Exchange rates for comparing prices across currencies.")
app.add_typer(content_commands.app, name="content",
              help="Moderate learning content (notes, questions, simulations).")
app.add_typer(demo_commands.app, name="demo", help="Demo data for a fresh install.")

if __name__ == "__main__":
    app()
