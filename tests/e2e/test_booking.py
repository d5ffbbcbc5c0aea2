"""Booking end to end: a student in Tokyo picks a Berlin mentor's slot on the profile, sees the
price and the cancellation policy, pays on the built-in test gateway's page, watches the session
turn confirmed, and finds it under "My sessions"."""

import asyncio
import re
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
from playwright.sync_api import expect

from adapters.cli.demo import DEMO
from adapters.container import build_container, shutdown
from tests.conftest import make_settings
from tests.e2e.helpers import LiveApp, NewPage, screenshot, sign_in
from tests.integration.helpers import PASSWORD as MENTOR_PASSWORD
from tests.integration.helpers import make_mentor

STUDENT_TIMEZONE = "Asia/Tokyo"
WEEK = [{"weekday": day, "start": "09:00", "end": "13:00"} for day in range(7)]


def _bookable_mentor(live_app: LiveApp, name: str) -> str:
    """A verified mentor in Berlin at €60 an hour, free 09:00-13:00 every day: its id."""

    async def create() -> tuple[str, str]:
        settings = make_settings(live_app.var_dir / "setup", public_url=live_app.base_url)
        container = build_container(settings, live_app.env["EDU_DATABASE_URL"])
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
    with httpx.Client(base_url=live_app.base_url, timeout=10) as client:
        token = client.post("/api/v1/auth/login", json={
            "email": email, "password": MENTOR_PASSWORD, "mode": "token"}).json()["access_token"]
        saved = client.put("/api/v1/mentor/availability", headers={
            "Authorization": f"Bearer {token}"}, json={
            "version": 1, "timezone": "Europe/Berlin", "session_lengths": [60, 30],
            "buffer_minutes": 0, "min_notice_minutes": 0, "horizon_days": 30, "weekly": WEEK,
            "overrides": []})
        assert saved.status_code == 200, saved.text
    return mentor_id


def test_student_books_pays_on_the_test_page_and_sees_the_session_confirmed(
        live_app: LiveApp, new_page: NewPage) -> None:
    mentor_name = f"Lena Vogt {uuid.uuid4().hex[:4]}"
    mentor_id = _bookable_mentor(live_app, mentor_name)
    student_email = f"kenji-{uuid.uuid4().hex[:8]}@example.org"
    live_app.create_user("student", student_email, "Kenji Sato", timezone=STUDENT_TIMEZONE)

    student = new_page(timezone=STUDENT_TIMEZONE)
    sign_in(student, student_email)
    student.goto(f"/mentors/{mentor_id}")
    expect(student.get_by_role("heading", level=1, name=mentor_name)).to_be_visible()
    student.get_by_role("radio", name="60 min").click()
    expect(student.get_by_role("radio", name="60 min")).to_be_checked()
    calendar = student.get_by_role("list", name="Available times")
    # Berlin's 09:00-13:00 is evening in Tokyo; the first week always has some of it.
    slot = calendar.get_by_role("button", name=re.compile(r" to ")).first
    # Whole hours apart: the 60-minute calendar has replaced the 30-minute one.
    expect(slot).to_have_accessible_name(re.compile(r"(\d\d):00 to \d\d:00$"))
    expect(slot).to_be_visible()
    slot.click()

    dialog = student.get_by_role("dialog", name=f"Book a session with {mentor_name}")
    expect(dialog).to_contain_text("60 minutes")
    expect(dialog).to_contain_text("€60 per hour \N{MULTIPLICATION SIGN} 60 min")
    expect(dialog).to_contain_text("Free cancellation until 24 h before; after that 50 % back")
    expect(dialog).to_contain_text("Asia/Tokyo")
    expect(dialog).to_contain_text("Europe/Berlin")
    screenshot(student, "booking-confirm", full_page=False)
    dialog.get_by_role("button", name="Continue to payment").click()

    student.wait_for_url("**/pay/test/*")
    expect(student.get_by_text("Test payment — no real money")).to_be_visible()
    expect(student.get_by_role("heading", name="Pay €60")).to_be_visible()
    # A declined card leaves the page open; then the payment goes through.
    student.get_by_role("button", name="Use a declined card").click()
    expect(student.get_by_role("alert")).to_contain_text("Your card was declined")
    screenshot(student, "booking-test-payment")
    student.get_by_role("button", name="Pay €60").click()

    student.wait_for_url(re.compile(r"/sessions/[0-9a-f-]+\?paid=1$"))
    expect(student.get_by_text("You're booked")).to_be_visible()
    expect(student.get_by_role("heading", level=1)).to_contain_text(f"Session with {mentor_name}")
    screenshot(student, "booking-session")

    student.get_by_role("navigation", name="Main").get_by_role("link", name="My sessions").click()
    student.wait_for_url("**/sessions")
    row = student.get_by_role("list", name="Upcoming sessions").get_by_role(
        "link", name=re.compile(re.escape(mentor_name)))
    expect(row).to_be_visible()
    expect(row).to_contain_text("Confirmed")
    screenshot(student, "my-sessions")
