"""The content journey end to end: a verified mentor writes a lesson in the rich-text editor
(formula, uploaded image, PhET simulation), an administrator sends it back and then publishes
it, a student finds it through search and sees it rendered; later edits stay private until
approved, old versions can be restored, hostile markup stays inert, and answering a question
records an attempt."""

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Locator, Page, expect

from tests.e2e.helpers import (
    BROWSER_TIMEZONE,
    DESKTOP,
    TOPIC_NAME,
    LiveApp,
    NewPage,
    api_client,
    catalog_topic,
    screenshot,
    sign_in,
    verified_mentor,
)
from tests.support.xss import PAYLOADS

SIMULATION_URL = "https://phet.colorado.edu/sims/html/projectile-motion/latest/projectile-motion_en.html"


def _unique(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.org"


def _token() -> str:
    """A word no other test uses, to find this test's items by search."""
    return f"zq{uuid.uuid4().hex[:8]}"


def _png(path: Path) -> Path:
    """A small real PNG: a 64x40 gradient drawn with Pillow."""
    image = Image.new("RGB", (64, 40))
    image.putdata([(x * 4, y * 6, 200) for y in range(40) for x in range(64)])
    image.save(path, format="PNG")
    return path


def _editor(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Lesson text")


def _type_at_end_of_first_paragraph(page: Page, text: str) -> None:
    _editor(page).get_by_text("follows a parabola").click()
    page.keyboard.press("End")
    page.keyboard.type(text)
    expect(_editor(page)).to_contain_text(text.strip())


def _toast(page: Page, text: str) -> Locator:
    return page.get_by_role("status").filter(has_text=text)


def _submit_for_review(page: Page) -> None:
    page.get_by_role("button", name=re.compile(r"^(Submit for review|Submit again)$")).click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name=re.compile(r"^(Submit for review|Save and submit)$")).click()
    expect(_toast(page, "Sent for review")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Waiting for review")).to_be_visible()


def _open_in_review(admin: Page, title: str) -> None:
    admin.goto("/admin/content")
    admin.get_by_role("link", name=title).click()
    expect(admin.get_by_role("heading", level=1, name=title)).to_be_visible()


def _search_and_open(student: Page, query: str, title: str) -> None:
    """Types into the header's search box, then opens the result."""
    box = student.get_by_role("search", name="Site").get_by_role("combobox",
                                                                  name="Search Mentora")
    box.fill(query)
    box.press("Enter")
    student.wait_for_url(re.compile(r"/search\?q="))
    results = student.get_by_role("region", name="Results")
    results.get_by_role("link", name=title).click()
    student.wait_for_url(re.compile(r"/learn/[^/]+/[^/]+/[0-9a-f-]{36}$"))
    expect(student.get_by_role("heading", level=1, name=title)).to_be_visible()


def test_mentor_writes_admin_reviews_student_reads(live_app: LiveApp, new_page: NewPage,
                                                   tmp_path: Path) -> None:
    topic = catalog_topic(live_app)
    mentor_email, admin_email, student_email = _unique("mira"), _unique("ada"), _unique("sol")
    verified_mentor(live_app, mentor_email, "Mira Kovac", topic["id"])
    live_app.create_user("admin", admin_email, "Ada Byron")
    live_app.create_user("student", student_email, "Sol Reyes")
    word = _token()
    title = f"Projectile motion {word}"

    # 1. The mentor writes a note in the editor: text, a formula, an image, a simulation.
    mentor = new_page()
    sign_in(mentor, mentor_email)
    mentor.goto("/mentor/content/new")
    mentor.get_by_role("radio", name=re.compile(r"^Note")).check()
    mentor.get_by_role("radio", name=re.compile(TOPIC_NAME)).check()
    mentor.get_by_role("button", name="Continue").click()
    expect(mentor.get_by_role("heading", name="New note")).to_be_visible()

    mentor.get_by_label("Title").fill(title)
    editor = _editor(mentor)
    editor.click()
    editor.press_sequentially("A ball launched at an angle follows a parabola. ")

    mentor.get_by_role("button", name="Inline formula").click()
    formula = mentor.get_by_role("dialog", name="Insert formula")
    formula.get_by_label("LaTeX").fill(r"y = x\tan\theta - \frac{g x^2}{2 v_0^2 \cos^2\theta}")
    expect(formula.get_by_test_id("formula-preview").locator(".katex")).to_be_visible()
    formula.get_by_role("button", name="Insert formula").click()
    expect(formula).to_be_hidden()
    expect(editor.locator(".katex").first).to_be_visible()

    mentor.get_by_role("button", name="Image").click()
    image = mentor.get_by_role("dialog", name="Insert an image")
    image.get_by_label("Image file").set_input_files(_png(tmp_path / "trajectory.png"))
    image.get_by_label("Text alternative").fill("A parabolic trajectory")
    image.get_by_role("button", name="Upload and insert").click()
    expect(image).to_be_hidden()
    expect(editor.get_by_role("img", name="A parabolic trajectory")).to_be_visible()

    mentor.get_by_role("button", name="Simulation").click()
    simulation = mentor.get_by_role("dialog", name="Insert a simulation")
    simulation.get_by_label("Simulation address").fill(SIMULATION_URL)
    simulation.get_by_label("Name for screen readers").fill("PhET: Projectile motion")
    simulation.get_by_role("button", name="Insert simulation").click()
    expect(simulation).to_be_hidden()
    expect(editor.get_by_role("img", name="A parabolic trajectory")).to_be_visible()

    mentor.get_by_role("button", name="Save draft").click()
    mentor.wait_for_url(re.compile(r"/mentor/content/[0-9a-f-]{36}$"))
    expect(mentor.get_by_role("heading", level=1, name=title)).to_be_visible()
    item_id = mentor.url.rsplit("/", 1)[1]
    _submit_for_review(mentor)

    # 2. The administrator sends it back with feedback.
    admin = new_page()
    sign_in(admin, admin_email)
    _open_in_review(admin, title)
    admin.get_by_role("button", name="Send back").click()
    send_back = admin.get_by_role("dialog", name="Send version 1 back?")
    send_back.get_by_label("Feedback for the mentor").fill("Please say what g stands for.")
    send_back.get_by_role("button", name="Send back").click()
    expect(send_back).to_be_hidden()
    expect(_toast(admin, "Sent back to the mentor")).to_be_visible()

    # 3. The mentor reads the feedback, fixes the note and submits it again.
    mentor.reload()
    notice = mentor.get_by_role("status").filter(has_text="The reviewer asked for changes")
    expect(notice).to_contain_text("Please say what g stands for.")
    _type_at_end_of_first_paragraph(mentor, " Here g is the gravitational acceleration.")
    mentor.get_by_label("What changed?").fill("Explained g")
    _submit_for_review(mentor)

    # 4. The administrator approves version 2.
    _open_in_review(admin, title)
    admin.get_by_role("button", name="Approve v2").click()
    admin.get_by_role("dialog", name="Publish version 2?").get_by_role(
        "button", name="Approve and publish").click()
    expect(_toast(admin, f"Students now see “{title}”")).to_be_visible()

    # 5. The student finds it with the header's search box and sees it rendered.
    student = new_page()
    sign_in(student, student_email)
    _search_and_open(student, word, title)
    body = student.locator("article .content-body")
    expect(body).to_contain_text("gravitational acceleration")
    expect(body.locator(".katex").first).to_be_visible()
    picture = body.get_by_role("img", name="A parabolic trajectory")
    expect(picture).to_be_visible()
    student.wait_for_function("img => img.complete", arg=picture.element_handle())
    assert picture.evaluate("img => img.naturalWidth") == 64  # loaded, not a broken image
    frame = body.locator("iframe")
    expect(frame).to_have_count(1)
    expect(frame).to_have_attribute("sandbox", re.compile(r"allow-scripts"))
    expect(frame).to_have_attribute("title", "PhET: Projectile motion")
    learn_url = student.url

    # 6. A later edit stays private until it is approved.
    mentor.reload()
    expect(mentor.get_by_role("status").filter(has_text="Live: learners see version 2")) \
        .to_be_visible()
    _type_at_end_of_first_paragraph(mentor, " Air resistance is ignored.")
    mentor.get_by_role("button", name="Save version").click()
    expect(_toast(mentor, "Saved as version 3")).to_be_visible()
    _submit_for_review(mentor)
    student.reload()
    assert student.url == learn_url
    expect(body).to_contain_text("gravitational acceleration")
    expect(body).not_to_contain_text("Air resistance")

    # 7. Withdrawn from review, the mentor restores version 1; version 4 has its content.
    mentor.get_by_role("button", name="Withdraw from review").click()
    mentor.get_by_role("dialog", name="Withdraw from review?").get_by_role(
        "button", name="Withdraw").click()
    expect(_toast(mentor, "Withdrawn from review")).to_be_visible()
    history = mentor.get_by_role("complementary", name="Version history")
    history.get_by_role("button", name="Restore version 1").click()
    mentor.get_by_role("dialog", name="Restore version 1?").get_by_role(
        "button", name="Restore version").click()
    expect(_toast(mentor, "Version 1 restored")).to_be_visible()
    versions = history.get_by_role("list", name="Versions, newest first").get_by_role("listitem")
    expect(versions).to_have_count(4)
    expect(versions.first).to_contain_text("Version 4")
    expect(versions.first).to_contain_text("Restored from version 1")
    expect(_editor(mentor)).not_to_contain_text("gravitational acceleration")
    expect(_editor(mentor)).to_contain_text("follows a parabola")
    with api_client(live_app, mentor_email) as api:
        latest = api.get(f"/api/v1/mentor/content/{item_id}").json()
    assert latest["latest_version"] == 4
    assert latest["latest"]["reverted_from"] == 1
    assert "gravitational" not in latest["latest"]["body"]["html"]
    assert 'data-type="inline-math"' in latest["latest"]["body"]["html"]
    assert 'data-type="simulation"' in latest["latest"]["body"]["html"]



# Everything in the rendered lesson that could run script: <script> elements, inline event
# handlers, and javascript:/vbscript:/data: addresses on links, images, frames and forms.
HOSTILE_DOM = """root => {
    const found = [];
    for (const el of root.querySelectorAll("*")) {
        const tag = el.tagName.toLowerCase();
        if (["script", "object", "embed", "base", "meta", "form"].includes(tag)) {
            found.push(`<${tag}>`);
        }
        for (const attr of el.attributes) {
            const value = attr.value.replace(/[\\u0000-\\u0020]/g, "").toLowerCase();
            if (attr.name.startsWith("on")) found.push(`${tag}[${attr.name}]`);
            const address = ["href", "src", "action", "formaction", "xlink:href"];
            if (address.includes(attr.name) && /^(javascript|vbscript|data):/.test(value)) {
                found.push(`${tag}[${attr.name}=${attr.value}]`);
            }
            if (attr.name === "srcdoc") found.push(`${tag}[srcdoc]`);
        }
    }
    return found;
}"""


def _watch_dialogs(page: Page) -> list[str]:
    """Records (and dismisses) every alert/confirm/prompt the page opens."""
    opened: list[str] = []

    def record(dialog: Dialog) -> None:
        opened.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def _create_note_via_ui(mentor: Page, title: str) -> None:
    mentor.goto("/mentor/content/new")
    mentor.get_by_role("radio", name=re.compile(r"^Note")).check()
    mentor.get_by_role("radio", name=re.compile(TOPIC_NAME)).check()
    mentor.get_by_role("button", name="Continue").click()
    mentor.get_by_label("Title").fill(title)


@contextmanager
def _importing_page(browser: Browser, live_app: LiveApp) -> Iterator[tuple[Page, list[str]]]:
    """A page for pasting hostile Markdown into the editor, held to the same standard as
    ``new_page`` (any CSP refusal or script error fails the test) with one exception, which it
    counts instead: Chromium checks inline event handlers against the CSP even while parsing
    HTML into a detached DOMParser document, where nothing can run or load. The editor's
    Markdown import parses inline HTML exactly so (TipTap's ``generateJSON``), so pasting
    ``<img onerror=...>`` logs a refusal attributed to the TipTap chunk. Yields the page and
    those counted, inert refusals."""
    context = browser.new_context(
        base_url=live_app.base_url, locale="en-GB", timezone_id=BROWSER_TIMEZONE,
        viewport={"width": DESKTOP["width"], "height": DESKTOP["height"]}, reduced_motion="reduce")
    context.set_default_timeout(15_000)
    problems: list[str] = []
    inert: list[str] = []

    def watch(message: ConsoleMessage) -> None:
        if message.type != "error" or "Content Security Policy" not in message.text:
            return
        parsing = ("inline event handler" in message.text
                   and re.search(r"/assets/tiptap-[\w-]+\.js$", message.location["url"]))
        (inert if parsing else problems).append(f"CSP: {message.text}")

    page = context.new_page()
    page.on("console", watch)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    try:
        yield page, inert
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_hostile_markup_stays_inert_for_students(live_app: LiveApp, new_page: NewPage,
                                                 browser: Browser) -> None:
    topic = catalog_topic(live_app)
    mentor_email, student_email = _unique("hal"), _unique("eve")
    verified_mentor(live_app, mentor_email, "Hal Jordan", topic["id"])
    live_app.create_user("student", student_email, "Eve Moneypenny")
    word = _token()

    # Markdown with script payloads, imported through the editor's dialog.
    imported_title = f"Imported lesson {word}"
    with _importing_page(browser, live_app) as (mentor, inert_refusals):
        mentor_dialogs = _watch_dialogs(mentor)
        sign_in(mentor, mentor_email)
        _create_note_via_ui(mentor, imported_title)
        mentor.get_by_role("button", name="Import Markdown").click()
        importer = mentor.get_by_role("dialog", name="Import Markdown")
        importer.get_by_label("Markdown").fill(
            "## Forces\n\nA force changes motion. <img src=x onerror=alert(1)>\n\n"
            "<script>alert(2)</script>\n\n[Read more](javascript:alert(3)) and "
            "<a href=\"javascript:alert(4)\">this</a>.\n\nThe end: $F = ma$.\n")
        importer.get_by_role("button", name="Import").click()
        expect(importer).to_be_hidden()
        editor = _editor(mentor)
        expect(editor).to_contain_text("A force changes motion.")
        expect(editor.locator(".katex")).to_have_count(1)
        assert editor.evaluate(HOSTILE_DOM) == []
        assert "alert(2)" not in editor.inner_text()
        mentor.get_by_role("button", name="Save draft").click()
        mentor.wait_for_url(re.compile(r"/mentor/content/[0-9a-f-]{36}$"))
        imported_id = mentor.url.rsplit("/", 1)[1]
        _submit_for_review(mentor)
        assert mentor_dialogs == []
    assert len(inert_refusals) <= 1, inert_refusals
    live_app.cli("content", "approve", imported_id)

    # HTML with the whole payload corpus, saved straight through the API.
    posted_title = f"Posted lesson {word}"
    hostile = "".join(f"<p>{payload}</p>" for payload in PAYLOADS)
    with api_client(live_app, mentor_email) as api:
        created = api.post("/api/v1/mentor/content", json={
            "topic_id": topic["id"], "kind": "note", "title": posted_title,
            "body": {"kind": "note", "html": f"<p>Safe words {word}.</p>{hostile}"}})
        assert created.status_code == 201, created.text
        posted_id = created.json()["id"]
        stored = created.json()["latest"]["body"]["html"]
        assert "<script" not in stored.lower() and "onerror" not in stored.lower(), stored
        submitted = api.post(f"/api/v1/mentor/content/{posted_id}/submit")
        assert submitted.status_code == 200, submitted.text
    live_app.cli("content", "approve", posted_id)

    student = new_page()
    student_dialogs = _watch_dialogs(student)
    sign_in(student, student_email)
    for item_id, title, text in [(imported_id, imported_title, "A force changes motion."),
                                 (posted_id, posted_title, f"Safe words {word}.")]:
        student.goto(f"/learn/{topic['subject_slug']}/{topic['slug']}/{item_id}")
        expect(student.get_by_role("heading", level=1, name=title)).to_be_visible()
        body = student.locator("article .content-body")
        expect(body).to_contain_text(text)
        student.wait_for_load_state("networkidle")
        assert body.evaluate(HOSTILE_DOM) == [], title
        assert body.locator("script, [onerror], [onload], [onclick]").count() == 0
    expect(student.locator("article .content-body .katex")).to_have_count(0)  # the posted one
    student.go_back()
    expect(student.locator("article .content-body .katex").first).to_be_visible()
    assert student_dialogs == []


def _approved_question(live_app: LiveApp, mentor_email: str, topic_id: str, title: str,
                       prompt: str) -> str:
    with api_client(live_app, mentor_email) as api:
        created = api.post("/api/v1/mentor/content", json={
            "topic_id": topic_id, "kind": "question", "title": title,
            "body": {"kind": "question", "type": "single_choice", "prompt": prompt,
                     "choices": [{"id": "a", "text": "1.5 N"}, {"id": "b", "text": "6 N"},
                                 {"id": "c", "text": "5 N"}],
                     "correct": ["b"],
                     "explanation": "<p>Newton's second law: F = ma = 2 x 3 = 6 N.</p>"}})
        assert created.status_code == 201, created.text
        item_id: str = created.json()["id"]
        submitted = api.post(f"/api/v1/mentor/content/{item_id}/submit")
        assert submitted.status_code == 200, submitted.text
    live_app.cli("content", "approve", item_id)
    return item_id


def test_student_answers_a_question_and_the_attempt_is_kept(live_app: LiveApp,
                                                             new_page: NewPage) -> None:
    topic = catalog_topic(live_app)
    mentor_email, student_email = _unique("qui"), _unique("ria")
    rival_email = _unique("ana")
    verified_mentor(live_app, mentor_email, "Quinn Abara", topic["id"])
    live_app.create_user("student", student_email, "Ria Sen")
    live_app.create_user("student", rival_email, "Ana Petrova")
    word = _token()
    title = f"Net force question {word}"
    item_id = _approved_question(
        live_app, mentor_email, topic["id"], title,
        f"<p>A 2 kg cart accelerates at 3 m/s². What is the net force? ({word})</p>")
    second_id = _approved_question(
        live_app, mentor_email, topic["id"], f"Cart force again {word}",
        "<p>The same 2 kg cart, again at 3 m/s². Which net force?</p>")

    student = new_page()
    sign_in(student, student_email)
    student.goto(f"/search?q={word}")
    student.get_by_role("region", name="Results").get_by_role("link", name=title).click()
    student.wait_for_url(re.compile(rf"/learn/[^/]+/[^/]+/{item_id}$"))
    expect(student.get_by_text("What is the net force?")).to_be_visible()

    answer = student.get_by_role("form", name="Your answer")
    answer.get_by_role("radio", name=re.compile(r"1\.5 N")).check()
    answer.get_by_role("button", name="Check answer").click()
    feedback = student.get_by_role("region", name="Not quite")
    expect(feedback).to_be_visible()
    # A wrong answer gives nothing away: the worked solution comes only when asked for.
    expect(feedback).not_to_contain_text("F = ma = 2 x 3 = 6 N")
    feedback.get_by_role("button", name="Show solution").click()
    expect(feedback).to_contain_text("F = ma = 2 x 3 = 6 N")
    feedback.get_by_role("button", name="Try again").click()
    answer.get_by_role("radio", name=re.compile(r"6 N")).check()
    answer.get_by_role("button", name="Check answer").click()
    expect(student.get_by_role("region", name="Correct!")).to_be_visible()

    with api_client(live_app, student_email) as api:
        attempts = api.get(f"/api/v1/content/{item_id}/attempts")
    assert attempts.status_code == 200, attempts.text
    recorded = attempts.json()["items"]
    assert [(a["answer"], a["correct"]) for a in recorded] == [
        ({"choice": "b"}, True), ({"choice": "a"}, False)]
    # Asking for the solution is on record for the attempt it was asked on.
    assert recorded[1]["solution_shown"] is True

    # Seeing the solution first earns no XP; a second question answered right does, from
    # Quinn's work: Ria leads Quinn's weekly board.
    student.goto(f"/learn/{topic['subject_slug']}/{topic['slug']}/{second_id}")
    answer = student.get_by_role("form", name="Your answer")
    answer.get_by_role("radio", name=re.compile(r"6 N")).check()
    answer.get_by_role("button", name="Check answer").click()
    expect(student.get_by_role("region", name="Correct!")).to_be_visible()
    student.goto("/leaderboards")
    board = student.get_by_role("list", name="Quinn Abara's students this week")
    expect(board.get_by_role("listitem")).to_have_count(1)
    expect(board.get_by_role("listitem").first).to_contain_text("Ria Sen")
    expect(board.get_by_role("listitem").first).to_contain_text("10 XP")
    # Ana answers both questions right: she passes Ria on the open page, live.
    with api_client(live_app, rival_email) as api:
        for question in (item_id, second_id):
            graded = api.post(f"/api/v1/content/{question}/attempts",
                              json={"answer": {"type": "single_choice", "choice": "b"}})
            assert graded.status_code == 201, graded.text
    rows = board.get_by_role("listitem")
    expect(rows).to_have_count(2, timeout=15_000)
    expect(rows.nth(0)).to_contain_text("Ana Petrova")
    expect(rows.nth(0)).to_contain_text("20 XP")
    expect(rows.nth(1)).to_contain_text("Ria Sen")
    expect(rows.nth(1)).to_have_attribute("aria-current", "true")
    screenshot(student, "leaderboards")

