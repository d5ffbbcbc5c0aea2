"""The ``edu`` command line: account administration, migrations and the OpenAPI document.

The tests are plain functions: the CLI runs ``asyncio.run`` itself, which cannot happen inside
the event loop pytest-asyncio runs async tests in.
"""

import asyncio
import json
import re
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
import typer
from alembic.script import ScriptDirectory
from typer.core import TyperGroup
from typer.testing import CliRunner, Result

from adapters.cli.main import app
from adapters.container import Container, build_container, shutdown
from adapters.db.migrate import alembic_config
from adapters.mail.file_outbox import read_outbox
from edu_core.application.actors import Actor
from edu_core.domain.audit import AuditEntry
from edu_core.domain.identity import Role
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest
from tests.conftest import make_settings
from tests.integration.helpers import PASSWORD, bearer, unique_email

T = TypeVar("T")
SHOW_LINE = re.compile(r"^ *(?P<label>[a-z][a-z ]*): (?P<value>.*)$", re.MULTILINE)


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    return tmp_path / "var"


@pytest.fixture
def env(database_url: str, var_dir: Path) -> dict[str, str]:
    return {"EDU_DATABASE_URL": database_url, "EDU_VAR_DIR": str(var_dir),
            "EDU_BCRYPT_ROUNDS": "4"}


@pytest.fixture
def edu(env: dict[str, str]) -> Callable[..., Result]:
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input)

    return invoke


def with_container(database_url: str, var_dir: Path,
                   action: Callable[[Container], Awaitable[T]]) -> T:
    """Look at the database through the same adapters the CLI uses, from outside it."""
    container = build_container(make_settings(var_dir), database_url)

    async def main() -> T:
        try:
            return await action(container)
        finally:
            await shutdown(container)

    return asyncio.run(main())


def audit_of(database_url: str, var_dir: Path, user_id: str) -> list[AuditEntry]:
    async def read(c: Container) -> list[AuditEntry]:
        async with c.uow()() as uow:
            page = await uow.audit.list(PageRequest(1, 100), target_id=user_id)
        return sorted(page.items, key=lambda e: e.occurred_at)

    return with_container(database_url, var_dir, read)


def create(edu: Callable[..., Result], email: str, role: str = "student",
           name: str = "Cli Person") -> str:
    result = edu("users", "create", "--email", email, "--role", role, "--name", name,
                 "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    # "created <role> <email> (<id>)"
    return result.stdout.strip().rsplit("(", 1)[1].rstrip(")")


def shown(edu: Callable[..., Result], ref: str) -> dict[str, str]:
    result = edu("users", "show", ref)
    assert result.exit_code == 0, result.output
    # Only the "label: value" lines: log records of the test process may be interleaved.
    return {m["label"]: m["value"].strip() for m in SHOW_LINE.finditer(result.stdout)}


def assert_clean_failure(result: Result, message: str) -> None:
    assert result.exit_code != 0, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# ---- help ---------------------------------------------------------------------------------

def _command_paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    assert isinstance(root, TyperGroup)
    paths: list[list[str]] = [[]]
    for name, command in root.commands.items():
        paths.append([name])
        if isinstance(command, TyperGroup):
            paths += [[name, sub] for sub in command.commands]
    return paths


@pytest.mark.parametrize("path", _command_paths(), ids=lambda p: " ".join(p) or "edu")
def test_help_works_for_every_command(path: list[str]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.stdout


def test_the_expected_command_groups_exist() -> None:
    names = {tuple(p) for p in _command_paths()}
    for expected in [("serve",), ("db", "current"), ("db", "upgrade"), ("users", "create"),
                     ("users", "list"), ("users", "show"), ("users", "suspend"),
                     ("users", "unsuspend"), ("users", "set-role"), ("users", "delete"),
                     ("openapi", "export")]:
        assert expected in names


def test_a_group_without_a_command_shows_its_help(edu: Callable[..., Result]) -> None:
    result = edu("users")
    assert "suspend" in result.output and "set-role" in result.output
    assert "Traceback" not in result.output


# ---- users --------------------------------------------------------------------------------

async def test_an_admin_created_on_the_command_line_can_sign_in(client: httpx.AsyncClient,
                                                                env: dict[str, str]) -> None:
    email = unique_email("cli-admin")
    # In a thread: the CLI starts an event loop of its own.
    result = await asyncio.to_thread(
        CliRunner().invoke, app,
        ["users", "create", "--email", email.upper(), "--role", "admin",
         "--name", "Root Ada", "--password", PASSWORD], env=env)
    assert result.exit_code == 0, result.output
    assert f"created admin {email}" in result.stdout

    headers = await bearer(client, email)
    me = (await client.get("/api/v1/me", headers=headers)).json()
    assert me["email"] == email
    assert me["role"] == "admin"
    assert me["display_name"] == "Root Ada"
    # The admin API is open to the new account.
    assert (await client.get("/api/v1/admin/users", headers=headers)).status_code == 200


def test_a_created_user_is_listed_and_shown(edu: Callable[..., Result]) -> None:
    email = unique_email("cli-mentor")
    user_id = create(edu, email, role="mentor", name="Maria Mentor")

    listed = edu("users", "list", "--query", email)
    assert listed.exit_code == 0, listed.output
    [line] = [line for line in listed.stdout.splitlines() if email in line]
    assert line.split()[0] == user_id
    assert "mentor" in line.split() and "active" in line.split()
    assert "-- 1 of 1 (page 1)" in listed.stdout

    by_email, by_id = shown(edu, email), shown(edu, user_id)
    assert by_email == by_id
    assert by_email["id"] == user_id
    assert by_email["name"] == "Maria Mentor"
    assert by_email["role"] == "mentor"
    assert by_email["status"] == "active"
    assert by_email["email verified"] == "True"


def test_list_filters_by_role(edu: Callable[..., Result]) -> None:
    marker = uuid.uuid4().hex[:8]
    create(edu, f"s-{marker}@example.org", role="student")
    create(edu, f"m-{marker}@example.org", role="mentor")
    result = edu("users", "list", "--query", marker, "--role", "mentor")
    assert result.exit_code == 0, result.output
    assert f"m-{marker}@example.org" in result.stdout
    assert f"s-{marker}@example.org" not in result.stdout


def test_creating_a_user_is_audited(edu: Callable[..., Result], database_url: str,
                                    var_dir: Path) -> None:
    user_id = create(edu, unique_email("cli-audit"), role="admin")
    [entry] = audit_of(database_url, var_dir, user_id)
    assert entry.action == "user.create"
    assert entry.actor_id is None
    assert entry.details == {"actor": "cli", "role": "admin"}


def test_a_duplicate_email_is_a_clear_error(edu: Callable[..., Result]) -> None:
    email = unique_email("cli-dup")
    create(edu, email)
    result = edu("users", "create", "--email", email.title(), "--role", "admin",
                 "--name", "Second", "--password", PASSWORD)
    assert_clean_failure(result, "already exists")
    assert "email_taken" in result.stderr
    listed = edu("users", "list", "--query", email)
    assert "-- 1 of 1" in listed.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["--email", "not-an-email"], "invalid_email"),
    (["--password", "password"], "weak_password"),
    (["--timezone", "Mars/Olympus"], "invalid_timezone"),
])
def test_invalid_values_are_refused_with_the_rule(edu: Callable[..., Result],
                                                  args: list[str], message: str) -> None:
    values = {"--email": unique_email("cli-bad"), "--role": "student", "--name": "Bad",
              "--password": PASSWORD}
    values.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = edu("users", "create", *[x for pair in values.items() for x in pair])
    assert_clean_failure(result, message)


def test_an_unknown_role_is_a_usage_error(edu: Callable[..., Result]) -> None:
    result = edu("users", "create", "--email", unique_email(), "--role", "root",
                 "--name", "X", "--password", PASSWORD)
    assert result.exit_code == 2
    assert "root" in result.stderr


def test_suspend_and_unsuspend_go_through_the_use_case(edu: Callable[..., Result],
                                                       database_url: str,
                                                       var_dir: Path) -> None:
    email = unique_email("cli-suspend")
    user_id = create(edu, email)

    result = edu("users", "suspend", email, "--reason", "Spam in the forum")
    assert result.exit_code == 0, result.output
    assert f"suspended {email}" in result.stdout
    fields = shown(edu, user_id)
    assert fields["status"] == "suspended"
    assert fields["suspension reason"] == "Spam in the forum"

    # The user is told, as when an admin suspends them in the console.
    [mail] = [m for m in read_outbox(var_dir / "outbox") if m.to == email]
    assert "Spam in the forum" in mail.text
    assert "suspended" in mail.subject

    result = edu("users", "unsuspend", user_id)
    assert result.exit_code == 0, result.output
    assert shown(edu, email)["status"] == "active"

    entries = audit_of(database_url, var_dir, user_id)
    assert [e.action for e in entries] == ["user.create", "user.suspend", "user.unsuspend"]
    suspension = entries[1]
    assert suspension.details["actor"] == "cli"
    assert suspension.details["reason"] == "Spam in the forum"


async def test_a_suspension_signs_the_user_out(client: httpx.AsyncClient,
                                               env: dict[str, str]) -> None:
    email = unique_email("cli-signout")
    runner = CliRunner()
    created = await asyncio.to_thread(
        runner.invoke, app, ["users", "create", "--email", email, "--role", "student",
                             "--name", "Soon Out", "--password", PASSWORD], env=env)
    assert created.exit_code == 0, created.output
    headers = await bearer(client, email)
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 200

    suspended = await asyncio.to_thread(
        runner.invoke, app, ["users", "suspend", email, "--reason", "Abuse"], env=env)
    assert suspended.exit_code == 0, suspended.output
    assert (await client.get("/api/v1/me", headers=headers)).status_code == 401
    login = await client.post("/api/v1/auth/login",
                              json={"email": email, "password": PASSWORD, "mode": "token"})
    assert login.status_code == 401
    assert login.json()["code"] == "account_suspended"


def test_set_role_changes_the_role_and_is_audited(edu: Callable[..., Result],
                                                  database_url: str, var_dir: Path) -> None:
    email = unique_email("cli-role")
    user_id = create(edu, email, role="student")

    result = edu("users", "set-role", email, "mentor")
    assert result.exit_code == 0, result.output
    assert f"{email} is now mentor" in result.stdout
    assert shown(edu, user_id)["role"] == "mentor"

    update = [e for e in audit_of(database_url, var_dir, user_id) if e.action == "user.update"]
    assert [e.details for e in update] == [
        {"actor": "cli", "role": {"from": "student", "to": "mentor"}}]


def test_delete_anonymises_after_confirmation(edu: Callable[..., Result], database_url: str,
                                              var_dir: Path) -> None:
    email = unique_email("cli-delete")
    user_id = create(edu, email)

    declined = edu("users", "delete", email, input="n\n")
    assert declined.exit_code != 0
    assert shown(edu, user_id)["status"] == "active"

    result = edu("users", "delete", email, input="y\n")
    assert result.exit_code == 0, result.output
    assert f"deleted {user_id}" in result.stdout
    fields = shown(edu, user_id)
    assert fields["status"] == "deleted"
    assert email not in fields["email"]
    # The address is free again, and no longer finds the old account.
    assert_clean_failure(edu("users", "show", email), "no user with e-mail")
    assert [e.action for e in audit_of(database_url, var_dir, user_id)][-1] == "user.delete"


def test_delete_with_yes_does_not_ask(edu: Callable[..., Result]) -> None:
    user_id = create(edu, unique_email("cli-delete-yes"))
    result = edu("users", "delete", user_id, "--yes")
    assert result.exit_code == 0, result.output
    assert shown(edu, user_id)["status"] == "deleted"


@pytest.mark.parametrize("command", [["show", "{ref}"], ["unsuspend", "{ref}"],
                                     ["set-role", "{ref}", "admin"],
                                     ["suspend", "{ref}", "--reason", "x"],
                                     ["delete", "{ref}", "--yes"]])
@pytest.mark.parametrize(("ref", "message"), [(str(uuid.UUID(int=7)), "No such user"),
                                              ("ghost@nowhere.example.org", "no user with e-mail")])
def test_unknown_users_are_a_clear_error(edu: Callable[..., Result], command: list[str],
                                         ref: str, message: str) -> None:
    result = edu("users", *[part.format(ref=ref) for part in command])
    assert_clean_failure(result, message)
    assert result.exit_code == 1


def test_a_malformed_user_id_is_a_usage_error(edu: Callable[..., Result]) -> None:
    result = edu("users", "show", "12345")
    assert_clean_failure(result, "not a user id")
    assert result.exit_code == 2


def test_an_email_is_found_among_many_similar_ones(edu: Callable[..., Result],
                                                   database_url: str, var_dir: Path) -> None:
    domain = f"many-{uuid.uuid4().hex[:8]}.example.org"
    target = create(edu, f"ann@{domain}", name="The Ann")

    async def crowd(c: Container) -> None:
        # Newer accounts whose address contains the target's: they come first in the search.
        gate = asyncio.Semaphore(8)  # the test settings open one connection per use

        async def one(i: int) -> None:
            async with gate:
                await c.identity.admin().create_user(
                    Actor(None), email=f"jo{i}ann@{domain}", password=PASSWORD,
                    display_name=f"Jo {i}", role=Role.STUDENT)

        await asyncio.gather(*(one(i) for i in range(MAX_PAGE_SIZE + 1)))

    with_container(database_url, var_dir, crowd)
    fields = shown(edu, f"ann@{domain}")
    assert fields["id"] == target
    assert fields["name"] == "The Ann"


def test_an_unreachable_database_is_a_clear_error(edu: Callable[..., Result],
                                                  env: dict[str, str]) -> None:
    env["EDU_DATABASE_URL"] = "postgresql://postgres@127.0.0.1:1/nowhere"
    for args in (["users", "list"], ["db", "current"]):
        result = edu(*args)
        assert_clean_failure(result, "the database cannot be used")
        assert result.exit_code == 1


# ---- migrations and the OpenAPI document --------------------------------------------------

def test_db_current_prints_the_head_revision(edu: Callable[..., Result],
                                             database_url: str) -> None:
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert head
    result = edu("db", "current")
    assert result.exit_code == 0, result.output
    assert f"{head} (head)" in result.stdout


def test_db_upgrade_is_idempotent_at_head(edu: Callable[..., Result]) -> None:
    result = edu("db", "upgrade")
    assert result.exit_code == 0, result.output
    assert "database upgraded to head" in result.stdout


def test_openapi_export_writes_a_3_1_document(edu: Callable[..., Result],
                                              tmp_path: Path) -> None:
    target = tmp_path / "openapi.json"
    result = edu("openapi", "export", str(target))
    assert result.exit_code == 0, result.output
    assert f"wrote {target}" in result.stdout
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] == "Mentora API"
    assert "/api/v1/auth/login" in document["paths"]
    assert "/api/v1/me" in document["paths"]


def test_openapi_export_to_stdout_is_only_the_document(edu: Callable[..., Result],
                                                       tmp_path: Path) -> None:
    result = edu("openapi", "export", "-")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["openapi"].startswith("3.1")
    target = tmp_path / "openapi.json"
    assert edu("openapi", "export", str(target)).exit_code == 0
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["paths"].keys() == document["paths"].keys()
    assert written["components"]["schemas"].keys() == document["components"]["schemas"].keys()


def test_openapi_export_into_a_missing_directory_is_a_clear_error(
        edu: Callable[..., Result], tmp_path: Path) -> None:
    result = edu("openapi", "export", str(tmp_path / "missing" / "openapi.json"))
    assert_clean_failure(result, "cannot write")
