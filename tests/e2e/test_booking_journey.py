"""The marketplace's money path across days and a daylight-saving change, in the browser.

A student in Asia/Tokyo books a mentor in Europe/Berlin for the Saturday before Europe moves its
clocks forward (2027-03-28), pays on the test gateway's page, and both get mails in their own
local time. The student moves the session to the Monday after the change: the mentor's wall-clock
time stays 10:00 while the student's moves from 18:00 to 17:00, and the calendar invitation is
updated (same UID, next SEQUENCE). The mentor schedules a group session on the Friday at €15 a
seat, which a visitor sees with a way to sign in; the student takes a seat, pays on the test
gateway's page, comes back to their seats page with the seat taken, then gives it back in time
and is refunded in full (so the mentor's earnings below are the one-to-one session's alone).
The platform's clock then moves past the session: the mentor
marks it done, the student reviews it, and the mentor's earnings move from pending to available
once the 48-hour complaint window has passed.

The platform runs on a shifted clock (``EDU_TEST_CLOCK_FILE``) and the browsers' clocks start at
the same instant, so the journey's days pass in seconds.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from adapters.mail.file_outbox import OutboxMail
from adapters.security.clock import ShiftedClock
from tests.e2e.conftest import page_factory, serve_app
from tests.e2e.helpers import DESKTOP, PHONE, LiveApp, NewPage, berlin_mentor, screenshot, sign_in
from tests.integration.helpers import PASSWORD as MENTOR_PASSWORD
from tests.support.database import create_test_database, drop_test_database

STUDENT_ZONE = "Asia/Tokyo"
MENTOR_ZONE = "Europe/Berlin"
START = datetime(2027, 3, 24, 9, 0, tzinfo=UTC)  # a Wednesday, CET in Berlin
AFTER_SESSION = datetime(2027, 3, 29, 9, 5, tzinfo=UTC)  # the moved session ended at 09:00Z
AFTER_WINDOW = datetime(2027, 3, 31, 9, 10, tzinfo=UTC)  # 48 h after its end, and a bit


@dataclass
class ShiftedApp:
    app: LiveApp
    clock_file: Path

    def travel_to(self, instant: datetime, *pages: Page) -> None:
        """Move the platform's clock and the browsers' to ``instant``."""
        ShiftedClock.shift_to(self.clock_file, instant)
        for page in pages:
            page.context.clock.set_system_time(instant)


@pytest.fixture(scope="module")
def shifted(pg_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShiftedApp]:
    database = create_test_database(pg_server, prefix="edu_e2e_clock")
    var_dir = tmp_path_factory.mktemp("e2e-shifted")
    clock_file = var_dir / "clock"
    ShiftedClock.shift_to(clock_file, START)
    try:
        # A week passes in this journey: sign-ins are kept for longer than the default 12 h idle.
        with serve_app(database, var_dir, {"EDU_TEST_CLOCK_FILE": str(clock_file),
                                           "EDU_SESSION_IDLE_TIMEOUT": str(10 * 86400),
                                           "EDU_FEATURE_GROUP_SESSIONS": "true"}) as app:
            yield ShiftedApp(app, clock_file)
    finally:
        drop_test_database(pg_server, database)


@pytest.fixture
def shifted_page(browser: Browser, shifted: ShiftedApp) -> Iterator[NewPage]:
    with page_factory(browser, shifted.app.base_url, clock_at=START) as open_page:
        yield open_page


def _invitation(mail: OutboxMail) -> icalendar.Event:
    attached = [a for a in mail.attachments if a.content_type.startswith("text/calendar")]
    assert len(attached) == 1, [a.content_type for a in mail.attachments]
    events = icalendar.Calendar.from_ical(attached[0].content).walk("VEVENT")
    assert len(events) == 1
    event: icalendar.Event = events[0]
    return event


def _card(region: Locator, label: str) -> Locator:
    """The figure card of ``region`` titled exactly ``label``."""
    return region.locator("> *").filter(has=region.page.get_by_text(label, exact=True))


def test_tokyo_student_and_berlin_mentor_across_the_daylight_saving_change(
        shifted: ShiftedApp, shifted_page: NewPage) -> None:
    app = shifted.app
    mentor_name = f"Lena Vogt {uuid.uuid4().hex[:4]}"
    mentor_id, mentor_email = berlin_mentor(app, mentor_name)
    student_email = f"kenji-{uuid.uuid4().hex[:8]}@example.org"
    app.create_user("student", student_email, "Kenji Sato", timezone=STUDENT_ZONE)

    # Booking the Saturday before the change: 10:00 in Berlin (CET) is 18:00 in Tokyo.
    student = shifted_page(timezone=STUDENT_ZONE)
    sign_in(student, student_email)
    student.goto(f"/mentors/{mentor_id}")
    student.get_by_role("radio", name="60 min").click()
    saturday = student.get_by_role("list", name="Available times").get_by_role(
        "listitem", name=re.compile(r"Saturday.*27"))
    saturday.get_by_role("button", name=re.compile(r"18:00 to 19:00$")).click()
    dialog = student.get_by_role("dialog", name=f"Book a session with {mentor_name}")
    expect(dialog).to_contain_text("Asia/Tokyo")
    expect(dialog).to_contain_text("Europe/Berlin")
    dialog.get_by_role("button", name="Continue to payment").click()
    student.wait_for_url("**/pay/test/*")
    student.get_by_role("button", name="Pay €60").click()
    student.wait_for_url(re.compile(r"/sessions/[0-9a-f-]+\?paid=1$"))
    expect(student.get_by_text("You're booked")).to_be_visible()
    session_url = student.url.split("?")[0]

    # Each party's mail speaks their own local time, with an invitation for their calendar.
    booked_student = app.wait_for_mail(student_email, "is confirmed")
    assert "Saturday 27 March 2027, 18:00\u201319:00 Asia/Tokyo (JST)" in booked_student.text
    booked_mentor = app.wait_for_mail(mentor_email, "New session booked by Kenji Sato")
    assert "Saturday 27 March 2027, 10:00\u201311:00 Europe/Berlin (CET)" in booked_mentor.text
    first = _invitation(booked_student)
    assert first.decoded("dtstart") == datetime(2027, 3, 27, 9, 0, tzinfo=UTC)
    assert int(first.get("sequence", 0)) == 0

    # Moving it to the Monday after the change: still 10:00 in Berlin (now CEST), 17:00 in Tokyo.
    student.get_by_role("button", name="Reschedule").click()
    moving = student.get_by_role("dialog")
    moving.get_by_label("Day").fill("2027-03-29")
    moving.get_by_role("radio", name="17:00 to 18:00").click()
    moving.get_by_role("button", name=re.compile("Move")).click()
    expect(student.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text("17:00")
    screenshot(student, "journey-rescheduled")

    moved_student = app.wait_for_mail(student_email, "has moved")
    assert "Monday 29 March 2027, 17:00\u201318:00 Asia/Tokyo (JST)" in moved_student.text
    moved_mentor = app.wait_for_mail(mentor_email, "has moved")
    assert "Monday 29 March 2027, 10:00\u201311:00 Europe/Berlin (CEST)" in moved_mentor.text
    moved = _invitation(moved_student)
    assert moved.decoded("dtstart") == datetime(2027, 3, 29, 8, 0, tzinfo=UTC)
    assert str(moved["uid"]) == str(first["uid"])
    assert int(moved["sequence"]) == 1
    assert student.url.startswith(session_url)

    mentor = shifted_page(timezone=MENTOR_ZONE)
    sign_in(mentor, mentor_email, MENTOR_PASSWORD)

    # A group session on the Friday at €15 a seat (free cancellation until the day before):
    # the mentor schedules it.
    mentor.get_by_role("navigation", name="Main").get_by_role("link", name="Group sessions").click()
    mentor.get_by_role("radio", name="60 min").click()
    friday = mentor.get_by_role("list", name="Available times").get_by_role(
        "listitem", name=re.compile(r"Friday.*26"))
    friday.get_by_role("button", name=re.compile(r"10:00 to 11:00$")).click()
    scheduling = mentor.get_by_role("dialog", name="Schedule a group session")
    scheduling.get_by_label("Title").fill("Lenses, together")
    price = scheduling.get_by_label(re.compile("Price per seat"))
    price.fill("15")
    screenshot(mentor, "group-session-scheduling", full_page=False)
    scheduling.get_by_role("button", name="Schedule").click()
    expect(mentor.get_by_role("list", name="Upcoming group sessions")).to_contain_text(
        "Lenses, together")

    # A visitor sees it on the mentor's page, with a way to sign in for a seat.
    visitor = shifted_page(timezone=STUDENT_ZONE, viewport=PHONE)
    visitor.goto(f"/mentors/{mentor_id}")
    open_sessions = visitor.get_by_role("list", name="Open group sessions")
    expect(open_sessions).to_contain_text("Lenses, together")
    expect(open_sessions).to_contain_text("€15")
    expect(open_sessions.get_by_role(
        "link", name="Sign in to take a seat: Lenses, together")).to_be_visible()
    open_sessions.scroll_into_view_if_needed()
    screenshot(visitor, "group-sessions-visitor-phone", full_page=False)

    # The student takes a seat, pays on the gateway's page and comes back with it taken.
    student.goto(f"/mentors/{mentor_id}")
    student.get_by_role("button", name="Take a seat: Lenses, together").click()
    student.wait_for_url("**/pay/test/*")
    student.get_by_role("button", name="Pay €15").click()
    student.wait_for_url(re.compile(r"/group-sessions\?session=[0-9a-f-]+&paid=1$"))
    expect(student.get_by_text("Payment received: the seat is yours")).to_be_visible()
    seats = student.get_by_role("region", name="Upcoming group sessions")
    expect(seats).to_contain_text("Lenses, together")
    expect(seats).to_contain_text("Paid €15")
    expect(seats.get_by_text("Scheduled")).to_be_visible()
    screenshot(student, "group-seat-paid")
    student.set_viewport_size(PHONE)
    screenshot(student, "group-seat-paid-phone")
    student.goto(f"/mentors/{mentor_id}")
    expect(student.get_by_role("list", name="Open group sessions")).to_contain_text("Your seat")
    student.get_by_role("list", name="Open group sessions").scroll_into_view_if_needed()
    screenshot(student, "group-session-seat-taken-phone", full_page=False)
    student.set_viewport_size(DESKTOP)
    student.evaluate("window.scrollTo(0, 0)")
    screenshot(student, "group-session-seat-taken")
    mentor.reload()
    expect(mentor.get_by_role("list", name="Upcoming group sessions")).to_contain_text(
        "Students: Kenji Sato")
    screenshot(mentor, "group-sessions-mentor")
    mentor.set_viewport_size(PHONE)
    screenshot(mentor, "group-sessions-mentor-phone")
    mentor.set_viewport_size(DESKTOP)

    # Given back before the free-cancellation deadline, the seat is refunded in full.
    student.goto("/group-sessions")
    student.get_by_role("button", name="Give my seat back").click()
    giving_back = student.get_by_role("dialog", name="Give your seat back?")
    expect(giving_back).to_contain_text("You get the full €15 back")
    screenshot(student, "group-seat-give-back", full_page=False)
    giving_back.get_by_role("button", name="Give my seat back").click()
    earlier = student.get_by_role("region", name="Earlier group sessions")
    expect(earlier).to_contain_text("You gave your seat back")
    expect(earlier).to_contain_text("refunded in full")

    # The one-to-one session takes place; afterwards the mentor marks it held.
    shifted.travel_to(AFTER_SESSION, student, mentor)
    mentor.goto(session_url.removeprefix(app.base_url))
    expect(mentor.get_by_role("heading", level=1)).to_contain_text("Session with Kenji Sato")
    mentor.get_by_role("button", name="Mark as held").click()
    expect(mentor.get_by_text("Completed", exact=True)).to_be_visible()

    # The student reviews it; the review shows on the mentor's profile.
    student.goto(session_url.removeprefix(app.base_url))
    review = student.locator("#review")
    review.locator("label", has=student.get_by_role("radio", name="5 stars")).click()
    expect(review.get_by_role("radio", name="5 stars")).to_be_checked()
    review.get_by_label("Your review").fill("Lenses finally make sense. Clear and patient.")
    review.get_by_role("button", name="Post review").click()
    expect(student.get_by_text("Thanks for your review")).to_be_visible()
    student.goto(f"/mentors/{mentor_id}")
    expect(student.get_by_text("Lenses finally make sense. Clear and patient.")).to_be_visible()

    # Earnings: pending during the complaint window, available once it has passed.
    net = "€51"  # €60 less the platform's 15 %
    mentor.goto("/mentor/earnings")
    balances = mentor.get_by_role("region", name="Balances")
    pending = _card(balances, "Pending")
    available = _card(balances, "Available")
    expect(pending).to_contain_text(net)
    expect(available).not_to_contain_text(net)
    screenshot(mentor, "earnings-pending")

    shifted.travel_to(AFTER_WINDOW, student, mentor)
    for _ in range(50):  # the release is a durable schedule: the dispatcher fires it once due
        mentor.reload()
        expect(balances).to_be_visible()
        if net in (available.text_content() or ""):
            break
        mentor.wait_for_timeout(200)
    expect(available).to_contain_text(net)
    expect(pending).not_to_contain_text(net)
    screenshot(mentor, "earnings-available")

    # The admin's finance page shows the month from the ledger, and a payout batch pays the mentor.
    admin_email = f"grace-{uuid.uuid4().hex[:8]}@example.org"
    app.create_user("admin", admin_email, "Grace Hopper")
    admin = shifted_page()
    admin.context.clock.set_system_time(AFTER_WINDOW)  # a browser opened now, not at the start
    sign_in(admin, admin_email)
    admin.goto("/admin/finance")
    figures = admin.get_by_role("region", name="Key figures")
    # The session's €60 and the seat's €15, which went back in full with its commission.
    expect(_card(figures, "Revenue")).to_contain_text("€75")
    expect(_card(figures, "Refunds")).to_contain_text("€15")
    expect(_card(figures, "Commission")).to_contain_text("€9")
    screenshot(admin, "admin-finance")
    admin.get_by_role("button", name=re.compile("Run payout batch")).click()
    admin.get_by_role("dialog").get_by_role("button", name="Run payout batch").click()
    expect(admin.get_by_role("status").filter(has_text="Paid 1 payout")).to_be_visible()

    mentor.reload()
    expect(_card(balances, "Paid out")).to_contain_text(net)

    # The rest of the money screens, for the screenshot set: the mentor's week with the session,
    # the booking terms, and on a phone the earnings; the admin's queues.
    mentor.goto("/mentor/calendar")
    expect(mentor.get_by_role("link", name=re.compile("Kenji Sato"))).to_be_visible()
    screenshot(mentor, "mentor-calendar")
    mentor.goto("/mentor/booking-settings")
    expect(mentor.get_by_role("heading", name="What students read")).to_be_visible()
    screenshot(mentor, "mentor-booking-settings")
    phone = shifted_page(timezone=MENTOR_ZONE, viewport=PHONE)
    phone.context.clock.set_system_time(AFTER_WINDOW)
    sign_in(phone, mentor_email, MENTOR_PASSWORD)
    phone.goto("/mentor/earnings")
    expect(_card(phone.get_by_role("region", name="Balances"), "Paid out")).to_contain_text(net)
    screenshot(phone, "phone-mentor-earnings")
    phone.goto("/mentor/calendar")
    expect(phone.get_by_role("link", name=re.compile("Kenji Sato"))).to_be_visible()
    screenshot(phone, "phone-mentor-calendar")
    admin.goto("/admin/disputes")
    expect(admin.get_by_role("heading", name="No disputes waiting")).to_be_visible()
    screenshot(admin, "admin-disputes")
    admin.goto("/admin/reviews?status=any")
    expect(admin.get_by_text("Lenses finally make sense.", exact=False)).to_be_visible()
    screenshot(admin, "admin-reviews")
