"""Prometheus metrics, on a registry owned by the app (several apps in one process don't clash)."""

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
QUERY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("http_requests_total", "HTTP requests handled",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("http_request_duration_seconds", "HTTP request latency",
                                 ["method", "route"], buckets=LATENCY_BUCKETS,
                                 registry=self.registry)
        self.errors = Counter("http_errors_total", "HTTP responses with status >= 500",
                              ["method", "route", "status"], registry=self.registry)
        self.in_progress = Gauge("http_requests_in_progress", "HTTP requests being handled",
                                 registry=self.registry)
        self.db_query = Histogram("db_query_duration_seconds", "Database statement latency",
                                  ["operation"], buckets=QUERY_BUCKETS, registry=self.registry)
        self.event_lag = Histogram(
            "event_handler_lag_seconds", "From an event's occurrence to its handler's start",
            buckets=(*LATENCY_BUCKETS, 30, 60, 300), registry=self.registry)
        self.event_handler = Histogram(
            "event_handler_duration_seconds", "Event handler run time",
            ["handler", "outcome"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.event_deliveries = Gauge(
            "event_deliveries", "Event deliveries waiting or parked, by state",
            ["state"], registry=self.registry)
        self.event_oldest_due = Gauge(
            "event_delivery_oldest_due_seconds",
            "How long the oldest due delivery has waited (0 when none)", registry=self.registry)
        self.live_sockets = Gauge("live_sockets", "Open WebSocket connections",
                                  registry=self.registry)
        self.job_duration = Histogram(
            "job_duration_seconds", "Background job run time by outcome", ["job", "outcome"],
            buckets=(*LATENCY_BUCKETS, 30, 60, 300, 900), registry=self.registry)
        self.job_failures = Counter(
            "job_failures_total", "Background job tries that failed, by what came of them",
            ["job", "then"], registry=self.registry)
        self.jobs_waiting = Gauge(
            "jobs_waiting", "Background jobs waiting for a retry, or dead letters not retried",
            ["state"], registry=self.registry)
        self.outbox_unrelayed = Gauge(
            "outbox_unrelayed", "Committed events not yet fanned out to their handlers",
            registry=self.registry)

    def render(self) -> tuple[bytes, str]:
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
