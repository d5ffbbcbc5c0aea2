"""Mentor onboarding end to end over HTTP (S6): profile, topics, a real PDF, submit, admin
rejection with a reason, fix and resubmit, verification, public profile, mails, audit."""

import io
import uuid
from pathlib import Path

import pytest
from httpx import AsyncClient
from PIL import Image

from adapters.cli.demo import DEMO
from adapters.container import Container
from adapters.mail.file_outbox import read_outbox
from adapters.settings import Settings
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from tests.integration.helpers import bearer, make_user

# A small but well-formed PDF (header, one page, xref, trailer).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
       b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
       b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n164\n%%EOF\n")


def png(width: int = 32, height: int = 32) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (79, 70, 229)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
async def topics(container: Container) -> list[str]:
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Physics", "slug": f"physics-{suffix}", "chapters": [{
            "name": "Mechanics", "topics": [
                {"name": "Newton", "slug": f"newton-{suffix}"},
                {"name": "Energy", "slug": f"energy-{suffix}"}]}]}]})
    tree = (await container.catalog().tree())
    subject = next(s for s in tree if s.subject.slug == f"physics-{suffix}")
    return [str(t.id) for t in subject.chapters[0].topics]


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def upload(client: AsyncClient, auth: dict[str, str], body: bytes, filename: str,
                 content_type: str = "application/octet-stream") -> object:
    return await client.post("/api/v1/mentor/profile/documents", content=body,
                             params={"filename": filename},
                             headers={**auth, "Content-Type": content_type})


async def test_the_whole_application_from_draft_to_public_profile(
        client: AsyncClient, container: Container, settings: Settings,
        topics: list[str]) -> None:
    mentor = await make_user(container, Role.MENTOR)
    admin = await make_user(container, Role.ADMIN)
    me = await bearer(client, mentor.email)
    boss = await bearer(client, admin.email)

    draft = (await client.get("/api/v1/mentor/profile", headers=me)).json()
    assert draft["status"] == "draft"
    assert draft["steps"] == {"profile": False, "subjects": False, "documents": False}
    early = await client.post("/api/v1/mentor/profile/submit", headers=me)
    assert early.status_code == 422
    assert early.json()["code"] == "onboarding_incomplete"
    assert set(early.json()["details"]["missing_steps"]) == {"profile", "subjects", "documents"}

    saved = await client.patch("/api/v1/mentor/profile", headers=me, json={
        "headline": "Physics made intuitive", "bio": "I taught mechanics for 8 years.",
        "languages": ["en", "DE"], "timezone": "Europe/Berlin",
        "hourly_rate_cents": 4500, "currency": "eur"})
    assert saved.status_code == 200, saved.text
    assert saved.json()["languages"] == ["en", "de"]
    assert saved.json()["currency"] == "EUR"
    chosen = await client.put("/api/v1/mentor/profile/topics", headers=me,
                              json={"topic_ids": topics})
    assert chosen.status_code == 200
    assert {t["id"] for t in chosen.json()["topics"]} == set(topics)
    doc = await upload(client, me, PDF, "diploma.pdf", "application/pdf")
    assert doc.status_code == 201, doc.text  # type: ignore[attr-defined]
    document = doc.json()["documents"][0]  # type: ignore[attr-defined]
    assert (document["filename"], document["content_type"], document["size"]) == (
        "diploma.pdf", "application/pdf", len(PDF))
    photo = await client.put("/api/v1/mentor/profile/photo", content=png(),
                             params={"filename": "me.png"},
                             headers={**me, "Content-Type": "image/png"})
    assert photo.status_code == 200, photo.text
    assert photo.json()["photo_url"].startswith("/files/avatar/")
    assert (await client.get(photo.json()["photo_url"])).content == png()

    submitted = await client.post("/api/v1/mentor/profile/submit", headers=me)
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "submitted"
    locked = await client.patch("/api/v1/mentor/profile", headers=me, json={"headline": "x"})
    assert locked.status_code == 409
    assert locked.json()["code"] == "onboarding_locked"
    assert (await client.get(f"/api/v1/mentors/{mentor.id}")).status_code == 404

    queue = (await client.get("/api/v1/admin/mentors", headers=boss)).json()
    assert str(mentor.id) in [m["id"] for m in queue["items"]]
    link = await client.get(
        f"/api/v1/admin/mentors/{mentor.id}/documents/{document['id']}/link", headers=boss)
    assert link.status_code == 200
    preview = await client.get(link.json()["url"])
    assert preview.status_code == 200
    assert preview.content == PDF
    assert preview.headers["content-type"].startswith("application/pdf")

    rejected = await client.post(f"/api/v1/admin/mentors/{mentor.id}/reject", headers=boss,
                                 json={"reason": "The diploma scan is unreadable."})
    assert rejected.json()["status"] == "rejected"
    await container.dispatcher().wait_idle()
    fixed = await client.patch("/api/v1/mentor/profile", headers=me,
                               json={"bio": "I taught mechanics for 8 years. New scan attached."})
    assert fixed.status_code == 200
    await upload(client, me, PDF, "diploma-rescan.pdf", "application/pdf")
    assert (await client.post("/api/v1/mentor/profile/submit", headers=me)).status_code == 200
    verified = await client.post(f"/api/v1/admin/mentors/{mentor.id}/verify", headers=boss)
    assert verified.json()["status"] == "verified"
    again = await client.post(f"/api/v1/admin/mentors/{mentor.id}/verify", headers=boss)
    assert again.status_code == 409

    public = await client.get(f"/api/v1/mentors/{mentor.id}")
    assert public.status_code == 200
    body = public.json()
    assert body["headline"] == "Physics made intuitive"
    assert "documents" not in body
    assert body["rating"] == {"average": 0.0, "count": 0,
                              "distribution": {str(n): 0 for n in range(1, 6)}}

    sample = await client.post("/api/v1/mentor/profile/portfolio", content=PDF,
                               params={"title": "Worked problems: Newton's laws",
                                       "filename": "newton.pdf"},
                               headers={**me, "Content-Type": "application/pdf"})
    assert sample.status_code == 201, sample.text
    shown = (await client.get(f"/api/v1/mentors/{mentor.id}")).json()["portfolio"]
    assert [i["title"] for i in shown] == ["Worked problems: Newton's laws"]
    download = await client.get(shown[0]["url"])
    assert download.content == PDF
    assert "attachment" in download.headers["content-disposition"]
    untitled = await client.post("/api/v1/mentor/profile/portfolio", content=PDF,
                                 params={"title": " ", "filename": "x.pdf"},
                                 headers={**me, "Content-Type": "application/pdf"})
    assert untitled.status_code == 422
    removed = await client.delete(f"/api/v1/mentor/profile/portfolio/{shown[0]['id']}",
                                  headers=me)
    assert removed.status_code == 200
    assert (await client.get(f"/api/v1/mentors/{mentor.id}")).json()["portfolio"] == []
    assert "email" not in body
    assert {t["id"] for t in body["topics"]} == set(topics)

    await container.dispatcher().wait_idle()
    mails = [m for m in read_outbox(settings.outbox_dir) if m.to == mentor.email]
    assert any("unreadable" in m.text for m in mails)
    assert any("verified" in m.subject.lower() for m in mails)
    async with container.uow()() as uow:
        audit = await uow.audit.list(PageRequest(1, 10), target_id=str(mentor.id))
    decisions = [e.action for e in audit.items if e.target_type == "mentor"]
    assert decisions == ["mentor.verified", "mentor.rejected"]

    inbox = (await client.get("/api/v1/notifications", headers=me)).json()
    assert [n["kind"] for n in inbox["items"]] == ["mentor.verified", "mentor.rejected"]
    assert inbox["unread"] == 2
    assert inbox["items"][1]["body"] == "The diploma scan is unreadable."
    # Someone else cannot read or mark the mentor's notifications.
    outsider = await bearer(client, admin.email)
    theirs = (await client.get("/api/v1/notifications", headers=outsider)).json()
    assert all(n["id"] not in {m["id"] for m in inbox["items"]} for n in theirs["items"])
    first_id = inbox["items"][0]["id"]
    stolen = await client.post(f"/api/v1/notifications/{first_id}/read", headers=outsider)
    assert stolen.status_code == 404
    assert (await client.post(f"/api/v1/notifications/{first_id}/read",
                              headers=me)).json() == {"changed": 1}
    assert (await client.post("/api/v1/notifications/read-all",
                              headers=me)).json() == {"changed": 1}
    assert (await client.get("/api/v1/notifications", headers=me)).json()["unread"] == 0


@pytest.mark.parametrize(("body", "filename", "content_type", "code"), [
    (png(), "diploma.pdf", "application/pdf", "unsupported_file_type"),
    (b"MZ\x90\x00" + b"\x00" * 200, "diploma.pdf", "application/pdf", "unsupported_file_type"),
    (b"#!/bin/sh\nrm -rf /\n", "notes.pdf", "application/octet-stream",
     "unsupported_file_type"),
    (b"", "empty.pdf", "application/pdf", "empty_file"),
    (PDF, "diploma.png", "application/octet-stream", "unsupported_file_type"),
])
async def test_bad_documents_are_refused_and_nothing_is_kept(
        client: AsyncClient, container: Container, settings: Settings, body: bytes,
        filename: str, content_type: str, code: str) -> None:
    mentor = await make_user(container, Role.MENTOR)
    me = await bearer(client, mentor.email)
    refused = await upload(client, me, body, filename, content_type)
    assert refused.status_code == 422, refused.text  # type: ignore[attr-defined]
    assert refused.json()["code"] == code  # type: ignore[attr-defined]
    profile = (await client.get("/api/v1/mentor/profile", headers=me)).json()
    assert profile["documents"] == []
    assert stored_files(settings.blobs_dir) == []


async def test_an_oversized_document_is_refused(client: AsyncClient,
                                                container: Container) -> None:
    mentor = await make_user(container, Role.MENTOR)
    me = await bearer(client, mentor.email)
    big = PDF + b"0" * (11 * 1024 * 1024)
    refused = await upload(client, me, big, "huge.pdf", "application/pdf")
    assert refused.status_code in (413, 422)  # type: ignore[attr-defined]
    assert refused.json()["code"] in ("payload_too_large", "file_too_large")  # type: ignore[attr-defined]


async def test_a_decompression_bomb_photo_is_refused(client: AsyncClient,
                                                     container: Container) -> None:
    mentor = await make_user(container, Role.MENTOR)
    me = await bearer(client, mentor.email)
    refused = await client.put("/api/v1/mentor/profile/photo", content=png(20_000, 20_000),
                               params={"filename": "me.png"},
                               headers={**me, "Content-Type": "image/png"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "image_dimensions_too_large"


async def test_others_cannot_reach_a_mentors_documents_or_profile_steps(
        client: AsyncClient, container: Container, topics: list[str]) -> None:
    owner = await make_user(container, Role.MENTOR)
    other = await make_user(container, Role.MENTOR)
    student = await make_user(container, Role.STUDENT)
    mine = await bearer(client, owner.email)
    doc = await upload(client, mine, PDF, "d.pdf", "application/pdf")
    doc_id = doc.json()["documents"][0]["id"]  # type: ignore[attr-defined]
    theirs = await bearer(client, other.email)
    stolen = await client.get(f"/api/v1/mentor/profile/documents/{doc_id}/link", headers=theirs)
    assert stolen.status_code == 404
    removed = await client.delete(f"/api/v1/mentor/profile/documents/{doc_id}", headers=theirs)
    assert removed.status_code == 404
    as_student = await client.get("/api/v1/mentor/profile",
                                  headers=await bearer(client, student.email))
    assert as_student.status_code == 403
    peek = await client.get(f"/api/v1/admin/mentors/{owner.id}", headers=theirs)
    assert peek.status_code == 403
    unknown = await client.put("/api/v1/mentor/profile/topics", headers=mine,
                               json={"topic_ids": [str(uuid.uuid4()), topics[0]]})
    assert unknown.status_code == 422
    assert unknown.json()["code"] == "unknown_topics"
    forged = await client.get(f"/files/verification_document/ab/{'ab' * 16}?expires=1&sig=x")
    assert forged.status_code == 403
