"""The content assistant over HTTP: questions from a note and a note from a video's captions
land as machine-suggested drafts of the author, never published, reviewed like the rest."""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient

from adapters.container import Container
from adapters.settings import Settings
from tests.conftest import make_settings
from tests.integration.test_content_http import approve, auth, catalog, create, people
from tests.integration.test_video_http import inline_jobs, upload_whole, wait_until_done
from tests.support.fake_chat_completions import FakeChatCompletions, fake_chat_completions
from tests.support.video_files import make_video

__all__ = ["auth", "catalog", "inline_jobs", "people"]  # fixtures

NOTE = ("<p>Inertia is the tendency of a body to keep its state of motion.</p>"
        "<p>A force of 10 N accelerates a mass of 2 kg at 5 m per second squared.</p>"
        "<p>Momentum means the product of the mass and the velocity of a body.</p>")


def suggest(item_id: str) -> str:
    return f"/api/v1/mentor/content/{item_id}/suggest-questions"


async def mine(client: AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    listed = await client.get("/api/v1/mentor/content", headers=headers,
                              params={"page_size": 100})
    return list(listed.json()["items"])


async def test_questions_suggested_from_a_note_are_marked_drafts_reviewed_as_usual(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any]) -> None:
    me, boss = auth["mentor"], auth["admin"]
    note = await create(client, me, catalog["energy"].id, "note", "Motion", {"html": NOTE})
    assert note["machine_suggested"] is False

    made = await client.post(suggest(note["id"]), headers=me, json={"count": 2})
    assert made.status_code == 201, made.text
    items = made.json()["items"]
    assert [(i["kind"], i["status"], i["machine_suggested"], i["live_version"])
            for i in items] == [("question", "draft", True, None)] * 2
    assert {i["topic_id"] for i in items} == {str(catalog["energy"].id)}
    assert items[0]["latest"]["change_summary"] == "Suggested from \u201cMotion\u201d"
    # Definitions first (they check an idea, a number only a figure), in reading order.
    assert [i["latest"]["body"]["accepted"] for i in items] == [["Inertia"], ["Momentum"]]

    # The workspace lists them, flagged; the note itself is untouched.
    listed = {i["id"]: i for i in await mine(client, me)}
    assert all(listed[i["id"]]["machine_suggested"] for i in items)
    assert listed[note["id"]]["latest_version"] == 1

    # Nobody learns from them before a reviewer, who sees the flag, approves.
    question = items[0]["id"]
    assert (await client.get(f"/api/v1/content/{question}",
                             headers=auth["student"])).status_code == 404
    submitted = await client.post(f"/api/v1/mentor/content/{question}/submit", headers=me)
    assert submitted.status_code == 200, submitted.text
    queue = (await client.get("/api/v1/admin/content", headers=boss,
                              params={"page_size": 100})).json()["items"]
    assert next(i for i in queue if i["id"] == question)["machine_suggested"] is True
    review = (await client.get(f"/api/v1/admin/content/{question}", headers=boss)).json()
    assert review["machine_suggested"] is True
    await approve(client, boss, question, 1)
    learned = await client.get(f"/api/v1/content/{question}", headers=auth["student"])
    assert learned.status_code == 200


async def test_only_the_author_may_ask_and_only_about_a_note(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any]) -> None:
    me = auth["mentor"]
    note = await create(client, me, catalog["energy"].id, "note", "Motion", {"html": NOTE})
    before = len(await mine(client, me))
    assert (await client.post(suggest(note["id"]), headers=auth["other"],
                              json={"count": 2})).status_code == 404
    for role in ("admin", "student"):
        assert (await client.post(suggest(note["id"]), headers=auth[role],
                                  json={"count": 2})).status_code == 403
    for count in (0, 11, None):
        assert (await client.post(suggest(note["id"]), headers=me,
                                  json={"count": count})).status_code == 400
    question = await create(client, me, catalog["energy"].id, "question", "Q", {
        "type": "short_text", "prompt": "<p>Name it</p>", "accepted": ["x"]})
    wrong = await client.post(suggest(question["id"]), headers=me, json={"count": 2})
    assert (wrong.status_code, wrong.json()["code"]) == (422, "assistant_unsupported_kind")
    summary = await client.post(f"/api/v1/mentor/content/{note['id']}/summarise", headers=me)
    assert (summary.status_code, summary.json()["code"]) == (422,
                                                             "assistant_unsupported_kind")

    plain = await create(client, me, catalog["energy"].id, "note", "Hello",
                         {"html": "<p>Hi there.</p>"})
    nothing = await client.post(suggest(plain["id"]), headers=me, json={"count": 2})
    assert (nothing.status_code, nothing.json()["code"]) == (422, "nothing_to_suggest")
    assert len(await mine(client, me)) == before + 2  # the question and the plain note only


async def test_a_video_s_captions_become_a_machine_suggested_note(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any],
        inline_jobs: Container) -> None:
    me = auth["mentor"]
    _, response = await upload_whole(client, me, make_video("plain.mp4"))
    video_id = response.json()["id"]
    item = await create(client, me, catalog["energy"].id, "video", "Waves",
                        {"video_id": video_id})
    silent = await client.post(f"/api/v1/mentor/content/{item['id']}/summarise", headers=me)
    assert (silent.status_code, silent.json()["code"]) == (422, "nothing_to_suggest")

    assert (await wait_until_done(client, me, video_id))["status"] == "ready"
    vtt = ("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nwelcome back everyone\n\n"
           "00:00:01.000 --> 00:00:02.000\nwaves carry energy from one place to another\n\n"
           "00:00:02.000 --> 00:00:02.500\nwaves carry energy from one place to another\n\n"
           "00:00:02.500 --> 00:00:03.000\nthe energy of a wave grows with its amplitude\n")
    added = await client.post(f"/api/v1/videos/{video_id}/captions", headers=me,
                              files={"file": ("en.vtt", vtt.encode(), "text/vtt")},
                              data={"language": "en", "label": "English"})
    assert added.status_code == 201, added.text

    made = await client.post(f"/api/v1/mentor/content/{item['id']}/summarise", headers=me)
    assert made.status_code == 201, made.text
    note = made.json()
    assert (note["kind"], note["status"], note["machine_suggested"]) == ("note", "draft", True)
    assert note["title"] == "Summary: Waves"
    html = note["latest"]["body"]["html"]
    # A cue repeated across two captions is one point.
    assert html.count("waves carry energy from one place to another") == 1


@pytest.fixture
async def chat_server() -> AsyncIterator[FakeChatCompletions]:
    async with fake_chat_completions() as server:
        yield server


@pytest.fixture
def settings(tmp_path: Path, chat_server: FakeChatCompletions) -> Settings:
    return make_settings(tmp_path / "var", assistant_url=f"{chat_server.url}/v1",
                         assistant_model="mentora-test", assistant_api_key=chat_server.api_key,
                         assistant_timeout_seconds=5)


async def test_a_configured_endpoint_drafts_and_its_failures_are_coded(
        client: AsyncClient, auth: dict[str, dict[str, str]], catalog: dict[str, Any],
        chat_server: FakeChatCompletions) -> None:
    me = auth["mentor"]
    note = await create(client, me, catalog["energy"].id, "note", "Motion", {"html": NOTE})
    made = await client.post(suggest(note["id"]), headers=me, json={"count": 3})
    assert made.status_code == 201, made.text
    assert len(made.json()["items"]) == 3
    assert chat_server.requests[-1]["body"]["model"] == "mentora-test"
    before = len(await mine(client, me))

    for mode, status, code in (("error", 502, "assistant_failed"),
                               ("not_json", 502, "assistant_failed"),
                               ("overloaded", 503, "assistant_unavailable")):
        chat_server.mode = mode  # type: ignore[assignment]
        failed = await client.post(suggest(note["id"]), headers=me, json={"count": 3})
        assert (failed.status_code, failed.json()["code"]) == (status, code), mode
        assert chat_server.url not in failed.text
    assert len(await mine(client, me)) == before  # nothing half written
