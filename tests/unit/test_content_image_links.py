"""Responses sign the images of lesson HTML: stable ``/files/content/...`` references become
fresh signed links, nothing else changes, and nothing stored is mutated."""

import html
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from uuid import uuid4

import pytest

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.http.catalog.schemas import TopicOut
from adapters.http.content.image_links import (
    LINK_GRANULARITY,
    LINK_TTL,
    ImageLinks,
    content_image_keys,
    image_sources,
    rewrite_image_sources,
)
from adapters.http.content.schemas import (
    AttemptOut,
    ContentItemOut,
    LearnerContentOut,
    TopicContentPage,
    VersionOut,
)
from adapters.memory.fakes import FakeClock
from adapters.storage.local import LocalBlobStorage
from edu_core.domain.files import (
    InvalidBlobKey,
    content_image_key,
    content_image_key_of,
    content_image_reference,
    is_content_image_key,
)

KEY = "content/0b7f6a52-7a43-4a9f-9d59-3c4e1f0a2b6c/5f0c2a9d4b1e8f7a6c3d2b1a0e9f8d7c"
OTHER = "content/0b7f6a52-7a43-4a9f-9d59-3c4e1f0a2b6c/00000000000000000000000000000001"
DOCUMENT = "verification_document/ab/0123456789abcdef0123456789abcdef"
NOW = datetime(2026, 3, 23, 9, 17, 42, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def storage(tmp_path: Path, clock: FakeClock) -> LocalBlobStorage:
    return LocalBlobStorage(tmp_path / "blobs", b"s" * 32, "", clock=clock)


@pytest.fixture
def links(storage: LocalBlobStorage, clock: FakeClock) -> ImageLinks:
    return ImageLinks(storage, clock)


def signed_key(url: str) -> str:
    """The key of a local signed link, checked to carry a signature."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    assert set(query) == {"expires", "sig"}, url
    assert parts.path.startswith("/files/")
    return parts.path.removeprefix("/files/")


def srcs(text: str) -> list[str]:
    return [src for _, _, src in image_sources(text)]


# ---- the stable reference (domain) ---------------------------------------------------------


def test_keys_and_references() -> None:
    owner = uuid4()
    key = content_image_key(owner)
    assert key.startswith(f"content/{owner}/") and is_content_image_key(key)
    assert content_image_key(owner) != key
    assert content_image_reference(key) == f"/files/{key}"
    assert content_image_key_of(f"/files/{key}?expires=1&sig=x") == key
    assert content_image_key_of(f"/files/{key}#top") == key
    for src in (f"/files/{DOCUMENT}", f"https://x.example/files/{key}", f"//files/{key}",
                "/files/content/a/b.png", "/files/content", "files/content/a/b", ""):
        assert content_image_key_of(src) is None, src
    with pytest.raises(InvalidBlobKey):
        content_image_reference(DOCUMENT)


# ---- finding image sources -----------------------------------------------------------------


def test_sources_are_found_as_a_browser_reads_them() -> None:
    text = ('<p title="<img src=/files/content/a/fake>">not an image</p>\n'
            "<!-- <img src=\"/files/content/a/comment\"> -->\n"
            "<p>&lt;img src=\"/files/content/a/text\"&gt;</p>\n"
            '<p><img alt="a>b" src="/files/content/a/one" width="3">\n'
            "<IMG\nSRC='/files/content/a/two'/><img src=/files/content/a/three>"
            '<img src="/files/content/a/four" src="/files/content/a/ignored">'
            '<img alt="no source"><img src="&#x2F;files&#47;content/a/five"></p>')
    assert srcs(text) == ["/files/content/a/one", "/files/content/a/two",
                          "/files/content/a/three", "/files/content/a/four",
                          "/files/content/a/five"]
    for begin, end, src in image_sources(text):
        raw = text[begin:end]
        assert html.unescape(raw.strip("'\"")) == src


def test_rewriting_touches_only_the_src_values() -> None:
    text = ('<p>before</p>\n<img alt="x &amp; y" src="/files/content/a/one">'
            "<img src='/files/content/a/two' alt=\"z\">")
    out = rewrite_image_sources(text, lambda src: src + '?q="1"&r=<2>')
    assert out == ('<p>before</p>\n<img alt="x &amp; y" '
                   'src="/files/content/a/one?q=&quot;1&quot;&amp;r=&lt;2&gt;">'
                   '<img src="/files/content/a/two?q=&quot;1&quot;&amp;r=&lt;2&gt;" alt="z">')
    assert srcs(out) == ['/files/content/a/one?q="1"&r=<2>', '/files/content/a/two?q="1"&r=<2>']
    assert rewrite_image_sources(text, lambda src: None) == text
    assert rewrite_image_sources("<p>no images</p>", lambda src: "x") == "<p>no images</p>"


def test_keys_of_lesson_images_only() -> None:
    text = (f'<img src="/files/{KEY}"><img src="/files/{DOCUMENT}">'
            f'<img src="/files/{OTHER}?expires=1&amp;sig=old"><img src="/files/{KEY}">')
    assert content_image_keys(text) == {KEY, OTHER}


# ---- signing -------------------------------------------------------------------------------


async def test_html_gets_fresh_signed_links_that_verify(links: ImageLinks,
                                                        storage: LocalBlobStorage) -> None:
    text = (f'<p>See <img src="/files/{KEY}" alt="graph"> and '
            f'<img src="/files/{OTHER}?expires=1&amp;sig=stale">.</p>')
    signed = await links.sign_html(text)
    first, second = srcs(signed)
    assert signed_key(first) == KEY and signed_key(second) == OTHER
    for url, key in ((first, KEY), (second, OTHER)):
        query = parse_qs(urlsplit(url).query)
        assert storage.verify(key, query["expires"][0], query["sig"][0]) > 0
    assert signed.replace(html.escape(first), "X").replace(html.escape(second), "Y") == (
        '<p>See <img src="X" alt="graph"> and <img src="Y">.</p>')


async def test_other_uploads_are_never_signed(links: ImageLinks) -> None:
    # HTML stored before images were restricted to content/ must not become a working link.
    for text in (f'<img src="/files/{DOCUMENT}">', '<img src="/files/content/a/b.png">',
                 '<img src="https://x.example/a.png">', "<p>/files/content/a/b</p>"):
        assert await links.sign_html(text) == text


async def test_links_live_for_hours_and_stay_the_same_within_a_granule(
        links: ImageLinks, clock: FakeClock) -> None:
    text = f'<img src="/files/{KEY}">'
    url = srcs(await links.sign_html(text))[0]
    expires = int(parse_qs(urlsplit(url).query)["expires"][0])
    lifetime = expires - int(NOW.timestamp())
    assert LINK_TTL.total_seconds() <= lifetime <= (LINK_TTL + LINK_GRANULARITY).total_seconds()
    assert expires % int(LINK_GRANULARITY.total_seconds()) == 0
    clock.advance(minutes=1)
    assert srcs(await links.sign_html(text))[0] == url  # cacheable by the browser
    clock.advance(seconds=LINK_GRANULARITY.total_seconds())
    assert srcs(await links.sign_html(text))[0] != url


def version(body: dict[str, Any]) -> VersionOut:
    return VersionOut(number=1, title="T", body=body, author_id=None, created_at=NOW,
                      change_summary="", reverted_from=None)


async def test_every_response_shape_with_lesson_html_is_signed(links: ImageLinks) -> None:
    image = f'<p><img src="/files/{KEY}"></p>'
    note = {"html": image}
    question = {"type": "single_choice", "prompt": image, "explanation": image,
                "choices": [{"id": "a", "text": image}], "correct": ["a"]}
    item = ContentItemOut(
        id=uuid4(), topic_id=uuid4(), mentor_id=uuid4(), kind="note", status="approved",
        title="T", latest_version=2, live_version=1, has_unpublished_changes=True,
        feedback=None, created_at=NOW, updated_at=NOW, submitted_at=None, reviewed_at=None,
        latest=version(note), live=version(question))
    learner = LearnerContentOut(id=uuid4(), topic_id=uuid4(), kind="question", version=1,
                                title="T", body=question, mentor_id=uuid4(), mentor_name="M",
                                gradable=True, updated_at=NOW)
    page = TopicContentPage(topic=TopicOut(id=uuid4(), chapter_id=uuid4(), slug="t",
                                           name="T", description="", position=0),
                            items=[learner], total=1, page=1, page_size=20)
    attempt = AttemptOut(id=uuid4(), item_id=uuid4(), version=1, answer={}, correct=True,
                         time_taken_ms=0, created_at=NOW, explanation=image, solution=None)

    signed_item = await links.sign(item)
    assert signed_key(srcs(signed_item.latest.body["html"])[0]) == KEY
    assert signed_item.live is not None
    assert signed_key(srcs(signed_item.live.body["prompt"])[0]) == KEY
    assert signed_key(srcs(signed_item.live.body["explanation"])[0]) == KEY
    # Plain-text fields are not HTML: left exactly as written.
    assert signed_item.live.body["choices"] == question["choices"]
    signed_page = await links.sign(page)
    assert signed_key(srcs(signed_page.items[0].body["prompt"])[0]) == KEY
    signed_attempt = await links.sign(attempt)
    assert signed_attempt.explanation is not None
    assert signed_key(srcs(signed_attempt.explanation)[0]) == KEY
    # Nothing the application handed out was changed in place.
    assert note == {"html": image} and question["prompt"] == image
    assert item.latest.body["html"] == image and attempt.explanation == image


async def test_responses_without_images_are_returned_as_they_are(links: ImageLinks) -> None:
    body = {"html": "<p>No images here</p>"}
    out = version(body)
    assert await links.sign(out) is out
    assert await links.sign(None) is None
    assert await links.sign([1, "x"]) == [1, "x"]


async def test_what_the_sanitiser_stores_is_what_responses_sign(links: ImageLinks) -> None:
    upload_url = await links.url(KEY)
    stored = Nh3HtmlSanitizer().clean(
        f'<p>Energy <img src="{html.escape(upload_url)}" alt="graph" width="300"></p>')
    assert stored == f'<p>Energy <img src="/files/{KEY}" alt="graph" width="300"></p>'
    shown = await links.sign_html(stored)
    assert signed_key(srcs(shown)[0]) == KEY
    assert Nh3HtmlSanitizer().clean(shown) == stored  # saving what was shown changes nothing
