"""A finished session chat becomes a forum thread, on PostgreSQL: the student chooses whether
their name shows, the mentor shares once (a double click makes one thread), formulas stay as
typed, and nobody else may share, choose or look."""

import asyncio
import uuid
from datetime import timedelta

import httpx

from adapters.container import Container
from edu_core.domain.identity import Role
from tests.integration.helpers import bearer, make_user
from tests.integration.test_chat_http import booked, chat, finished, say


async def category(client: httpx.AsyncClient, container: Container) -> str:
    admin = await bearer(client, (await make_user(container, Role.ADMIN)).email)
    slug = f"sessions-{uuid.uuid4().hex[:6]}"
    created = await client.post("/api/v1/admin/forum/categories", headers=admin, json={
        "name": f"From sessions {slug}", "slug": slug})
    assert created.status_code == 201, created.text
    return slug


async def test_the_mentor_shares_a_finished_chat_once_naming_the_student_only_if_chosen(
        client: httpx.AsyncClient, container: Container) -> None:
    where = await category(client, container)
    session, student, mentor = await finished(container, ended_ago=timedelta(hours=1))
    auth, mentor_auth = await bearer(client, student.email), await bearer(client, mentor.email)
    outsider = await bearer(client, (await make_user(container)).email)
    await say(client, auth, session.id, "Why is $E_k = \\frac{1}{2}mv^2$?")
    await say(client, mentor_auth, session.id, "Work done from rest:\n\n$$W = \\int F\\,dx$$")

    state = (await client.get(chat(session.id, "/sharing"), headers=auth)).json()
    assert (state["student_name_shown"], state["shared"], state["thread_id"]) == (
        False, False, None)
    assert (await client.get(chat(session.id, "/sharing"), headers=outsider)).status_code == 404
    refused = await client.put(chat(session.id, "/sharing"), headers=mentor_auth,
                               json={"student_name_shown": True})
    assert refused.status_code == 403
    chosen = await client.put(chat(session.id, "/sharing"), headers=auth,
                              json={"student_name_shown": True})
    assert chosen.status_code == 200 and chosen.json()["student_name_shown"] is True
    not_hers = await client.post(chat(session.id, "/forum-thread"), headers=auth,
                                 json={"title": "Kinetic energy from work", "category": where})
    assert not_hers.status_code == 403

    share = {"title": "Kinetic energy from work", "category": where}
    answers = await asyncio.gather(*(client.post(chat(session.id, "/forum-thread"),
                                                 headers=mentor_auth, json=share)
                                     for _ in range(3)))
    assert sorted(a.status_code for a in answers) == [201, 409, 409]
    assert {a.json()["code"] for a in answers if a.status_code == 409} == {
        "chat_already_shared"}
    [made] = [a.json() for a in answers if a.status_code == 201]
    assert made["shared"] is True

    thread = (await client.get(f"/api/v1/forum/threads/{made['thread_id']}")).json()
    assert thread["thread"]["title"] == "Kinetic energy from work"
    assert thread["thread"]["author"]["id"] == str(mentor.id)
    [opening] = thread["posts"]["items"]
    assert f"**{student.display_name}** (student)" in opening["markdown"]
    assert "Why is $E_k = \\frac{1}{2}mv^2$?" in opening["markdown"]
    assert "$$W = \\int F\\,dx$$" in opening["markdown"]
    assert 'data-latex="W = \\int F\\,dx"' in opening["html"]
    assert opening["markdown"].index("Why is") < opening["markdown"].index("Work done")
    late = await client.put(chat(session.id, "/sharing"), headers=auth,
                            json={"student_name_shown": False})
    assert (late.status_code, late.json()["code"]) == (409, "chat_already_shared")


async def test_without_the_student_s_choice_the_thread_does_not_name_them(
        client: httpx.AsyncClient, container: Container) -> None:
    where = await category(client, container)
    session, student, mentor = await finished(container, ended_ago=timedelta(hours=2))
    mentor_auth = await bearer(client, mentor.email)
    empty = await client.post(chat(session.id, "/forum-thread"), headers=mentor_auth,
                              json={"title": "Nothing was said", "category": where})
    assert (empty.status_code, empty.json()["code"]) == (409, "chat_empty")
    await say(client, await bearer(client, student.email), session.id, "Thanks, that helped!")
    for bad, code in (({"title": "Hi", "category": where}, "invalid_forum_post"),
                      ({"title": "A fine title", "category": "no-such-place"},
                       "forum_category_not_found"),
                      ({"title": "A fine title", "category": where, "extra": 1},
                       "validation_error"),
                      ({"title": 42, "category": where}, "validation_error")):
        refused = await client.post(chat(session.id, "/forum-thread"), headers=mentor_auth,
                                    json=bad)
        assert 400 <= refused.status_code < 500 and refused.json()["code"] == code, refused.text
    made = await client.post(chat(session.id, "/forum-thread"), headers=mentor_auth,
                             json={"title": "A short session", "category": where})
    assert made.status_code == 201, made.text
    thread = (await client.get(f"/api/v1/forum/threads/{made.json()['thread_id']}")).json()
    markdown = thread["posts"]["items"][0]["markdown"]
    assert "**The student** (student)" in markdown
    assert student.display_name not in markdown

    upcoming, _, upcoming_mentor = await booked(container)
    early = await client.post(chat(upcoming.id, "/forum-thread"),
                              headers=await bearer(client, upcoming_mentor.email),
                              json={"title": "Too early to share", "category": where})
    assert (early.status_code, early.json()["code"]) == (409, "chat_transcript_not_ready")
