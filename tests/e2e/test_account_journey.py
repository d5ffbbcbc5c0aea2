"""A newcomer signs up, confirms their address from the e-mail, signs in and sets their time
zone; the session survives a reload."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.helpers import BROWSER_TIMEZONE, PASSWORD, LiveApp, NewPage, screenshot


def test_register_verify_sign_in_change_timezone_and_reload(live_app: LiveApp,
                                                             new_page: NewPage) -> None:
    email = f"maya-{uuid.uuid4().hex[:8]}@example.org"
    page = new_page()

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("mentor")
    screenshot(page, "landing")

    page.get_by_role("banner").get_by_role("link", name="Get started").click()
    page.wait_for_url("**/register")
    # The time zone defaults to the browser's.
    expect(page.get_by_label("Time zone")).to_have_value(BROWSER_TIMEZONE)
    page.get_by_label("Full name").fill("Maya Okafor")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    screenshot(page, "register")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    page.goto(live_app.wait_for_link(email, "/verify-email"))
    expect(page.get_by_role("heading", name="Your e-mail is verified")).to_be_visible()
    page.get_by_role("link", name="Sign in").click()

    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    screenshot(page, "login")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maya")
    expect(page.get_by_role("heading", name="No upcoming sessions")).to_be_visible()
    screenshot(page, "dashboard-student")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    page.wait_for_url("**/settings")
    expect(page.get_by_label("Time zone")).to_have_value(BROWSER_TIMEZONE)
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_role("status").filter(has_text="Profile saved")).to_be_visible()
    screenshot(page, "settings")

    page.reload()
    expect(page).to_have_url(re.compile(r"/settings$"))
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    me = page.request.get("/api/v1/me")
    assert me.status == 200
    assert me.json()["timezone"] == "Asia/Tokyo"
    assert me.json()["email_verified"] is True

    page.get_by_role("link", name="Sign out").first.click()
    page.wait_for_url("**/login?reason=signed_out")
    expect(page.get_by_text("You're signed out")).to_be_visible()
    page.goto("/dashboard")
    page.wait_for_url("**/login?next=%2Fdashboard")


def test_wrong_password_is_explained_next_to_the_form(live_app: LiveApp,
                                                      new_page: NewPage) -> None:
    email = f"kai-{uuid.uuid4().hex[:8]}@example.org"
    live_app.create_user("student", email, "Kai Tanaka")
    page = new_page()
    page.goto("/login")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("don't match an account")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_forgotten_password_is_reset_from_the_mailed_link(live_app: LiveApp,
                                                          new_page: NewPage) -> None:
    email = f"ravi-{uuid.uuid4().hex[:8]}@example.org"
    live_app.create_user("mentor", email, "Ravi Menon")
    page = new_page()
    page.goto("/login")
    page.get_by_role("link", name="Forgot password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_role("button", name="Send reset link").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    page.goto(live_app.wait_for_link(email, "/reset-password"))
    page.get_by_label("New password", exact=True).fill("a-brand-new-passphrase")
    page.get_by_label("Confirm new password").fill("a-brand-new-passphrase")
    page.get_by_role("button", name="Set new password").click()
    expect(page.get_by_role("heading", name="Your password has been changed")).to_be_visible()

    page.get_by_role("link", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill("a-brand-new-passphrase")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/dashboard")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ravi")
