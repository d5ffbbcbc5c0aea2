"""Students never see the admin console, and the API refuses them as well."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.helpers import LiveApp, NewPage, screenshot, sign_in


def test_student_is_refused_the_admin_console(live_app: LiveApp, new_page: NewPage) -> None:
    email = f"lee-{uuid.uuid4().hex[:8]}@example.org"
    live_app.create_user("student", email, "Lee Chen")
    page = new_page()
    sign_in(page, email)
    main_nav = page.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Users")).to_have_count(0)

    page.goto("/admin/users")
    expect(page.get_by_role("heading", name="You don't have access to this page")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("table")).to_have_count(0)
    screenshot(page, "not-allowed")

    refused = page.request.get("/api/v1/admin/users")
    assert refused.status == 403
    assert refused.json()["code"] == "forbidden"


def test_visitor_is_asked_to_sign_in_first(live_app: LiveApp, new_page: NewPage) -> None:
    page = new_page()
    page.goto("/admin/users?role=mentor")
    page.wait_for_url(re.compile(r"/login\?next="))
    assert "next=%2Fadmin%2Fusers%3Frole%3Dmentor" in page.url
    expect(page.get_by_role("heading", name="Welcome back")).to_be_visible()
    assert page.request.get("/api/v1/admin/users").status == 401


def test_unknown_address_shows_not_found(live_app: LiveApp, new_page: NewPage) -> None:
    page = new_page()
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", name="We couldn't find that page")).to_be_visible()
    screenshot(page, "not-found", full_page=False)
    # Server paths are never swallowed by the client's fallback.
    assert page.request.get("/api/v1/no-such-endpoint").status == 404
