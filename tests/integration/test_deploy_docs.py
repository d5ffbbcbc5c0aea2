"""docs/deploy.md cannot drift from the code: its table of environment variables names every
setting and nothing else, and the files it sends operators to exist."""

import re
from pathlib import Path

from adapters.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deploy.md"


def section(title: str) -> str:
    text = GUIDE.read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_the_variables_table_names_every_setting_and_nothing_else() -> None:
    documented: list[str] = []
    for line in section("Environment variables").splitlines():
        if line.startswith("| `EDU_"):
            first_cell = line.split("|")[1]
            documented += re.findall(r"`(EDU_[A-Z0-9_]+)`", first_cell)
    settings = {f"EDU_{name.upper()}" for name in Settings.model_fields}
    assert len(documented) == len(set(documented)), "a variable is listed twice"
    assert set(documented) == settings


def test_every_refused_variable_is_a_setting() -> None:
    named = set(re.findall(r"`(EDU_[A-Z0-9_]+)", section("Checking a configuration")))
    assert named <= {f"EDU_{name.upper()}" for name in Settings.model_fields}


def test_the_files_the_guide_names_exist() -> None:
    named = set(re.findall(r"`((?:deploy|src|migrations|tests)/[\w./-]+)`", GUIDE.read_text()))
    assert named, "the guide names no file"
    assert [path for path in sorted(named) if not (ROOT / path).exists()] == []
