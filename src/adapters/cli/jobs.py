"""``edu jobs``: the background jobs that failed their last try, and trying them again."""

from typing import Annotated, Any

import typer

from adapters.cli.runtime import fail, run_with_container
from adapters.container import Container
from adapters.db.jobs import DeadLetter, DeadLetterAlreadyRetried, DeadLetterNotFound
from edu_core.domain.pagination import MAX_PAGE_SIZE

app = typer.Typer(no_args_is_help=True)


def _when(letter: DeadLetter) -> str:
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
        return await c.job_store().dead_letters(offset=(page - 1) * page_size,
                                                limit=page_size)

    letters, total = run_with_container(action)
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
    if not _nats_configured():
        raise fail("retrying needs NATS: set EDU_NATS_URL (e.g. nats://127.0.0.1:4222)")

    async def action(c: Container) -> Any:
        from datetime import UTC, datetime

        queue = c.job_queue()
        return await c.job_store().take_for_retry(dead_letter_id, datetime.now(UTC),
                                                  queue.kick)

    try:
        letter = run_with_container(action)
    except DeadLetterNotFound:
        raise fail(f"no dead letter {dead_letter_id} (see `edu jobs failed`)") from None
    except DeadLetterAlreadyRetried:
        raise fail(f"dead letter {dead_letter_id} was already retried") from None
    typer.echo(f"queued {letter.job} (key {letter.key}) again")


def _nats_configured() -> bool:
    from adapters.settings import Settings

    return bool(Settings().nats_url)
