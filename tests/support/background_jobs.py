"""Jobs for the background-job tests, and a worker process that runs them
(``python -m tests.support.background_jobs``, configured by ``EDU_*`` variables)."""

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from edu_core.ports.jobs import Job, JobContext

SCHEMA = """
create table if not exists test_job_runs (
    key text not null, attempt int not null, at timestamptz not null default clock_timestamp());
create table if not exists test_job_effects (key text primary key, note text not null);
"""


@dataclass(frozen=True)
class Note:
    text: str
    # Seconds the job sleeps after its effect, before it returns.
    linger: float = 0.0


@dataclass
class SampleJobs:
    engine: AsyncEngine
    # Keys whose "flaky" job succeeds; the others fail every try.
    healed: set[str] = field(default_factory=set)

    async def create_schema(self) -> None:
        async with self.engine.begin() as conn:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    await conn.execute(text(statement))

    async def _run_started(self, context: JobContext) -> None:
        async with self.engine.begin() as conn:
            await conn.execute(text("insert into test_job_runs (key, attempt) values (:k, :a)"),
                               {"k": context.key, "a": context.attempt})

    async def record(self, note: Note, context: JobContext) -> None:
        """The effect is a row under the job's key: a second run adds nothing."""
        await self._run_started(context)
        async with self.engine.begin() as conn:
            await conn.execute(text("insert into test_job_effects (key, note) values (:k, :n) "
                                    "on conflict (key) do nothing"),
                               {"k": context.key, "n": note.text})
        await asyncio.sleep(note.linger)

    async def flaky(self, note: Note, context: JobContext) -> None:
        await self._run_started(context)
        if context.key not in self.healed:
            raise RuntimeError(f"{note.text} is not possible yet")
        async with self.engine.begin() as conn:
            await conn.execute(text("insert into test_job_effects (key, note) values (:k, :n) "
                                    "on conflict (key) do nothing"),
                               {"k": context.key, "n": note.text})

    def jobs(self) -> list[Job[Note]]:
        return [Job("test.record", Note, self.record),
                Job("test.flaky", Note, self.flaky),
                Job("test.slow", Note, self.record, time_limit=timedelta(seconds=0.5))]


async def _main() -> None:
    from adapters.cli.worker import run_worker
    from adapters.container import build_container
    from adapters.settings import Settings

    settings = Settings()
    assert settings.database_url
    container = build_container(settings, settings.database_url)
    for job in SampleJobs(container.engine()).jobs():
        container.job_registry().add(job)
    await run_worker(container, events=False)


if __name__ == "__main__":
    asyncio.run(_main())
