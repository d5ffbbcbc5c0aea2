"""The relational schema (SQLAlchemy Core). Alembic migrations are generated from this metadata."""

from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    Numeric,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    column,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSON, JSONB, TSVECTOR, ExcludeConstraint

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)


def _ts(name: str, *, nullable: bool = True) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable)


users = Table(
    "users", metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", String(254), nullable=False),
    Column("display_name", String(80), nullable=False),
    Column("role", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("password_hash", String(100), nullable=False),
    Column("timezone", String(64), nullable=False, server_default="UTC"),
    _ts("email_verified_at"),
    _ts("last_login_at"),
    Column("suspended_reason", Text),
    _ts("deleted_at"),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("totp_secret", String(64)),
    _ts("totp_enabled_at"),
    # The last TOTP time step accepted: a code is never accepted twice.
    Column("totp_last_step", BigInteger),
    Column("avatar_key", String(200)),
    CheckConstraint("role in ('student','mentor','admin')", name="role"),
    CheckConstraint("status in ('active','suspended','deleted')", name="status"),
    CheckConstraint("email = lower(email)", name="email_lower"),
    Index("uq_users_email", "email", unique=True),
    Index("ix_users_role_status", "role", "status"),
    Index("ix_users_created_at", "created_at"),
    # Admin search is a substring match on e-mail and name: trigram GIN indexes serve ILIKE '%q%'.
    Index("ix_users_email_trgm", "email", postgresql_using="gin",
          postgresql_ops={"email": "gin_trgm_ops"}),
    Index("ix_users_display_name_trgm", "display_name", postgresql_using="gin",
          postgresql_ops={"display_name": "gin_trgm_ops"}),
)

auth_sessions = Table(
    "auth_sessions", metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("transport", String(16), nullable=False),
    Column("csrf_token_hash", String(64)),
    _ts("created_at", nullable=False),
    _ts("expires_at", nullable=False),
    _ts("revoked_at"),
    Column("revoked_reason", String(64)),
    _ts("last_used_at"),
    Column("idle_timeout_seconds", Integer),
    Column("user_agent", String(255)),
    Column("client_address", String(64)),
    Column("device_name", String(80)),
    Column("push_platform", String(16)),
    Column("push_token", String(512)),
    _ts("push_registered_at"),
    CheckConstraint("transport in ('cookie','bearer')", name="transport"),
    CheckConstraint("push_platform in ('ios','android','expo')", name="push_platform"),
    CheckConstraint("(push_token is null) = (push_platform is null)", name="push_pair"),
    Index("ix_auth_sessions_user_live", "user_id", postgresql_where=text("revoked_at is null")),
    # A device token moves to the newest sign-in on that device: found by value.
    Index("ix_auth_sessions_push_token", "push_token",
          postgresql_where=text("push_token is not null")),
)

auth_tokens = Table(
    "auth_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("session_id", Uuid, ForeignKey("auth_sessions.id", ondelete="CASCADE"),
           nullable=False),
    Column("kind", String(16), nullable=False),
    _ts("created_at", nullable=False),
    _ts("expires_at", nullable=False),
    _ts("rotated_at"),
    CheckConstraint("kind in ('session','access','refresh')", name="kind"),
    Index("ix_auth_tokens_session_id", "session_id"),
    Index("ix_auth_tokens_expires_at", "expires_at"),
)

one_time_tokens = Table(
    "one_time_tokens", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("purpose", String(32), nullable=False),
    _ts("created_at", nullable=False),
    _ts("expires_at", nullable=False),
    _ts("used_at"),
    # The address a change_email link moves the account to.
    Column("new_email", String(254)),
    Index("ix_one_time_tokens_user_purpose", "user_id", "purpose",
          postgresql_where=text("used_at is null")),
)

outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False, unique=True),
    Column("name", String(100), nullable=False),
    Column("payload", JSONB, nullable=False),
    _ts("occurred_at", nullable=False),
    _ts("dispatched_at"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
    _ts("next_attempt_at"),
    Column("failed", Boolean, nullable=False, server_default="false"),
    Index("ix_outbox_pending", "id",
          postgresql_where=text("dispatched_at is null and not failed")),
)

# One row per (event, handler): each handler of an event is delivered, retried and parked on
# its own. ``due_at`` is when the next attempt may start; while an attempt runs it is the end of
# the attempt's lease, so a delivery whose process died is taken up again after it.
event_deliveries = Table(
    "event_deliveries", metadata,
    Column("event_id", Uuid, ForeignKey("outbox.event_id", ondelete="CASCADE"),
           primary_key=True),
    Column("handler", String(200), primary_key=True),
    Column("status", String(10), nullable=False, server_default="pending"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    _ts("due_at", nullable=False),
    Column("last_error", Text),
    _ts("finished_at"),
    CheckConstraint("status in ('pending', 'done', 'failed')", name="status"),
    Index("ix_event_deliveries_due", "due_at", postgresql_where=text("status = 'pending'")),
)

# Durable timers (ADR 17): an event raised through the outbox when it falls due, at most once.
scheduled_events = Table(
    "scheduled_events", metadata,
    Column("key", String(200), primary_key=True),
    Column("event_id", Uuid, nullable=False),
    Column("name", String(100), nullable=False),
    Column("payload", JSONB, nullable=False),
    _ts("due_at", nullable=False),
    _ts("stale_at", nullable=False),
    Column("status", String(10), nullable=False, server_default="pending"),
    _ts("updated_at", nullable=False),
    CheckConstraint("status in ('pending', 'fired', 'dropped', 'cancelled')", name="status"),
    CheckConstraint("stale_at >= due_at", name="grace"),
    Index("ix_scheduled_events_due", "due_at", postgresql_where=text("status = 'pending'")),
)

# Background jobs (ADR 19): a failed job waits here for its next try (the worker kicks it back
# to the queue when due), ...
job_retries = Table(
    "job_retries", metadata,
    Column("key", String(200), primary_key=True),
    # "0" for the first series of tries; each `edu jobs retry` starts a new one.
    Column("chain", String(40), primary_key=True),
    Column("attempt", Integer, primary_key=True),
    Column("job", String(200), nullable=False),
    Column("payload", JSONB, nullable=False),
    _ts("enqueued_at", nullable=False),
    _ts("due_at", nullable=False),
    Column("last_error", Text, nullable=False),
    Index("ix_job_retries_due", "due_at"),
)

# ... and one that failed its last try lands here, for `edu jobs failed` / `edu jobs retry`.
job_dead_letters = Table(
    "job_dead_letters", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("job", String(200), nullable=False),
    Column("key", String(200), nullable=False),
    Column("chain", String(40), nullable=False),
    Column("payload", JSONB, nullable=False),
    Column("error", Text, nullable=False),
    Column("attempts", Integer, nullable=False),
    _ts("enqueued_at", nullable=False),
    _ts("failed_at", nullable=False),
    _ts("retried_at"),
    UniqueConstraint("key", "chain"),
    Index("ix_job_dead_letters_failed_at", "failed_at", "id"),
)

# One row per running `edu worker`, rewritten every few seconds (readiness reports its age).
worker_heartbeats = Table(
    "worker_heartbeats", metadata,
    Column("worker_id", String(100), primary_key=True),
    Column("hostname", String(255), nullable=False),
    Column("pid", Integer, nullable=False),
    _ts("started_at", nullable=False),
    _ts("seen_at", nullable=False),
    Index("ix_worker_heartbeats_seen_at", "seen_at"),
)

audit_log = Table(
    "audit_log", metadata,
    Column("id", Uuid, primary_key=True),
    Column("actor_id", Uuid, ForeignKey("users.id", ondelete="SET NULL")),
    Column("action", String(64), nullable=False),
    Column("target_type", String(32), nullable=False),
    Column("target_id", String(64), nullable=False),
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    _ts("occurred_at", nullable=False),
    Index("ix_audit_log_target", "target_type", "target_id", "occurred_at"),
    Index("ix_audit_log_actor", "actor_id", "occurred_at"),
    Index("ix_audit_log_occurred_at", "occurred_at"),
    # The operations console's audit search: by action, or by target id alone.
    Index("ix_audit_log_action", "action", "occurred_at"),
    Index("ix_audit_log_target_id", "target_id", "occurred_at"),
)

# Errors of every process (5xx answers, error-level log lines) for the operations console,
# written outside the failing request's transaction; pruned by age and count.
error_log = Table(
    "error_log", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    _ts("occurred_at", nullable=False),
    Column("request_id", String(64)),
    Column("method", String(10)),
    Column("route", String(300)),
    Column("status", Integer),
    Column("logger", String(100), nullable=False),
    Column("exception_type", String(200)),
    Column("message", String(500), nullable=False),
    Column("excerpt", Text, nullable=False),
    Column("process", String(100), nullable=False),
    Index("ix_error_log_request_id", "request_id"),
    # Route prefixes (LIKE 'x%') whatever the database's collation.
    Index("ix_error_log_route", "route", "id", postgresql_ops={"route": "varchar_pattern_ops"}),
    Index("ix_error_log_occurred_at", "occurred_at"),
)

# Catalog: deleting a parent with children is refused (RESTRICT); the application says why.
subjects = Table(
    "subjects", metadata,
    Column("id", Uuid, primary_key=True),
    Column("slug", String(80), nullable=False),
    Column("name", String(120), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("position", Integer, nullable=False, server_default="0"),
    Index("uq_subjects_slug", "slug", unique=True),
)

chapters = Table(
    "chapters", metadata,
    Column("id", Uuid, primary_key=True),
    Column("subject_id", Uuid, ForeignKey("subjects.id", ondelete="RESTRICT"), nullable=False),
    Column("slug", String(80), nullable=False),
    Column("name", String(120), nullable=False),
    Column("position", Integer, nullable=False, server_default="0"),
    Index("uq_chapters_subject_slug", "subject_id", "slug", unique=True),
)

topics = Table(
    "topics", metadata,
    Column("id", Uuid, primary_key=True),
    Column("chapter_id", Uuid, ForeignKey("chapters.id", ondelete="RESTRICT"), nullable=False),
    Column("slug", String(80), nullable=False),
    Column("name", String(120), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("position", Integer, nullable=False, server_default="0"),
    Index("uq_topics_slug", "slug", unique=True),
    Index("ix_topics_chapter_id", "chapter_id"),
)

mentor_profiles = Table(
    "mentor_profiles", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("headline", String(120), nullable=False, server_default=""),
    Column("bio", Text, nullable=False, server_default=""),
    Column("photo_key", String(200)),
    Column("languages", ARRAY(String(3)), nullable=False, server_default="{}"),
    Column("timezone", String(64), nullable=False),
    Column("hourly_rate_cents", Integer),
    Column("currency", String(3), nullable=False),
    Column("rejection_reason", Text),
    _ts("submitted_at"),
    _ts("verified_at"),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    # Kept by the reviews context once it exists; zero until then.
    Column("rating_avg", Numeric(3, 2), nullable=False, server_default="0"),
    Column("rating_count", Integer, nullable=False, server_default="0"),
    # Full-text search (S8): headline outweighs bio. 'simple' keeps names and jargon intact.
    Column("search_document", TSVECTOR, Computed(
        "setweight(to_tsvector('simple', coalesce(headline, '')), 'A') || "
        "setweight(to_tsvector('english', coalesce(bio, '')), 'B')", persisted=True)),
    CheckConstraint("status in ('draft','submitted','verified','rejected')", name="status"),
    CheckConstraint("hourly_rate_cents is null or hourly_rate_cents > 0", name="rate"),
    Index("ix_mentor_profiles_status_submitted", "status", "submitted_at"),
    Index("ix_mentor_profiles_search", "search_document", postgresql_using="gin"),
    Index("ix_mentor_profiles_languages", "languages", postgresql_using="gin"),
    Index("ix_mentor_profiles_verified_rate", "currency", "hourly_rate_cents",
          postgresql_where=text("status = 'verified'")),
)

mentor_topics = Table(
    "mentor_topics", metadata,
    Column("mentor_id", Uuid, ForeignKey("mentor_profiles.user_id", ondelete="CASCADE"),
           primary_key=True),
    # RESTRICT: a topic someone teaches cannot vanish from the catalog underneath them.
    Column("topic_id", Uuid, ForeignKey("topics.id", ondelete="RESTRICT"), primary_key=True),
    Index("ix_mentor_topics_topic_id", "topic_id"),
)

mentor_documents = Table(
    "mentor_documents", metadata,
    Column("id", Uuid, primary_key=True),
    Column("mentor_id", Uuid, ForeignKey("mentor_profiles.user_id", ondelete="CASCADE"),
           nullable=False),
    Column("blob_key", String(200), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    _ts("uploaded_at", nullable=False),
    Index("ix_mentor_documents_mentor_id", "mentor_id"),
)

# One row per mentor: the weekly windows and overrides are small documents always read whole.
mentor_availability = Table(
    "mentor_availability", metadata,
    Column("mentor_id", Uuid, ForeignKey("mentor_profiles.user_id", ondelete="CASCADE"),
           primary_key=True),
    Column("timezone", String(64), nullable=False),
    Column("session_lengths", ARRAY(Integer), nullable=False),
    Column("buffer_minutes", Integer, nullable=False),
    Column("min_notice_minutes", Integer, nullable=False),
    Column("horizon_days", Integer, nullable=False),
    Column("weekly", JSONB, nullable=False),
    Column("overrides", JSONB, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    _ts("updated_at", nullable=False),
)

# Exchange rates (issue #9): the value of one major unit of ``currency`` in USD, to compare and
# show prices across currencies. Exact decimals; money itself stays integer minor units.
exchange_rates = Table(
    "exchange_rates", metadata,
    Column("currency", String(3), primary_key=True),
    Column("rate", Numeric(18, 9), nullable=False),
    _ts("updated_at", nullable=False),
    Column("updated_by", Uuid, ForeignKey("users.id", ondelete="SET NULL")),
    CheckConstraint("rate > 0", name="rate_positive"),
)

mentor_portfolio = Table(
    "mentor_portfolio", metadata,
    Column("id", Uuid, primary_key=True),
    Column("mentor_id", Uuid, ForeignKey("mentor_profiles.user_id", ondelete="CASCADE"),
           nullable=False),
    Column("title", String(120), nullable=False),
    Column("blob_key", String(200), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    _ts("uploaded_at", nullable=False),
    Index("ix_mentor_portfolio_mentor_id", "mentor_id"),
)

notifications = Table(
    "notifications", metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("link", String(500)),
    _ts("created_at", nullable=False),
    _ts("read_at"),
    Index("ix_notifications_user_created", "user_id", "created_at"),
    Index("ix_notifications_user_unread", "user_id", postgresql_where=text("read_at is null")),
)

# Choices that differ from the default (every notification on every channel it has); a row
# per type and channel the person set.
notification_preferences = Table(
    "notification_preferences", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(64), primary_key=True),
    Column("channel", String(16), primary_key=True),
    Column("enabled", Boolean, nullable=False),
    _ts("updated_at", nullable=False),
    CheckConstraint("channel in ('email','in_app','push')", name="channel"),
)

# Content (S13-S15): the item row holds the review state; versions are append-only.
content_items = Table(
    "content_items", metadata,
    Column("id", Uuid, primary_key=True),
    # RESTRICT: lessons cannot vanish with a topic; the catalog refuses the deletion instead.
    Column("topic_id", Uuid, ForeignKey("topics.id", ondelete="RESTRICT"), nullable=False),
    Column("mentor_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("latest_version", Integer, nullable=False),
    Column("live_version", Integer),
    Column("feedback", Text),
    _ts("submitted_at"),
    _ts("reviewed_at"),
    Column("reviewed_by", Uuid, ForeignKey("users.id", ondelete="SET NULL")),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    # Made by the content assistant from another item; stays set through later edits, so
    # the reviewer always knows where the text came from.
    Column("machine_suggested", Boolean, nullable=False, server_default=text("false")),
    CheckConstraint("status in ('draft','pending','approved','rejected')", name="status"),
    CheckConstraint("live_version is null or live_version <= latest_version",
                    name="live_version"),
    Index("ix_content_items_mentor_updated", "mentor_id", "updated_at"),
    Index("ix_content_items_status_submitted", "status", "submitted_at"),
    Index("ix_content_items_topic_live", "topic_id", "created_at",
          postgresql_where=text("live_version is not null")),
)

content_versions = Table(
    "content_versions", metadata,
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="CASCADE"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("body", JSONB, nullable=False),
    Column("author_id", Uuid, ForeignKey("users.id", ondelete="SET NULL")),
    Column("change_summary", String(200), nullable=False, server_default=""),
    Column("reverted_from", Integer),
    _ts("created_at", nullable=False),
    CheckConstraint("number >= 1", name="number"),
)

content_attempts = Table(
    "content_attempts", metadata,
    Column("id", Uuid, primary_key=True),
    Column("item_id", Uuid, nullable=False),
    Column("version", Integer, nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("answer", JSONB, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("time_taken_ms", Integer, nullable=False),
    _ts("created_at", nullable=False),
    # Help asked for on this attempt (hints revealed, worked solution shown).
    Column("hints_used", Integer, nullable=False, server_default="0"),
    Column("solution_shown", Boolean, nullable=False, server_default=text("false")),
    CheckConstraint("time_taken_ms >= 0", name="time_taken"),
    CheckConstraint("hints_used >= 0", name="hints_used"),
    # The attempt answers one exact version, which therefore must exist.
    ForeignKeyConstraint(["item_id", "version"],
                         ["content_versions.item_id", "content_versions.number"],
                         ondelete="CASCADE"),
    Index("ix_content_attempts_user_item", "user_id", "item_id", "created_at"),
    Index("ix_content_attempts_item_version", "item_id", "version"),
)

# Content search (S16): one row per item, rewritten with every save in the same transaction.
# ``live_*`` is the approved version as learners read it (no answers), ``latest_*`` the newest
# version as its author reads it. Kind, topic and mentor are copies of the item's, for filters.
SEARCH_CONFIG = "english"


def _search_document(prefix: str) -> Computed:
    return Computed(
        f"case when {prefix}_version is null then null else "
        f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, {prefix}_title), 'A') || "
        f"setweight(to_tsvector('{SEARCH_CONFIG}'::regconfig, {prefix}_text), 'B') end",
        persisted=True)


def _title_document(prefix: str) -> Computed:
    return Computed(
        f"case when {prefix}_version is null then null else "
        f"to_tsvector('{SEARCH_CONFIG}'::regconfig, {prefix}_title) end", persisted=True)


content_search = Table(
    "content_search", metadata,
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="CASCADE"),
           primary_key=True),
    Column("topic_id", Uuid, nullable=False),
    Column("mentor_id", Uuid, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("status", String(16), nullable=False),
    Column("live_version", Integer),
    Column("live_title", String(200)),
    Column("live_text", Text),
    Column("latest_version", Integer, nullable=False),
    Column("latest_title", String(200), nullable=False),
    Column("latest_text", Text, nullable=False),
    Column("live_document", TSVECTOR, _search_document("live")),
    Column("latest_document", TSVECTOR, _search_document("latest")),
    # Titles alone: where a common word matches thousands of items, the items it names in
    # their title are found first (the ranking only looks at a bounded set of candidates).
    Column("live_title_document", TSVECTOR, _title_document("live")),
    Column("latest_title_document", TSVECTOR, _title_document("latest")),
    # Learners' searches only ever touch these indexes: live versions, nothing else.
    Index("ix_content_search_live", "live_document", postgresql_using="gin",
          postgresql_where=text("live_version is not null")),
    Index("ix_content_search_live_title", "live_title_document", postgresql_using="gin",
          postgresql_where=text("live_version is not null")),
    Index("ix_content_search_latest", "latest_document", postgresql_using="gin"),
    Index("ix_content_search_latest_title", "latest_title_document", postgresql_using="gin"),
    Index("ix_content_search_mentor_id", "mentor_id"),
    Index("ix_content_search_topic_id", "topic_id"),
    # The search box's suggestions: typo-tolerant matches on live titles.
    Index("ix_content_search_live_title_trgm", "live_title", postgresql_using="gin",
          postgresql_ops={"live_title": "gin_trgm_ops"},
          postgresql_where=text("live_version is not null")),
)

# Courses: a mentor's ordered selection of their own items. The item rows are rewritten whole
# on every change of the list, so the (course, position) uniqueness needs no deferral.
courses = Table(
    "courses", metadata,
    Column("id", Uuid, primary_key=True),
    Column("mentor_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # SET NULL: the subject is a label for browsing; deleting it leaves the course unlabelled.
    Column("subject_id", Uuid, ForeignKey("subjects.id", ondelete="SET NULL")),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("status", String(16), nullable=False),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    _ts("published_at"),
    Column("version", Integer, nullable=False, server_default="1"),
    CheckConstraint("status in ('draft','published')", name="status"),
    Index("ix_courses_mentor_updated", "mentor_id", "updated_at"),
    Index("ix_courses_subject_id", "subject_id"),
    Index("ix_courses_published", "published_at",
          postgresql_where=text("status = 'published'")),
    Index("ix_courses_title_trgm", "title", postgresql_using="gin",
          postgresql_ops={"title": "gin_trgm_ops"},
          postgresql_where=text("status = 'published'")),
)

course_items = Table(
    "course_items", metadata,
    Column("course_id", Uuid, ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="CASCADE"),
           primary_key=True),
    Column("position", Integer, nullable=False),
    CheckConstraint("position >= 0", name="position"),
    Index("uq_course_items_course_position", "course_id", "position", unique=True),
    Index("ix_course_items_item_id", "item_id"),
)

course_enrolments = Table(
    "course_enrolments", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("course_id", Uuid, ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True),
    _ts("enrolled_at", nullable=False),
    Index("ix_course_enrolments_user_enrolled", "user_id", "enrolled_at"),
    Index("ix_course_enrolments_course_id", "course_id"),
)

# Notes and simulations a learner marked done; questions are done by a correct attempt.
content_completions = Table(
    "content_completions", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="CASCADE"),
           primary_key=True),
    _ts("completed_at", nullable=False),
    Index("ix_content_completions_item_id", "item_id"),
)

# A course completed: issued once per (learner, course), verified by its random code. Names
# and title are copied at issue so the certificate reads the same after later renames; the
# course may be deleted (SET NULL) without voiding it.
course_certificates = Table(
    "course_certificates", metadata,
    Column("id", Uuid, primary_key=True),
    Column("code", String(64), nullable=False),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("course_id", Uuid, ForeignKey("courses.id", ondelete="SET NULL")),
    Column("learner_name", Text, nullable=False),
    Column("course_title", Text, nullable=False),
    Column("mentor_name", Text, nullable=False),
    _ts("issued_at", nullable=False),
    Index("uq_course_certificates_code", "code", unique=True),
    Index("uq_course_certificates_user_course", "user_id", "course_id", unique=True),
)

# Study time (S28): each person's latest heartbeat (the server's clock), which the next one
# is credited against, and the seconds credited per item and local day of the learner.
study_presence = Table(
    "study_presence", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    _ts("last_beat_at", nullable=False),
)

study_time = Table(
    "study_time", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="CASCADE"),
           primary_key=True),
    Column("seconds", Integer, nullable=False),
    _ts("last_at", nullable=False),
    CheckConstraint("seconds >= 0", name="seconds"),
    # A mentor's items: time and learners per item, per day.
    Index("ix_study_time_item_day", "item_id", "day"),
)

# Bookings (S22-S24): a mentor's booking terms, one row per mentor; absent = the defaults.
booking_policies = Table(
    "booking_policies", metadata,
    Column("mentor_id", Uuid, ForeignKey("mentor_profiles.user_id", ondelete="CASCADE"),
           primary_key=True),
    Column("free_until_hours", Integer, nullable=False),
    Column("late_refund_percent", Integer, nullable=False),
    Column("trial_minutes", Integer),
    Column("trial_price_percent", Integer),
    Column("max_sessions_per_day", Integer, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    _ts("updated_at", nullable=False),
)

SESSION_STATUSES = ("held", "awaiting_payment", "confirmed", "completed", "cancelled",
                    "no_show_student", "no_show_mentor", "disputed", "expired")
# The statuses whose time range is taken (domain.bookings.BLOCKING).
_BLOCKING = "status in ('held', 'awaiting_payment', 'confirmed')"

# A booked session. No double booking by construction: two sessions that take their range
# cannot overlap for one mentor, nor for one student (exclusion constraints, btree_gist).
mentoring_sessions = Table(
    "mentoring_sessions", metadata,
    Column("id", Uuid, primary_key=True),
    Column("student_id", Uuid, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
    Column("mentor_id", Uuid, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
    _ts("starts_at", nullable=False),
    _ts("ends_at", nullable=False),
    Column("price", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("trial", Boolean, nullable=False, server_default="false"),
    Column("status", String(20), nullable=False),
    _ts("hold_expires_at", nullable=False),
    Column("checkout_ref", String(255)),
    Column("payment_ref", String(255)),
    Column("paid", BigInteger, nullable=False, server_default="0"),
    Column("refunded", BigInteger, nullable=False, server_default="0"),
    Column("cancelled_by", String(10)),
    Column("sequence", Integer, nullable=False, server_default="0"),
    Column("reschedules", Integer, nullable=False, server_default="0"),
    Column("meeting_url", Text, nullable=False, server_default=""),
    Column("notes", Text, nullable=False, server_default=""),
    Column("topic_id", Uuid, ForeignKey("topics.id", ondelete="SET NULL")),
    Column("free_until_hours", Integer, nullable=False),
    Column("late_refund_percent", Integer, nullable=False),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    CheckConstraint("status in (" + ", ".join(f"'{s}'" for s in SESSION_STATUSES) + ")",
                    name="status"),
    CheckConstraint("ends_at > starts_at", name="range"),
    CheckConstraint("0 <= refunded and refunded <= paid", name="refund"),
    CheckConstraint("student_id <> mentor_id", name="parties"),
    ExcludeConstraint(("mentor_id", "="),
                      (func.tstzrange(column("starts_at"), column("ends_at")), "&&"),
                      name="ex_mentoring_sessions_mentor_time", using="gist",
                      where=text(_BLOCKING)),
    ExcludeConstraint(("student_id", "="),
                      (func.tstzrange(column("starts_at"), column("ends_at")), "&&"),
                      name="ex_mentoring_sessions_student_time", using="gist",
                      where=text(_BLOCKING)),
    # The trial lesson: once per student and mentor, unless it never took place.
    Index("uq_mentoring_sessions_trial", "student_id", "mentor_id", unique=True,
          postgresql_where=text("trial and status not in ('expired', 'cancelled')")),
    Index("ix_mentoring_sessions_mentor_starts", "mentor_id", "starts_at"),
    Index("ix_mentoring_sessions_topic", "topic_id", postgresql_where=text("topic_id IS NOT NULL")),
    Index("ix_mentoring_sessions_student_starts", "student_id", "starts_at"),
    Index("ix_mentoring_sessions_checkout_ref", "checkout_ref"),
    # The admins' queue of disputes, the longest waiting first.
    Index("ix_mentoring_sessions_disputed", "updated_at", "id",
          postgresql_where=text("status = 'disputed'")),
)

GROUP_SESSION_STATUSES = ("scheduled", "completed", "cancelled")
SEAT_STATUSES = ("held", "expired", "taken", "cancelled", "released")

# A mentor's session with up to ``capacity`` students (S40). ``seats_taken`` is written with
# the seats, under the row's version: the check keeps the capacity even against a bug.
group_sessions = Table(
    "group_sessions", metadata,
    Column("id", Uuid, primary_key=True),
    Column("mentor_id", Uuid, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
    Column("title", String(120), nullable=False),
    _ts("starts_at", nullable=False),
    _ts("ends_at", nullable=False),
    Column("capacity", Integer, nullable=False),
    Column("seats_taken", Integer, nullable=False, server_default="0"),
    Column("seat_price", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(20), nullable=False),
    Column("free_until_hours", Integer, nullable=False),
    Column("late_refund_percent", Integer, nullable=False),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    CheckConstraint("status in (" + ", ".join(f"'{s}'" for s in GROUP_SESSION_STATUSES) + ")",
                    name="status"),
    CheckConstraint("ends_at > starts_at", name="range"),
    CheckConstraint("capacity >= 2 and 0 <= seats_taken and seats_taken <= capacity",
                    name="seats"),
    CheckConstraint("seat_price >= 0", name="price"),
    Index("ix_group_sessions_mentor_starts", "mentor_id", "starts_at"),
)

group_seats = Table(
    "group_seats", metadata,
    Column("id", Uuid, primary_key=True),
    Column("group_session_id", Uuid, ForeignKey("group_sessions.id", ondelete="CASCADE"),
           nullable=False),
    Column("student_id", Uuid, ForeignKey("users.id", ondelete="RESTRICT"), nullable=False),
    Column("status", String(20), nullable=False),
    _ts("taken_at", nullable=False),
    _ts("ended_at"),
    Column("price", BigInteger, nullable=False, server_default="0"),
    _ts("hold_expires_at"),
    Column("checkout_ref", String(255)),
    Column("payment_ref", String(255)),
    Column("paid", BigInteger, nullable=False, server_default="0"),
    Column("refunded", BigInteger, nullable=False, server_default="0"),
    CheckConstraint("status in (" + ", ".join(f"'{s}'" for s in SEAT_STATUSES) + ")",
                    name="status"),
    CheckConstraint("price >= 0 and paid >= 0 and 0 <= refunded and refunded <= paid",
                    name="money"),
    # One held or taken seat per student and session; given back, it may be taken again.
    Index("uq_group_seats_student", "group_session_id", "student_id", unique=True,
          postgresql_where=text("status in ('held', 'taken')")),
    Index("uq_group_seats_checkout_ref", "checkout_ref", unique=True,
          postgresql_where=text("checkout_ref IS NOT NULL")),
    Index("ix_group_seats_student_id", "student_id", "group_session_id"),
)

# The time each person is taken, whatever kind of session takes it: kept by triggers on
# mentoring_sessions, group_sessions and group_seats (migration 0036), so one exclusion per
# party covers both kinds and no code path can forget it. ``source_id`` is the session's or
# the seat's id.
time_claims = Table(
    "time_claims", metadata,
    Column("source_id", Uuid, primary_key=True),
    Column("user_id", Uuid, primary_key=True),
    Column("party", String(10), nullable=False),
    _ts("starts_at", nullable=False),
    _ts("ends_at", nullable=False),
    CheckConstraint("party in ('mentor', 'student')", name="party"),
    CheckConstraint("ends_at > starts_at", name="range"),
    ExcludeConstraint(("user_id", "="),
                      (func.tstzrange(column("starts_at"), column("ends_at")), "&&"),
                      name="ex_time_claims_mentor", using="gist",
                      where=text("party = 'mentor'")),
    ExcludeConstraint(("user_id", "="),
                      (func.tstzrange(column("starts_at"), column("ends_at")), "&&"),
                      name="ex_time_claims_student", using="gist",
                      where=text("party = 'student'")),
)

# Every move of a session: who (null: the platform), when, from what to what, why.
session_transitions = Table(
    "session_transitions", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("session_id", Uuid, ForeignKey("mentoring_sessions.id", ondelete="CASCADE"),
           nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    _ts("at", nullable=False),
    Column("by_user", Uuid),
    Column("reason", Text, nullable=False, server_default=""),
    Index("ix_session_transitions_session_id", "session_id", "id"),
    # Disputes opened and decided in a period (the finance dashboard).
    Index("ix_session_transitions_disputes", "at",
          postgresql_where=text("to_status = 'disputed' or from_status = 'disputed'")),
)

# The double-entry books (domain.bookings.ledger): a posting's entries sum to zero.
ledger_postings = Table(
    "ledger_postings", metadata,
    Column("id", Uuid, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("session_id", Uuid, ForeignKey("mentoring_sessions.id", ondelete="RESTRICT")),
    _ts("at", nullable=False),
    # A group session's seat, for the postings of a paid seat (session_id null then).
    Column("seat_id", Uuid, ForeignKey("group_seats.id", ondelete="RESTRICT")),
    Index("ix_ledger_postings_session_id", "session_id"),
    Index("ix_ledger_postings_seat_id", "seat_id", postgresql_where=text("seat_id IS NOT NULL")),
    Index("ix_ledger_postings_at", "at"),
)

ledger_entries = Table(
    "ledger_entries", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("posting_id", Uuid, ForeignKey("ledger_postings.id", ondelete="RESTRICT"),
           nullable=False),
    Column("account", String(20), nullable=False),
    Column("owner_id", Uuid),
    Column("amount", BigInteger, nullable=False),
    CheckConstraint("amount <> 0", name="amount"),
    Index("ix_ledger_entries_posting_id", "posting_id"),
    Index("ix_ledger_entries_owner_account", "owner_id", "account"),
)

# Payment gateway events already applied: a repeated delivery finds its id here and does
# nothing (stored in the transaction of its effect).
payment_events = Table(
    "payment_events", metadata,
    Column("event_id", String(255), primary_key=True),
    Column("type", String(100), nullable=False),
    _ts("received_at", nullable=False),
)

# The built-in test payment gateway (the embedded default): its checkouts and refunds, kept
# like a gateway keeps them, so payments survive restarts and work across API processes.
test_checkouts = Table(
    "test_checkouts", metadata,
    Column("ref", String(64), primary_key=True),
    Column("idempotency_key", String(200), nullable=False),
    Column("session_id", Uuid, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("description", Text, nullable=False),
    Column("customer_email", String(320), nullable=False),
    Column("success_url", Text, nullable=False),
    Column("cancel_url", Text, nullable=False),
    _ts("expires_at", nullable=False),
    Column("status", String(10), nullable=False),
    Column("payment_ref", String(64)),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    CheckConstraint("status in ('open', 'paid', 'expired')", name="status"),
    UniqueConstraint("idempotency_key", name="uq_test_checkouts_idempotency_key"),
)

test_refunds = Table(
    "test_refunds", metadata,
    Column("idempotency_key", String(200), primary_key=True),
    Column("ref", String(64), nullable=False),
    Column("payment_ref", String(64), nullable=False),
    Column("amount", BigInteger, nullable=False),
    _ts("created_at", nullable=False),
    CheckConstraint("amount > 0", name="amount"),
    Index("ix_test_refunds_payment_ref", "payment_ref"),
)

PAYOUT_ACCOUNT_STATES = ("onboarding", "ready", "restricted")

# Each mentor's payout account at the payment gateway (domain.bookings.payouts), as the
# gateway last reported it.
payout_accounts = Table(
    "payout_accounts", metadata,
    Column("mentor_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("gateway", String(20), nullable=False),
    Column("account_ref", String(255), nullable=False),
    Column("state", String(12), nullable=False),
    Column("reason", Text),
    _ts("updated_at", nullable=False),
    CheckConstraint("state in (" + ", ".join(f"'{s}'" for s in PAYOUT_ACCOUNT_STATES) + ")",
                    name="state"),
    UniqueConstraint("account_ref", name="uq_payout_accounts_account_ref"),
)

# Each session's share sent to the mentor's payout account (number 0) and the reversals of it
# after refunds (1, 2, ...): written before the gateway is called, ``ref`` once it answered.
payout_transfers = Table(
    "payout_transfers", metadata,
    Column("session_id", Uuid, ForeignKey("mentoring_sessions.id", ondelete="RESTRICT"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("mentor_id", Uuid, nullable=False),
    Column("destination", String(255), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("ref", String(255)),
    _ts("created_at", nullable=False),
    _ts("sent_at"),
    CheckConstraint("amount > 0", name="amount"),
    CheckConstraint("number >= 0", name="number"),
    # What the gateway has not confirmed yet: the payout job's retries.
    Index("ix_payout_transfers_unsent", "created_at", postgresql_where=text("sent_at is null")),
)

# The built-in test gateway's payout accounts, kept like a gateway keeps them: opened once per
# idempotency key, made ready (or restricted) on its "test payout account" page.
test_payout_accounts = Table(
    "test_payout_accounts", metadata,
    Column("ref", String(64), primary_key=True),
    Column("idempotency_key", String(200), nullable=False),
    Column("mentor_id", Uuid, nullable=False),
    Column("email", String(320), nullable=False),
    Column("country", String(2), nullable=False),
    Column("state", String(12), nullable=False),
    Column("reason", Text),
    Column("return_url", Text),
    Column("refresh_url", Text),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    CheckConstraint("state in (" + ", ".join(f"'{s}'" for s in PAYOUT_ACCOUNT_STATES) + ")",
                    name="state"),
    UniqueConstraint("idempotency_key", name="uq_test_payout_accounts_idempotency_key"),
)

REVIEW_STATUSES = ("visible", "reported", "hidden")

# A student's review of a completed session (domain.reviews): one per session. The mentor's
# rating columns on mentor_profiles are recomputed from the public ones at every change.
reviews = Table(
    "reviews", metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_id", Uuid, ForeignKey("mentoring_sessions.id", ondelete="RESTRICT"),
           nullable=False),
    Column("mentor_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("student_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("rating", Integer, nullable=False),
    Column("text", Text, nullable=False, server_default=""),
    Column("reply", Text, nullable=False, server_default=""),
    _ts("replied_at"),
    Column("status", String(10), nullable=False),
    _ts("reported_at"),
    Column("hidden_reason", Text),
    _ts("hidden_at"),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    CheckConstraint("rating between 1 and 5", name="rating"),
    CheckConstraint("status in (" + ", ".join(f"'{s}'" for s in REVIEW_STATUSES) + ")",
                    name="status"),
    Index("uq_reviews_session", "session_id", unique=True),
    Index("ix_reviews_mentor_created", "mentor_id", "created_at"),
    Index("ix_reviews_student_created", "student_id", "created_at"),
    Index("ix_reviews_status_reported", "status", "reported_at"),
)

review_reports = Table(
    "review_reports", metadata,
    Column("id", Uuid, primary_key=True),
    Column("review_id", Uuid, ForeignKey("reviews.id", ondelete="CASCADE"), nullable=False),
    Column("reporter_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("reason", Text, nullable=False),
    _ts("created_at", nullable=False),
    _ts("resolved_at"),
    Index("uq_review_reports_reporter", "review_id", "reporter_id", unique=True),
)

# The forum (domain.forum, ADR 25). Lists and searches only ever read what everyone may see,
# so their indexes are partial on the visible rows.
FORUM_STATUSES = ("visible", "hidden", "deleted", "removed")
_FORUM_STATUS = "status in (" + ", ".join(f"'{s}'" for s in FORUM_STATUSES) + ")"
_VISIBLE = text("status = 'visible'")


def _recent(*leading: str) -> tuple[Any, ...]:
    """Index columns for "latest activity first" (newest id first among equals)."""
    return (*leading, column("last_activity_at").desc(), column("id").desc())


forum_categories = Table(
    "forum_categories", metadata,
    Column("id", Uuid, primary_key=True),
    Column("name", String(80), nullable=False),
    Column("slug", String(80), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("position", Integer, nullable=False, server_default="0"),
    Column("subject_id", Uuid, ForeignKey("subjects.id", ondelete="SET NULL")),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    Index("uq_forum_categories_slug", "slug", unique=True),
    Index("ix_forum_categories_position", "position", "name"),
    Index("ix_forum_categories_subject_id", "subject_id"),
)

forum_threads = Table(
    "forum_threads", metadata,
    Column("id", Uuid, primary_key=True),
    Column("category_id", Uuid, ForeignKey("forum_categories.id", ondelete="RESTRICT"),
           nullable=False),
    Column("author_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("title", String(150), nullable=False),
    Column("topic_id", Uuid, ForeignKey("topics.id", ondelete="SET NULL")),
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="SET NULL")),
    Column("item_mentor_id", Uuid),
    Column("status", String(10), nullable=False),
    # No foreign key: posts are never deleted, and the thread row is written first.
    Column("accepted_post_id", Uuid),
    Column("accepted_by", Uuid),
    _ts("accepted_at"),
    Column("solved", Boolean, nullable=False, server_default=text("false")),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    # Counters, changed by atomic updates only (see ports.forum).
    _ts("last_activity_at", nullable=False),
    Column("reply_count", Integer, nullable=False, server_default="0"),
    Column("score", Integer, nullable=False, server_default="0"),
    Column("post_count", Integer, nullable=False, server_default="1"),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("title_document", TSVECTOR, Computed(
        f"to_tsvector('{SEARCH_CONFIG}'::regconfig, title)", persisted=True)),
    CheckConstraint(_FORUM_STATUS, name="status"),
    CheckConstraint("solved = (accepted_post_id is not null)", name="solved"),
    Index("ix_forum_threads_activity", *_recent(), postgresql_where=_VISIBLE),
    Index("ix_forum_threads_category_activity", *_recent("category_id"),
          postgresql_where=_VISIBLE),
    Index("ix_forum_threads_topic_activity", *_recent("topic_id"),
          postgresql_where=text("status = 'visible' and topic_id is not null")),
    Index("ix_forum_threads_item_activity", *_recent("item_id"),
          postgresql_where=text("status = 'visible' and item_id is not null")),
    Index("ix_forum_threads_votes", column("score").desc(), *_recent(),
          postgresql_where=_VISIBLE),
    Index("ix_forum_threads_category_votes", "category_id", column("score").desc(),
          *_recent(), postgresql_where=_VISIBLE),
    Index("ix_forum_threads_solved_activity", *_recent("solved"), postgresql_where=_VISIBLE),
    Index("ix_forum_threads_category_solved_activity", *_recent("category_id", "solved"),
          postgresql_where=_VISIBLE),
    Index("ix_forum_threads_author", "author_id", "created_at"),
    Index("ix_forum_threads_title_document", "title_document", postgresql_using="gin",
          postgresql_where=_VISIBLE),
)

forum_posts = Table(
    "forum_posts", metadata,
    Column("id", Uuid, primary_key=True),
    Column("thread_id", Uuid, ForeignKey("forum_threads.id", ondelete="CASCADE"),
           nullable=False),
    Column("author_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("parent_id", Uuid),
    Column("reply_to_number", Integer),
    Column("depth", Integer, nullable=False),
    # Compared byte by byte: a locale's collation may skip the dots between segments.
    Column("path", String(40, collation="C"), nullable=False),
    Column("markdown", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("body_text", Text, nullable=False),
    Column("status", String(10), nullable=False),
    _ts("edited_at"),
    Column("revision_count", Integer, nullable=False, server_default="1"),
    Column("hidden_by_flags", Boolean, nullable=False, server_default=text("false")),
    Column("moderation_action", String(10)),
    Column("moderation_reason", Text),
    _ts("moderated_at"),
    _ts("deleted_at"),
    Column("score", Integer, nullable=False, server_default="0"),
    Column("upvotes", Integer, nullable=False, server_default="0"),
    Column("downvotes", Integer, nullable=False, server_default="0"),
    Column("open_flag_count", Integer, nullable=False, server_default="0"),
    _ts("flagged_at"),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("search_document", TSVECTOR, Computed(
        f"to_tsvector('{SEARCH_CONFIG}'::regconfig, body_text)", persisted=True)),
    CheckConstraint(_FORUM_STATUS, name="status"),
    CheckConstraint("depth between 0 and 3", name="depth"),
    CheckConstraint("number >= 1", name="number"),
    Index("uq_forum_posts_thread_number", "thread_id", "number", unique=True),
    Index("ix_forum_posts_thread_path", "thread_id", "path"),
    Index("ix_forum_posts_thread_created", "thread_id", "created_at"),
    Index("ix_forum_posts_author", "author_id", "created_at"),
    Index("ix_forum_posts_flagged", "flagged_at", postgresql_where=text("open_flag_count > 0")),
    Index("ix_forum_posts_search_document", "search_document", postgresql_using="gin",
          postgresql_where=_VISIBLE),
)

# Every state of a post's text (its edit history), never changed once written.
forum_post_revisions = Table(
    "forum_post_revisions", metadata,
    Column("post_id", Uuid, ForeignKey("forum_posts.id", ondelete="CASCADE"),
           primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("markdown", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("title", String(150)),
    Column("editor_id", Uuid, nullable=False),
    _ts("created_at", nullable=False),
)

# One vote per person and post (a vote taken back is deleted).
forum_votes = Table(
    "forum_votes", metadata,
    Column("post_id", Uuid, ForeignKey("forum_posts.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("value", Integer, nullable=False),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    CheckConstraint("value in (-1, 1)", name="value"),
    Index("ix_forum_votes_user_id", "user_id"),
)

forum_flags = Table(
    "forum_flags", metadata,
    Column("id", Uuid, primary_key=True),
    Column("post_id", Uuid, ForeignKey("forum_posts.id", ondelete="CASCADE"), nullable=False),
    Column("flagger_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("reason", Text, nullable=False),
    _ts("created_at", nullable=False),
    _ts("resolved_at"),
    Index("uq_forum_flags_flagger", "post_id", "flagger_id", unique=True),
    Index("ix_forum_flags_flagger_id", "flagger_id"),
)

# An explicit choice to watch a thread (true) or to mute it (false).
forum_watches = Table(
    "forum_watches", metadata,
    Column("thread_id", Uuid, ForeignKey("forum_threads.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("watching", Boolean, nullable=False),
    _ts("updated_at", nullable=False),
    Index("ix_forum_watches_user_id", "user_id"),
)

# A session's chat (domain.chat). The room row numbers its messages: a sender takes the next
# number under the row's lock, so messages of one room are 1, 2, 3, ... in commit order.
chat_rooms = Table(
    "chat_rooms", metadata,
    Column("session_id", Uuid, ForeignKey("mentoring_sessions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("last_seq", BigInteger, nullable=False, server_default="0"),
    CheckConstraint("last_seq >= 0", name="last_seq"),
)

# One message; (session, sender, client id) is unique so that a client's retry stores nothing.
chat_messages = Table(
    "chat_messages", metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_id", Uuid, ForeignKey("chat_rooms.session_id", ondelete="CASCADE"),
           nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("sender_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("client_id", String(64), nullable=False),
    Column("body", Text, nullable=False),
    Column("html", Text, nullable=False),
    _ts("created_at", nullable=False),
    CheckConstraint("seq > 0", name="seq"),
    Index("uq_chat_messages_seq", "session_id", "seq", unique=True),
    Index("uq_chat_messages_client", "session_id", "sender_id", "client_id", unique=True),
    # A person's own messages (the data export).
    Index("ix_chat_messages_sender_created", "sender_id", "created_at"),
)

# A file uploaded to a room; part of a message once one names it (message_id set).
chat_attachments = Table(
    "chat_attachments", metadata,
    Column("id", Uuid, primary_key=True),
    Column("session_id", Uuid, ForeignKey("mentoring_sessions.id", ondelete="CASCADE"),
           nullable=False),
    Column("uploader_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("message_id", Uuid, ForeignKey("chat_messages.id", ondelete="CASCADE")),
    Column("blob_key", String(200), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(127), nullable=False),
    Column("size", BigInteger, nullable=False),
    _ts("created_at", nullable=False),
    Index("ix_chat_attachments_session_id", "session_id"),
    Index("ix_chat_attachments_message_id", "message_id"),
    # A person's files never sent (removed with the account).
    Index("ix_chat_attachments_unsent", "uploader_id",
          postgresql_where=text("message_id is null")),
)

# The student's choice about showing their name if the chat is shared in the forum, and the
# thread it became (domain.chat_sharing); a session's chat is shared once.
chat_sharing = Table(
    "chat_sharing", metadata,
    Column("session_id", Uuid, ForeignKey("mentoring_sessions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("student_name_shown", Boolean, nullable=False, server_default="false"),
    # Deferred: the thread is written when its unit of work commits, after this row.
    Column("thread_id", Uuid, ForeignKey("forum_threads.id", ondelete="SET NULL",
                                         deferrable=True, initially="DEFERRED")),
    Column("shared_by", Uuid, ForeignKey("users.id", ondelete="SET NULL")),
    _ts("shared_at"),
    _ts("updated_at", nullable=False),
)

# How far each party has read a room (the highest seq), never moving back.
chat_reads = Table(
    "chat_reads", metadata,
    Column("session_id", Uuid, ForeignKey("mentoring_sessions.id", ondelete="CASCADE"),
           primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("last_read_seq", BigInteger, nullable=False),
    _ts("read_at", nullable=False),
)

# ---- video lessons (S17) ------------------------------------------------------------------

# A processed video (domain.video): the source as uploaded, then the playable files.
videos = Table(
    "videos", metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("source_key", String(200), nullable=False),
    Column("status", String(16), nullable=False),
    Column("progress", Numeric(5, 4), nullable=False, server_default="0"),
    Column("failure_code", String(64)),
    Column("failure_message", Text),
    Column("duration_seconds", Numeric(10, 3)),
    Column("width", Integer),
    Column("height", Integer),
    Column("video_key", String(200)),
    Column("poster_key", String(200)),
    # {key, columns, rows, interval_seconds, tile_width, tile_height, count}
    Column("sprite", JSONB),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    CheckConstraint("status in ('processing', 'ready', 'failed')", name="status"),
    Index("ix_videos_owner_id_created_at", "owner_id", "created_at"),
)

# A resumable upload session; its parts live in the blob store under ``storage_upload_id``.
video_uploads = Table(
    "video_uploads", metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("content_type", String(127), nullable=False),
    Column("part_size", Integer, nullable=False),
    Column("storage_key", String(200), nullable=False),
    Column("storage_upload_id", String(1024), nullable=False),
    Column("status", String(16), nullable=False),
    Column("video_id", Uuid, ForeignKey("videos.id", ondelete="SET NULL")),
    _ts("created_at", nullable=False),
    _ts("expires_at", nullable=False),
    CheckConstraint("status in ('uploading', 'completed', 'aborted')", name="status"),
    Index("ix_video_uploads_owner_id", "owner_id"),
    Index("ix_video_uploads_video_id", "video_id"),
)

# WebVTT tracks; ``cues`` ([{start, end, text}]) feed the transcript search.
video_captions = Table(
    "video_captions", metadata,
    Column("id", Uuid, primary_key=True),
    Column("video_id", Uuid, ForeignKey("videos.id", ondelete="CASCADE"), nullable=False),
    Column("language", String(35), nullable=False),
    Column("label", String(80), nullable=False),
    Column("blob_key", String(200), nullable=False),
    Column("cues", JSONB, nullable=False),
    _ts("created_at", nullable=False),
    Index("ix_video_captions_video_id", "video_id"),
)

# Where each student stopped in a video item (one row per item and student).
video_positions = Table(
    "video_positions", metadata,
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="CASCADE"),
           primary_key=True),
    Column("student_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("seconds", Numeric(10, 3), nullable=False),
    _ts("updated_at", nullable=False),
    Index("ix_video_positions_student_id", "student_id"),
)

# ---- handwritten notes (S18) ----------------------------------------------------------------

# A mentor's document of pages (a PDF or photos). Pages are written with the document and
# never change, so they live on its row: [{number, width, height, thumbnail_key, image_key}].
handwritten_documents = Table(
    "handwritten_documents", metadata,
    Column("id", Uuid, primary_key=True),
    Column("owner_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(16), nullable=False),
    Column("source_type", String(32), nullable=False),
    Column("pages", JSONB, nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("pdf_key", String(200)),
    Column("size", BigInteger, nullable=False),
    Column("failure_code", String(64)),
    Column("failure_message", Text),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    CheckConstraint("status in ('processing','ready','failed')", name="status"),
    CheckConstraint("source_type in ('application/pdf','image')", name="source_type"),
    CheckConstraint("page_count >= 0", name="page_count"),
    Index("ix_handwritten_documents_owner_created", "owner_id", "created_at"),
)

# Annotations on a handwritten item's pages. The id is made by the client (offline sync).
content_annotations = Table(
    "content_annotations", metadata,
    Column("id", Uuid, primary_key=True),
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("page", Integer, nullable=False),
    Column("motivation", String(16), nullable=False),
    # `json`, not jsonb: kept as the compact text written, read back without reparsing
    # (nothing queries inside a selector).
    Column("selector", JSON, nullable=False),
    Column("body", Text),
    Column("color", String(7), nullable=False),
    Column("visibility", String(16), nullable=False),
    Column("item_version", Integer, nullable=False),
    _ts("created_at", nullable=False),
    _ts("updated_at", nullable=False),
    CheckConstraint("page >= 1", name="page"),
    CheckConstraint("motivation in ('highlighting','commenting','sketching')",
                    name="motivation"),
    CheckConstraint("visibility in ('private','published')", name="visibility"),
    CheckConstraint("color ~ '^#[0-9a-f]{6}$'", name="color"),
    # "This item, this user" (a reader's own) and "this item, published" (the author's).
    Index("ix_content_annotations_item_author", "item_id", "author_id", "created_at"),
    Index("ix_content_annotations_item_published", "item_id", "created_at",
          postgresql_where=text("visibility = 'published'")),
    # The data export and account erasure read a person's annotations.
    Index("ix_content_annotations_author_created", "author_id", "created_at"),
)

# ---- gamification (S25, S26) ----------------------------------------------------------------

# The XP ledger: append-only, one row per (learner, source). Mentor and subject are labels of
# attribution, not references: a row outlives a deleted subject or mentor as it was earned.
xp_ledger = Table(
    "xp_ledger", metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("source_type", String(24), nullable=False),
    Column("source_id", String(100), nullable=False),
    Column("amount", Integer, nullable=False),
    Column("mentor_id", Uuid),
    Column("subject_id", Uuid),
    Column("week_start", Date, nullable=False),
    _ts("awarded_at", nullable=False),
    CheckConstraint("amount > 0", name="amount"),
    UniqueConstraint("user_id", "source_type", "source_id", name="uq_xp_ledger_source"),
    Index("ix_xp_ledger_user_awarded", "user_id", "awarded_at"),
)

learner_progress = Table(
    "learner_progress", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("total_xp", BigInteger, nullable=False, server_default="0"),
    Column("streak_current", Integer, nullable=False, server_default="0"),
    Column("streak_longest", Integer, nullable=False, server_default="0"),
    Column("streak_last_day", Date),
    Column("freezes", SmallInteger, nullable=False, server_default="0"),
    # The zone the streak follows, and a change waiting for that zone's next midnight.
    Column("zone", String(64), nullable=False, server_default="UTC"),
    Column("next_zone", String(64)),
    _ts("next_zone_from"),
    Column("excused_day", Date),
    Column("daily_goal", Integer, nullable=False, server_default="20"),
    Column("hidden", Boolean, nullable=False, server_default="false"),
    Column("tier", SmallInteger, nullable=False, server_default="1"),
    Column("counts", JSONB, nullable=False, server_default="{}"),
    _ts("updated_at"),
    CheckConstraint("total_xp >= 0", name="total_xp"),
    CheckConstraint("freezes between 0 and 2", name="freezes"),
    CheckConstraint("tier between 1 and 5", name="tier"),
    # The few learners who hide themselves: a board subtracts them from its counts.
    Index("ix_learner_progress_hidden", "user_id", postgresql_where=text("hidden")),
)

# XP per learner and local day (the streak calendar, the daily goal).
xp_days = Table(
    "xp_days", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("day", Date, primary_key=True),
    Column("xp", Integer, nullable=False, server_default="0"),
    Column("goal_met", Boolean, nullable=False, server_default="false"),
    Column("frozen", Boolean, nullable=False, server_default="false"),
)

# A mentor's weekly board: what each student earned from the mentor's work in an ISO week.
xp_mentor_weeks = Table(
    "xp_mentor_weeks", metadata,
    Column("mentor_id", Uuid, primary_key=True),
    Column("week_start", Date, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("xp", Integer, nullable=False),
    _ts("reached_at", nullable=False),
    Index("ix_xp_mentor_weeks_board", "mentor_id", "week_start", text("xp DESC"),
          "reached_at", "user_id"),
    Index("ix_xp_mentor_weeks_user_id", "user_id"),
)

xp_subject_totals = Table(
    "xp_subject_totals", metadata,
    Column("subject_id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("xp", BigInteger, nullable=False),
    _ts("reached_at", nullable=False),
    Index("ix_xp_subject_totals_board", "subject_id", text("xp DESC"), "reached_at",
          "user_id"),
    Index("ix_xp_subject_totals_user_id", "user_id"),
)

leagues = Table(
    "leagues", metadata,
    Column("id", Uuid, primary_key=True),
    Column("week_start", Date, nullable=False),
    Column("tier", SmallInteger, nullable=False),
    Column("number", Integer, nullable=False),
    Column("size", Integer, nullable=False, server_default="0"),
    CheckConstraint("tier between 1 and 5", name="tier"),
    UniqueConstraint("week_start", "tier", "number", name="uq_leagues_week_tier_number"),
)

league_members = Table(
    "league_members", metadata,
    Column("week_start", Date, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("league_id", Uuid, ForeignKey("leagues.id", ondelete="CASCADE"), nullable=False),
    Column("tier", SmallInteger, nullable=False),
    Column("xp", Integer, nullable=False, server_default="0"),
    _ts("reached_at", nullable=False),
    # Written when the week closes.
    Column("rank", Integer),
    Column("outcome", String(10)),
    CheckConstraint("outcome in ('promoted','stayed','demoted')", name="outcome"),
    Index("ix_league_members_board", "league_id", text("xp DESC"), "reached_at", "user_id"),
    Index("ix_league_members_user_id", "user_id"),
)

# One row per closed week: closing again finds it and changes nothing.
league_closes = Table(
    "league_closes", metadata,
    Column("week_start", Date, primary_key=True),
    _ts("closed_at", nullable=False),
)

note_reads = Table(
    "note_reads", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("item_id", Uuid, ForeignKey("content_items.id", ondelete="CASCADE"),
           primary_key=True),
    _ts("read_at", nullable=False),
    Index("ix_note_reads_item_id", "item_id"),
)

achievement_unlocks = Table(
    "achievement_unlocks", metadata,
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("code", String(40), primary_key=True),
    _ts("unlocked_at", nullable=False),
)

# An annotation shared in a forum post or a chat message: a snapshot of it and of its page,
# kept whatever happens to the annotation afterwards. The post or message is written in the
# same transaction, by another repository and possibly after this row: checked at commit.
annotation_shares = Table(
    "annotation_shares", metadata,
    Column("id", Uuid, primary_key=True),
    Column("annotation_id", Uuid, nullable=False),  # no key: the annotation may be deleted
    Column("annotation_author_id", Uuid, nullable=False),
    Column("sharer_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("item_id", Uuid, nullable=False),
    Column("document_id", Uuid, nullable=False),
    Column("forum_post_id", Uuid, ForeignKey("forum_posts.id", ondelete="CASCADE",
                                             deferrable=True, initially="DEFERRED"),
           unique=True),
    Column("chat_message_id", Uuid, ForeignKey("chat_messages.id", ondelete="CASCADE",
                                               deferrable=True, initially="DEFERRED"),
           unique=True),
    Column("page", Integer, nullable=False),
    Column("page_width", Float, nullable=False),
    Column("page_height", Float, nullable=False),
    Column("region", JSONB, nullable=False),
    Column("motivation", String(16), nullable=False),
    Column("selector", JSON, nullable=False),
    Column("body", Text),
    Column("color", String(7), nullable=False),
    Column("thumbnail_key", String(200), nullable=False),
    Column("image_key", String(200)),
    _ts("created_at", nullable=False),
    CheckConstraint("(forum_post_id is null) <> (chat_message_id is null)", name="one_place"),
    CheckConstraint("page >= 1", name="page"),
    # The data export reads what a person shared.
    Index("ix_annotation_shares_sharer_created", "sharer_id", "created_at"),
)
