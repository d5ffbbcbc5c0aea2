"""Media end to end: a mentor uploads a short captioned video and a 2-page PDF of handwritten
notes through the editor, the worker processes the video, an administrator watches and
approves both, a student watches with captions, finds the lesson by a word said in it, draws
on page 2 of the notes, reloads, and the stroke is still there, visible to nobody else."""

import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    ROOT,
    TOPIC_NAME,
    LiveApp,
    NewPage,
    api_client,
    catalog_topic,
    screenshot,
    sign_in,
    verified_mentor,
)
from tests.support.handwritten_files import pdf_pages
from tests.support.video_files import make_video

CAPTIONS = """WEBVTT

00:00.000 --> 00:01.500
A ball rolls down the {word} ramp.

00:01.500 --> 00:03.000
Its energy is conserved.
"""


@pytest.fixture(scope="module")
def worker(live_app: LiveApp) -> Iterator[None]:
    """``edu worker`` beside the served app (same database, same embedded NATS): it runs the
    video processing job."""
    log = (live_app.var_dir / "worker.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "adapters.cli.main", "worker"], cwd=ROOT,
                               env=live_app.env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def _unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


def _new_item(mentor: Page, kind: str, heading: str, title: str) -> None:
    mentor.goto("/mentor/content/new")
    mentor.get_by_role("radio", name=re.compile(rf"^{kind}")).check()
    mentor.get_by_role("radio", name=re.compile(TOPIC_NAME)).check()
    mentor.get_by_role("button", name="Continue").click()
    expect(mentor.get_by_role("heading", name=heading)).to_be_visible()
    mentor.get_by_label("Title").fill(title)


def _submit(mentor: Page, title: str) -> None:
    mentor.get_by_role("button", name="Save draft").click()
    mentor.wait_for_url(re.compile(r"/mentor/content/[0-9a-f-]{36}$"))
    expect(mentor.get_by_role("heading", level=1, name=title)).to_be_visible()
    mentor.get_by_role("button", name=re.compile(r"^(Submit for review|Submit again)$")).click()
    dialog = mentor.get_by_role("dialog")
    dialog.get_by_role("button", name=re.compile(r"^(Submit for review|Save and submit)$")).click()
    expect(mentor.get_by_role("status").filter(has_text="Sent for review")).to_be_visible()


def _approve(admin: Page, title: str) -> None:
    admin.goto("/admin/content")
    admin.get_by_role("link", name=title).click()
    expect(admin.get_by_role("heading", level=1, name=title)).to_be_visible()


def _publish(admin: Page, title: str) -> None:
    admin.get_by_role("button", name="Approve v1").click()
    admin.get_by_role("dialog", name="Publish version 1?").get_by_role(
        "button", name="Approve and publish").click()
    expect(admin.get_by_role("status").filter(has_text=f"Students now see “{title}”")
           ).to_be_visible()


def test_video_and_handwritten_notes_from_upload_to_student(
        live_app: LiveApp, worker: None, new_page: NewPage, tmp_path: Path) -> None:
    topic = catalog_topic(live_app)
    mentor_email, admin_email = _unique("vera"), _unique("alan")
    student_email, other_email = _unique("noor"), _unique("ivo")
    verified_mentor(live_app, mentor_email, "Vera Lind", topic["id"])
    live_app.create_user("admin", admin_email, "Alan Kay")
    live_app.create_user("student", student_email, "Noor Haddad")
    live_app.create_user("student", other_email, "Ivo Novak")
    word = f"zq{uuid.uuid4().hex[:8]}"
    video_title, notes_title = f"Rolling ball {word}", f"Energy notes {word}"
    captions = tmp_path / "captions.vtt"
    captions.write_text(CAPTIONS.format(word=word))
    notes = tmp_path / "energy-notes.pdf"
    notes.write_bytes(pdf_pages((595, 842), (595, 842)))

    # 1. The mentor uploads a video; the worker processes it; captions are added.
    mentor = new_page()
    sign_in(mentor, mentor_email)
    _new_item(mentor, "Video", "New video", video_title)
    mentor.get_by_label("Upload a video").set_input_files(
        make_video("journey.mp4", seconds=3, size="640x360"))
    # Ready once processed: the captions section replaces the progress bars.
    captions_form = mentor.get_by_role("region", name="Captions")
    expect(captions_form).to_be_visible(timeout=120_000)
    captions_form.get_by_label("Captions file").set_input_files(captions)
    captions_form.get_by_label("Language").select_option("en")
    captions_form.get_by_label("Label").fill("English")
    captions_form.get_by_role("button", name=re.compile("Add captions")).click()
    expect(captions_form.get_by_role("button", name="Remove captions English")).to_be_visible()
    screenshot(mentor, "video-editor")
    _submit(mentor, video_title)

    # 2. The mentor uploads a 2-page PDF of handwritten notes.
    _new_item(mentor, "Handwritten notes", "New handwritten notes", notes_title)
    mentor.get_by_label("Upload handwritten notes").set_input_files(notes)
    expect(mentor.get_by_role("list", name="Pages").get_by_role("listitem")).to_have_count(
        2, timeout=30_000)
    _submit(mentor, notes_title)

    # 3. The administrator watches the video, pages through the notes, approves both.
    admin = new_page()
    sign_in(admin, admin_email)
    _approve(admin, video_title)
    reviewed = admin.locator("video")
    expect(reviewed).to_be_visible()
    admin.wait_for_function("v => v.readyState >= 1", arg=reviewed.element_handle())
    _publish(admin, video_title)
    _approve(admin, notes_title)
    expect(admin.get_by_role("region", name="Page 2 of 2", exact=True)).to_be_attached()
    _publish(admin, notes_title)

    # 4. The student finds the video by a word said in it and plays it with captions.
    student = new_page()
    sign_in(student, student_email)
    student.goto(f"/search?q={word}+ramp")
    results = student.get_by_role("region", name="Results")
    moment = results.get_by_role("link", name=re.compile(video_title))
    expect(moment).to_have_attribute("href", re.compile(r"#t=\d"))
    moment.click()
    expect(student.get_by_role("heading", level=1, name=video_title)).to_be_visible()
    video = student.locator("video")
    student.wait_for_function("v => v.readyState >= 1", arg=video.element_handle())
    assert video.evaluate("v => v.duration") == pytest.approx(3, abs=0.5)
    track = video.locator("track[kind=captions]")
    expect(track).to_have_count(1)
    student.wait_for_function(
        "v => { const t = v.textTracks[0]; t.mode = 'showing';"
        " return t.cues !== null && t.cues.length === 2; }", arg=video.element_handle())
    assert word in video.evaluate("v => v.textTracks[0].cues[0].text")
    screenshot(student, "video-lesson")

    # 5. The student draws on page 2 of the notes; after a reload the stroke is still there.
    student.goto("/search?q=" + word)
    student.get_by_role("region", name="Results").get_by_role("link", name=notes_title).click()
    expect(student.get_by_role("heading", level=1, name=notes_title)).to_be_visible()
    student.get_by_role("button", name="Next page").click()
    page_two = student.get_by_role("region", name="Page 2 of 2", exact=True)
    expect(page_two).to_be_visible()
    student.get_by_role("button", name="Pen").click()
    page_two.scroll_into_view_if_needed()
    box = page_two.bounding_box()
    assert box is not None
    student.mouse.move(box["x"] + 80, box["y"] + 120)
    student.mouse.down()
    for step in range(1, 12):
        student.mouse.move(box["x"] + 80 + step * 12, box["y"] + 120 + step * 6)
    student.mouse.up()
    expect(page_two.locator("[data-annotation] path")).to_have_count(1)
    expect(student.get_by_role("status").filter(has_text="All changes saved")).to_be_visible(
        timeout=20_000)
    student.reload()
    expect(student.get_by_role("region", name="Page 2 of 2", exact=True)
           .locator("[data-annotation] path")).to_have_count(1, timeout=20_000)
    screenshot(student, "handwritten-notes")

    # Private by default: another student sees the notes without the stroke.
    item_id = student.url.split("#")[0].rstrip("/").split("/")[-1]
    with api_client(live_app, other_email) as other:
        listed = other.get(f"/api/v1/content/{item_id}/annotations")
        assert listed.status_code == 200 and listed.json()["items"] == []
    with api_client(live_app, student_email) as own:
        mine = own.get(f"/api/v1/content/{item_id}/annotations").json()["items"]
        assert [a["target"]["page"] for a in mine] == [2]
        assert mine[0]["visibility"] == "private"
