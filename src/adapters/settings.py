"""The one settings object: ``EDU_*`` environment variables and an optional ``.env`` file.

Built inside ``create_app()``/the CLI, never at import, so tests can construct their own.
"""

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from edu_core.ports.rate_limit import RateRule


def parse_rule(text: str) -> RateRule:
    """``"20/60"`` means 20 hits per 60 seconds."""
    limit, _, window = text.partition("/")
    rule = RateRule(limit=int(limit), window_seconds=int(window or 60))
    if rule.limit < 1 or rule.window_seconds < 1:
        raise ValueError("rate rules are LIMIT/SECONDS with both >= 1")
    return rule


class Settings(BaseSettings):
    # An empty variable means "not set" (a compose file passes optional values through as
    # empty strings): an empty SMTP user name must not turn into a login attempt.
    model_config = SettingsConfigDict(env_prefix="EDU_", env_file=".env", extra="ignore",
                                      env_ignore_empty=True)

    env: Literal["development", "production", "test"] = "development"
    # Browser journeys that span days move the platform's clock through this file (test only).
    test_clock_file: Path | None = None
    var_dir: Path = Path("var")
    database_url: str | None = None
    database_pool_size: int = 10
    host: str = "127.0.0.1"
    port: int = 8000
    # Where mailed links point: the web client's origin as users reach it.
    public_url: str = "http://localhost:8000"
    web_dist: Path = Path("web/dist")
    # The ffmpeg program that transcodes videos: a path, or a name looked up on PATH (the
    # image's choice of Debian's build or the wheel's); unset: the static build shipped in the
    # imageio-ffmpeg wheel.
    ffmpeg_path: str | None = None

    # Security
    force_https: bool = False
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    cookie_secure: bool = True
    bcrypt_rounds: int = 12
    # Sessions end after this many seconds unused ("remember me" picks the longer one),
    # besides their absolute lifetime (14 days in a browser, 30 days for refresh tokens).
    session_idle_timeout: int = Field(default=12 * 3600, ge=60)
    session_idle_timeout_remembered: int = Field(default=7 * 86400, ge=60)
    # Administrators must turn on two-step verification before the admin routes answer.
    require_admin_second_factor: bool = True
    max_request_body_bytes: int = 1_048_576

    # Rate limits: "LIMIT/SECONDS"
    redis_url: str | None = None
    rate_limit_auth: str = "20/60"
    rate_limit_public: str = "300/60"
    rate_limit_uploads: str = "60/600"
    # Calls to the content assistant (each may cost a model call): per client address.
    rate_limit_assistant: str = "30/3600"
    # Failed sign-ins per account over all addresses (per address the delays grow sooner).
    rate_limit_login_failures: str = "100/3600"

    # Mail: the file outbox unless an SMTP host is configured
    mail_from: str = "Mentora <no-reply@mentora.local>"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = True
    smtp_tls: bool = False

    # The content assistant: rule-based drafts offline, unless an OpenAI-compatible chat
    # completions endpoint is configured (the base URL, e.g. https://api.openai.com).
    assistant_url: str | None = None
    assistant_model: str | None = None
    assistant_api_key: str | None = None
    assistant_timeout_seconds: float = Field(default=30.0, gt=0, le=300)

    # Push notifications to mobile devices: "log" writes what would be sent to var/push
    # and the structured log (a provider adapter plugs in next to it).
    push_backend: Literal["log"] = "log"

    # Secrets and file storage: local files under var/blobs unless an S3 endpoint is set
    secret_key: str | None = None
    s3_endpoint: str | None = None
    s3_access_key: str | None = None
    s3_secret_key: str | None = None
    s3_bucket: str = "mentora"
    s3_region: str = "us-east-1"
    s3_secure: bool = True
    # Where browsers reach the bucket, when not at s3_endpoint (which may be an internal name):
    # download links are signed for this host, and the CSP lets the page load images from it.
    s3_public_endpoint: str | None = None

    # Payments: Stripe once a secret key is set (with the webhook endpoint's signing secret),
    # else the built-in test gateway (a "test payment" page, no account needed).
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    # The signing secret of the Connect webhook endpoint (events of mentors' connected
    # accounts, ``account.updated``), when it is another endpoint than the platform's own.
    stripe_connect_webhook_secret: str | None = None
    # Where the SDK sends API requests instead of Stripe's own address (a fake in tests).
    stripe_api_base: str | None = None
    # Pinned: API objects keep the shape the adapter reads across SDK upgrades (create the
    # webhook endpoint with the same version, which decides the events' shape).
    stripe_api_version: str = "2026-10-28.endive"
    # The platform's share of each session's price, in basis points (1500 = 15 %).
    commission_bp: int = Field(default=1500, ge=0, le=10_000)
    # How long a picked slot is held for the student while they pay.
    booking_hold_minutes: int = Field(default=10, ge=1, le=1440)
    # Group sessions (S40): off, their routes answer 404 ``group_sessions_disabled``.
    feature_group_sessions: bool = False

    # Operations
    log_level: str = "INFO"
    log_json: bool = True
    outbox_poll_seconds: float = 5.0
    # Event handlers run in the API processes too; false leaves them to `edu worker` alone.
    run_event_handlers_in_api: bool = True

    # NATS with JetStream: events, live updates across API processes and background jobs.
    # Unset: an embedded nats-server (JetStream files in var/nats) starts with the platform.
    nats_url: str | None = None
    # Set by `edu serve` for its server processes when ``nats_url`` is the embedded server it
    # started (not a deployment's own NATS): readiness then does not wait for workers.
    nats_embedded: bool = False
    # Events relayed from the outbox: a JetStream stream, its subjects and the durable consumer
    # shared by the processes that run the handlers (one set per deployment on a NATS server).
    events_stream: str = "EDU_EVENTS"
    events_subject: str = "edu.events"
    events_consumer: str = "edu-handlers"
    # Background jobs: taskiq on NATS JetStream (`edu worker` runs them).
    jobs_stream: str = "edu_jobs"
    jobs_subject: str = "edu.jobs"
    jobs_consumer: str = "edu_workers"
    # A job running longer than its limit fails (and is retried). JetStream redelivers a task
    # not acknowledged within ack_wait, even one still running: it must exceed every limit.
    jobs_time_limit_seconds: float = Field(default=300.0, gt=0)
    jobs_ack_wait_seconds: float = Field(default=330.0, gt=0)
    jobs_max_attempts: int = Field(default=5, ge=1)
    # Retries wait base * 2^(attempt-1) seconds, capped.
    jobs_retry_base_seconds: float = Field(default=10.0, gt=0)
    jobs_retry_max_seconds: float = Field(default=3600.0, gt=0)
    jobs_concurrency: int = Field(default=10, ge=1)
    # Where `edu worker` serves its Prometheus metrics (job run times and failures, event
    # handlers), on 127.0.0.1; unset: not served.
    worker_metrics_port: int | None = Field(default=None, ge=1, le=65535)
    # How often a worker writes its heartbeat and looks for due retries.
    worker_heartbeat_seconds: float = Field(default=10.0, gt=0)
    # Bearer token Prometheus sends to GET /metrics. Unset: refused in production, answered
    # only to loopback clients in development and test.
    metrics_token: str | None = None
    # Errors kept for the operations console (error_log): at most this many days and rows.
    error_log_retention_days: int = Field(default=14, ge=1)
    error_log_max_rows: int = Field(default=10_000, ge=100)
    # Each readiness probe's answer is awaited this long (the operations console refreshes
    # every 5 s: a dependency that stopped shows as failed within one refresh and this).
    probe_timeout_seconds: float = Field(default=2.0, gt=0, le=30)

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [p.strip() for p in value.split(",") if p.strip()]
        return value

    @field_validator("rate_limit_auth", "rate_limit_public", "rate_limit_uploads",
                     "rate_limit_assistant", "rate_limit_login_failures")
    @classmethod
    def _rule(cls, value: str) -> str:
        parse_rule(value)
        return value

    @model_validator(mode="after")
    def _production_needs_its_secrets(self) -> "Settings":
        if self.env == "production" and (not self.secret_key or len(self.secret_key) < 32):
            raise ValueError("EDU_SECRET_KEY (32 characters or more) is required in production")
        if self.test_clock_file is not None and self.env != "test":
            raise ValueError("EDU_TEST_CLOCK_FILE shifts the platform's clock: it is only "
                             "accepted with EDU_ENV=test")
        if self.jobs_ack_wait_seconds <= self.jobs_time_limit_seconds:
            raise ValueError("EDU_JOBS_ACK_WAIT_SECONDS must exceed EDU_JOBS_TIME_LIMIT_SECONDS "
                             "(a task still running at ack_wait is delivered again)")
        if self.assistant_url and not self.assistant_model:
            raise ValueError("EDU_ASSISTANT_MODEL is required with EDU_ASSISTANT_URL")
        if self.s3_endpoint and not (self.s3_access_key and self.s3_secret_key):
            raise ValueError("EDU_S3_ACCESS_KEY and EDU_S3_SECRET_KEY are required with "
                             "EDU_S3_ENDPOINT")
        if self.stripe_secret_key and not self.stripe_webhook_secret:
            raise ValueError("EDU_STRIPE_WEBHOOK_SECRET is required with EDU_STRIPE_SECRET_KEY "
                             "(Stripe's events could not be verified)")
        return self

    @property
    def payment_backend(self) -> Literal["stripe", "test"]:
        return "stripe" if self.stripe_secret_key else "test"

    @property
    def mail_backend(self) -> Literal["file", "smtp"]:
        return "smtp" if self.smtp_host else "file"

    @property
    def assistant_backend(self) -> Literal["rules", "openai"]:
        return "openai" if self.assistant_url else "rules"

    @property
    def live_backend(self) -> Literal["memory", "nats"]:
        return "nats" if self.nats_url else "memory"

    @property
    def storage_backend(self) -> Literal["local", "s3"]:
        return "s3" if self.s3_endpoint else "local"

    @property
    def blob_origins(self) -> list[str]:
        """Origins signed download links point at when they are not the app's own (S3), for
        the Content-Security-Policy: the bucket's endpoint in path style (MinIO and most
        S3-compatible stores) and in virtual-host style (what the SDK uses for AWS). Empty
        with local storage, whose links are same-origin."""
        endpoint = self.s3_public_endpoint or self.s3_endpoint
        if self.storage_backend != "s3" or not endpoint:
            return []
        if "://" in endpoint:
            parts = urlsplit(endpoint)
            scheme, host = parts.scheme, parts.netloc
        else:
            scheme, host = ("https" if self.s3_secure else "http"), endpoint.strip("/")
        return [f"{scheme}://{host}", f"{scheme}://{self.s3_bucket}.{host}"]

    @property
    def blob_link_prefixes(self) -> list[str]:
        """What a signed link to an object starts with, up to its key: lesson HTML saved with
        such a link (the editor shows images through them) is stored with the stable
        reference instead."""
        if not self.blob_origins:
            return []
        path_style, virtual_host = self.blob_origins
        return [f"{path_style}/{self.s3_bucket}/", f"{virtual_host}/"]

    @property
    def blobs_dir(self) -> Path:
        return self.var_dir / "blobs"

    def signing_key(self) -> bytes:
        """``EDU_SECRET_KEY``, or a random key kept in ``var/secret.key`` so that links
        signed before a restart stay valid on the embedded defaults."""
        if self.secret_key:
            return self.secret_key.encode()
        path = self.var_dir / "secret.key"
        if not path.exists():
            import secrets

            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip().encode()

    @property
    def outbox_dir(self) -> Path:
        return self.var_dir / "outbox"

    @property
    def push_dir(self) -> Path:
        return self.var_dir / "push"

    @property
    def rate_limit_storage_uri(self) -> str:
        return self.redis_url or "memory://"

    @property
    def session_cookie(self) -> str:
        # The __Host- prefix (Secure, Path=/, no Domain) is only accepted on secure cookies.
        return "__Host-edu_session" if self.cookie_secure else "edu_session"

    @property
    def csrf_cookie(self) -> str:
        return "__Host-edu_csrf" if self.cookie_secure else "edu_csrf"
