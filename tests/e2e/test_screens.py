"""The remaining main screens, on a desktop and on a phone."""

import uuid

from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, PHONE, LiveApp, NewPage, screenshot, sign_in


def test_new_mentor_is_guided_to_verify_and_complete_the_profile(live_app: LiveApp,
                                                                 new_page: NewPage) -> None:
    email = f"ines-{uuid.uuid4().hex[:8]}@example.org"
    page = new_page()
    page.goto("/register?role=mentor")
    page.get_by_label("Full name").fill("Inès Moreau")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    live_app.wait_for_link(email, "/verify-email")

    sign_in(page, email)
    expect(page.get_by_role("heading", name="Complete your mentor profile")).to_be_visible()
    expect(page.get_by_text("Confirm your e-mail address")).to_be_visible()
    screenshot(page, "dashboard-mentor")
    page.get_by_role("button", name="Resend e-mail").click()
    expect(page.get_by_role("status").filter(has_text="Verification e-mail sent")).to_be_visible()


def test_phone_layout_collapses_the_navigation(live_app: LiveApp, new_page: NewPage) -> None:
    page = new_page(viewport=PHONE)
    page.goto("/")
    screenshot(page, "phone-landing", full_page=False)
    page.goto("/register?role=mentor")
    expect(page.get_by_role("heading", name="Apply as a mentor")).to_be_visible()
    screenshot(page, "phone-register")

    email = f"tom-{uuid.uuid4().hex[:8]}@example.org"
    live_app.create_user("student", email, "Tom Okoro")
    sign_in(page, email)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav).to_be_hidden()
    screenshot(page, "phone-dashboard", full_page=False)
    page.get_by_role("button", name="Open navigation").click()
    drawer = page.get_by_role("dialog", name="Navigation")
    expect(drawer).to_be_visible()
    screenshot(page, "phone-navigation", full_page=False)
    page.keyboard.press("Escape")
    expect(drawer).to_be_hidden()
    page.get_by_role("button", name="Open navigation").click()
    drawer.get_by_role("link", name="Settings").click()
    page.wait_for_url("**/settings")
    expect(drawer).to_be_hidden()


def test_phone_admin_console_stays_readable(live_app: LiveApp, new_page: NewPage) -> None:
    email = f"hedy-{uuid.uuid4().hex[:8]}@example.org"
    live_app.create_user("admin", email, "Hedy Lamarr")
    page = new_page(viewport=PHONE)
    sign_in(page, email)
    page.goto("/admin/users")
    expect(page.get_by_role("table", name="Users")).to_be_visible()
    screenshot(page, "phone-admin-users", full_page=False)
    # The operations page: every dependency with how it answered just now.
    page.goto("/admin/operations")
    dependencies = page.get_by_role("table", name="Dependencies")
    expect(dependencies).to_contain_text("database")
    screenshot(page, "phone-admin-operations")
