"""``edu openapi``: write the OpenAPI document (the contract the web client is generated from)."""

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from litestar.serialization import encode_json

from adapters.cli.runtime import fail

app = typer.Typer(no_args_is_help=True)


def openapi_document() -> dict[str, Any]:
    from adapters.http.app import create_app
    from adapters.settings import Settings

    # Building the app connects to nothing; a placeholder URL is enough to render the schema.
    # The ignore: the __init__ pydantic's dataclass_transform describes leaves out
    # BaseSettings' own ``_env_file`` argument.
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    application = create_app(settings, database_url="postgresql://schema@localhost/schema")
    # Litestar's encoder turns example Structs into plain JSON values.
    document: dict[str, Any] = json.loads(encode_json(application.openapi_schema.to_schema()))
    return document


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@app.command(help="Write the OpenAPI 3.1 document to PATH ('-' for standard output).")
def export(path: Annotated[str, typer.Argument(help="file to write, or -")]) -> None:
    text = render(openapi_document())
    if path == "-":
        typer.echo(text, nl=False)
        return
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or exc}") from None
    typer.echo(f"wrote {path}")
