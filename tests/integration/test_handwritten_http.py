"""Handwritten notes over HTTP on PostgreSQL: a mentor uploads a PDF or photos (checked by
their bytes: scripts, encryption, polyglots, decompression bombs and disguised types refused
with nothing stored), makes a ``handwritten`` item of it, and readers annotate its pages:
privately by default, published by the item's author only, idempotent for offline sync."""

import json
import uuid
from pathlib import Path
from typing import Any

import msgspec
import pytest
from httpx import AsyncClient

from adapters.container import Container
from adapters.http.handwritten.schemas import AnnotationListOut
from adapters.settings import Settings
from edu_core.domain.identity import Role, User
from edu_core.domain.identity.users import UserDeleted
from tests.integration.helpers import bearer, make_user
from tests.integration.test_content_http import approve, auth, catalog, create, people
from tests.support.handwritten_files import (
    HTML_TAIL,
    ZIP_TAIL,
    encrypted_pdf,
    huge_png,
    image,
    pdf_pages,
    pdf_with_escaped_launch_action,
    pdf_with_open_action_script,
    pdf_with_script_in_object_stream,
    png_polyglot,
)

__all__ = ["auth", "catalog", "people"]  # fixtures

DOCUMENTS = "/api/v1/handwritten/documents"


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def upload(client: AsyncClient, headers: dict[str, str],
                 *files: tuple[str, bytes, str]) -> Any:
    return await client.post(DOCUMENTS, headers=headers,
                             files=[("files", file) for file in files])


async def fetch(client: AsyncClient, url: str) -> bytes:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    return response.content


async def test_a_two_page_pdf_becomes_a_ready_document_with_thumbnails(
        client: AsyncClient, auth: dict[str, dict[str, str]], settings: Settings) -> None:
    data = pdf_pages((595, 842), (842, 595))
    response = await upload(client, auth["mentor"], ("notes.pdf", data, "application/pdf"))
    assert response.status_code == 201, response.text
    document = response.json()
    assert document["status"] == "ready" and document["failure"] is None
    assert document["source_type"] == "application/pdf" and document["page_count"] == 2
    assert [(p["number"], p["width"], p["height"]) for p in document["pages"]] == [
        (1, 595.0, 842.0), (2, 842.0, 595.0)]
    assert all(p["image_url"] is None for p in document["pages"])
    assert await fetch(client, document["pdf_url"]) == data
    thumbnail = await fetch(client, document["pages"][0]["thumbnail_url"])
    assert thumbnail[:4] == b"RIFF" and thumbnail[8:12] == b"WEBP"

    again = await client.get(f"{DOCUMENTS}/{document['id']}", headers=auth["mentor"])
    assert again.status_code == 200 and again.json()["page_count"] == 2
    assert (await client.get(f"{DOCUMENTS}/{document['id']}",
                             headers=auth["admin"])).status_code == 200
    for other in ("other", "student"):
        denied = await client.get(f"{DOCUMENTS}/{document['id']}", headers=auth[other])
        assert denied.status_code in (403, 404), denied.text
    assert (await client.get(f"{DOCUMENTS}/{document['id']}", headers=auth["other"])
            ).json()["code"] == "handwritten_document_not_found"


async def test_photos_become_pages_in_order_re_encoded(
        client: AsyncClient, auth: dict[str, dict[str, str]]) -> None:
    response = await upload(client, auth["mentor"], ("1.png", image(120, 80), "image/png"),
                            ("2.jpg", image(60, 90, "JPEG"), "image/jpeg"),
                            ("3.webp", image(40, 40, "WEBP"), "image/webp"))
    assert response.status_code == 201, response.text
    document = response.json()
    assert document["source_type"] == "image" and document["pdf_url"] is None
    assert [(p["width"], p["height"]) for p in document["pages"]] == [
        (120, 80), (60, 90), (40, 40)]
    page = await fetch(client, document["pages"][1]["image_url"])
    assert page[:3] == b"\xff\xd8\xff"


async def test_a_polyglot_image_is_neutralised(
        client: AsyncClient, auth: dict[str, dict[str, str]]) -> None:
    response = await upload(client, auth["mentor"], ("page.png", png_polyglot(), "image/png"))
    assert response.status_code == 201, response.text
    stored = await fetch(client, response.json()["pages"][0]["image_url"])
    assert stored.startswith(b"\x89PNG")
    assert ZIP_TAIL[:4] not in stored and b"<script" not in stored
    assert HTML_TAIL not in stored and b"evil.exe" not in stored


@pytest.mark.parametrize(("name", "make", "content_type", "code"), [
    ("script.pdf", pdf_with_open_action_script, "application/pdf", "pdf_active_content"),
    ("launch.pdf", pdf_with_escaped_launch_action, "application/pdf", "pdf_active_content"),
    ("hidden.pdf", pdf_with_script_in_object_stream, "application/pdf", "pdf_active_content"),
    ("locked.pdf", encrypted_pdf, "application/pdf", "pdf_encrypted"),
    ("huge.png", huge_png, "image/png", "image_dimensions_too_large"),
    # A JPEG behind a .png name and type, and a program behind .pdf.
    ("photo.png", lambda: image(fmt="JPEG"), "image/png", "unsupported_file_type"),
    ("notes.pdf", lambda: b"MZ\x90\x00" + b"\x00" * 200, "application/pdf",
     "unsupported_file_type"),
    ("notes.pdf", lambda: b"%PDF-1.7\nthis is not really a pdf\n", "application/pdf",
     "invalid_handwritten_document"),
    ("long.pdf", lambda: pdf_pages(*[(100, 100)] * 201), "application/pdf",
     "invalid_handwritten_document"),
    ("strip.pdf", lambda: pdf_pages((10, 5000)), "application/pdf",
     "invalid_handwritten_document"),
])
async def test_refused_uploads_say_why_and_store_nothing(
        client: AsyncClient, auth: dict[str, dict[str, str]], settings: Settings,
        name: str, make: Any, content_type: str, code: str) -> None:
    before = stored_files(settings.blobs_dir)
    response = await upload(client, auth["mentor"], (name, make(), content_type))
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert response.json()["message"]
    assert stored_files(settings.blobs_dir) == before


async def test_what_a_document_upload_refuses(
        client: AsyncClient, auth: dict[str, dict[str, str]], settings: Settings) -> None:
    pdf = ("a.pdf", pdf_pages((200, 200)), "application/pdf")
    png = ("a.png", image(), "image/png")
    mixed = await upload(client, auth["mentor"], pdf, png)
    assert mixed.status_code == 422 and mixed.json()["code"] == "invalid_handwritten_document"
    # A bad file after good ones: the good ones are not kept either.
    before = stored_files(settings.blobs_dir)
    late = await upload(client, auth["mentor"], png, png, ("b.png", huge_png(), "image/png"))
    assert late.status_code == 422
    assert stored_files(settings.blobs_dir) == before
    too_many = await upload(client, auth["mentor"], *[png] * 51)
    assert too_many.status_code == 422
    assert too_many.json()["code"] == "invalid_handwritten_document"
    student = await upload(client, auth["student"], png)
    assert student.status_code == 403
    none = await client.post(DOCUMENTS, headers=auth["mentor"], files={"other": png})
    assert none.status_code in (400, 422)


async def handwritten_item(client: AsyncClient, auth: dict[str, dict[str, str]],
                           catalog: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    response = await upload(client, auth["mentor"],
                            ("n.pdf", pdf_pages((595, 842), (300, 400)), "application/pdf"))
    document = response.json()
    item = await create(client, auth["mentor"], catalog["energy"].id, "handwritten",
                        "Energy, by hand", {"document_id": document["id"]})
    submitted = await client.post(f"/api/v1/mentor/content/{item['id']}/submit",
                                  headers=auth["mentor"])
    assert submitted.status_code == 200, submitted.text
    return item["id"], document


async def test_a_handwritten_item_shows_its_pages_to_reviewers_and_learners(
        client: AsyncClient, auth: dict[str, dict[str, str]],
        catalog: dict[str, Any]) -> None:
    item_id, document = await handwritten_item(client, auth, catalog)
    review = await client.get(f"/api/v1/admin/content/{item_id}", headers=auth["admin"])
    assert review.status_code == 200, review.text
    body = review.json()["latest"]["body"]
    assert body["kind"] == "handwritten" and body["document_id"] == document["id"]
    assert body["status"] == "ready" and body["page_count"] == 2
    assert body["source_type"] == "application/pdf"
    assert [p["width"] for p in body["pages"]] == [595.0, 300.0]
    assert await fetch(client, body["pdf_url"]) == await fetch(client, document["pdf_url"])
    assert (await client.get(f"/api/v1/content/{item_id}",
                             headers=auth["student"])).status_code == 404
    await approve(client, auth["admin"], item_id, 1)
    learner = await client.get(f"/api/v1/content/{item_id}", headers=auth["student"])
    assert learner.status_code == 200, learner.text
    shown = learner.json()["body"]
    assert shown["page_count"] == 2 and shown["pages"][1]["thumbnail_url"]


async def test_a_body_must_name_the_authors_own_document(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any]) -> None:
    theirs = (await upload(client, auth["other"],
                           ("o.pdf", pdf_pages((100, 100)), "application/pdf"))).json()
    for document_id in (theirs["id"], str(uuid.uuid4())):
        response = await client.post("/api/v1/mentor/content", headers=auth["mentor"], json={
            "topic_id": str(catalog["energy"].id), "kind": "handwritten", "title": "Mine?",
            "body": {"kind": "handwritten", "document_id": document_id}})
        assert response.status_code == 404, response.text
        assert response.json()["code"] == "handwritten_document_not_found"


def ink(*points: tuple[float, float, float], color: str = "#ff0000", page: int = 2,
        visibility: str = "private") -> dict[str, Any]:
    return {"motivation": "sketching", "color": color, "visibility": visibility,
            "target": {"page": page, "selector": {"type": "InkSelector", "width": 2.5,
                                                  "strokes": [[list(p) for p in points]]}}}


async def test_annotations_are_private_unless_the_author_publishes_them(
        client: AsyncClient, container: Container, auth: dict[str, dict[str, str]],
        people: dict[str, User], catalog: dict[str, Any]) -> None:
    item_id, _ = await handwritten_item(client, auth, catalog)
    base = f"/api/v1/content/{item_id}/annotations"
    mine = str(uuid.uuid4())
    # Not approved yet: learners cannot reach the item.
    early = await client.put(f"{base}/{mine}", headers=auth["student"],
                             json=ink((10, 10, 0.5), (20, 30, 0.7)))
    assert early.status_code == 404 and early.json()["message"] == "No such content item."
    await approve(client, auth["admin"], item_id, 1)

    created = await client.put(f"{base}/{mine}", headers=auth["student"],
                               json=ink((10, 10, 0.5), (20, 30, 0.7)))
    assert created.status_code == 201, created.text
    annotation = created.json()
    assert annotation["id"] == mine and annotation["visibility"] == "private"
    assert annotation["author"] == {"id": str(people["student"].id),
                                    "name": people["student"].display_name}
    assert annotation["item_version"] == 1
    assert annotation["target"]["selector"]["strokes"] == [[[10, 10, 0.5], [20, 30, 0.7]]]
    # Offline sync repeats the same PUT: nothing changes, nothing is duplicated.
    repeated = await client.put(f"{base}/{mine}", headers=auth["student"],
                                json=ink((10, 10, 0.5), (20, 30, 0.7)))
    assert repeated.status_code == 200 and repeated.json() == annotation
    replaced = await client.put(f"{base}/{mine}", headers=auth["student"],
                                json=ink((1, 2, 1), color="#00FF00"))
    assert replaced.status_code == 200 and replaced.json()["color"] == "#00ff00"
    assert replaced.json()["created_at"] == annotation["created_at"]
    listed = (await client.get(base, headers=auth["student"])).json()["items"]
    assert [a["id"] for a in listed] == [mine]

    other = await make_user(container, Role.STUDENT)
    other_auth = await bearer(client, other.email)
    assert (await client.get(base, headers=other_auth)).json()["items"] == []
    stolen = await client.put(f"{base}/{mine}", headers=other_auth, json=ink((5, 5, 0.1)))
    assert stolen.status_code == 404 and stolen.json()["code"] == "annotation_not_found"
    assert (await client.delete(f"{base}/{mine}", headers=other_auth)).status_code == 204
    assert [a["id"] for a in (await client.get(base, headers=auth["student"])).json()[
        "items"]] == [mine]

    denied = await client.put(f"{base}/{uuid.uuid4()}", headers=auth["student"],
                              json=ink((1, 1, 1), visibility="published"))
    assert denied.status_code == 403 and denied.json()["code"] == "annotation_publish_denied"
    published = str(uuid.uuid4())
    comment = {"motivation": "commenting", "color": "#123456", "visibility": "published",
               "body": {"type": "TextualBody", "value": "Look at the units here."},
               "target": {"page": 1, "selector": {"type": "FragmentSelector",
                                                  "value": "xywh=100,200.5,0,0"}}}
    made = await client.put(f"{base}/{published}", headers=auth["mentor"], json=comment)
    assert made.status_code == 201, made.text
    private = await client.put(f"{base}/{uuid.uuid4()}", headers=auth["mentor"],
                               json=ink((1, 1, 1)))
    assert private.status_code == 201
    seen = (await client.get(base, headers=other_auth)).json()["items"]
    assert [a["id"] for a in seen] == [published]
    assert seen[0]["body"] == {"type": "TextualBody", "value": "Look at the units here."}
    assert {a["id"] for a in (await client.get(base, headers=auth["student"])).json()[
        "items"]} == {mine, published}
    only_page_2 = (await client.get(base, headers=auth["student"], params={"on_page": 2})
                   ).json()["items"]
    assert [a["id"] for a in only_page_2] == [mine]

    assert (await client.delete(f"{base}/{mine}", headers=auth["student"])).status_code == 204
    assert (await client.delete(f"{base}/{mine}", headers=auth["student"])).status_code == 204
    assert [a["id"] for a in (await client.get(base, headers=auth["student"])).json()[
        "items"]] == [published]


@pytest.mark.parametrize(("change", "field"), [
    (lambda a: a["target"]["selector"]["strokes"][0].append([301, 10, 0.5]),
     "target.selector.strokes[0][1]"),  # page 2 is 300 wide
    (lambda a: a["target"]["selector"]["strokes"][0].append([10, 10, 1.5]),
     "target.selector.strokes[0][1]"),
    (lambda a: a["target"].update(page=3), "target.page"),
    (lambda a: a.update(motivation="highlighting"), "target.selector.type"),
    (lambda a: a["target"]["selector"].update(width=0), "target.selector.width"),
    (lambda a: a.update(body={"type": "TextualBody", "value": "a\x00b"}), "body.value"),
])
async def test_annotations_are_checked_against_the_page(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any],
        change: Any, field: str) -> None:
    item_id, _ = await handwritten_item(client, auth, catalog)
    annotation = ink((10, 10, 0.5))
    change(annotation)
    response = await client.put(f"/api/v1/content/{item_id}/annotations/{uuid.uuid4()}",
                                headers=auth["mentor"], json=annotation)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "invalid_annotation"
    assert field in response.json()["details"]["fields"]


async def test_shape_errors_and_numbers_too_large_to_be_finite_are_refused(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any]) -> None:
    item_id, _ = await handwritten_item(client, auth, catalog)
    url = f"/api/v1/content/{item_id}/annotations/{uuid.uuid4()}"
    infinite = json.dumps(ink((10, 10, 0.5))).replace("[10, 10, 0.5]", "[1e999, 10, 0.5]")
    response = await client.put(url, headers={**auth["mentor"],
                                              "Content-Type": "application/json"},
                                content=infinite)
    assert response.status_code in (400, 422), response.text
    many = ink(*[(1, 1, 1)] * 2001)
    assert (await client.put(url, headers=auth["mentor"], json=many)).status_code == 400
    bad_color = {**ink((1, 1, 1)), "color": "red"}
    assert (await client.put(url, headers=auth["mentor"], json=bad_color)).status_code == 400


async def test_my_annotations_are_in_my_data_export_and_go_with_my_account(
        client: AsyncClient, container: Container, auth: dict[str, dict[str, str]],
        people: dict[str, User], catalog: dict[str, Any]) -> None:
    item_id, _ = await handwritten_item(client, auth, catalog)
    await approve(client, auth["admin"], item_id, 1)
    annotation_id = str(uuid.uuid4())
    saved = await client.put(f"/api/v1/content/{item_id}/annotations/{annotation_id}",
                             headers=auth["student"], json=ink((3, 4, 0.5)))
    assert saved.status_code == 201
    export = await client.get("/api/v1/me/export", headers=auth["student"])
    assert export.status_code == 200, export.text
    exported = export.json()["annotations"]
    assert [a["id"] for a in exported] == [annotation_id]
    assert exported[0]["selector"]["type"] == "InkSelector"

    erase = container.account_erasure()
    await erase.erase(UserDeleted(occurred_at=container.clock().now(),
                                  user_id=people["student"].id, avatar_key=None))
    async with container.uow()() as uow:
        assert await uow.handwritten.annotation(uuid.UUID(annotation_id)) is None


async def test_a_crowded_page_is_listed_whole_in_the_documented_shape_and_compressed(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any]) -> None:
    item_id, _ = await handwritten_item(client, auth, catalog)
    base = f"/api/v1/content/{item_id}/annotations"
    # 20,000 points drawn with a digitiser's spurious precision: stored to 0.01 page units.
    strokes = [[[10 + s * 2.123456789 + p * 0.011111, 20 + p * 7.987654321, 0.123456789]
                for p in range(100)] for s in range(200)]
    kept = [[[round(x, 2), round(y, 2), 0.123] for x, y, _ in stroke] for stroke in strokes]
    sketch = {"motivation": "sketching", "color": "#1d4ed8",
              "target": {"page": 1, "selector": {"type": "InkSelector", "width": 1.5,
                                                 "strokes": strokes}}}
    pin = {"motivation": "commenting", "color": "#123456",
           "body": {"type": "TextualBody", "value": "Units?"},
           "target": {"page": 1, "selector": {"type": "FragmentSelector",
                                              "value": "xywh=100,200.5,0,0"}}}
    ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    saved = []
    for annotation_id, body in zip(ids, (sketch, pin), strict=True):
        response = await client.put(f"{base}/{annotation_id}", headers=auth["mentor"],
                                    json=body)
        assert response.status_code == 201, response.text
        saved.append(response.json())
    assert saved[0]["target"]["selector"]["strokes"] == kept

    compressed = await client.get(base, headers={**auth["mentor"], "Accept-Encoding": "br"},
                                  params={"on_page": 1})
    assert compressed.status_code == 200, compressed.text
    assert compressed.headers["content-encoding"] == "br"
    assert compressed.headers["content-type"].startswith("application/json")
    assert compressed.num_bytes_downloaded < len(compressed.content) / 2
    plain = await client.get(base, headers={**auth["mentor"], "Accept-Encoding": "identity"},
                             params={"on_page": 1})
    assert "content-encoding" not in plain.headers and plain.content == compressed.content
    # The answer is exactly what the OpenAPI document promises, and what the saves answered.
    listed = msgspec.json.decode(plain.content, type=AnnotationListOut, strict=True)
    assert [a.id for a in listed.items] == [uuid.UUID(i) for i in ids]
    assert plain.json()["items"] == saved
