"""The image and the compose file: the Dockerfile is clean under hadolint, compose.yaml valid
under the compose specification's schema, and its structure what docs/deploy.md promises (one
migration run before anything else, two API replicas, the worker the only process kind that
raises schedules, healthchecks, real setting names, a configuration fit for production)."""

import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from adapters.cli.main import app
from adapters.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
COMPOSE = ROOT / "deploy" / "compose.yaml"
ENV_EXAMPLE = ROOT / "deploy" / ".env.example"
TOOLS = Path(sys.executable).parent
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Z0-9_]+)(?P<op>:?[-?])?(?P<arg>[^}]*)\}")
SETTING_NAMES = {f"EDU_{name.upper()}" for name in Settings.model_fields}
ONE_SHOTS = {"migrate", "storage-setup"}


def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return document


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose()["services"]
    return found


def platform_services() -> dict[str, dict[str, Any]]:
    """The services that run the Mentora image."""
    return {name: s for name, s in services().items() if "build" in s}


def command(service: dict[str, Any]) -> list[str]:
    return [str(part) for part in service.get("command", [])]


def example_values() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def interpolate(text: str, values: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        value = values.get(match["name"], "")
        return value if value or match["op"] not in (":-", "-") else match["arg"]

    return INTERPOLATION.sub(one, text)


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=120,
                          check=False)


def test_the_dockerfile_is_clean_under_hadolint() -> None:
    result = run(TOOLS / "hadolint", "--failure-threshold", "warning", DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_fails_a_dockerfile_with_warnings(tmp_path: Path) -> None:
    careless = tmp_path / "Dockerfile"
    careless.write_text("FROM python\nRUN apt-get update && apt-get install -y curl\n"
                        "CMD edu serve\n")
    result = run(TOOLS / "hadolint", "--failure-threshold", "warning", careless)
    assert result.returncode == 1
    assert {"DL3006", "DL3008", "DL3025"} <= set(re.findall(r"DL\d{4}", result.stdout))


def test_the_compose_file_is_valid_under_the_compose_schema() -> None:
    result = run(TOOLS / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", COMPOSE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_compose_file(tmp_path: Path) -> None:
    broken = tmp_path / "compose.yaml"
    broken.write_text(COMPOSE.read_text().replace("stop_grace_period: 40s",
                                                  "stop_grace_periods: 40s"))
    result = run(TOOLS / "check-jsonschema", "--builtin-schema", "vendor.compose-spec", broken)
    assert result.returncode == 1


def test_the_image_runs_as_a_numeric_user_with_an_exec_form_command() -> None:
    runtime = DOCKERFILE.read_text().split("AS runtime", 1)[1]
    assert re.search(r"^USER \d+:\d+$", runtime, re.MULTILINE)
    assert re.search(r'^CMD \["edu", "serve"\]$', runtime, re.MULTILINE)
    assert re.search(r"^STOPSIGNAL SIGTERM$", runtime, re.MULTILINE)
    assert "HEALTHCHECK" in runtime and "/app/web/dist" in runtime
    # No build tools come along: uv stays in the build stage, Node in the web stage.
    assert "/usr/local/bin/uv" not in runtime and "npm" not in runtime


def test_migrations_run_once_before_every_other_platform_process() -> None:
    migrate = services()["migrate"]
    assert command(migrate) == ["edu", "db", "upgrade"]
    assert migrate["restart"] == "no"
    assert "replicas" not in migrate.get("deploy", {})
    for name, service in platform_services().items():
        if name != "migrate":
            assert service["depends_on"]["migrate"] == {
                "condition": "service_completed_successfully"}, name


def test_two_api_replicas_and_one_worker_service() -> None:
    roles = {name: command(s)[:2] for name, s in platform_services().items()}
    assert sorted(roles.values()) == [["edu", "db"], ["edu", "serve"], ["edu", "worker"]]
    assert services()["api"]["deploy"]["replicas"] == 2


def test_the_worker_is_the_only_kind_of_process_that_raises_schedules() -> None:
    """Schedules are PostgreSQL rows that a dispatcher claims with FOR UPDATE SKIP LOCKED and
    marks fired in the same transaction: however many workers run, they act as one scheduler.
    The API replicas leave event handling (and so schedules) to the workers, and nothing runs
    a second scheduler beside them."""
    for name, service in services().items():
        assert not any("schedul" in part for part in command(service)), name
    api, worker = services()["api"], services()["worker"]
    assert api["environment"]["EDU_RUN_EVENT_HANDLERS_IN_API"] == "false"
    assert "--no-events" not in command(worker)


def test_every_long_running_service_has_a_healthcheck() -> None:
    for name, service in services().items():
        if name in ONE_SHOTS:
            continue
        check = service["healthcheck"]
        assert not check.get("disable") and check["test"][0] == "CMD", name
    dependencies = services()["api"]["depends_on"]
    for backing in ("postgres", "redis", "nats", "minio"):
        assert dependencies[backing] == {"condition": "service_healthy"}


def test_nats_runs_with_jetstream_on_a_volume() -> None:
    nats = services()["nats"]
    assert "-js" in command(nats) and "-sd" in command(nats)
    assert nats["volumes"]


def test_every_platform_variable_is_a_real_setting() -> None:
    for name, service in platform_services().items():
        unknown = set(service["environment"]) - SETTING_NAMES
        assert not unknown, f"{name}: {unknown}"
    interpolated = {m["name"] for m in INTERPOLATION.finditer(COMPOSE.read_text())}
    assert {n for n in interpolated if n.startswith("EDU_")} <= SETTING_NAMES
    assert {n for n in example_values() if n.startswith("EDU_")} <= SETTING_NAMES


def test_every_required_variable_is_in_the_example() -> None:
    required = {m["name"] for m in INTERPOLATION.finditer(COMPOSE.read_text())
                if m["op"] in (":?", "?")}
    assert required <= set(example_values())


@pytest.fixture
def api_environment(tmp_path: Path) -> dict[str, str]:
    """The API's environment as compose gives it with the example's values and a real key,
    with the image's EDU_WEB_DIST and EDU_VAR_DIR pointed at a stand-in."""
    values = {**example_values(), "EDU_SECRET_KEY": secrets.token_urlsafe(48)}
    env = {name: interpolate(str(value), values)
           for name, value in services()["api"]["environment"].items()}
    (tmp_path / "index.html").write_text("<!doctype html>")
    return {**env, "EDU_WEB_DIST": str(tmp_path), "EDU_VAR_DIR": str(tmp_path)}


def test_the_api_environment_passes_the_production_check(
        api_environment: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["check", "--production"], env=api_environment)
    assert result.exit_code == 0, result.output


def test_the_examples_placeholder_key_is_refused(api_environment: dict[str, str]) -> None:
    api_environment["EDU_SECRET_KEY"] = example_values()["EDU_SECRET_KEY"]
    result = CliRunner().invoke(app, ["check", "--production"], env=api_environment)
    assert result.exit_code == 1
    assert "EDU_SECRET_KEY: looks like a placeholder" in result.output


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """compose passes optional values through as empty strings: an empty SMTP user name is no
    user name (not a login attempt with an empty one)."""
    monkeypatch.setenv("EDU_SMTP_USERNAME", "")
    monkeypatch.setenv("EDU_METRICS_TOKEN", "")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.smtp_username is None and settings.metrics_token is None
