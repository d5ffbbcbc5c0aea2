"""Browser tests: the built web client and the real API served together on one port, driven
by Chromium through Playwright.

The app runs as ``edu serve`` in a subprocess on a free port, against a fresh database and a
private var directory (the mail outbox lives there). Nothing is built here: ``web/dist`` must
exist (``cd web && npm run build``).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from tests.e2e.helpers import BROWSER_TIMEZONE, DESKTOP, ROOT, WEB_DIST, LiveApp, NewPage
from tests.support.database import create_test_database, drop_test_database

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _chromium() -> str:
    path = os.environ.get("EDU_E2E_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is missing: install Debian's package (`apt-get install chromium`, "
                    "or `./dev setup`), or point EDU_E2E_CHROMIUM at another binary.")
    return path


@pytest.fixture(scope="package")
def e2e_database(pg_server: str) -> Iterator[str]:
    url = create_test_database(pg_server, prefix="edu_e2e")
    yield url
    drop_test_database(pg_server, url)


@pytest.fixture(scope="package")
def live_app(e2e_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    with serve_app(e2e_database, tmp_path_factory.mktemp("e2e-var")) as app:
        yield app


@contextmanager
def serve_app(database_url: str, var_dir: Path, extra_env: dict[str, str] | None = None,
              port: int | None = None) -> Iterator[LiveApp]:
    """``edu serve`` with the built client until the block ends, on ``port`` (a restart
    keeps the address the browsers know) or a free one."""
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail(f"The web client is not built ({WEB_DIST / 'index.html'} is missing). "
                    "Build it first: `cd web && npm ci && npm run build`.")
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "EDU_ENV": "test",
        "EDU_DATABASE_URL": database_url,
        "EDU_VAR_DIR": str(var_dir),
        "EDU_PUBLIC_URL": base_url,
        "EDU_HOST": "127.0.0.1",
        "EDU_PORT": str(port),
        "EDU_COOKIE_SECURE": "false",  # plain http on the loopback
        "EDU_WEB_DIST": str(WEB_DIST),
        "EDU_BCRYPT_ROUNDS": "4",
        "EDU_REQUIRE_ADMIN_SECOND_FACTOR": "false",
        "EDU_RATE_LIMIT_AUTH": "10000/60",
        "EDU_RATE_LIMIT_PUBLIC": "10000/60",
        "EDU_OUTBOX_POLL_SECONDS": "0.2",
        "EDU_LOG_LEVEL": "WARNING",
        **(extra_env or {}),
    }
    log_path = var_dir / "server.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli.main", "serve", "--host", "127.0.0.1",
             "--port", str(port)],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_ready(server, base_url, log_path)
        page = httpx.get(f"{base_url}/login", timeout=5)
        if page.status_code != 200 or 'id="root"' not in page.text:
            pytest.fail(f"{base_url}/login does not serve the web client (status "
                        f"{page.status_code}): the server must serve web/dist with SPA fallback.")
        yield LiveApp(base_url=base_url, var_dir=var_dir, env=env)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def _wait_ready(server: "subprocess.Popen[bytes]", base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"edu serve exited with {server.returncode}:\n"
                        f"{log_path.read_text(errors='replace')[-4000:]}")
        try:
            if httpx.get(f"{base_url}/health/ready", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"edu serve did not become ready on {base_url}:\n"
                f"{log_path.read_text(errors='replace')[-4000:]}")


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    executable = _chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Browser, live_app: LiveApp) -> Iterator[NewPage]:
    with page_factory(browser, live_app.base_url) as open_page:
        yield open_page


@contextmanager
def page_factory(browser: Browser, base_url: str,
                 clock_at: datetime | None = None) -> Iterator[NewPage]:
    """Opens pages, each in a browser context of its own (another person); ``clock_at``: the
    browser's clock starts at that instant and runs on (for a platform on a shifted clock)."""
    contexts: list[BrowserContext] = []
    # Script errors and Content-Security-Policy refusals fail the test that caused them.
    problems: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"CSP: {message.text}")

    def open_page(*, viewport: dict[str, int] | None = None,
                  timezone: str = BROWSER_TIMEZONE) -> Page:
        context = browser.new_context(base_url=base_url, viewport=viewport or DESKTOP,
                                      locale="en-GB", timezone_id=timezone,
                                      reduced_motion="reduce")
        context.set_default_timeout(15_000)
        if clock_at is not None:
            context.clock.install(time=clock_at)
        contexts.append(context)
        page = context.new_page()
        page.on("console", watch)
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)
