"""Handler dependencies run in the request's own task, one after another, cleanup included."""

import asyncio
from collections.abc import AsyncIterator

from litestar import Litestar, get
from litestar.di import Provide
from litestar.testing import TestClient

from adapters.http.dependency_order import resolve_dependencies_in_order


def _app(events: list[str]) -> Litestar:
    def task_name() -> str:
        task = asyncio.current_task()
        return task.get_name() if task else "-"

    def first() -> str:
        events.append("first")
        return task_name()

    async def second() -> AsyncIterator[str]:
        events.append("second")
        yield task_name()
        events.append("second cleaned up")

    def third(first: str) -> str:  # depends on ``first``: a later batch
        events.append("third")
        return first

    def broken() -> str:
        raise ValueError("no")

    @get("/tasks", sync_to_thread=False, dependencies={
        "first": Provide(first, sync_to_thread=False), "second": Provide(second),
        "third": Provide(third, sync_to_thread=False)})
    async def tasks(first: str, second: str, third: str) -> dict[str, str]:
        return {"handler": task_name(), "first": first, "second": second, "third": third}

    @get("/broken", sync_to_thread=False, dependencies={
        "first": Provide(first, sync_to_thread=False),
        "broken": Provide(broken, sync_to_thread=False)})
    async def with_broken(first: str, broken: str) -> None:
        events.append("handler ran")

    return Litestar([tasks, with_broken])


def test_independent_dependencies_run_in_the_handlers_task_and_clean_up() -> None:
    resolve_dependencies_in_order()
    events: list[str] = []
    with TestClient(_app(events)) as client:
        answer = client.get("/tasks")
    assert answer.status_code == 200
    names = answer.json()
    # A task group would have given each of ``first`` and ``second`` a task of its own.
    assert names["first"] == names["second"] == names["third"] == names["handler"]
    assert events.index("third") > events.index("first")
    assert events[-1] == "second cleaned up"


def test_a_failing_dependency_fails_the_request_and_the_handler_does_not_run() -> None:
    resolve_dependencies_in_order()
    events: list[str] = []
    with TestClient(_app(events)) as client:
        answer = client.get("/broken")
    assert answer.status_code == 500
    assert "handler ran" not in events
