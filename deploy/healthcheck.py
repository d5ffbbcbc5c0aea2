"""The container's health probe, with the standard library alone (the image has no curl).

    python healthcheck.py api      GET /health/live on EDU_PORT (default 8000)
    python healthcheck.py worker   GET /metrics on EDU_WORKER_METRICS_PORT (the worker's own
                                   listener on 127.0.0.1, up as long as the process)

Exits 0 when the answer is 200, 1 otherwise (Docker's "unhealthy").
"""

import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 4


def probe_url(role: str, environ: dict[str, str]) -> str:
    if role == "api":
        return f"http://127.0.0.1:{environ.get('EDU_PORT', '8000')}/health/live"
    if role == "worker":
        port = environ.get("EDU_WORKER_METRICS_PORT")
        if not port:
            raise SystemExit("EDU_WORKER_METRICS_PORT is unset: the worker serves no probe")
        return f"http://127.0.0.1:{port}/metrics"
    raise SystemExit(f"unknown role {role!r}: api or worker")


def main(argv: list[str]) -> int:
    url = probe_url(argv[1] if len(argv) > 1 else "api", dict(os.environ))
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return 0 if answer.status == 200 else 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"unhealthy: {url}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
