"""The hexagon's rules, checked on the source: the domain is pure, the core never sees adapters."""

import ast
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
STDLIB = set(sys.stdlib_module_names) | {"__future__"}


def imports_of(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            found.append("." * node.level + (node.module or ""))
    return found


def modules(package: str) -> list[Path]:
    return sorted((SRC / package.replace(".", "/")).rglob("*.py"))


def violations(package: str, allowed: tuple[str, ...]) -> list[str]:
    bad = []
    for path in modules(package):
        for name in imports_of(path):
            top = name.split(".")[0]
            if name.startswith("."):
                continue  # relative imports stay inside the package
            if top in STDLIB or name.startswith(allowed):
                continue
            bad.append(f"{path.relative_to(SRC)}: import {name}")
    return bad


def test_the_domain_imports_only_the_standard_library_and_itself() -> None:
    assert modules("edu_core.domain")
    assert violations("edu_core.domain", ("edu_core.domain",)) == []


def test_ports_import_only_the_domain() -> None:
    assert violations("edu_core.ports", ("edu_core.domain", "edu_core.ports")) == []


def test_the_application_never_imports_an_adapter_or_a_framework() -> None:
    assert violations("edu_core.application", ("edu_core.",)) == []


def test_the_checker_catches_a_forbidden_import(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    fake_src = tmp_path / "src"
    domain = fake_src / "edu_core" / "domain"
    domain.mkdir(parents=True)
    (domain / "bad.py").write_text("import sqlalchemy\nfrom adapters.db import tables\n"
                                   "from edu_core.domain.errors import DomainError\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake_src)
    assert violations("edu_core.domain", ("edu_core.domain",)) == [
        "edu_core/domain/bad.py: import sqlalchemy",
        "edu_core/domain/bad.py: import adapters.db",
    ]
