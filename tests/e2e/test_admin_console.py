"""Administrators manage accounts in the console; a suspension bites on the user's next click."""

import re
import uuid

from playwright.sync_api import expect

from tests.e2e.helpers import PASSWORD, LiveApp, NewPage, screenshot, sign_in


def _unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


def test_suspended_user_is_sent_to_sign_in_on_next_navigation(live_app: LiveApp,
                                                              new_page: NewPage) -> None:
    admin_email, user_email = _unique("ada"), _unique("sam")
    live_app.create_user("admin", admin_email, "Ada Lovelace")
    live_app.create_user("student", user_email, "Sam Rivera", timezone="America/Chicago")
    for index in range(3):
        live_app.create_user("mentor" if index % 2 else "student", _unique(f"member{index}"),
                             ["Noor Haddad", "Jonas Weber", "Lena Fischer"][index])

    member = new_page()
    sign_in(member, user_email)

    admin = new_page()
    sign_in(admin, admin_email)
    expect(admin.get_by_role("heading", level=1)).to_contain_text("Ada")
    screenshot(admin, "dashboard-admin")

    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    admin.wait_for_url("**/admin/users")
    expect(admin.get_by_role("link", name="Sam Rivera")).to_be_visible()
    screenshot(admin, "admin-users")

    admin.get_by_role("searchbox", name="Search users").fill(user_email)
    admin.wait_for_url(re.compile(r"q=sam"))
    expect(admin.get_by_role("table").get_by_role("link")).to_have_count(1)
    admin.get_by_role("link", name="Sam Rivera").click()
    expect(admin.get_by_role("heading", level=1, name="Sam Rivera")).to_be_visible()
    screenshot(admin, "admin-user-detail")

    admin.get_by_role("button", name="Suspend", exact=True).click()
    dialog = admin.get_by_role("dialog", name="Suspend Sam Rivera?")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Reason")).to_be_focused()
    dialog.get_by_label("Reason").fill("Repeated no-shows reported by mentors")
    screenshot(admin, "admin-suspend-dialog", full_page=False)
    admin.get_by_role("button", name="Suspend account").click()
    expect(dialog).to_be_hidden()
    expect(admin.get_by_text("This account is suspended")).to_be_visible()

    # The member clicks somewhere: the app notices the session is gone and asks them to sign
    # in, remembering where they were going.
    member.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
    member.wait_for_url(re.compile(r"/login\?next=%2Fsettings&reason=suspended$"))
    expect(member.get_by_text("Your account has been suspended")).to_be_visible()
    screenshot(member, "login-suspended")

    # Signing in is refused while suspended, with the reason spelled out.
    member.get_by_label("E-mail address").fill(user_email)
    member.get_by_label("Password", exact=True).fill(PASSWORD)
    member.get_by_role("button", name="Sign in").click()
    expect(member.get_by_role("alert")).to_contain_text("suspended")

    # Once lifted, signing in returns them to where they were going.
    admin.get_by_role("button", name="Lift suspension").click()
    expect(admin.get_by_role("button", name="Suspend", exact=True)).to_be_visible()
    member.get_by_role("button", name="Sign in").click()
    member.wait_for_url("**/settings")
    expect(member.get_by_role("heading", name="Account settings")).to_be_visible()


def test_admin_edits_then_deletes_a_user(live_app: LiveApp, new_page: NewPage) -> None:
    admin_email, user_email = _unique("grace"), _unique("omar")
    live_app.create_user("admin", admin_email, "Grace Hopper")
    live_app.create_user("student", user_email, "Omar Farouk")
    admin = new_page()
    sign_in(admin, admin_email)
    admin.goto(f"/admin/users?q={user_email}")
    admin.get_by_role("link", name="Omar Farouk").click()
    expect(admin.get_by_role("heading", level=1, name="Omar Farouk")).to_be_visible()

    admin.get_by_label("Display name").fill("Omar F. Farouk")
    admin.get_by_label("Role").select_option("mentor")
    admin.get_by_role("button", name="Save changes").click()
    expect(admin.get_by_role("heading", level=1, name="Omar F. Farouk")).to_be_visible()
    expect(admin.get_by_role("status").filter(has_text="Changes saved")).to_be_visible()

    admin.get_by_role("button", name="Delete", exact=True).click()
    dialog = admin.get_by_role("dialog", name="Delete Omar F. Farouk?")
    expect(dialog.get_by_role("button", name="Cancel")).to_be_focused()
    admin.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    admin.get_by_role("button", name="Delete", exact=True).click()
    dialog.get_by_role("button", name="Delete account").click()
    admin.wait_for_url(re.compile(r"/admin/users$"))
    expect(admin.get_by_role("status").filter(has_text="Account deleted")).to_be_visible()

    admin.get_by_label("Status").select_option("deleted")
    expect(admin.get_by_role("table")).to_contain_text("deleted.invalid")
