"""File links with the S3 adapter, through the whole app: a lesson image uploaded to a real
S3-protocol server is stored as a stable reference, shown as a link signed for the bucket's
public endpoint, and the page's Content-Security-Policy lets browsers load it from there."""

import html
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from httpx import AsyncClient

from adapters.cli.demo import DEMO
from adapters.container import Container
from adapters.settings import Settings
from tests.conftest import make_settings
from tests.integration.helpers import bearer, make_mentor
from tests.integration.test_content_images import image_srcs, png, stored_html
from tests.support.s3_server import s3_endpoint

__all__ = ["s3_endpoint"]


@pytest.fixture
def settings(tmp_path: Path, s3_endpoint: str) -> Settings:
    port = s3_endpoint.rsplit(":", 1)[1]
    # The app reaches the bucket by one name, browsers by another (here: localhost).
    return make_settings(tmp_path / "var", s3_endpoint=f"http://{s3_endpoint}",
                         s3_access_key="testing", s3_secret_key="testing",
                         s3_bucket=f"edu-{uuid.uuid4().hex[:12]}",
                         s3_public_endpoint=f"http://localhost:{port}")


def test_the_public_origins_follow_the_settings(tmp_path: Path) -> None:
    local = make_settings(tmp_path)
    assert (local.blob_origins, local.blob_link_prefixes) == ([], [])  # same origin
    internal = make_settings(tmp_path, s3_endpoint="minio:9000", s3_access_key="a",
                             s3_secret_key="b", s3_secure=False, s3_bucket="lessons")
    assert internal.blob_origins == ["http://minio:9000", "http://lessons.minio:9000"]
    assert internal.blob_link_prefixes == ["http://minio:9000/lessons/",
                                           "http://lessons.minio:9000/"]
    public = make_settings(tmp_path, s3_endpoint="minio:9000", s3_access_key="a",
                           s3_secret_key="b", s3_public_endpoint="https://files.mentora.org/",
                           s3_bucket="lessons")
    assert public.blob_origins == ["https://files.mentora.org",
                                   "https://lessons.files.mentora.org"]


async def test_lesson_images_live_in_the_bucket_and_the_policy_lets_them_load(
        client: AsyncClient, container: Container, settings: Settings) -> None:
    suffix = uuid.uuid4().hex[:6]
    await container.catalog().import_document(DEMO, {"subjects": [{
        "name": "Optics", "slug": f"optics-{suffix}", "chapters": [{
            "name": "Light", "topics": [{"name": "Lenses", "slug": f"lenses-{suffix}"}]}]}]})
    topic: Any = next(s for s in await container.catalog().tree()
                      if s.subject.slug == f"optics-{suffix}").chapters[0].topics[0]
    mentor = await make_mentor(container, "Sam S3", headline="Optics", bio="Optics.",
                               topics=[str(topic.id)], languages=["en"], rate=4000)
    me = await bearer(client, mentor.email)

    uploaded = await client.post("/api/v1/mentor/content/images", content=png(40, 20),
                                 params={"filename": "lens.png"},
                                 headers={**me, "Content-Type": "image/png"})
    assert uploaded.status_code == 201, uploaded.text
    image = uploaded.json()
    origin = settings.blob_origins[0]
    assert image["url"].startswith(f"{origin}/{settings.s3_bucket}/")

    private = (f"{origin}/{settings.s3_bucket}/verification_document/ab/"
               "0123456789abcdef0123456789abcdef?X-Amz-Signature=x")
    created = await client.post("/api/v1/mentor/content", headers=me, json={
        "topic_id": str(topic.id), "kind": "note", "title": "Lenses",
        "body": {"kind": "note", "html": f'<p>A lens.</p><p><img src="{html.escape(image["url"])}" '
                         f'alt="a lens"></p><p><img src="{private}" alt="stolen"></p>'}})
    assert created.status_code == 201, created.text
    (stored,) = await stored_html(container, created.json()["id"])
    # The editor's signed link is stored as the stable reference; a link into the bucket
    # to anything but a lesson image (a verification document) is not an image at all.
    assert f'<img src="/files/{image["key"]}" alt="a lens">' in stored, stored
    assert '<img alt="stolen">' in stored and "verification_document" not in stored

    (shown,) = image_srcs(created.json()["latest"]["body"]["html"])
    parts = urlsplit(shown)
    assert f"{parts.scheme}://{parts.netloc}" == origin
    async with httpx.AsyncClient() as browser:
        fetched = await browser.get(shown)
    assert fetched.status_code == 200
    assert fetched.content[:8] == b"\x89PNG\r\n\x1a\n"

    policy = (await client.get("/health/live")).headers["content-security-policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split("; ")}
    assert set(settings.blob_origins) <= set(directives["img-src"])
    assert set(settings.blob_origins) <= set(directives["media-src"])
    # Video parts are PUT to presigned bucket links; pdf.js fetches notes from the bucket.
    assert set(settings.blob_origins) <= set(directives["connect-src"])
    assert directives["script-src"] == ["'self'"]
