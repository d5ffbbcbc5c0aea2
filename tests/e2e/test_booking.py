"""Booking end to end: a student in Tokyo picks a Berlin mentor's slot on the profile, sees the
price and the cancellation policy, pays on the built-in test gateway's page, watches the session
turn confirmed, and finds it under "My sessions"."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.helpers import LiveApp, NewPage, berlin_mentor, screenshot, sign_in

STUDENT_TIMEZONE = "Asia/Tokyo"


def test_student_books_pays_on_the_test_page_and_sees_the_session_confirmed(
        live_app: LiveApp, new_page: NewPage) -> None:
    mentor_name = f"Lena Vogt {uuid.uuid4().hex[:4]}"
    mentor_id, _ = berlin_mentor(live_app, mentor_name)
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
