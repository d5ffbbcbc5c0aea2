"""``edu mentors pending|verify|reject``: the review queue from the command line."""

import asyncio
import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli.demo import DEMO
from adapters.cli.main import app
from adapters.container import build_container, shutdown
from adapters.mail.file_outbox import read_outbox
from edu_core.domain.identity import User
from tests.conftest import make_settings
from tests.integration.helpers import make_mentor


@pytest.fixture
def env(database_url: str, tmp_path: Path) -> dict[str, str]:
    return {"EDU_DATABASE_URL": database_url, "EDU_VAR_DIR": str(tmp_path / "var"),
            "EDU_BCRYPT_ROUNDS": "4"}


def applicant(database_url: str, tmp_path: Path, name: str) -> User:
    async def create() -> User:
        container = build_container(make_settings(tmp_path / "seed"), database_url)
        slug = f"cli-{uuid.uuid4().hex[:8]}"
        try:
            await container.catalog().import_document(DEMO, {"subjects": [{
                "name": "CLI", "slug": slug, "chapters": [{"name": "C", "topics": [
                    {"name": "T", "slug": f"{slug}-t"}]}]}]})
            async with container.uow()() as uow:
                topic = await uow.catalog.topic_by_slug(f"{slug}-t")
            assert topic is not None
            return await make_mentor(container, name, headline="Applicant", bio="Hi.",
                                     topics=[str(topic.id)], languages=["en"], rate=2000,
                                     verify=False)
        finally:
            await shutdown(container)
    return asyncio.run(create())


def test_pending_verify_and_reject(env: dict[str, str], database_url: str,
                                   tmp_path: Path) -> None:
    first = applicant(database_url, tmp_path, "Queue First")
    second = applicant(database_url, tmp_path, "Queue Second")
    runner = CliRunner()
    queue = runner.invoke(app, ["mentors", "pending"], env=env)
    assert queue.exit_code == 0, queue.output
    assert first.email in queue.output
    assert second.email in queue.output

    verified = runner.invoke(app, ["mentors", "verify", first.email], env=env)
    assert verified.exit_code == 0, verified.output
    assert "verified mentor" in verified.output
    rejected = runner.invoke(app, ["mentors", "reject", str(second.id), "--reason",
                                   "Please upload your degree certificate."], env=env)
    assert rejected.exit_code == 0, rejected.output
    after = runner.invoke(app, ["mentors", "pending"], env=env)
    assert first.email not in after.output
    assert second.email not in after.output
    mails = [m for m in read_outbox(Path(env["EDU_VAR_DIR"]) / "outbox")
             if m.to == second.email]
    assert any("degree certificate" in m.text for m in mails)

    again = runner.invoke(app, ["mentors", "verify", first.email], env=env)
    assert again.exit_code == 1
    assert "Traceback" not in again.output
    unknown = runner.invoke(app, ["mentors", "verify", "nobody@example.org"], env=env)
    assert unknown.exit_code == 1
    assert "no user" in unknown.output
