"""Video uploads with the S3 adapter, through the whole app: the client PUTs each part straight
to the bucket through presigned links (the bytes never pass through the API), resumes from the
parts the bucket lists, completes; the check reads the joined object by ranges, the job
processes it, and the MP4 link (to the bucket) answers byte ranges. A cut-off file is refused
and deleted from the bucket."""

import hashlib
import uuid
from typing import Any

import httpx
from httpx import AsyncClient

from adapters.container import Container
from adapters.settings import Settings
from edu_core.domain.identity import Role
from tests.integration.helpers import bearer, make_user
from tests.integration.test_s3_file_links import settings
from tests.integration.test_video_http import UPLOADS, inline_jobs, start, wait_until_done
from tests.support.s3_server import s3_endpoint
from tests.support.video_files import cut_off, make_video

__all__ = ["inline_jobs", "s3_endpoint", "settings"]  # fixtures


async def send_to_bucket(client: AsyncClient, auth: dict[str, str], upload: dict[str, Any],
                         data: bytes, number: int) -> str:
    target = (await client.post(f"{UPLOADS}/{upload['id']}/parts/{number}/target",
                                headers=auth)).json()
    assert target["url"].startswith("http://localhost:")  # the bucket, not the API
    assert "uploadId=" in target["url"] and f"partNumber={number}" in target["url"]
    size = upload["part_size"]
    piece = data[(number - 1) * size:number * size]
    async with httpx.AsyncClient() as browser:
        put = await browser.put(target["url"], content=piece, headers=target["headers"])
    assert put.status_code == 200, put.text
    etag = put.headers["etag"].strip('"')
    assert etag == hashlib.md5(piece, usedforsecurity=False).hexdigest()
    return etag


async def test_parts_go_straight_to_the_bucket_and_the_video_is_processed(
        client: AsyncClient, container: Container, inline_jobs: Container,
        settings: Settings) -> None:
    mentor = await make_user(container, Role.MENTOR)
    auth = await bearer(client, mentor.email)
    source = make_video("noisy.mp4", noisy=True)
    data = source.read_bytes()
    upload = await start(client, auth, source)
    second = await send_to_bucket(client, auth, upload, data, 2)
    listed = (await client.get(f"{UPLOADS}/{upload['id']}", headers=auth)).json()["parts"]
    assert [(p["number"], p["etag"]) for p in listed] == [(2, second)]
    first = await send_to_bucket(client, auth, upload, data, 1)
    done = await client.post(f"{UPLOADS}/{upload['id']}/complete", headers=auth,
                             json={"parts": [{"number": 1, "etag": first},
                                             {"number": 2, "etag": second}]})
    assert done.status_code == 200, done.text
    ready = await wait_until_done(client, auth, done.json()["id"])
    assert (ready["status"], ready["width"], ready["height"]) == ("ready", 1280, 720), ready
    assert ready["video_url"].startswith("http://localhost:")
    async with httpx.AsyncClient() as browser:
        ranged = await browser.get(ready["video_url"], headers={"Range": "bytes=0-15"})
    assert ranged.status_code == 206
    assert ranged.content[4:8] == b"ftyp"


async def test_a_cut_off_upload_is_refused_and_removed_from_the_bucket(
        client: AsyncClient, container: Container, settings: Settings) -> None:
    mentor = await make_user(container, Role.MENTOR)
    auth = await bearer(client, mentor.email)
    path = cut_off(make_video("indexed.mp4", faststart=True), "cut-indexed.mp4")
    data = path.read_bytes()
    upload = await start(client, auth, path)
    etag = await send_to_bucket(client, auth, upload, data, 1)
    refused = await client.post(f"{UPLOADS}/{upload['id']}/complete", headers=auth,
                                json={"parts": [{"number": 1, "etag": etag}]})
    assert (refused.status_code, refused.json()["code"]) == (422, "video_truncated")
    async with container.uow()() as uow:
        row = await uow.videos.upload(uuid.UUID(upload["id"]))
    assert row is not None
    assert await container.storage().stat(row.storage_key) is None
