"""``edu catalog``: import and inspect the subject catalog (same use cases as the admin API)."""

import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer

from adapters.cli.runtime import fail, run_with_container
from adapters.container import Container
from edu_core.application.actors import Actor

app = typer.Typer(no_args_is_help=True)
CLI = Actor(user_id=None, label="cli")


def demo_catalog() -> Any:
    text = resources.files("adapters.cli.data").joinpath("demo_catalog.json").read_text("utf-8")
    return json.loads(text)


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"no such file: {path}", 2) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise fail(f"{path} is not valid JSON: {exc}", 2) from None


@app.command("import", help="Create or update subjects, chapters and topics from a JSON FILE "
                            "(matched by slug; nothing is deleted). Format: see "
                            "src/adapters/cli/data/demo_catalog.json.")
def import_command(file: Annotated[Path, typer.Argument(help="catalog JSON document")]) -> None:
    document = _load(file)

    async def action(c: Container) -> Any:
        return await c.catalog().import_document(CLI, document)

    report = run_with_container(action)
    typer.echo(f"catalog imported: {report.created} created, {report.updated} updated")


@app.command("show", help="Print the catalog as an indented tree.")
def show_command() -> None:
    async def action(c: Container) -> Any:
        return await c.catalog().tree()

    for tree in run_with_container(action):
        typer.echo(f"{tree.subject.name}  [{tree.subject.slug}]")
        for chapter in tree.chapters:
            typer.echo(f"  {chapter.chapter.name}  [{chapter.chapter.slug}]")
            for topic in chapter.topics:
                typer.echo(f"    {topic.name}  [{topic.slug}]")
