"""``edu check --production`` refuses each unsafe or embedded setting with the variable to change,
passes a deployment's configuration, and ``edu serve`` in production mode refuses the same."""

import secrets
from pathlib import Path

import imageio_ffmpeg
import pytest
from typer.testing import CliRunner, Result

from adapters.cli.main import app


@pytest.fixture
def web_dist(tmp_path: Path) -> Path:
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html><title>Mentora</title>")
    return dist


@pytest.fixture
def deployment(tmp_path: Path, web_dist: Path) -> dict[str, str | None]:
    """What compose.yaml gives the API: every service named, secrets random."""
    return {
        "EDU_ENV": "production", "EDU_SECRET_KEY": secrets.token_urlsafe(48),
        "EDU_VAR_DIR": str(tmp_path / "var"), "EDU_WEB_DIST": str(web_dist),
        "EDU_DATABASE_URL": "postgresql://mentora:pw@postgres:5432/mentora",
        "EDU_NATS_URL": "nats://nats:4222", "EDU_NATS_EMBEDDED": None,
        "EDU_REDIS_URL": "redis://redis:6379/0",
        "EDU_STRIPE_SECRET_KEY": "sk_live_" + secrets.token_hex(12),
        "EDU_STRIPE_WEBHOOK_SECRET": "whsec_" + secrets.token_hex(12),
        "EDU_STRIPE_API_BASE": None,
        "EDU_SMTP_HOST": "smtp.mentora.example",
        "EDU_S3_ENDPOINT": "minio:9000", "EDU_S3_SECURE": "false",
        "EDU_S3_ACCESS_KEY": "mentora", "EDU_S3_SECRET_KEY": secrets.token_urlsafe(24),
        "EDU_S3_PUBLIC_ENDPOINT": "https://files.mentora.example",
        "EDU_PUBLIC_URL": "https://mentora.example", "EDU_TRUSTED_PROXIES": "10.0.0.0/8",
        "EDU_COOKIE_SECURE": None, "EDU_LOG_LEVEL": "INFO", "EDU_BCRYPT_ROUNDS": None,
        "EDU_REQUIRE_ADMIN_SECOND_FACTOR": None, "EDU_METRICS_TOKEN": secrets.token_hex(24),
        "EDU_FFMPEG_PATH": imageio_ffmpeg.get_ffmpeg_exe(),
    }


def edu(env: dict[str, str | None], *args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def refused_settings(result: Result) -> list[str]:
    return [line.split(":")[1].strip() for line in result.output.splitlines()
            if line.startswith("error: ")]


def test_a_deployments_configuration_passes(deployment: dict[str, str | None]) -> None:
    result = edu(deployment, "check", "--production")
    assert result.exit_code == 0, result.output
    assert "production configuration: ok" in result.output


def test_local_files_pass_on_an_absolute_writable_directory(
        deployment: dict[str, str | None], tmp_path: Path) -> None:
    volume = tmp_path / "volume"
    volume.mkdir()
    deployment.update({"EDU_S3_ENDPOINT": None, "EDU_S3_PUBLIC_ENDPOINT": None,
                       "EDU_VAR_DIR": str(volume)})
    result = edu(deployment, "check", "--production")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("variable", "value", "refused", "reason"), [
    ("EDU_ENV", "development", "EDU_ENV", "EDU_ENV=production"),
    ("EDU_SECRET_KEY", "change-me-please-change-me-please-0123", "EDU_SECRET_KEY",
     "placeholder"),
    ("EDU_SECRET_KEY", "k" * 48, "EDU_SECRET_KEY", "placeholder"),
    ("EDU_DATABASE_URL", None, "EDU_DATABASE_URL", "embedded PostgreSQL"),
    ("EDU_NATS_URL", None, "EDU_NATS_URL", "embedded nats-server"),
    ("EDU_NATS_EMBEDDED", "true", "EDU_NATS_URL", "embedded nats-server"),
    ("EDU_REDIS_URL", None, "EDU_REDIS_URL", "rate limits"),
    ("EDU_STRIPE_SECRET_KEY", None, "EDU_STRIPE_SECRET_KEY", "test payment gateway"),
    ("EDU_STRIPE_API_BASE", "http://127.0.0.1:12111", "EDU_STRIPE_API_BASE",
     "instead of Stripe"),
    ("EDU_COOKIE_SECURE", "false", "EDU_COOKIE_SECURE", "plain HTTP"),
    ("EDU_PUBLIC_URL", "http://mentora.example", "EDU_PUBLIC_URL", "is not https"),
    ("EDU_PUBLIC_URL", "https://localhost:8000", "EDU_PUBLIC_URL", "public address"),
    ("EDU_SMTP_HOST", None, "EDU_SMTP_HOST", "written to files"),
    ("EDU_S3_PUBLIC_ENDPOINT", "http://files.mentora.example", "EDU_S3_PUBLIC_ENDPOINT",
     "plain HTTP"),
    ("EDU_LOG_LEVEL", "DEBUG", "EDU_LOG_LEVEL", "debug logging"),
    ("EDU_TRUSTED_PROXIES", "0.0.0.0/0", "EDU_TRUSTED_PROXIES", "trusts every address"),
    ("EDU_TRUSTED_PROXIES", "10.0.0.1,::/0", "EDU_TRUSTED_PROXIES", "trusts every address"),
    ("EDU_TRUSTED_PROXIES", "*", "EDU_TRUSTED_PROXIES", "not a list of addresses"),
    ("EDU_REQUIRE_ADMIN_SECOND_FACTOR", "false", "EDU_REQUIRE_ADMIN_SECOND_FACTOR",
     "password alone"),
    ("EDU_BCRYPT_ROUNDS", "4", "EDU_BCRYPT_ROUNDS", "cheap to crack"),
    ("EDU_METRICS_TOKEN", "prometheus", "EDU_METRICS_TOKEN", "32 characters"),
    ("EDU_FFMPEG_PATH", "/nonexistent/ffmpeg", "EDU_FFMPEG_PATH", "not an executable"),
], ids=lambda v: v if isinstance(v, str) and v.startswith("EDU_") else None)
def test_each_unsafe_setting_is_refused_alone_with_its_reason(
        deployment: dict[str, str | None], variable: str, value: str | None, refused: str,
        reason: str) -> None:
    deployment[variable] = value
    result = edu(deployment, "check", "--production")
    assert result.exit_code == 1
    assert refused_settings(result) == [refused]
    assert reason in result.output
    assert "1 problem: this configuration must not serve real users" in result.output


def test_a_missing_secret_key_is_refused_with_what_to_set(
        deployment: dict[str, str | None]) -> None:
    deployment["EDU_SECRET_KEY"] = None
    result = edu(deployment, "check", "--production")
    assert result.exit_code == 1
    assert "EDU_SECRET_KEY (32 characters or more) is required in production" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("var_dir", ["var", "/nonexistent/mentora-volume"])
def test_local_files_need_an_existing_absolute_directory(
        deployment: dict[str, str | None], var_dir: str) -> None:
    deployment.update({"EDU_S3_ENDPOINT": None, "EDU_S3_PUBLIC_ENDPOINT": None,
                       "EDU_VAR_DIR": var_dir})
    result = edu(deployment, "check", "--production")
    assert result.exit_code == 1
    assert refused_settings(result) == ["EDU_VAR_DIR"]


def test_a_missing_web_client_is_refused(deployment: dict[str, str | None],
                                         tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    deployment["EDU_WEB_DIST"] = str(empty)
    result = edu(deployment, "check", "--production")
    assert result.exit_code == 1
    assert refused_settings(result) == ["EDU_WEB_DIST"]


def test_the_embedded_defaults_are_refused_all_at_once(tmp_path: Path) -> None:
    result = edu({"EDU_ENV": "production", "EDU_SECRET_KEY": secrets.token_urlsafe(48),
                  "EDU_VAR_DIR": "var", "EDU_WEB_DIST": str(tmp_path),
                  **dict.fromkeys(["EDU_DATABASE_URL", "EDU_NATS_URL", "EDU_REDIS_URL",
                                   "EDU_STRIPE_SECRET_KEY", "EDU_SMTP_HOST", "EDU_S3_ENDPOINT",
                                   "EDU_PUBLIC_URL", "EDU_FFMPEG_PATH", "EDU_TRUSTED_PROXIES",
                                   "EDU_METRICS_TOKEN", "EDU_NATS_EMBEDDED"])},
                 "check", "--production")
    assert result.exit_code == 1
    assert set(refused_settings(result)) == {
        "EDU_DATABASE_URL", "EDU_NATS_URL", "EDU_REDIS_URL", "EDU_STRIPE_SECRET_KEY",
        "EDU_SMTP_HOST", "EDU_VAR_DIR", "EDU_PUBLIC_URL", "EDU_WEB_DIST"}


def test_serve_in_production_mode_refuses_before_starting(
        deployment: dict[str, str | None]) -> None:
    deployment["EDU_STRIPE_SECRET_KEY"] = None
    deployment["EDU_DATABASE_URL"] = None
    result = edu(deployment, "serve")
    assert result.exit_code == 1
    assert refused_settings(result) == ["EDU_DATABASE_URL", "EDU_STRIPE_SECRET_KEY"]
    assert "Mentora on http" not in result.output


def test_without_production_only_the_settings_are_checked(tmp_path: Path) -> None:
    fine = edu({"EDU_ENV": "development", "EDU_VAR_DIR": str(tmp_path)}, "check")
    assert fine.exit_code == 0 and "settings: ok" in fine.output
    broken = edu({"EDU_ENV": "development", "EDU_JOBS_ACK_WAIT_SECONDS": "1"}, "check")
    assert broken.exit_code == 1
    assert "EDU_JOBS_ACK_WAIT_SECONDS must exceed" in broken.output
