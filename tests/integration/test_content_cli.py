"""``edu content pending|show|approve|reject``: content moderation from the command line, through
the same use cases as the admin console (audit, mail and in-app notification included); and
``edu content reindex``, which rebuilds the search index."""

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from adapters.cli.demo import DEMO
from adapters.cli.main import app
from adapters.container import build_container, shutdown
from adapters.db.tables import content_search
from adapters.mail.file_outbox import read_outbox
from edu_core.application.actors import Actor, Principal
from edu_core.domain.content import ContentItem
from edu_core.domain.content.search import SearchScope
from edu_core.domain.identity import Role, Transport, User
from edu_core.domain.pagination import PageRequest
from tests.conftest import make_settings
from tests.integration.helpers import make_mentor, make_user
from tests.support.database import create_test_database, drop_test_database

PHET = "https://phet.colorado.edu/sims/html/energy-skate-park-basics/latest/" \
       "energy-skate-park-basics_en.html"


@pytest.fixture
def own_database(pg_server: str) -> Iterator[str]:
    # A database of its own: the queue the commands print holds only this test's items.
    url = create_test_database(pg_server, prefix="edu_cli")
    yield url
    drop_test_database(pg_server, url)


@pytest.fixture
def env(own_database: str, tmp_path: Path) -> dict[str, str]:
    return {"EDU_DATABASE_URL": own_database, "EDU_VAR_DIR": str(tmp_path / "var"),
            "EDU_BCRYPT_ROUNDS": "4"}


@dataclass
class Queue:
    mentor: User
    admin: User
    student: User
    note: ContentItem  # version 1 live, version 2 pending
    question: ContentItem  # pending, never approved
    simulation: ContentItem  # pending


def queue(database_url: str, tmp_path: Path) -> Queue:
    async def build() -> Queue:
        container = build_container(make_settings(tmp_path / "seed"), database_url)
        try:
            await container.catalog().import_document(DEMO, {"subjects": [{
                "name": "Physics", "slug": "physics", "chapters": [{"name": "Mechanics",
                                                                    "topics": [
                    {"name": "Energy", "slug": "energy"}]}]}]})
            async with container.uow()() as uow:
                topic = await uow.catalog.topic_by_slug("energy")
            assert topic is not None
            mentor = await make_mentor(container, "Marie Mentor", headline="Physics",
                                       bio="Physics teacher.", topics=[str(topic.id)],
                                       languages=["en"], rate=3000)
            admin = await make_user(container, Role.ADMIN)
            student = await make_user(container, Role.STUDENT)
            me = Principal(user_id=mentor.id, role=Role.MENTOR, session_id=uuid.uuid4(),
                           transport=Transport.BEARER)
            content = container.content()

            async def pending(kind: str, title: str, body: dict[str, object]) -> ContentItem:
                made = await content.create(me, topic_id=topic.id, kind=kind, title=title,
                                            body=body)
                return (await content.submit(me, made.item.id)).item

            note = await pending("note", "Kinetic energy",
                                 {"html": "<h2>Energy</h2><p>Moving bodies carry energy.</p>"})
            await content.approve(Actor(None), note.id, 1)
            await content.save(me, note.id, base_version=1, title="Kinetic energy",
                               change_summary="Add the formula",
                               body={"html": "<h2>Energy</h2><p>Moving bodies carry energy "
                                             '<span data-type="inline-math" '
                                             'data-latex="E_k=\\tfrac12 mv^2"></span>.</p>'})
            note = (await content.submit(me, note.id)).item
            question = await pending("question", "Units of energy", {
                "type": "single_choice", "prompt": "<p>Which unit measures energy?</p>",
                "choices": [{"id": "w", "text": "watt"}, {"id": "j", "text": "joule"}],
                "correct": ["j"], "explanation": "<p>1 J = 1 N m.</p>"})
            simulation = await pending("simulation", "Skate park",
                                       {"url": PHET, "title": "Energy Skate Park: Basics"})
            while await container.dispatcher().drain():
                pass
            return Queue(mentor, admin, student, note, question, simulation)
        finally:
            await shutdown(container)
    return asyncio.run(build())


def test_the_queue_previews_and_decisions(env: dict[str, str], own_database: str,
                                          tmp_path: Path) -> None:
    q = queue(own_database, tmp_path)
    runner = CliRunner()

    listed = runner.invoke(app, ["content", "pending"], env=env)
    assert listed.exit_code == 0, listed.output
    rows = [line for line in listed.output.splitlines() if q.mentor.email in line]
    # Oldest submission first.
    assert [row.split()[0] for row in rows] == [str(q.note.id), str(q.question.id),
                                               str(q.simulation.id)]
    assert "Units of energy" in rows[1] and "question" in rows[1]
    assert "3 of 3 waiting" in listed.output
    only = runner.invoke(app, ["content", "pending", "--kind", "simulation"], env=env)
    assert str(q.simulation.id) in only.output and str(q.question.id) not in only.output
    first = runner.invoke(app, ["content", "pending", "--limit", "1"], env=env)
    assert "1 of 3 waiting" in first.output

    shown = runner.invoke(app, ["content", "show", str(q.note.id)], env=env)
    assert shown.exit_code == 0, shown.output
    assert "title: Kinetic energy" in shown.output
    assert "status: pending" in shown.output and "live version: 1" in shown.output
    assert "change summary: Add the formula" in shown.output
    assert "Moving bodies carry energy Eₖ=1/2 mv²." in shown.output
    assert "--- changes against live version 1 ---" in shown.output
    assert "- paragraph: Moving bodies carry energy." in shown.output
    assert "+ paragraph: Moving bodies carry energy $E_k=\\tfrac12 mv^2$." in shown.output
    new = runner.invoke(app, ["content", "show", str(q.question.id)], env=env)
    assert "[x] j. joule" in new.output and "live version: none yet" in new.output
    assert "changes against" not in new.output

    approved = runner.invoke(app, ["content", "approve", str(q.note.id), "--as",
                                   q.admin.email], env=env)
    assert approved.exit_code == 0, approved.output
    assert "approved version 2" in approved.output
    stale = runner.invoke(app, ["content", "approve", str(q.simulation.id), "--version", "2"],
                          env=env)
    assert stale.exit_code == 1 and "concurrent_modification" in stale.output
    rejected = runner.invoke(app, ["content", "reject", str(q.question.id), "--feedback",
                                   "Add a distractor: the kilowatt-hour is energy too."],
                             env=env)
    assert rejected.exit_code == 0, rejected.output
    assert "kilowatt-hour" in rejected.output
    left = runner.invoke(app, ["content", "pending"], env=env)
    assert [line.split()[0] for line in left.output.splitlines()
            if q.mentor.email in line] == [str(q.simulation.id)]

    # What the mentor hears, and who is on record for each decision.
    mails = [m for m in read_outbox(Path(env["EDU_VAR_DIR"]) / "outbox")
             if m.to == q.mentor.email]
    assert any("kilowatt-hour" in m.text for m in mails)
    assert any("is live" in m.subject for m in mails)

    async def check() -> None:
        container = build_container(make_settings(tmp_path / "check"), own_database)
        try:
            async with container.uow()() as uow:
                inbox = await uow.notifications.for_user(q.mentor.id, PageRequest(1, 20))
                note_audit = await uow.audit.list(PageRequest(1, 5), target_id=str(q.note.id))
                question_audit = await uow.audit.list(PageRequest(1, 5),
                                                      target_id=str(q.question.id))
                decided = await uow.content.get(q.note.id)
        finally:
            await shutdown(container)
        assert {"content.approved", "content.rejected"} <= {n.kind for n in inbox.items}
        assert (note_audit.items[0].action, note_audit.items[0].actor_id) == (
            "content.approved", q.admin.id)
        assert note_audit.items[0].details["actor"] == "cli"
        assert decided is not None and decided.reviewed_by == q.admin.id
        assert (question_audit.items[0].action, question_audit.items[0].actor_id) == (
            "content.rejected", None)
    asyncio.run(check())

    # Clear refusals, never a traceback.
    again = runner.invoke(app, ["content", "approve", str(q.note.id)], env=env)
    assert again.exit_code == 1 and "invalid_content_transition" in again.output
    not_admin = runner.invoke(app, ["content", "approve", str(q.simulation.id), "--as",
                                    q.student.email], env=env)
    assert not_admin.exit_code == 1 and "not an active admin" in not_admin.output
    nobody = runner.invoke(app, ["content", "approve", str(q.simulation.id), "--as",
                                 "nobody@example.org"], env=env)
    assert nobody.exit_code == 1 and "no user" in nobody.output
    missing = runner.invoke(app, ["content", "show", str(uuid.uuid4())], env=env)
    assert missing.exit_code == 1 and "not_found" in missing.output
    malformed = runner.invoke(app, ["content", "show", "not-an-id"], env=env)
    assert malformed.exit_code == 2
    no_feedback = runner.invoke(app, ["content", "reject", str(q.simulation.id),
                                      "--feedback", "  "], env=env)
    assert no_feedback.exit_code == 1 and "invalid_content" in no_feedback.output
    for result in (again, not_admin, nobody, missing, malformed, no_feedback):
        assert "Traceback" not in result.output


def test_reindex_rebuilds_a_lost_search_index(env: dict[str, str], own_database: str,
                                              tmp_path: Path) -> None:
    q = queue(own_database, tmp_path)
    admin = Principal(user_id=q.admin.id, role=Role.ADMIN, session_id=uuid.uuid4(),
                      transport=Transport.BEARER)

    async def found(*, wipe: bool = False) -> tuple[list[str], list[str]]:
        """What a learner finds for "energy", and every item an admin's workspace holds."""
        container = build_container(make_settings(tmp_path / "check"), own_database)
        try:
            if wipe:
                async with container.engine().begin() as connection:
                    await connection.execute(content_search.delete())
            search = container.content_search_service()
            learner = await search.search(None, PageRequest(), text="energy")
            workspace = await search.search(admin, PageRequest(), scope=SearchScope.WORKSPACE,
                                            kinds=["note", "question", "simulation"])
            return ([hit.title for hit in learner.items],
                    sorted(hit.title for hit in workspace.items))
        finally:
            await shutdown(container)

    everything = sorted([q.note.latest.title, q.question.latest.title,
                         q.simulation.latest.title])
    assert asyncio.run(found()) == (["Kinetic energy"], everything)
    assert asyncio.run(found(wipe=True)) == ([], [])
    done = CliRunner().invoke(app, ["content", "reindex"], env=env)
    assert done.exit_code == 0, done.output
    assert "search index rebuilt: 3 items" in done.output
    # Learners find the live version again, and only that; pending items stay hidden from them.
    assert asyncio.run(found()) == (["Kinetic energy"], everything)
