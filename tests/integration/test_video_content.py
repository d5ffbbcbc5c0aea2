"""Video lessons as content: the body names one of the author's videos (chapters within it),
submitting waits for it to be ready, the reviewer watches it, and learners get what playing
needs at read time (signed links, captions, chapters, where they stopped)."""

import asyncio
import uuid
from typing import Any

from httpx import AsyncClient

from adapters.container import Container
from tests.integration.test_content_http import approve, auth, catalog, create, people
from tests.integration.test_video_http import inline_jobs, upload_whole, wait_until_done
from tests.support.video_files import make_video

__all__ = ["auth", "catalog", "inline_jobs", "people"]  # fixtures


async def test_a_video_lesson_from_upload_to_learner(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any],
        inline_jobs: Container) -> None:
    me, boss, learner = auth["mentor"], auth["admin"], auth["student"]
    _, response = await upload_whole(client, me, make_video("plain.mp4"))
    video_id = response.json()["id"]
    topic = catalog["energy"].id

    chapters = [{"start": 0, "title": "Intro"}, {"start": 1.5, "title": "Kinetic energy"}]
    item = await create(client, me, topic, "video", "Energy in 3 seconds",
                        {"video_id": video_id, "chapters": chapters})
    body = item["latest"]["body"]
    assert body["chapters"] == chapters
    assert body["status"] in ("processing", "ready")

    others = await client.post("/api/v1/mentor/content", headers=auth["other"], json={
        "topic_id": str(topic), "kind": "video", "title": "Not mine",
        "body": {"kind": "video", "video_id": video_id}})
    assert (others.status_code, others.json()["code"]) == (422, "unknown_video")

    ready = await wait_until_done(client, me, video_id)
    assert ready["status"] == "ready"
    beyond = await client.post(f"/api/v1/mentor/content/{item['id']}/versions", headers=me,
                               json={"base_version": 1, "title": "Energy",
                                     "body": {"kind": "video", "video_id": video_id,
                                              "chapters": [{"start": 10, "title": "Late"}]}})
    assert (beyond.status_code, beyond.json()["code"]) == (422, "invalid_content")
    unsorted = await client.post(f"/api/v1/mentor/content/{item['id']}/versions", headers=me,
                                 json={"base_version": 1, "title": "Energy",
                                       "body": {"kind": "video", "video_id": video_id,
                                                "chapters": list(reversed(chapters))}})
    assert unsorted.status_code == 422

    vtt = b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nKinetic energy is one half m v squared\n"
    added = await client.post(f"/api/v1/videos/{video_id}/captions", headers=me,
                              files={"file": ("en.vtt", vtt, "text/vtt")},
                              data={"language": "en", "label": "English"})
    assert added.status_code == 201, added.text

    submitted = await client.post(f"/api/v1/mentor/content/{item['id']}/submit", headers=me)
    assert submitted.status_code == 200, submitted.text
    review = (await client.get(f"/api/v1/admin/content/{item['id']}", headers=boss)).json()
    watched = review["latest"]["body"]
    assert watched["status"] == "ready"
    assert (await client.get(watched["video_url"], headers={"Range": "bytes=0-99"})
            ).status_code == 206
    await approve(client, boss, item["id"], 1)

    read = (await client.get(f"/api/v1/content/{item['id']}", headers=learner)).json()
    body = read["body"]
    assert body["kind"] == "video"
    assert (body["status"], body["width"], body["height"]) == ("ready", 1280, 720)
    assert body["video_url"] and body["poster_url"]
    assert body["thumbnails"]["url"]
    assert [c["label"] for c in body["captions"]] == ["English"]
    assert body["chapters"] == chapters
    assert body["resume_at"] is None

    stored = await client.put(f"/api/v1/content/{item['id']}/position", headers=learner,
                              json={"seconds": 2.25})
    assert stored.status_code == 204, stored.text
    again = (await client.get(f"/api/v1/content/{item['id']}", headers=learner)).json()
    assert again["body"]["resume_at"] == 2.25
    capped = await client.put(f"/api/v1/content/{item['id']}/position", headers=learner,
                              json={"seconds": 99})
    assert capped.status_code == 204
    assert (await client.get(f"/api/v1/content/{item['id']}", headers=learner)
            ).json()["body"]["resume_at"] == 3.0
    # Each reader has their own position.
    mine = (await client.get(f"/api/v1/content/{item['id']}", headers=me)).json()
    assert mine["body"]["resume_at"] is None
    refused = await client.put(f"/api/v1/content/{item['id']}/position", headers=learner,
                               json={"seconds": -1})
    assert refused.status_code == 400

    # A word said in the video finds the item, with the moment it is said.
    said = (await client.get("/api/v1/search", params={"q": "squared"},
                             headers=learner)).json()
    hits = [h for h in said["items"] if h["item_id"] == item["id"]]
    assert [h["at_seconds"] for h in hits] == [1.0]
    # Captions added later are indexed too (by the event their change raises).
    # A word of this test's own: the database is shared with other tests' lessons.
    unit = f"zq{uuid.uuid4().hex[:8]}joules"
    later = f"WEBVTT\n\n00:00:02.500 --> 00:00:03.000\nMeasured in {unit}\n".encode()
    assert (await client.post(f"/api/v1/videos/{video_id}/captions", headers=me,
                              files={"file": ("de.vtt", later, "text/vtt")},
                              data={"language": "de", "label": "Deutsch"})).status_code == 201
    async with asyncio.timeout(20):
        while True:
            found = (await client.get("/api/v1/search", params={"q": unit},
                                      headers=learner)).json()["items"]
            if found:
                break
            await asyncio.sleep(0.2)
    assert [(h["item_id"], h["at_seconds"]) for h in found] == [(item["id"], 2.5)]
    note_hits = (await client.get("/api/v1/search", params={"q": "energy"},
                                  headers=learner)).json()["items"]
    assert all(h["at_seconds"] is None for h in note_hits if h["kind"] != "video")


async def test_a_video_item_is_submitted_only_once_its_video_is_ready(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any],
        container: Container) -> None:
    me = auth["mentor"]
    # No job queue override: the video stays "processing".
    _, response = await upload_whole(client, me, make_video("plain.mp4"))
    item = await create(client, me, catalog["energy"].id, "video", "Soon",
                        {"video_id": response.json()["id"]})
    early = await client.post(f"/api/v1/mentor/content/{item['id']}/submit", headers=me)
    assert (early.status_code, early.json()["code"]) == (409, "video_not_ready")
    note = await create(client, me, catalog["energy"].id, "note", "A note",
                        {"html": "<p>Hi</p>"})
    position = await client.put(f"/api/v1/content/{note['id']}/position", headers=me,
                                json={"seconds": 1})
    assert position.status_code == 404
