"""``edu jobs``: the background jobs that failed their last try, and trying them again (the
operations console's use cases)."""

from typing import Annotated, Any

import typer

from adapters.cli.runtime import fail, run_with_container
from adapters.container import Container
from edu_core.application.actors import Actor
from edu_core.application.operations import Retried
from edu_core.domain.operations import FailedJob, FailedJobNotFound
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest

app = typer.Typer(no_args_is_help=True)


def _when(letter: FailedJob) -> str:
    return letter.failed_at.strftime("%Y-%m-%d %H:%M:%S")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "\u2026"


@app.command("failed", help="List the dead letters: jobs that failed their last try, newest "
                            "first.")
def failed(page: Annotated[int, typer.Option(min=1, help="page number")] = 1,
           page_size: Annotated[int, typer.Option(min=1, max=MAX_PAGE_SIZE,
                                                  help="dead letters per page")] = 20) -> None:
    async def action(c: Container) -> Any:
        return await c.operations().failed_jobs(PageRequest(page, page_size))

    found = run_with_container(action)
    letters, total = found.items, found.total
    if not letters:
        typer.echo("no failed jobs" if total == 0 else f"no failed jobs on page {page}")
        return
    typer.echo(f"{'id':>6}  {'failed at':<19}  {'job':<28} {'tries':>5}  {'retried':<7}  "
               f"{'key':<30} error")
    for letter in letters:
        typer.echo(f"{letter.id:>6}  {_when(letter):<19}  {_clip(letter.job, 28):<28} "
                   f"{letter.attempts:>5}  {'yes' if letter.retried_at else 'no':<7}  "
                   f"{_clip(letter.key, 30):<30} {_clip(letter.error, 80)}")
    first = (page - 1) * page_size + 1
    typer.echo(f"-- {first}-{first + len(letters) - 1} of {total}")


@app.command("retry", help="Queue a dead letter's job again (a new series of tries) and mark "
                           "it retried.")
def retry(dead_letter_id: Annotated[int, typer.Argument(metavar="ID", min=1,
                                                        help="id from `edu jobs failed`")]
          ) -> None:
    async def action(c: Container) -> Retried | None:
        try:
            return await c.operations().retry_failed_job(Actor(None), dead_letter_id)
        except FailedJobNotFound:
            return None

    retried = run_with_container(action)
    if retried is None:
        raise fail(f"no dead letter {dead_letter_id} (see `edu jobs failed`)")
    if not retried.queued:
        raise fail(f"dead letter {dead_letter_id} was already retried")
    typer.echo(f"queued {retried.job.job} (key {retried.job.key}) again")
