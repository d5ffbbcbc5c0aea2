"""``edu rates list|set``: exchange rates from the command line (same use case as the API)."""

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli.main import app
from adapters.container import build_container, shutdown
from edu_core.domain.audit import AuditEntry
from edu_core.domain.pagination import PageRequest
from tests.conftest import make_settings


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"EDU_DATABASE_URL": database_url, "EDU_VAR_DIR": str(tmp_path / "var"),
            "EDU_BCRYPT_ROUNDS": "4"}


def audit_of(database_url: str, tmp_path: Path, currency: str) -> list[AuditEntry]:
    async def read() -> list[AuditEntry]:
        container = build_container(make_settings(tmp_path / "read"), database_url)
        try:
            async with container.uow()() as uow:
                return (await uow.audit.list(PageRequest(1, 10), target_id=currency)).items
        finally:
            await shutdown(container)

    return asyncio.run(read())


def test_list_and_set_rates(env: dict[str, str], database_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(app, ["rates", "list"], env=env)
    assert listed.exit_code == 0, listed.output
    lines = {line.split()[0]: line for line in listed.output.splitlines()}
    assert "0.012" in lines["INR"]
    assert "0.0067" in lines["JPY"]
    assert set(lines) >= {"USD", "EUR", "GBP", "INR", "JPY", "NGN"}

    changed = runner.invoke(app, ["rates", "set", "cad", "0.7"], env=env)
    try:
        assert changed.exit_code == 0, changed.output
        # Migration logs may precede the answer on the same stream: look for the rate's row.
        row = next((line for line in changed.output.splitlines() if line.startswith("CAD")), "")
        assert row.split()[:2] == ["CAD", "0.7"], changed.output
        assert "0.7 " in runner.invoke(app, ["rates", "list"], env=env).output
        assert audit_of(database_url, tmp_path, "CAD")[0].action == "exchange_rate.set"
    finally:
        runner.invoke(app, ["rates", "set", "CAD", "0.73"], env=env)

    refused = runner.invoke(app, ["rates", "set", "EUR", "0"], env=env)
    assert refused.exit_code == 1
    assert "above 0" in refused.output
    unknown = runner.invoke(app, ["rates", "set", "XYZ", "1"], env=env)
    assert unknown.exit_code == 1
    assert "Choose one of" in unknown.output
