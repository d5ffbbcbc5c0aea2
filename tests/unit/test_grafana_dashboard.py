"""The example Grafana dashboard (docs/grafana-dashboard.json) queries only metrics the platform
exports: a renamed or removed metric fails here, not on somebody's wall screen."""

import json
import re
from pathlib import Path
from typing import Any

from adapters.observability.metrics import Metrics

DASHBOARD = Path(__file__).resolve().parents[2] / "docs" / "grafana-dashboard.json"
# PromQL words that look like names: functions, aggregations, modifiers.
PROMQL = {"sum", "avg", "min", "max", "count", "rate", "irate", "increase", "topk",
          "bottomk", "histogram_quantile", "clamp_min", "clamp_max", "by", "without", "on",
          "ignoring", "group_left", "group_right", "and", "or", "unless", "offset"}
_LABELS = re.compile(r"\{[^}]*\}")  # label matchers and legend templates
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring)\s*\([^)]*\)")
_RANGES = re.compile(r"\[[^\]]*\]")
_NUMBERS = re.compile(r"(?<![A-Za-z0-9_:])\d+(?:\.\d+)?(?:e[-+]?\d+)?")
_NAME = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def exported_series() -> set[str]:
    """Every series name Prometheus can scrape from ``Metrics``, by metric type."""
    suffixes = {"counter": ["_total"], "gauge": [""], "histogram": ["_bucket", "_count", "_sum"]}
    return {family.name + suffix for family in Metrics().registry.collect()
            for suffix in suffixes[family.type]}


def queried_series(expr: str) -> set[str]:
    stripped = _NUMBERS.sub(" ", _RANGES.sub(" ", _GROUPING.sub(" ", _LABELS.sub(" ", expr))))
    return {name for name in _NAME.findall(stripped) if name not in PROMQL}


def expressions(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["expr"]] if isinstance(node.get("expr"), str) else []
        return found + [e for value in node.values() for e in expressions(value)]
    if isinstance(node, list):
        return [e for value in node for e in expressions(value)]
    return []


def test_every_metric_the_dashboard_queries_is_exported() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    exprs = expressions(dashboard)
    assert len(exprs) >= 15
    queried = set().union(*(queried_series(e) for e in exprs))
    assert queried - exported_series() == set()
    # The areas it promises: requests, latency, errors, database, outbox, jobs, sockets.
    assert {"http_requests_total", "http_request_duration_seconds_bucket", "http_errors_total",
            "db_query_duration_seconds_bucket", "outbox_unrelayed", "jobs_waiting",
            "live_sockets"} <= queried


def test_the_check_itself_catches_an_unknown_metric() -> None:
    assert queried_series('sum by (route) (rate(http_requests_totl{route="/x"}[5m]))') == {
        "http_requests_totl"}
    assert "http_requests_totl" not in exported_series()


def test_the_dashboard_is_importable_json() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] and dashboard["title"]
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"] == {"type": "prometheus", "uid": "${datasource}"}
