"""The marketplace end to end: a mentor applies in the browser, an administrator verifies them,
the mentor opens hours in their own time zone, and a student in New York finds them by a free
window that only exists in New York time and sees the slots in their zone."""

import re
import struct
import uuid
import zlib
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.e2e.helpers import BROWSER_TIMEZONE, PASSWORD, LiveApp, NewPage, screenshot, sign_in

STUDENT_TIMEZONE = "America/New_York"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _pdf(path: Path) -> Path:
    """A small, valid one-page PDF."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>"]
    stream = b"BT /F1 18 Tf 72 720 Td (Teaching certificate) Tj ET"
    objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    body += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(body)
    return path


def _png(path: Path, size: int = 96) -> Path:
    """A square PNG portrait: a soft indigo gradient."""
    rows = b"".join(
        b"\x00" + bytes(channel for x in range(size) for channel in (79 + x // 3, 70 + y // 4, 229))
        for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def _unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


def _register_mentor(page: Page, live_app: LiveApp, email: str, name: str) -> None:
    page.goto("/register?role=mentor")
    page.get_by_label("Full name").fill(name)
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    page.goto(live_app.wait_for_link(email, "/verify-email"))
    expect(page.get_by_role("heading", name="Your e-mail is verified")).to_be_visible()
    sign_in(page, email)


def _complete_onboarding(page: Page, tmp_path: Path) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Mentor profile").click()
    page.wait_for_url("**/mentor/onboarding")
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    # Step 1: the profile. Nothing filled in yet: every problem shows on its own field.
    page.get_by_role("button", name=re.compile("continue", re.I)).click()
    expect(page.get_by_label("Headline")).to_be_focused()
    expect(page.get_by_text("Add at least one language.")).to_be_visible()
    page.get_by_label("Headline").fill("Physics teacher who makes mechanics click")
    page.get_by_label("About you").fill(
        "Ten years teaching secondary-school physics.\nWe sketch free-body diagrams until "
        "they feel natural, and build intuition with experiments you can do at home.")
    page.get_by_label("Add a language").select_option("en")
    page.get_by_label("Add a language").select_option("de")
    expect(page.get_by_label("Your time zone")).to_have_value(BROWSER_TIMEZONE)
    page.get_by_label("Hourly rate").fill("42")
    page.get_by_label("Currency").select_option("EUR")
    screenshot(page, "onboarding-profile")
    page.get_by_role("button", name="Save and continue").click()

    # Step 2: a photo, previewed and uploaded with a progress bar.
    expect(page.get_by_role("heading", name="Profile photo")).to_be_visible()
    page.get_by_label("Upload a photo").set_input_files(_png(tmp_path / "portrait.png"))
    expect(page.get_by_role("status").filter(has_text="Photo updated")).to_be_visible()
    expect(page.get_by_text("Your current photo")).to_be_visible()
    screenshot(page, "onboarding-photo")
    page.get_by_role("button", name="Continue").click()

    # Step 3: topics from the catalog tree, found with the filter box.
    expect(page.get_by_role("heading", name="What you teach")).to_be_visible()
    page.get_by_label("Filter topics").fill("newton")
    page.get_by_label("Newton's laws of motion").check()
    page.get_by_label("Filter topics").fill("")
    page.get_by_label("Circuits").check()
    expect(page.get_by_text("2 of at most 40 topics chosen")).to_be_visible()
    screenshot(page, "onboarding-subjects")
    page.get_by_role("button", name="Save and continue").click()

    # Step 4: a real PDF; a file of the wrong type is refused before it is sent.
    expect(page.get_by_role("heading", name="Verification documents")).to_be_visible()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a certificate")
    certificate = _pdf(tmp_path / "teaching-certificate.pdf")
    page.get_by_label("Upload documents").set_input_files([certificate, notes])
    expect(page.get_by_text("notes.txt isn't a PDF, PNG or JPEG file.")).to_be_visible()
    documents = page.get_by_role("list", name="Uploaded documents")
    expect(documents).to_contain_text("teaching-certificate.pdf")
    expect(documents.get_by_role("link", name="View teaching-certificate.pdf")).to_have_attribute(
        "href", re.compile(r"^/files/"))
    screenshot(page, "onboarding-documents")
    page.get_by_role("button", name="Continue").click()

    # Step 5: a portfolio sample for the public profile.
    expect(page.get_by_role("heading", name="Portfolio")).to_be_visible()
    page.get_by_label("Sample title").fill("Worked solutions: Newton's laws")
    page.get_by_label("Sample file").set_input_files(_pdf(tmp_path / "worked-solutions.pdf"))
    page.get_by_role("button", name="Add to portfolio").click()
    expect(page.get_by_role("status").filter(has_text="Sample added")).to_be_visible()
    page.get_by_role("button", name="Continue").click()

    # Step 6: review and submit.
    expect(page.get_by_role("heading", name="Review and submit")).to_be_visible()
    screenshot(page, "onboarding-review")
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Your application is under review")).to_be_visible()
    expect(page.get_by_role("heading", name="Under review")).to_be_visible()
    screenshot(page, "onboarding-submitted")


def test_mentor_applies_is_verified_and_found_by_a_student_in_new_york(
        live_app: LiveApp, new_page: NewPage, tmp_path: Path) -> None:
    live_app.cli("catalog", "import", "src/adapters/cli/data/demo_catalog.json")
    suffix = uuid.uuid4().hex[:4]
    mentor_name = f"Elif Demir {suffix}"
    mentor_email, admin_email, student_email = _unique("elif"), _unique("grace"), _unique("sam")
    live_app.create_user("admin", admin_email, "Grace Whitfield")
    live_app.create_user("student", student_email, "Sam Taylor", timezone=STUDENT_TIMEZONE)

    # A mentor signs up, confirms the address and completes the application.
    mentor = new_page()
    _register_mentor(mentor, live_app, mentor_email, mentor_name)
    _complete_onboarding(mentor, tmp_path)

    # An administrator finds it in the review queue and verifies it.
    admin = new_page()
    sign_in(admin, admin_email)
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Applications").click()
    admin.wait_for_url("**/admin/mentors")
    queue = admin.get_by_role("table", name="Mentor applications: To review")
    expect(queue.get_by_role("link", name=mentor_name)).to_be_visible()
    screenshot(admin, "admin-mentors")
    queue.get_by_role("link", name=mentor_name).click()
    expect(admin.get_by_role("heading", level=1, name=mentor_name)).to_be_visible()
    expect(admin.get_by_role("link", name="Open teaching-certificate.pdf")).to_have_attribute(
        "href", re.compile(r"^/files/"))
    expect(admin.get_by_text("Newton's laws of motion")).to_be_visible()
    screenshot(admin, "admin-mentor-detail")
    admin.get_by_role("button", name="Verify", exact=True).click()
    admin.get_by_role("dialog", name=f"Verify {mentor_name}?").get_by_role(
        "button", name="Verify mentor").click()
    expect(admin.get_by_role("status").filter(has_text="Mentor verified")).to_be_visible()
    expect(admin.get_by_text("Verified", exact=True).first).to_be_visible()

    # The mentor (in Berlin) opens two hours on the weekday that, five days from now, covers
    # 09:00-11:00 in New York.
    new_york, berlin = ZoneInfo(STUDENT_TIMEZONE), ZoneInfo(BROWSER_TIMEZONE)
    day = (datetime.now(new_york) + timedelta(days=5)).date()
    opens = datetime.combine(day, time(9), new_york).astimezone(berlin)
    closes = opens + timedelta(hours=2)
    weekday = WEEKDAYS[opens.weekday()]
    mentor.reload()
    expect(mentor.get_by_text("You're verified: your profile is live")).to_be_visible()
    mentor.get_by_role("navigation", name="Main").get_by_role("link", name="Availability").click()
    mentor.wait_for_url("**/mentor/availability")
    expect(mentor.get_by_label("Your time zone")).to_have_value(BROWSER_TIMEZONE)
    mentor.get_by_role("button", name=f"Add hours on {weekday}").click()
    mentor.get_by_label(f"{weekday}, window 1, start").fill(opens.strftime("%H:%M"))
    mentor.get_by_label(f"{weekday}, window 1, end").fill(closes.strftime("%H:%M"))
    mentor.get_by_role("button", name="Save availability").click()
    expect(mentor.get_by_role("status").filter(has_text="Availability saved")).to_be_visible()
    expect(mentor.get_by_text("All changes saved")).to_be_visible()
    screenshot(mentor, "availability-editor")

    # A student in New York looks for a physics mentor free from 09:00 to 10:00 their time.
    student = new_page(timezone=STUDENT_TIMEZONE)
    sign_in(student, student_email)
    student.get_by_role("navigation", name="Main").get_by_role("link", name="Find a mentor").click()
    student.wait_for_url("**/mentors")
    student.get_by_label("Subject").select_option(label="Physics")
    student.wait_for_url(re.compile(r"subject=physics"))
    student.get_by_label("Day", exact=True).fill(day.isoformat())
    student.get_by_label("From", exact=True).fill("09:00")
    student.get_by_label("To", exact=True).fill("10:00")
    student.wait_for_url(re.compile(r"from=09%3A00&to=10%3A00"))
    card = student.get_by_role("link", name=mentor_name)
    result = student.get_by_role("article").filter(has=card)
    # The free-window search is the slowest query of the journey; on a loaded machine it can
    # outlast the default five seconds.
    expect(result).to_be_visible(timeout=20_000)
    expect(result).to_contain_text("€42")
    expect(result).to_contain_text("English and German")
    expect(result).to_contain_text("Next available:")
    expect(student.get_by_text(f"Times in {STUDENT_TIMEZONE.replace('_', ' ')}")).to_be_visible()
    screenshot(student, "mentors-search")
    search = student.url

    # The same wall-clock window means other instants in Berlin, when the mentor isn't free.
    elsewhere = new_page(timezone=BROWSER_TIMEZONE)
    elsewhere.goto(search)
    expect(elsewhere.get_by_text("No mentors match all of these filters")).to_be_visible()

    # The profile shows the slots in New York time.
    result.get_by_role("link", name=mentor_name).click()
    expect(student.get_by_role("heading", level=1, name=mentor_name)).to_be_visible()
    expect(student.get_by_text("Verified", exact=True).first).to_be_visible()
    expect(student.get_by_label("Time zone", exact=True)).to_have_value("America/New_York")
    calendar = student.get_by_role("list", name="Available times")
    column = calendar.get_by_role("listitem", name=re.compile(rf"\b{day.day}\b"))
    first_slot = column.get_by_role("button", name=re.compile(r"09:00 to 10:00"))
    expect(first_slot).to_be_visible()
    expect(column.get_by_role("button", name=re.compile(r"10:00 to 11:00"))).to_be_visible()
    sample = student.get_by_role("link", name="Download Worked solutions: Newton's laws")
    expect(sample).to_be_visible()
    screenshot(student, "mentor-profile")
    first_slot.click()
    booking = student.get_by_role("dialog", name=f"Book a session with {mentor_name}")
    expect(booking).to_contain_text("€42")
    booking.get_by_role("button", name="Back to calendar").click()
    expect(booking).to_be_hidden()

    # Their own profile page points back to mentor search.
    student.get_by_role("navigation", name="Main").get_by_role("link", name="My profile").click()
    student.wait_for_url("**/profile")
    expect(student.get_by_role("heading", name="No upcoming sessions")).to_be_visible()
    screenshot(student, "student-profile")

    # Students never see the mentor's pages.
    student.goto("/mentor/availability")
    refused = student.get_by_role("heading", name="You don't have access to this page")
    expect(refused).to_be_visible()


def test_admin_edits_the_catalog_and_sees_clear_errors(live_app: LiveApp,
                                                       new_page: NewPage) -> None:
    live_app.cli("catalog", "import", "src/adapters/cli/data/demo_catalog.json")
    admin_email = _unique("hedy")
    live_app.create_user("admin", admin_email, "Hedy Lamarr")
    admin = new_page()
    sign_in(admin, admin_email)
    admin.get_by_role("navigation", name="Main").get_by_role("link", name="Catalog").click()
    admin.wait_for_url("**/admin/catalog")
    expect(admin.get_by_role("list", name="Subjects")).to_contain_text("Physics")

    # A slug that's already used is refused on the slug field.
    admin.get_by_role("button", name="Add subject").click()
    dialog = admin.get_by_role("dialog", name="Add a subject")
    name = f"Astronomy {uuid.uuid4().hex[:4]}"
    dialog.get_by_label("Name").fill(name)
    dialog.get_by_label("Slug").fill("physics")
    dialog.get_by_role("button", name="Add subject").click()
    expect(dialog.get_by_text("Another entry already uses this slug.")).to_be_visible()
    dialog.get_by_label("Slug").fill("")
    dialog.get_by_role("button", name="Add subject").click()
    expect(dialog).to_be_hidden()
    expect(admin.get_by_role("status").filter(has_text="Subject added")).to_be_visible()

    # Add a chapter and a topic to it, then delete the chapter: refused while it has a topic.
    admin.get_by_role("button", name=f"Add chapter to {name}").click()
    admin.get_by_role("dialog").get_by_label("Name").fill("The solar system")
    admin.get_by_role("dialog").get_by_role("button", name="Add chapter").click()
    admin.get_by_role("button", name="Add topic to The solar system").click()
    admin.get_by_role("dialog").get_by_label("Name").fill("Planets and moons")
    admin.get_by_role("dialog").get_by_role("button", name="Add topic").click()
    subjects = admin.get_by_role("list", name="Subjects")
    expect(subjects.get_by_text("Planets and moons")).to_be_visible()
    admin.get_by_role("button", name="Delete The solar system").click()
    confirm = admin.get_by_role("dialog", name="Delete The solar system?")
    confirm.get_by_role("button", name="Delete chapter").click()
    expect(confirm.get_by_role("alert")).to_contain_text("still has topics")
    screenshot(admin, "admin-catalog-delete", full_page=False)
    confirm.get_by_role("button", name="Cancel").click()

    # Moving the new subject up swaps it with its neighbour.
    admin.get_by_role("button", name=f"Move {name} up").click()
    expect(subjects.locator(":scope > li").last).not_to_contain_text(name)
    screenshot(admin, "admin-catalog")
