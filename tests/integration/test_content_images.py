"""Images in lesson notes over HTTP: a mentor uploads an image, puts the returned link in a note;
the stored version keeps only the stable reference, and every response that shows the note
(workspace, review, learners) carries a freshly signed link that downloads the image."""

import html
import io
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from httpx import AsyncClient, Response
from PIL import Image

from adapters.cli.demo import DEMO
from adapters.container import Container
from adapters.settings import Settings
from edu_core.domain.identity import Role, User
from tests.conftest import make_settings
from tests.integration.helpers import bearer, make_mentor, make_user

UPLOAD = "/api/v1/mentor/content/images"
UPLOADS_PER_WINDOW = 8
# A small but well-formed PDF header is enough to be recognised as one.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png(width: int = 48, height: int = 24) -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), (79, 70, 229))
    image.save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_with_location() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "SECRETCAMERA"
    exif[0x010E] = "48.8584 N, 2.2945 E"
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes(),
                                                  comment=b"SECRETCOMMENT")
    return buffer.getvalue()


def animated_gif(frames: int = 3) -> bytes:
    pictures = [Image.new("RGB", (16, 16), (i * 80, 0, 0)) for i in range(frames)]
    buffer = io.BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:],
                     duration=100, loop=0)
    return buffer.getvalue()


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def image_srcs(text: str) -> list[str]:
    from adapters.http.content.image_links import image_sources

    return [src for _, _, src in image_sources(text)]


def assert_signed(url: str, key: str) -> None:
    parts = urlsplit(url)
    assert parts.path == f"/files/{key}", url
    assert set(parse_qs(parts.query)) == {"expires", "sig"}, url


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "var", rate_limit_uploads=f"{UPLOADS_PER_WINDOW}/600")


@pytest.fixture
async def topic(container: Container) -> Any:
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Optics", "slug": f"optics-{suffix}", "chapters": [{
            "name": "Light",
            "topics": [{"name": "Refraction", "slug": f"refraction-{suffix}"}]}]}]})
    tree = await container.catalog().tree()
    subject = next(s for s in tree if s.subject.slug == f"optics-{suffix}")
    return subject.chapters[0].topics[0]


@pytest.fixture
async def people(container: Container, topic: Any) -> dict[str, User]:
    return {
        "mentor": await make_mentor(container, "Ida Images", headline="Optics",
                                    bio="Optics teacher.", topics=[str(topic.id)],
                                    languages=["en"], rate=4000),
        "newcomer": await make_user(container, Role.MENTOR),  # not verified yet
        "admin": await make_user(container, Role.ADMIN),
        "student": await make_user(container, Role.STUDENT),
    }


@pytest.fixture
async def auth(client: AsyncClient, people: dict[str, User]) -> dict[str, dict[str, str]]:
    return {name: await bearer(client, user.email) for name, user in people.items()}


async def upload(client: AsyncClient, headers: dict[str, str], body: Any,
                 filename: str | None = "graph.png",
                 content_type: str | None = "image/png") -> Response:
    params = {"filename": filename} if filename is not None else {}
    extra = {"Content-Type": content_type} if content_type is not None else {}
    return await client.post(UPLOAD, content=body, params=params, headers={**headers, **extra})


async def download(client: AsyncClient, url: str) -> Response:
    response = await client.get(url)
    assert response.status_code == 200, (url, response.text)
    return response


async def stored_html(container: Container, item_id: str) -> list[str]:
    async with container.uow()() as uow:
        item = await uow.content.get(uuid.UUID(item_id))
    assert item is not None
    return [str(v.body.get("html", "")) for v in item.versions]


async def test_an_image_in_a_note_from_upload_to_learners(
        client: AsyncClient, container: Container, topic: Any, people: dict[str, User],
        auth: dict[str, dict[str, str]]) -> None:
    me, boss, learner = auth["mentor"], auth["admin"], auth["student"]

    uploaded = await upload(client, me, png(48, 24))
    assert uploaded.status_code == 201, uploaded.text
    image = uploaded.json()
    assert set(image) == {"key", "url", "width", "height"}
    key = image["key"]
    assert key.startswith(f"content/{people['mentor'].id}/")
    assert (image["width"], image["height"]) == (48, 24)
    assert_signed(image["url"], key)
    shown = await download(client, image["url"])
    assert shown.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(shown.content)).size == (48, 24)

    # The editor puts the returned link in the note, as an HTML attribute (& escaped); a link
    # to someone's private upload pasted next to it is not an image lessons may show.
    document = "verification_document/ab/0123456789abcdef0123456789abcdef"
    note_html = (f'<p>Snell\'s law</p><p><img src="{html.escape(image["url"])}" alt="rays" '
                 f'width="300"></p><p><img src="/files/{document}?expires=1&amp;sig=x" '
                 'alt="stolen"></p>')
    created = await client.post("/api/v1/mentor/content", headers=me, json={
        "topic_id": str(topic.id), "kind": "note", "title": "Refraction",
        "body": {"kind": "note", "html": note_html}})
    assert created.status_code == 201, created.text
    note = created.json()
    item_id = note["id"]

    # Stored: the stable reference only, no signature, no foreign key.
    (stored,) = await stored_html(container, item_id)
    assert f'<img src="/files/{key}" alt="rays" width="300">' in stored
    assert "expires" not in stored and "sig=" not in stored
    assert document not in stored and '<img alt="stolen">' in stored

    # Shown: a fresh signed link that downloads the image.
    srcs = image_srcs(note["latest"]["body"]["html"])
    assert len(srcs) == 1
    assert_signed(srcs[0], key)
    assert (await download(client, srcs[0])).content == shown.content

    # Saving the note as the editor shows it (signed links and all) is no change at all.
    resaved = await client.post(f"/api/v1/mentor/content/{item_id}/versions", headers=me,
                                json={"base_version": 1, "title": "Refraction",
                                      "body": note["latest"]["body"]})
    assert resaved.status_code == 200, resaved.text
    assert resaved.json()["latest_version"] == 1
    edited = await client.post(f"/api/v1/mentor/content/{item_id}/versions", headers=me, json={
        "base_version": 1, "title": "Refraction",
        "body": {"kind": "note", "html": note["latest"]["body"]["html"] + "<p>More.</p>"}})
    assert edited.json()["latest_version"] == 2
    assert all("sig=" not in text and f'src="/files/{key}"' in text
               for text in await stored_html(container, item_id))

    for url in (f"/api/v1/mentor/content/{item_id}",
                f"/api/v1/mentor/content/{item_id}/versions/1"):
        body = (await client.get(url, headers=me)).json()
        version = body.get("latest", body)
        assert_signed(image_srcs(version["body"]["html"])[0], key)

    submitted = await client.post(f"/api/v1/mentor/content/{item_id}/submit", headers=me)
    assert submitted.status_code == 200, submitted.text
    assert_signed(image_srcs(submitted.json()["latest"]["body"]["html"])[0], key)
    preview = (await client.get(f"/api/v1/admin/content/{item_id}", headers=boss)).json()
    assert_signed(image_srcs(preview["latest"]["body"]["html"])[0], key)
    approved = await client.post(f"/api/v1/admin/content/{item_id}/approve", headers=boss,
                                 json={"version": 2})
    assert approved.status_code == 200, approved.text
    assert_signed(image_srcs(approved.json()["live"]["body"]["html"])[0], key)

    # A learner reads the approved note, and the image loads.
    read = await client.get(f"/api/v1/content/{item_id}", headers=learner)
    assert read.status_code == 200, read.text
    learner_src = image_srcs(read.json()["body"]["html"])[0]
    assert_signed(learner_src, key)
    assert (await download(client, learner_src)).content == shown.content
    listed = (await client.get(f"/api/v1/topics/{topic.slug}/content", headers=learner)).json()
    assert_signed(image_srcs(listed["items"][0]["body"]["html"])[0], key)
    # Diffs compare images by their stored address: no signed links.
    diff = (await client.get(f"/api/v1/admin/content/{item_id}/diff", headers=boss)).json()
    images = [line["block"]["source"] for line in diff["lines"]
              if line["block"]["kind"] == "image"]
    assert f"/files/{key}" in images and not any("sig=" in src for src in images)


async def test_any_mentor_may_upload_and_metadata_is_dropped(
        client: AsyncClient, auth: dict[str, dict[str, str]], people: dict[str, User]) -> None:
    uploaded = await upload(client, auth["newcomer"], jpeg_with_location(), "IMG_0042.jpeg",
                            "image/jpeg")
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["key"].startswith(f"content/{people['newcomer'].id}/")
    data = (await download(client, uploaded.json()["url"])).content
    assert Image.open(io.BytesIO(data)).size == (30, 20)
    for secret in (b"SECRETCAMERA", b"48.8584", b"SECRETCOMMENT", b"IMG_0042"):
        assert secret not in data

    gif = await upload(client, auth["mentor"], animated_gif(3), "loop.gif", "image/gif")
    assert gif.status_code == 201, gif.text
    frames = Image.open(io.BytesIO((await download(client, gif.json()["url"])).content))
    assert frames.format == "GIF" and frames.n_frames == 3


@pytest.mark.parametrize(("body", "filename", "content_type"), [
    (PDF, "graph.png", "image/png"),  # a PDF behind a .png name and type
    (b"MZ\x90\x00" + b"\x00" * 200, "graph.png", "image/png"),  # a Windows program
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "graph.png",
     "image/png"),
    (b"<html><script>alert(1)</script></html>", "graph.png", None),
    (png(), "graph.jpg", "image/jpeg"),  # a real PNG claiming to be a JPEG
    (png()[:-40], "graph.png", "image/png"),  # cut off
])
async def test_a_file_that_is_not_what_it_claims_is_refused(
        client: AsyncClient, settings: Settings, auth: dict[str, dict[str, str]], body: bytes,
        filename: str, content_type: str | None) -> None:
    refused = await upload(client, auth["mentor"], body, filename, content_type)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "unsupported_file_type"
    assert stored_files(settings.blobs_dir) == []


async def test_empty_and_too_large_uploads_are_refused(
        client: AsyncClient, settings: Settings, auth: dict[str, dict[str, str]]) -> None:
    empty = await upload(client, auth["mentor"], b"")
    assert (empty.status_code, empty.json()["code"]) == (422, "empty_file")
    too_large = png() + b"\0" * (10 * 1024 * 1024)
    refused = await upload(client, auth["mentor"], too_large)
    assert refused.status_code == 413, refused.text
    assert refused.json()["code"] == "payload_too_large"
    assert "10 MB" in refused.json()["message"]

    async def streamed() -> AsyncIterator[bytes]:  # no Content-Length to refuse it early
        for start in range(0, len(too_large), 1024 * 1024):
            yield too_large[start:start + 1024 * 1024]

    refused = await upload(client, auth["mentor"], streamed())
    assert (refused.status_code, refused.json()["code"]) == (413, "payload_too_large")
    huge = await upload(client, auth["mentor"], png(9000, 9000))
    assert (huge.status_code, huge.json()["code"]) == (422, "image_dimensions_too_large")
    assert stored_files(settings.blobs_dir) == []


async def test_only_mentors_upload(client: AsyncClient,
                                   auth: dict[str, dict[str, str]]) -> None:
    for who in ("student", "admin"):
        refused = await upload(client, auth[who], png())
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden"), who
    anonymous = await client.post(UPLOAD, content=png(), params={"filename": "a.png"})
    assert anonymous.status_code == 401


async def test_uploads_are_rate_limited(client: AsyncClient,
                                        auth: dict[str, dict[str, str]]) -> None:
    for _ in range(UPLOADS_PER_WINDOW):
        assert (await upload(client, auth["mentor"], png())).status_code == 201
    refused = await upload(client, auth["mentor"], png())
    assert (refused.status_code, refused.json()["code"]) == (429, "rate_limited")
    assert int(refused.headers["retry-after"]) > 0


async def test_the_upload_is_documented(client: AsyncClient) -> None:
    document = (await client.get("/schema/openapi.json")).json()
    operation = document["paths"][UPLOAD]["post"]
    assert operation["operationId"] == "uploadContentImage"
    assert operation["tags"] == ["Mentor content"]
    assert "application/octet-stream" in operation["requestBody"]["content"]
    assert {"201", "401", "403", "413", "422", "429"} <= set(operation["responses"])
    assert {p["name"] for p in operation.get("parameters", [])} == {"filename"}
