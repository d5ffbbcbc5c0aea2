"""Gamification over HTTP on PostgreSQL: learning earns XP once per source, the streak, goal,
league and boards move, achievements unlock once with a notice, hidden learners leave others'
boards, fifty concurrent deliveries of one event award once, and a week closes once."""

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient
from sqlalchemy import func, select

from adapters.container import Container
from adapters.db.tables import (
    league_members,
    leagues,
    learner_progress,
    xp_days,
    xp_ledger,
    xp_mentor_weeks,
)
from edu_core.domain.gamification import (
    Attribution,
    XpAward,
    XpSource,
    close_schedule_key,
    week_start,
)
from edu_core.domain.identity import User
from tests.integration.helpers import PASSWORD, bearer, make_user
from tests.integration.test_content_http import auth, catalog, people, publish

__all__ = ["auth", "catalog", "people"]  # fixtures shared with the content tests


async def settle(container: Container) -> None:
    # Handlers raise events of their own (XP -> achievement -> notice): wait for each wave.
    for _ in range(4):
        await container.dispatcher().wait_idle()
        await asyncio.sleep(0.05)


async def answer(client: AsyncClient, headers: dict[str, str], item: dict[str, Any],
                 choice: str) -> None:
    response = await client.post(f"/api/v1/content/{item['id']}/attempts", headers=headers,
                                 json={"answer": {"type": "single_choice", "choice": choice},
                                       "time_taken_ms": 1500})
    assert response.status_code == 201, response.text


def question(title: str) -> dict[str, Any]:
    return {"type": "single_choice", "prompt": f"<p>{title}?</p>",
            "choices": [{"id": "a", "text": "yes"}, {"id": "b", "text": "no"}],
            "correct": ["a"]}


async def test_learning_earns_xp_once_per_source_and_moves_streak_goal_and_boards(
        client: AsyncClient, container: Container, catalog: dict[str, Any],
        people: dict[str, User], auth: dict[str, dict[str, str]]) -> None:
    me, energy, mentor = auth["student"], catalog["energy"], people["mentor"]
    first = await publish(client, auth, energy.id, "question", "Joules", question("Joules"))
    second = await publish(client, auth, energy.id, "question", "Watts", question("Watts"))
    note = await publish(client, auth, energy.id, "note", "Intro", {"html": "<p>Hi</p>"})

    start = (await client.get("/api/v1/me/progress", headers=me)).json()
    assert (start["total_xp"], start["streak"], start["league"]) == (0, 0, None)
    assert start["level"] == {"level": 1, "floor": 0, "next_at": 100}

    await answer(client, me, first, "b")  # wrong: nothing
    await answer(client, me, first, "a")
    await answer(client, me, first, "a")  # right again: the first time only pays
    read = await client.post(f"/api/v1/content/{note['id']}/read", headers=me)
    assert read.json() == {"first_time": True}
    again = await client.post(f"/api/v1/content/{note['id']}/read", headers=me)
    assert again.json() == {"first_time": False}
    await settle(container)
    mid = (await client.get("/api/v1/me/progress", headers=me)).json()
    assert (mid["total_xp"], mid["today_xp"], mid["streak"]) == (15, 15, 1)

    await answer(client, me, second, "a")  # 25 today: past the goal of 20, +10
    await settle(container)
    now = (await client.get("/api/v1/me/progress", headers=me)).json()
    assert (now["total_xp"], now["today_xp"], now["daily_goal"]) == (35, 35, 20)
    assert now["league"]["rank"] >= 1 and now["league"]["xp"] == 35
    history = (await client.get("/api/v1/me/progress/xp", headers=me)).json()
    assert sorted(e["source_type"] for e in history["items"]) == [
        "answer", "answer", "daily_goal", "note_read"]
    calendar = (await client.get("/api/v1/me/progress/calendar?days=7", headers=me)).json()
    assert [(d["xp"], d["goal_met"]) for d in calendar] == [(35, True)]

    # The mentor's week and the subject count what came from the mentor's work (not the goal).
    board = (await client.get(f"/api/v1/gamification/boards/mentors/{mentor.id}",
                              headers=me)).json()
    assert [(r["user_id"], r["xp"], r["rank"]) for r in board["items"]] == [
        (str(people["student"].id), 25, 1)]
    assert board["me"]["rank"] == 1
    boards = (await client.get("/api/v1/gamification/boards", headers=me)).json()
    assert {(b["kind"], b["xp"]) for b in boards} == {("mentor", 25), ("subject", 25)}
    subject_id = next(b["id"] for b in boards if b["kind"] == "subject")
    by_subject = (await client.get(f"/api/v1/gamification/boards/subjects/{subject_id}",
                                   headers=me)).json()
    assert by_subject["me"]["xp"] == 25
    league = (await client.get("/api/v1/gamification/leagues/mine", headers=me)).json()
    assert league["league"]["me"]["xp"] == 35
    assert league["channel"] == f"leaderboard:league-{league['league']['league_id']}"

    # Achievements: unlocked once, with an in-app notice each.
    mine = (await client.get("/api/v1/me/progress/achievements", headers=me)).json()
    unlocked = {a["code"] for a in mine if a["unlocked_at"]}
    assert unlocked == {"first_lesson", "first_correct"}
    public = (await client.get(f"/api/v1/users/{people['student'].id}/achievements",
                               headers=auth["other"])).json()
    assert {a["code"] for a in public} == unlocked
    notices = (await client.get("/api/v1/notifications", headers=me)).json()["items"]
    assert sorted(n["title"] for n in notices
                  if n["kind"] == "gamification.achievement_unlocked") == [
        "Achievement unlocked: First lesson", "Achievement unlocked: Right first time"]

    # Not a note, or not live: nothing to read.
    refused = await client.post(f"/api/v1/content/{first['id']}/read", headers=me)
    assert (refused.status_code, refused.json()["code"]) == (404, "note_not_found")
    missing = await client.post(f"/api/v1/content/{UUID(int=5)}/read", headers=me)
    assert missing.status_code == 404


async def test_hidden_learners_leave_others_boards_but_see_their_own_rank(
        client: AsyncClient, container: Container, catalog: dict[str, Any],
        people: dict[str, User], auth: dict[str, dict[str, str]]) -> None:
    energy, mentor = catalog["energy"], people["mentor"]
    item = await publish(client, auth, energy.id, "question", "Force", question("Force"))
    shy_user, open_user = await make_user(container), await make_user(container)
    shy, bold = await bearer(client, shy_user.email), await bearer(client, open_user.email)
    bad = await client.patch("/api/v1/me/progress/settings", headers=shy,
                             json={"daily_goal": 15})
    assert (bad.status_code, bad.json()["code"]) == (400, "validation_error")
    assert (await client.get("/api/v1/me/progress", headers=shy)).json()["daily_goal"] == 20
    hidden = await client.patch("/api/v1/me/progress/settings", headers=shy,
                                json={"hidden": True, "daily_goal": 50})
    assert (hidden.json()["hidden"], hidden.json()["daily_goal"]) == (True, 50)
    await answer(client, shy, item, "a")
    await settle(container)
    url = f"/api/v1/gamification/boards/mentors/{mentor.id}"
    seen_by_other = (await client.get(url, headers=bold)).json()
    assert str(shy_user.id) not in {r["user_id"] for r in seen_by_other["items"]}
    assert seen_by_other["me"] is None
    seen_by_self = (await client.get(url, headers=shy)).json()
    assert seen_by_self["me"]["user_id"] == str(shy_user.id)
    assert seen_by_self["me"]["xp"] == 10


async def award_many(container: Container, award: XpAward, times: int) -> list[bool]:
    service = container.gamification()
    return list(await asyncio.gather(*(service.award(award) for _ in range(times))))


async def test_fifty_concurrent_deliveries_of_one_event_award_once(
        container: Container) -> None:
    learner, mentor = await make_user(container), await make_user(container)
    at = datetime.now(UTC)
    award = XpAward.of(XpSource.ANSWER, UUID(int=77), user_id=learner.id, at=at,
                       attribution=Attribution(mentor_id=mentor.id))
    results = await award_many(container, award, 50)
    assert results.count(True) == 1
    engine = container.engine()
    async with engine.connect() as conn:
        rows = (await conn.execute(select(func.count()).select_from(xp_ledger).where(
            xp_ledger.c.user_id == learner.id))).scalar_one()
        total = (await conn.execute(select(learner_progress.c.total_xp).where(
            learner_progress.c.user_id == learner.id))).scalar_one()
        day = (await conn.execute(select(xp_days.c.xp).where(
            xp_days.c.user_id == learner.id))).scalar_one()
        board = (await conn.execute(select(xp_mentor_weeks.c.xp).where(
            xp_mentor_weeks.c.user_id == learner.id))).scalar_one()
        seat = (await conn.execute(select(league_members.c.xp).where(
            league_members.c.user_id == learner.id))).scalar_one()
    assert (rows, total, day, board, seat) == (1, 10, 10, 10, 10)


async def snapshot(container: Container, weeks: list[date]) -> list[Any]:
    async with container.engine().connect() as conn:
        members = (await conn.execute(
            select(league_members.c.week_start, league_members.c.user_id,
                   league_members.c.league_id, league_members.c.tier, league_members.c.xp,
                   league_members.c.rank, league_members.c.outcome)
            .where(league_members.c.week_start.in_(weeks))
            .order_by(league_members.c.week_start, league_members.c.user_id))).all()
        groups = (await conn.execute(select(leagues).where(leagues.c.week_start.in_(weeks))
                                     .order_by(leagues.c.id))).all()
        tiers = (await conn.execute(
            select(learner_progress.c.user_id, learner_progress.c.tier)
            .where(learner_progress.c.user_id.in_([m.user_id for m in members]))
            .order_by(learner_progress.c.user_id))).all()
    return [members, groups, tiers]


async def test_a_week_closes_once_promoting_and_reseating_by_pace(
        container: Container) -> None:
    week = date(2020, 1, 6)
    learners = [await make_user(container) for _ in range(12)]
    service = container.gamification()
    for i, learner in enumerate(learners):
        for n in range(i + 1):  # learner i earns (i + 1) * 10 XP that week
            at = datetime(2020, 1, 7, 9, tzinfo=UTC) + timedelta(minutes=n)
            assert await service.award(XpAward.of(XpSource.ANSWER, UUID(int=n), at=at,
                                                  user_id=learner.id))
    assert week_start(datetime(2020, 1, 7, tzinfo=UTC)) == week
    async with container.uow()() as uow:
        due = await uow.schedules.get(close_schedule_key(week))
    assert due is not None and due.due_at == datetime(2020, 1, 13, tzinfo=UTC)

    assert await service.close_week(week) is True
    after = await snapshot(container, [week, week + timedelta(days=7)])
    assert await service.close_week(week) is False
    assert list(await asyncio.gather(service.close_week(week), service.close_week(week))) == [
        False, False]
    assert await snapshot(container, [week, week + timedelta(days=7)]) == after

    members, _, tiers = after
    closed = {m.user_id: m for m in members if m.week_start == week}
    top = [learners[11].id, learners[10].id]
    assert [closed[u].rank for u in top] == [1, 2]
    assert {u for u, m in closed.items() if m.outcome == "promoted"} == set(top)
    assert {m.outcome for u, m in closed.items() if u not in top} == {"stayed"}
    assert {t.user_id: t.tier for t in tiers} == {
        u.id: 2 if u.id in top else 1 for u in learners}
    following = [m for m in members if m.week_start == week + timedelta(days=7)]
    assert {(m.user_id, m.tier, m.xp) for m in following} == {
        (u.id, 2 if u.id in top else 1, 0) for u in learners}
    async with container.uow()() as uow:
        assert await uow.schedules.get(close_schedule_key(week + timedelta(days=7)))


async def test_awards_racing_a_week_close_neither_deadlock_nor_move_final_results(
        container: Container) -> None:
    week = date(2020, 2, 3)
    learners = [await make_user(container) for _ in range(8)]
    service = container.gamification()
    for i, learner in enumerate(learners):
        assert await service.award(XpAward.of(
            XpSource.ANSWER, UUID(int=1000 + i), user_id=learner.id,
            at=datetime(2020, 2, 4, 9, i, tzinfo=UTC)))

    # The close runs while the same learners earn late XP for the closing week (its
    # results) and XP for the next (the week the close seats them in), all at once.
    def late(i: int, learner: User, day: int) -> XpAward:
        return XpAward.of(XpSource.ANSWER, UUID(int=2000 + 10 * i + day), user_id=learner.id,
                          at=datetime(2020, 2, day, 23, 30, tzinfo=UTC))

    awards = [late(i, learner, day) for i, learner in enumerate(learners) for day in (9, 10)]
    outcomes = await asyncio.gather(service.close_week(week),
                                    *(service.award(a) for a in awards))
    assert outcomes == [True] + [True] * len(awards)

    closed, _, _ = await snapshot(container, [week])
    for m in closed:
        # An award of the closing week counted in its league only if it came first: the
        # final ranks agree with the final XP either way.
        assert m.xp in (10, 20)
    ranked = sorted(closed, key=lambda m: m.rank)
    assert [m.xp for m in ranked] == sorted((m.xp for m in closed), reverse=True)
    # After the close, the week's results stay as they are; the learner's totals still move.
    before = await snapshot(container, [week])
    assert await service.award(XpAward.of(XpSource.ANSWER, UUID(int=3000), at=datetime(
        2020, 2, 9, 12, tzinfo=UTC), user_id=learners[0].id))
    assert await snapshot(container, [week]) == before
    async with container.uow()() as uow:
        progress = await uow.gamification.progress(learners[0].id)
    # Four answers, and the daily goal (20) met on 9 February.
    assert progress is not None and progress.total_xp == 50


async def test_the_export_holds_my_xp_and_erasure_takes_me_off_every_board(
        client: AsyncClient, container: Container) -> None:
    learner, mentor = await make_user(container), await make_user(container)
    me = await bearer(client, learner.email)
    at = datetime.now(UTC)
    for n in range(3):
        assert await container.gamification().award(XpAward.of(
            XpSource.ITEM, UUID(int=n), user_id=learner.id, at=at,
            attribution=Attribution(mentor_id=mentor.id)))
    await client.patch("/api/v1/me/progress/settings", headers=me, json={"daily_goal": 30})
    document = json.loads((await client.get("/api/v1/me/export", headers=me)).content)
    assert document["learning_progress"]["total_xp"] == 40  # 30 + the goal's 10
    assert document["learning_progress"]["daily_goal"] == 30
    assert sorted(e["source_type"] for e in document["xp_ledger"]) == [
        "daily_goal", "item", "item", "item"]
    assert [a["code"] for a in document["achievements"]] == ["first_lesson"]
    assert [(d["xp"], d["goal_met"]) for d in document["xp_days"]] == [(40, True)]

    deleted = await client.post("/api/v1/me/deletion", headers=me,
                                json={"current_password": PASSWORD})
    assert deleted.status_code == 204, deleted.text
    await settle(container)
    async with container.engine().connect() as conn:
        left = [(await conn.execute(select(func.count()).select_from(t).where(
            t.c.user_id == learner.id))).scalar_one()
            for t in (xp_ledger, learner_progress, xp_days, xp_mentor_weeks, league_members)]
    assert left == [0, 0, 0, 0, 0]
    viewer = await bearer(client, (await make_user(container)).email)
    board = (await client.get(f"/api/v1/gamification/boards/mentors/{mentor.id}",
                              headers=viewer)).json()
    assert board["items"] == []
