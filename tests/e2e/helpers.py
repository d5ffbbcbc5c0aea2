"""What the browser tests share: the running app, screenshots, signing in."""

import asyncio
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, urlsplit

import httpx
from PIL import Image
from playwright.sync_api import Page, expect

from adapters.cli.demo import DEMO
from adapters.container import build_container, shutdown
from adapters.mail.file_outbox import OutboxMail, read_outbox
from tests.conftest import make_settings
from tests.integration.helpers import PASSWORD as MENTOR_PASSWORD
from tests.integration.helpers import make_mentor

ROOT = Path(__file__).resolve().parents[2]
WEB_DIST = ROOT / "web" / "dist"
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "correct-horse-battery-staple"
BROWSER_TIMEZONE = "Europe/Berlin"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class LiveApp:
    """The app under test: its address, its var directory (mail outbox) and its environment."""

    base_url: str
    var_dir: Path
    env: dict[str, str]

    @property
    def outbox_dir(self) -> Path:
        return self.var_dir / "outbox"

    def mails_to(self, address: str) -> list[OutboxMail]:
        return [m for m in read_outbox(self.outbox_dir) if address.lower() in m.to.lower()]

    def wait_for_link(self, address: str, path: str, timeout: float = 15.0) -> str:
        """The newest ``{public_url}{path}?token=...`` link mailed to ``address``."""
        pattern = re.compile(re.escape(f"{self.base_url}{path}") + r"\?token=[A-Za-z0-9_\-.~%]+")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for mail in reversed(self.mails_to(address)):
                found = pattern.search(mail.text)
                if found:
                    return found.group(0)
            time.sleep(0.1)
        raise AssertionError(f"no mail with a {path} link reached {address} within {timeout}s")

    def wait_for_mail(self, address: str, subject: str, *, count: int = 1,
                      timeout: float = 15.0) -> OutboxMail:
        """The ``count``-th mail to ``address`` whose subject contains ``subject``, oldest first."""
        found: list[OutboxMail] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [mail for mail in self.mails_to(address) if subject in mail.subject]
            if len(found) >= count:
                return sorted(found, key=lambda mail: mail.path.name)[count - 1]
            time.sleep(0.1)
        raise AssertionError(f"{address} got {len(found)} mails about {subject!r}, not {count}")

    def cli(self, *args: str) -> str:
        """Run an ``edu`` command against this app's database."""
        done = subprocess.run([sys.executable, "-m", "adapters.cli.main", *args], cwd=ROOT,
                              env=self.env, capture_output=True, text=True, timeout=120,
                              check=False)
        if done.returncode != 0:
            raise AssertionError(f"edu {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def create_user(self, role: str, email: str, name: str, timezone: str = "UTC") -> None:
        """A verified account: administrators through the CLI (the only way to make one),
        everyone else by signing up through the API and following the mailed link."""
        if role == "admin":
            self.cli("users", "create", "--role", role, "--email", email, "--name", name,
                     "--password", PASSWORD, "--timezone", timezone)
            return
        with httpx.Client(base_url=self.base_url, timeout=10) as client:
            created = client.post("/api/v1/auth/register", json={
                "email": email, "password": PASSWORD, "display_name": name, "role": role,
                "timezone": timezone})
            assert created.status_code == 202, created.text
            token = parse_qs(urlsplit(self.wait_for_link(email, "/verify-email")).query)["token"]
            verified = client.post("/api/v1/auth/verify-email", json={"token": token[0]})
            assert verified.status_code == 204, verified.text


class NewPage(Protocol):
    """Opens a page in a fresh browser context: its own cookie jar, i.e. another person."""

    def __call__(self, *, viewport: dict[str, int] | None = ...,
                 timezone: str = ...) -> Page: ...


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save the current screen under var/screenshots/ (kept out of git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def berlin_mentor(app: LiveApp, name: str) -> tuple[str, str]:
    """A verified mentor in Europe/Berlin at EUR 60 an hour, free 09:00-13:00 every day, with a
    subject of their own: their id and e-mail (password: the integration helpers')."""
    async def create() -> tuple[str, str]:
        settings = make_settings(app.var_dir / "setup", public_url=app.base_url)
        container = build_container(settings, app.env["EDU_DATABASE_URL"])
        try:
            slug = f"optics-{uuid.uuid4().hex[:6]}"
            await container.catalog().import_document(DEMO, {"subjects": [{
                "name": f"Optics {slug[-6:]}", "slug": slug, "chapters": [{
                    "name": "Lenses", "topics": [{"name": "Lenses", "slug": f"{slug}-lenses"}]}]}]})
            topic = next(tree.chapters[0].topics[0] for tree in await container.catalog().tree()
                         if tree.subject.slug == slug)
            mentor = await make_mentor(container, name, headline="Optics, clearly explained",
                                       bio="Lenses and mirrors.", topics=[str(topic.id)],
                                       languages=["en"], rate=6000)
            return str(mentor.id), mentor.email
        finally:
            await shutdown(container)

    # Playwright's synchronous API runs an event loop in this thread: the setup gets its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        mentor_id, email = pool.submit(asyncio.run, create()).result()
    week = [{"weekday": day, "start": "09:00", "end": "13:00"} for day in range(7)]
    with httpx.Client(base_url=app.base_url, timeout=10) as client:
        token = client.post("/api/v1/auth/login", json={
            "email": email, "password": MENTOR_PASSWORD, "mode": "token"}).json()["access_token"]
        saved = client.put("/api/v1/mentor/availability", headers={
            "Authorization": f"Bearer {token}"}, json={
            "version": 1, "timezone": "Europe/Berlin", "session_lengths": [60, 30],
            "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 30, "weekly": week,
            "overrides": []})
        assert saved.status_code == 200, saved.text
    return mentor_id, email


# ---- a verified mentor, set up through the API ----------------------------------------------

TOPIC_NAME = "Newton's laws of motion"


def verification_pdf() -> bytes:
    """A minimal PDF for the mentor's verification document (only its type is checked)."""
    buffer = BytesIO()
    Image.new("RGB", (20, 20), (255, 255, 255)).save(buffer, format="PDF")
    return buffer.getvalue()


@contextmanager
def api_client(live_app: LiveApp, email: str) -> Iterator[httpx.Client]:
    """An API client signed in as ``email`` with a bearer token (no cookies, no CSRF)."""
    with httpx.Client(base_url=live_app.base_url, timeout=15) as client:
        login = client.post("/api/v1/auth/login",
                            json={"email": email, "password": PASSWORD, "mode": "token"})
        assert login.status_code == 200, login.text
        client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        yield client


def catalog_topic(live_app: LiveApp) -> dict[str, Any]:
    """The catalog topic the tests write under, with its subject's slug."""
    live_app.cli("catalog", "import", "src/adapters/cli/data/demo_catalog.json")
    catalog = httpx.get(f"{live_app.base_url}/api/v1/catalog", timeout=10)
    assert catalog.status_code == 200, catalog.text
    for subject in catalog.json()["subjects"]:
        for chapter in subject["chapters"]:
            for topic in chapter["topics"]:
                if topic["name"] == TOPIC_NAME:
                    return {**topic, "subject_slug": subject["slug"]}
    raise AssertionError(f"the catalog has no topic named {TOPIC_NAME!r}")


def verified_mentor(live_app: LiveApp, email: str, name: str, topic_id: str) -> None:
    """A mentor whose application is complete, submitted and verified (set up through the API
    and the CLI: the onboarding screens have their own test)."""
    live_app.create_user("mentor", email, name)
    with api_client(live_app, email) as api:
        profile = api.patch("/api/v1/mentor/profile", json={
            "headline": "Physics teacher", "bio": "Mechanics, one diagram at a time.",
            "languages": ["en"], "hourly_rate_cents": 4000, "currency": "EUR"})
        assert profile.status_code == 200, profile.text
        topics = api.put("/api/v1/mentor/profile/topics", json={"topic_ids": [topic_id]})
        assert topics.status_code == 200, topics.text
        document = api.post("/api/v1/mentor/profile/documents", content=verification_pdf(),
                            params={"filename": "certificate.pdf"},
                            headers={"Content-Type": "application/pdf"})
        assert document.status_code in (200, 201), document.text
        submitted = api.post("/api/v1/mentor/profile/submit")
        assert submitted.status_code == 200, submitted.text
    live_app.cli("mentors", "verify", email)
