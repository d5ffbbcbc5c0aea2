"""``edu catalog import|show``: the admin use cases from the command line."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli.main import app


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"EDU_DATABASE_URL": database_url, "EDU_VAR_DIR": str(tmp_path / "var"),
            "EDU_BCRYPT_ROUNDS": "4"}


def test_import_is_idempotent_and_show_prints_the_tree(env: dict[str, str],
                                                       tmp_path: Path) -> None:
    document = {"subjects": [{"name": "Geography", "slug": "geography-cli", "chapters": [
        {"name": "Climate", "topics": [{"name": "Monsoons", "slug": "monsoons-cli"}]}]}]}
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(document))
    runner = CliRunner()
    first = runner.invoke(app, ["catalog", "import", str(path)], env=env)
    assert first.exit_code == 0, first.output
    assert "3 created, 0 updated" in first.output
    again = runner.invoke(app, ["catalog", "import", str(path)], env=env)
    assert "0 created, 3 updated" in again.output
    shown = runner.invoke(app, ["catalog", "show"], env=env)
    assert "Geography  [geography-cli]" in shown.output
    assert "    Monsoons  [monsoons-cli]" in shown.output


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "not valid JSON"),
    ('{"subjects": {"name": "x"}}', "expected a list"),
    ('{"subjects": [{"chapters": []}]}', "'name' must be a string"),
    ('{"subjects": [{"name": "Ok", "slug": "Bad Slug"}]}', "lowercase letters"),
])
def test_a_bad_document_is_refused_whole_with_a_clear_message(
        env: dict[str, str], tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = CliRunner().invoke(app, ["catalog", "import", str(path)], env=env)
    assert result.exit_code != 0
    assert expected in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_is_exit_code_2(env: dict[str, str], tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["catalog", "import", str(tmp_path / "nope.json")],
                                env=env)
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_nothing_is_kept_from_a_document_that_fails_half_way(env: dict[str, str],
                                                            tmp_path: Path) -> None:
    path = tmp_path / "half.json"
    path.write_text(json.dumps({"subjects": [{"name": "Music", "slug": "music-half"},
                                             {"name": 42}]}))
    runner = CliRunner()
    assert runner.invoke(app, ["catalog", "import", str(path)], env=env).exit_code == 1
    assert "music-half" not in runner.invoke(app, ["catalog", "show"], env=env).output
