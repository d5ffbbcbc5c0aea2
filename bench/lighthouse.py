"""Lighthouse scores of the built web client, served by ``edu serve`` as in production.

Seeds the demo data (``edu demo seed``) into a fresh database, serves the platform with the
built client (``web/dist``: run ``npm run build`` in web/ first), runs Lighthouse (the npm
package in web/, driving Debian's ``chromium`` headless) with its default mobile profile
(simulated slow 4G and a 4x slower CPU) on each page, and prints per page the median over
``--runs`` of: the performance and accessibility scores, first and largest contentful paint,
cumulative layout shift, total blocking time; then the audits that failed in any run.

    uv run python bench/lighthouse.py [--pages / /mentors] [--runs 3] [--reports DIR]

The database server is ``EDU_BENCH_DATABASE_URL`` (a database is created on it and dropped
afterwards), else ``EDU_TEST_DATABASE_URL``, else the embedded PostgreSQL. Lighthouse's
throttling is simulated from a trace taken at full speed, so a busy machine still moves the
figures: run it alone.
"""

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from http_floor import platform_env as floor_env  # bench/ is the script's folder
from serving import edu, free_port, running

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
LIGHTHOUSE = WEB / "node_modules" / "lighthouse" / "cli" / "index.js"
ATTEMPTS = 3
METRICS = (("FCP s", "first-contentful-paint", 1000), ("LCP s", "largest-contentful-paint", 1000),
           ("CLS", "cumulative-layout-shift", 1), ("TBT ms", "total-blocking-time", 1))


def platform_env(url: str, var: Path, port: int) -> dict[str, str]:
    """The HTTP floor's (a fresh database, no rate limits in the way) with the built client."""
    return {**floor_env(url, var, port), "EDU_WEB_DIST": str(WEB / "dist"),
            "EDU_LOG_LEVEL": "WARNING"}


@contextlib.contextmanager
def serving(env: dict[str, str], port: int, log: Path) -> Iterator[str]:
    with running(edu("serve", "--port", str(port)), env, port, "/health/ready", log):
        yield f"http://127.0.0.1:{port}"


def lighthouse(url: str, chrome: str, report: Path) -> dict[str, Any]:
    flags = ["--headless=new", "--disable-gpu", "--disable-dev-shm-usage"]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")  # Chromium refuses to run its sandbox as root
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json",
               f"--output-path={report}", "--only-categories=performance,accessibility",
               f"--chrome-flags={' '.join(flags)}"]
    for attempt in range(ATTEMPTS):
        # Lighthouse now and then loses the trace (NO_NAVSTART, NO_FCP): such a run is
        # repeated, a page that never loads still fails.
        done = subprocess.run(command, cwd=WEB,  # noqa: S603 - the pinned Lighthouse, our URL
                              env={**os.environ, "CHROME_PATH": chrome}, check=False)
        if done.returncode == 0:
            break
        if attempt == ATTEMPTS - 1:
            done.check_returncode()
    result: dict[str, Any] = json.loads(report.read_text())
    return result


def summary(results: list[dict[str, Any]]) -> dict[str, float]:
    row = {name: statistics.median(r["categories"][name]["score"] * 100 for r in results)
           for name in ("performance", "accessibility")}
    for label, audit, scale in METRICS:
        row[label] = statistics.median(r["audits"][audit]["numericValue"] / scale
                                       for r in results)
    return row


def failures(results: list[dict[str, Any]]) -> list[str]:
    """Audits of either category that scored below 0.9 in some run, with what they measured."""
    failed: dict[str, str] = {}
    for result in results:
        for category in ("performance", "accessibility"):
            for ref in result["categories"][category]["auditRefs"]:
                audit = result["audits"][ref["id"]]
                score = audit.get("score")
                if score is None or score >= 0.9:  # None: informative or manual checks
                    continue
                failed.setdefault(ref["id"], audit.get("displayValue") or audit["title"])
    return [f"{audit}: {detail}" for audit, detail in sorted(failed.items())]


def seed(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "adapters.cli.main", "demo", "seed"],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="+", default=["/", "/mentors"])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--reports", type=Path, help="keep each run's JSON report here")
    args = parser.parse_args()
    chrome = shutil.which("chromium")
    if chrome is None:
        sys.exit("chromium is missing: ./dev setup installs it (Debian's package)")
    if not LIGHTHOUSE.is_file():
        sys.exit("Lighthouse is missing: run `npm ci` in web/")
    if not (WEB / "dist" / "index.html").is_file():
        sys.exit("the web client is not built: run `npm run build` in web/")
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "src"))
    if bench_server := os.environ.get("EDU_BENCH_DATABASE_URL"):
        os.environ["EDU_TEST_DATABASE_URL"] = bench_server
    from tests.support.database import create_test_database, drop_test_database, server_url

    db_server = server_url()
    url = create_test_database(db_server, prefix="edu_bench")
    rows: list[tuple[str, dict[str, float], list[str]]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            var = Path(tmp)
            reports = args.reports or var / "reports"
            reports.mkdir(parents=True, exist_ok=True)
            port = free_port()
            env = platform_env(url, var, port)
            seed(env)
            with serving(env, port, var / "serve.log") as base:
                for page in args.pages:
                    results = []
                    for run in range(args.runs):
                        name = page.strip("/").replace("/", "_") or "root"
                        report = reports / f"{name}-{run + 1}.json"
                        results.append(lighthouse(base + page, chrome, report))
                    rows.append((page, summary(results), failures(results)))
                    print(f"  {page}: {args.runs} run(s)", file=sys.stderr)
    finally:
        drop_test_database(db_server, url)
    print(f"\nLighthouse (mobile, simulated throttling), median of {args.runs} run(s) per page, "
          f"edu serve with web/dist on {os.cpu_count()} cores")
    header = f"{'page':<20} {'perf':>5} {'a11y':>5}" + "".join(f" {m[0]:>7}" for m in METRICS)
    print(header)
    for page, row, _ in rows:
        print(f"{page:<20} {row['performance']:5.0f} {row['accessibility']:5.0f} "
              f"{row['FCP s']:7.2f} {row['LCP s']:7.2f} {row['CLS']:7.3f} {row['TBT ms']:7.0f}")
    for page, _, failed in rows:
        if failed:
            print(f"\n{page}: audits below 0.9")
            for line in failed:
                print(f"  {line}")


if __name__ == "__main__":
    main()
