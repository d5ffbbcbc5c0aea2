"""``edu check``: is this configuration fit to run? With ``--production``, every embedded
default and development convenience that must not face real users is refused, each with the
setting to change; ``edu serve`` runs the same checks when EDU_ENV is production."""

import ipaddress
import os
import shutil
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

import typer
from pydantic import ValidationError

from adapters.settings import Settings

# bcrypt's cost below which password hashes are cheap to guess offline.
MIN_BCRYPT_ROUNDS = 12
# Fewer distinct characters than this is a typed-in phrase or a repeated character, not a
# random key.
MIN_SECRET_KEY_ALPHABET = 16
# Words that mark a key copied from an example or a development setup.
PLACEHOLDER_WORDS = ("change-me", "changeme", "change_me", "example", "placeholder",
                     "insecure", "development", "not-a-secret", "secret-key", "secret_key")
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})  # noqa: S104


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with a configuration: the environment variable to change and why."""

    setting: str
    message: str


def env_name(field: str) -> str:
    return f"EDU_{field.upper()}"


def load_settings() -> tuple[Settings | None, list[Finding]]:
    """The settings from the environment, or what stops them from loading (a missing
    production secret key among them), one finding per error."""
    try:
        return Settings(), []
    except ValidationError as exc:
        findings = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            message = str(error["msg"]).removeprefix("Value error, ")
            findings.append(Finding(env_name(field) if field else "settings", message))
        return None, findings


def _looks_like_a_placeholder(key: str) -> bool:
    lowered = key.lower()
    return (len(set(key)) < MIN_SECRET_KEY_ALPHABET
            or any(word in lowered for word in PLACEHOLDER_WORDS))


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _services(settings: Settings) -> list[Finding]:
    found = []
    if not settings.database_url:
        found.append(Finding("EDU_DATABASE_URL", "unset: the embedded PostgreSQL under "
                             "EDU_VAR_DIR would start, one copy per machine and no backups; "
                             "name the deployment's PostgreSQL"))
    if not settings.nats_url or settings.nats_embedded:
        found.append(Finding("EDU_NATS_URL", "unset: an embedded nats-server would start "
                             "inside this process tree, invisible to the other API processes "
                             "and workers; name the deployment's NATS with JetStream"))
    if not settings.redis_url:
        found.append(Finding("EDU_REDIS_URL", "unset: rate limits would be counted in each "
                             "process's memory, multiplied by the number of processes; "
                             "name a Redis shared by every API process"))
    if settings.payment_backend == "test":
        found.append(Finding("EDU_STRIPE_SECRET_KEY", "unset: the built-in test payment "
                             "gateway would take bookings without charging anyone"))
    if settings.stripe_api_base:
        found.append(Finding("EDU_STRIPE_API_BASE", "set: payment requests would go to "
                             f"{_host(settings.stripe_api_base) or 'another host'} instead "
                             "of Stripe"))
    if settings.mail_backend == "file":
        found.append(Finding("EDU_SMTP_HOST", "unset: mail would be written to files under "
                             "EDU_VAR_DIR and never reach anyone"))
    return found


def _storage(settings: Settings) -> list[Finding]:
    if settings.storage_backend == "s3":
        if any(origin.startswith("http://") for origin in settings.blob_origins):
            return [Finding("EDU_S3_PUBLIC_ENDPOINT", "browsers would fetch files from the "
                            "bucket over plain HTTP (blocked as mixed content on an https "
                            "page, and signed links readable on the way): give its https "
                            "address")]
        return []
    # Local files are only safe on a volume that outlives the container and that every API
    # process and worker mounts at the same place: that is an absolute EDU_VAR_DIR.
    var_dir = settings.var_dir
    if not var_dir.is_absolute():
        return [Finding("EDU_VAR_DIR", f"files would be stored under the relative path "
                        f"'{var_dir}' (inside the container, lost with it): set EDU_S3_ENDPOINT "
                        "for object storage, or an absolute path on a persistent volume "
                        "shared by every process")]
    if not (var_dir.is_dir() and os.access(var_dir, os.W_OK | os.X_OK)):
        return [Finding("EDU_VAR_DIR", f"{var_dir} is not a writable directory: mount the "
                        "persistent volume there")]
    return []


def _web(settings: Settings) -> list[Finding]:
    found = []
    if not settings.cookie_secure:
        found.append(Finding("EDU_COOKIE_SECURE", "false: session cookies would be sent over "
                             "plain HTTP, where anyone on the path can read them"))
    public = urlsplit(settings.public_url)
    host = (public.hostname or "").lower()
    if public.scheme != "https":
        found.append(Finding("EDU_PUBLIC_URL", f"'{settings.public_url}' is not https: links "
                             "in mail and the allowed origin of sign-ins and live sockets "
                             "must be the site's https address"))
    if not host or "*" in public.netloc or host in LOOPBACK_HOSTS:
        found.append(Finding("EDU_PUBLIC_URL", f"'{settings.public_url}' is not the site's "
                             "public address (it is the origin that sign-ins and live sockets "
                             "are accepted from)"))
    try:
        networks = [ipaddress.ip_network(p, strict=False) for p in settings.trusted_proxies]
    except ValueError as exc:
        found.append(Finding("EDU_TRUSTED_PROXIES", f"not a list of addresses or networks: "
                             f"{exc}"))
    else:
        if any(network.prefixlen == 0 for network in networks):
            found.append(Finding("EDU_TRUSTED_PROXIES", "trusts every address: any client "
                                 "could forge X-Forwarded-For (escaping rate limits) and "
                                 "X-Forwarded-Proto; name the proxies' own addresses"))
    if not (settings.web_dist / "index.html").is_file():
        found.append(Finding("EDU_WEB_DIST", f"{settings.web_dist} holds no built web client "
                             "(index.html): build it with `npm run build` in web/"))
    return found


def _security(settings: Settings) -> list[Finding]:
    found = []
    if settings.secret_key and _looks_like_a_placeholder(settings.secret_key):
        found.append(Finding("EDU_SECRET_KEY", "looks like a placeholder or a development "
                             "value: generate one, e.g. `python -c 'import secrets; "
                             "print(secrets.token_urlsafe(48))'`"))
    if settings.log_level.upper() in {"DEBUG", "NOTSET"}:
        found.append(Finding("EDU_LOG_LEVEL", f"{settings.log_level}: debug logging writes "
                             "request details that belong to users; use INFO or above"))
    if not settings.require_admin_second_factor:
        found.append(Finding("EDU_REQUIRE_ADMIN_SECOND_FACTOR", "false: administrators could "
                             "act with a password alone"))
    if settings.bcrypt_rounds < MIN_BCRYPT_ROUNDS:
        found.append(Finding("EDU_BCRYPT_ROUNDS", f"{settings.bcrypt_rounds}: stolen password "
                             f"hashes would be cheap to crack; use {MIN_BCRYPT_ROUNDS} or more"))
    if settings.metrics_token and len(settings.metrics_token) < 32:
        found.append(Finding("EDU_METRICS_TOKEN", "shorter than 32 characters: use a random "
                             "token"))
    if settings.ffmpeg_path and shutil.which(settings.ffmpeg_path) is None:
        found.append(Finding("EDU_FFMPEG_PATH", f"'{settings.ffmpeg_path}' is not an "
                             "executable program: videos could not be processed"))
    return found


def production_problems(settings: Settings) -> list[Finding]:
    """Everything that makes ``settings`` unfit to serve real users, empty when none does."""
    found = []
    if settings.env != "production":
        found.append(Finding("EDU_ENV", f"'{settings.env}': a deployment runs with "
                             "EDU_ENV=production"))
    return [*found, *_security(settings), *_services(settings), *_storage(settings),
            *_web(settings)]


def report(findings: list[Finding]) -> None:
    for finding in findings:
        typer.secho(f"error: {finding.setting}: {finding.message}", fg=typer.colors.RED,
                    err=True)
    typer.secho(f"{len(findings)} problem{'s' if len(findings) != 1 else ''}: this "
                "configuration must not serve real users", fg=typer.colors.RED, err=True)


def refuse_unfit_production() -> None:
    """For ``edu serve``: in production mode, stop with the findings before starting."""
    settings, findings = load_settings()
    if settings is not None and settings.env != "production":
        return
    if settings is not None:
        findings = production_problems(settings)
    if findings:
        report(findings)
        raise typer.Exit(1)


def check(production: Annotated[bool, typer.Option(
        "--production", help="refuse the embedded defaults and every development "
                             "convenience")] = False) -> None:
    settings, findings = load_settings()
    if settings is not None and production:
        findings = production_problems(settings)
    if findings:
        report(findings)
        raise typer.Exit(1)
    typer.echo("production configuration: ok" if production else "settings: ok")
