"""Video lessons over HTTP on the local-disk store: a mentor uploads a file in parts, resumes
after an "interruption" from the parts the server lists, completes, and the worker's job
(run inline here) makes a 720p MP4 with a poster and preview sprite that downloads with byte
ranges. Refusals: limits, another mentor's upload, cut-off and fake files (nothing kept), a
file that breaks during processing (``failed`` with a reason, never stuck)."""

import asyncio
import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import av
import pytest
from dependency_injector import providers
from httpx import AsyncClient

from adapters.container import Container
from adapters.memory.jobs import InlineJobQueue
from adapters.settings import Settings
from edu_core.application.video import VideoProcessing
from edu_core.domain.identity import Role, User, UserDeleted
from edu_core.domain.video import PART_SIZE, Video, new_video_key, upload_expiry_key
from edu_core.ports.jobs import JobContext
from tests.integration.helpers import bearer, make_user
from tests.support.video_files import cut_off, make_video

UPLOADS = "/api/v1/videos/uploads"
VIDEOS = "/api/v1/videos"


@pytest.fixture
def inline_jobs(container: Container) -> Container:
    # Processing runs inside the event handler instead of a worker process: same job code.
    container.job_queue.override(providers.Object(InlineJobQueue(container.job_registry())))
    return container


@pytest.fixture
async def mentor(container: Container) -> User:
    return await make_user(container, Role.MENTOR)


@pytest.fixture
async def auth(client: AsyncClient, mentor: User) -> dict[str, str]:
    return await bearer(client, mentor.email)


def blob_files(settings: Settings) -> list[Path]:
    root = settings.blobs_dir
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


async def start(client: AsyncClient, auth: dict[str, str], path: Path,
                **overrides: Any) -> dict[str, Any]:
    body = {"filename": path.name, "size": len(path.read_bytes()),  # noqa: ASYNC240
            "content_type": "video/mp4", **overrides}
    response = await client.post(UPLOADS, json=body, headers=auth)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def send_part(client: AsyncClient, auth: dict[str, str], upload: dict[str, Any],
                    data: bytes, number: int) -> str:
    response = await client.post(f"{UPLOADS}/{upload['id']}/parts/{number}/target",
                                 headers=auth)
    assert response.status_code == 200, response.text
    target = response.json()
    assert target["method"] == "PUT"
    assert target["url"] == f"{UPLOADS}/{upload['id']}/parts/{number}"
    size = upload["part_size"]
    piece = data[(number - 1) * size:number * size]
    put = await client.put(target["url"], content=piece,
                           headers={**auth, **target["headers"],
                                    "Content-Type": "application/octet-stream"})
    assert put.status_code == 200, put.text
    etag = put.headers["etag"].strip('"')
    assert etag == hashlib.md5(piece, usedforsecurity=False).hexdigest()
    return etag


async def upload_whole(client: AsyncClient, auth: dict[str, str], path: Path
                       ) -> tuple[dict[str, Any], Any]:
    data = path.read_bytes()  # noqa: ASYNC240
    upload = await start(client, auth, path)
    etags = [await send_part(client, auth, upload, data, n)
             for n in range(1, upload["part_count"] + 1)]
    response = await client.post(f"{UPLOADS}/{upload['id']}/complete", headers=auth,
                                 json={"parts": [{"number": n, "etag": e}
                                                 for n, e in enumerate(etags, 1)]})
    return upload, response


async def wait_until_done(client: AsyncClient, auth: dict[str, str],
                          video_id: str) -> dict[str, Any]:
    async with asyncio.timeout(90):
        while True:
            response = await client.get(f"{VIDEOS}/{video_id}", headers=auth)
            assert response.status_code == 200, response.text
            video = dict(response.json())
            if video["status"] != "processing":
                return video
            await asyncio.sleep(0.2)


async def test_an_upload_resumes_from_the_stored_parts_and_is_processed(
        client: AsyncClient, auth: dict[str, str], inline_jobs: Container,
        settings: Settings) -> None:
    source = make_video("noisy.mp4", noisy=True)
    data = source.read_bytes()
    upload = await start(client, auth, source)
    assert upload["part_size"] == PART_SIZE
    assert upload["part_count"] == 2
    assert (upload["status"], upload["parts"], upload["video_id"]) == ("uploading", [], None)

    # The last part first, then the connection "drops": a reload asks what is stored.
    etag2 = await send_part(client, auth, upload, data, 2)
    resumed = (await client.get(f"{UPLOADS}/{upload['id']}", headers=auth)).json()
    assert resumed["parts"] == [{"number": 2, "size": len(data) - PART_SIZE, "etag": etag2}]
    etag1 = await send_part(client, auth, upload, data, 1)

    wrong = await client.post(f"{UPLOADS}/{upload['id']}/complete", headers=auth,
                              json={"parts": [{"number": 1, "etag": etag2},
                                              {"number": 2, "etag": etag2}]})
    assert (wrong.status_code, wrong.json()["code"]) == (422, "video_upload_incomplete")
    done = await client.post(f"{UPLOADS}/{upload['id']}/complete", headers=auth,
                             json={"parts": [{"number": 1, "etag": etag1},
                                             {"number": 2, "etag": etag2}]})
    assert done.status_code == 200, done.text
    video = done.json()
    assert video["status"] == "processing"
    assert video["video_url"] is None
    finished = (await client.get(f"{UPLOADS}/{upload['id']}", headers=auth)).json()
    assert (finished["status"], finished["video_id"]) == ("completed", video["id"])
    again = await client.post(f"{UPLOADS}/{upload['id']}/parts/1/target", headers=auth)
    assert (again.status_code, again.json()["code"]) == (409, "video_upload_closed")

    ready = await wait_until_done(client, auth, video["id"])
    assert ready["status"] == "ready", ready
    assert ready["failure"] is None
    assert ready["progress"] == 1.0
    assert (ready["width"], ready["height"]) == (1280, 720)
    assert ready["duration_seconds"] == pytest.approx(3.0, abs=0.2)
    assert ready["thumbnails"]["columns"] == 3
    assert ready["thumbnails"]["interval_seconds"] == 1.0
    assert (ready["thumbnails"]["tile_width"], ready["thumbnails"]["tile_height"]) == (160, 90)

    mp4 = await client.get(ready["video_url"])
    assert mp4.status_code == 200
    assert mp4.headers["content-type"] == "video/mp4"
    assert mp4.headers["accept-ranges"] == "bytes"
    body = mp4.content
    # +faststart: the index (moov) comes before the media data (mdat).
    assert 0 < body.find(b"moov") < body.find(b"mdat")
    part = await client.get(ready["video_url"], headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 100-199/{len(body)}"
    assert part.content == body[100:200]
    tail = await client.get(ready["video_url"], headers={"Range": "bytes=-10"})
    assert tail.content == body[-10:]
    outside = await client.get(ready["video_url"], headers={"Range": f"bytes={len(body)}-"})
    assert outside.status_code == 416

    out = Path(settings.var_dir) / "out.mp4"
    out.write_bytes(body)
    with av.open(str(out)) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        assert container.streams.audio[0].codec_context.name == "aac"
    poster = await client.get(ready["poster_url"])
    assert poster.content[:3] == b"\xff\xd8\xff"
    sprite = await client.get(ready["thumbnails"]["url"])
    assert sprite.content[:3] == b"\xff\xd8\xff"

    listed = (await client.get(VIDEOS, headers=auth)).json()
    assert [v["id"] for v in listed["items"]] == [video["id"]]


async def test_small_videos_are_never_upscaled(client: AsyncClient, auth: dict[str, str],
                                               inline_jobs: Container) -> None:
    _, response = await upload_whole(client, auth, make_video("small.mp4", size="320x240",
                                                              audio=False))
    assert response.status_code == 200, response.text
    ready = await wait_until_done(client, auth, response.json()["id"])
    assert (ready["status"], ready["width"], ready["height"]) == ("ready", 320, 240)


async def test_limits_on_what_may_be_uploaded(client: AsyncClient,
                                              auth: dict[str, str]) -> None:
    async def refused(body: dict[str, Any]) -> str:
        response = await client.post(UPLOADS, headers=auth, json={
            "filename": "lesson.mp4", "size": 1000, "content_type": "video/mp4", **body})
        assert response.status_code in (400, 422), response.text
        return str(response.json()["code"])

    assert await refused({"size": 2 * 1024 ** 3 + 1}) == "validation_error"
    assert await refused({"content_type": "application/pdf"}) == "unsupported_file_type"
    assert await refused({"filename": "lesson.exe"}) == "invalid_video_upload"
    assert await refused({"filename": "lesson.webm"}) == "invalid_video_upload"

    upload = await start(client, auth, make_video("plain.mp4"))
    url = f"{UPLOADS}/{upload['id']}/parts"
    too_long = await client.put(f"{url}/1", content=b"x" * (upload["size"] + 1), headers=auth)
    assert too_long.status_code == 422 or too_long.status_code == 413, too_long.text
    assert (await client.get(f"{UPLOADS}/{upload['id']}", headers=auth)).json()["parts"] == []
    beyond = await client.post(f"{url}/2/target", headers=auth)
    assert (beyond.status_code, beyond.json()["code"]) == (422, "invalid_part_number")
    over_route_limit = await client.put(f"{url}/1", content=b"x" * (PART_SIZE + 1),
                                        headers=auth)
    assert over_route_limit.status_code == 413


async def test_another_mentors_upload_and_video_are_not_found(
        client: AsyncClient, auth: dict[str, str], container: Container,
        inline_jobs: Container) -> None:
    upload, response = await upload_whole(client, auth, make_video("plain.mp4"))
    video_id = response.json()["id"]
    other = await make_user(container, Role.MENTOR)
    other_auth = await bearer(client, other.email)
    second = await start(client, auth, make_video("plain.mp4"))
    for method, path in [("GET", f"{UPLOADS}/{second['id']}"),
                         ("POST", f"{UPLOADS}/{second['id']}/parts/1/target"),
                         ("PUT", f"{UPLOADS}/{second['id']}/parts/1"),
                         ("DELETE", f"{UPLOADS}/{second['id']}"),
                         ("GET", f"{VIDEOS}/{video_id}")]:
        answer = await client.request(method, path, headers=other_auth, content=b"x")
        assert answer.status_code == 404, (method, path, answer.text)
    student = await make_user(container, Role.STUDENT)
    student_auth = await bearer(client, student.email)
    assert (await client.get(f"{UPLOADS}/{second['id']}", headers=student_auth)
            ).status_code == 403
    admin = await make_user(container, Role.ADMIN)
    # Reviewers watch a mentor's video.
    assert (await client.get(f"{VIDEOS}/{video_id}",
                             headers=await bearer(client, admin.email))).status_code == 200
    assert upload["id"]


@pytest.mark.parametrize(("name", "code"), [("cut-indexed.mp4", "video_truncated"),
                                            ("cut-plain.mp4", "video_unreadable"),
                                            ("fake.mp4", "video_unreadable")])
async def test_a_cut_off_or_fake_video_is_refused_and_nothing_is_kept(
        client: AsyncClient, auth: dict[str, str], settings: Settings, name: str,
        code: str) -> None:
    if name == "cut-indexed.mp4":
        path = cut_off(make_video("indexed.mp4", faststart=True), name)
    elif name == "cut-plain.mp4":
        path = cut_off(make_video("plain.mp4"), name)
    else:
        path = make_video("plain.mp4").with_name(name)
        # Sniffs as MP4 (an ftyp box), then nothing a demuxer can read.
        path.write_bytes(make_video("plain.mp4").read_bytes()[:32] + b"\0" * 50_000)
    upload, response = await upload_whole(client, auth, path)
    assert response.status_code == 422, response.text
    assert response.json()["code"] == code
    assert (await client.get(f"{UPLOADS}/{upload['id']}", headers=auth)
            ).json()["status"] == "aborted"
    assert blob_files(settings) == []


async def test_aborting_and_expiry_remove_the_parts(client: AsyncClient, auth: dict[str, str],
                                                    container: Container,
                                                    settings: Settings) -> None:
    path = make_video("plain.mp4")
    data = path.read_bytes()
    first = await start(client, auth, path)
    await send_part(client, auth, first, data, 1)
    assert blob_files(settings) != []
    assert (await client.delete(f"{UPLOADS}/{first['id']}", headers=auth)).status_code == 204
    assert (await client.delete(f"{UPLOADS}/{first['id']}", headers=auth)).status_code == 204
    assert (await client.get(f"{UPLOADS}/{first['id']}", headers=auth)
            ).json()["status"] == "aborted"
    assert blob_files(settings) == []

    second = await start(client, auth, path)
    await send_part(client, auth, second, data, 1)
    async with container.uow()() as uow:
        schedule = await uow.schedules.get(upload_expiry_key(uuid.UUID(second["id"])))
    assert schedule is not None
    assert schedule.due_at.isoformat().startswith(second["expires_at"][:16])
    assert await container.videos().expire_upload(uuid.UUID(second["id"])) is True
    assert await container.videos().expire_upload(uuid.UUID(second["id"])) is False
    assert (await client.get(f"{UPLOADS}/{second['id']}", headers=auth)
            ).json()["status"] == "aborted"
    assert blob_files(settings) == []

    # A deleted account's uploads in progress go with it.
    third = await start(client, auth, path)
    await send_part(client, auth, third, data, 1)
    owner = (await client.get("/api/v1/me", headers=auth)).json()["id"]
    await container.video_events().account_deleted(UserDeleted(
        occurred_at=container.clock().now(), user_id=uuid.UUID(owner)))
    assert (await client.get(f"{UPLOADS}/{third['id']}", headers=auth)
            ).json()["status"] == "aborted"
    assert blob_files(settings) == []


async def _stored_video(container: Container, owner: User, data: bytes) -> Video:
    key = new_video_key(owner.id, "source")

    async def chunks() -> AsyncIterator[bytes]:
        yield data

    await container.storage().put(key, chunks(), content_type="video/mp4",
                                  max_bytes=len(data))
    now = container.clock().now()
    video = Video(owner_id=owner.id, filename="broken.mp4", source_key=key, created_at=now,
                  updated_at=now)
    async with container.uow()() as uow:
        await uow.videos.add_video(video)
        await uow.commit()
    return video


async def _status(container: Container, video_id: uuid.UUID) -> Video:
    async with container.uow()() as uow:
        found = await uow.videos.video(video_id)
    assert found is not None
    return found


async def test_a_file_that_breaks_in_processing_ends_failed_with_a_reason(
        container: Container, mentor: User) -> None:
    garbage = make_video("plain.mp4").read_bytes()[:32] + b"\x13" * 20_000
    video = await _stored_video(container, mentor, garbage)
    await container.video_processing().process(video.id)
    failed = await _status(container, video.id)
    assert failed.status.value == "failed"
    assert failed.failure_code == "video_unreadable"
    assert failed.failure_message


async def test_the_time_limit_and_the_last_retry_end_failed(container: Container,
                                                            mentor: User) -> None:
    class Slow:
        async def transcode(self, *args: Any, **kwargs: Any) -> Any:
            await asyncio.sleep(30)

    class Broken:
        async def transcode(self, *args: Any, **kwargs: Any) -> Any:
            raise OSError("disk full")

    class Requeued:
        def __init__(self) -> None:
            self.keys: list[str] = []

        async def enqueue(self, job_name: str, payload: object, *, key: str) -> None:
            self.keys.append(key)

    data = make_video("plain.mp4").read_bytes()
    queue = Requeued()
    slow = VideoProcessing(uow=container.uow(), clock=container.clock(),
                           storage=container.storage(), transcoder=Slow(),
                           time_limit=timedelta(seconds=1.5), max_attempts=3,
                           jobs=lambda: queue)
    video = await _stored_video(container, mentor, data)
    waiting = await _stored_video(container, mentor, data)
    first = asyncio.create_task(slow.process(video.id))
    await asyncio.sleep(0.1)
    # One transcode at a time: the second waits a third of its time, then is queued again.
    await slow.process(waiting.id)
    assert [k.startswith(f"video:{waiting.id}:process:") for k in queue.keys] == [True]
    assert (await _status(container, waiting.id)).status.value == "processing"
    await first
    timed_out = await _status(container, video.id)
    assert (timed_out.status.value, timed_out.failure_code) == (
        "failed", "video_processing_timeout")

    broken = VideoProcessing(uow=container.uow(), clock=container.clock(),
                             storage=container.storage(), transcoder=Broken(),
                             time_limit=timedelta(seconds=30), max_attempts=2)
    video = await _stored_video(container, mentor, data)
    with pytest.raises(OSError, match="disk full"):  # retried by the job system
        await broken.run(broken.job().args(video_id=video.id), JobContext("k", 1))
    assert (await _status(container, video.id)).status.value == "processing"
    await broken.run(broken.job().args(video_id=video.id), JobContext("k", 2))
    last = await _status(container, video.id)
    assert (last.status.value, last.failure_code) == ("failed", "video_processing_failed")


async def test_captions_are_validated_stored_and_listed(
        client: AsyncClient, auth: dict[str, str], inline_jobs: Container) -> None:
    _, response = await upload_whole(client, auth, make_video("plain.mp4"))
    video_id = response.json()["id"]
    vtt = b"WEBVTT\n\n00:00:00.500 --> 00:00:02.000\nPhotosynthesis turns <b>light</b>\n"
    added = await client.post(f"{VIDEOS}/{video_id}/captions", headers=auth,
                              files={"file": ("en.vtt", vtt, "text/vtt")},
                              data={"language": "en", "label": "English"})
    assert added.status_code == 201, added.text
    caption = added.json()
    assert (caption["language"], caption["label"]) == ("en", "English")
    assert (await client.get(caption["url"])).content == vtt
    shown = (await client.get(f"{VIDEOS}/{video_id}", headers=auth)).json()
    assert [c["id"] for c in shown["captions"]] == [caption["id"]]

    for content, language in [(b"not a caption file", "en"), (vtt, "english!"),
                              (b"WEBVTT\n\n" + b"x" * (1024 * 1024), "en")]:
        bad = await client.post(f"{VIDEOS}/{video_id}/captions", headers=auth,
                                files={"file": ("x.vtt", content, "text/vtt")},
                                data={"language": language, "label": "L"})
        assert bad.status_code in (413, 422), bad.text

    gone = await client.delete(f"{VIDEOS}/{video_id}/captions/{caption['id']}", headers=auth)
    assert gone.status_code == 204
    again = await client.delete(f"{VIDEOS}/{video_id}/captions/{caption['id']}", headers=auth)
    assert (again.status_code, again.json()["code"]) == (404, "caption_not_found")
