"""ONE behaviour suite for recorded study time, run against the in-memory fake and Postgres:
each person's previous heartbeat, seconds added up per item and day, nothing kept without a
commit, the export's paging and erasure."""

from datetime import UTC, date, datetime, timedelta

from edu_core.domain.pagination import PageRequest
from tests.contract.test_course_repository_contract import Factory, a_subject, a_user, an_item

NOW = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
DAY = date(2026, 5, 1)


async def test_a_beat_returns_the_previous_one_and_never_moves_back(
        uow_factory: Factory) -> None:
    user, other = await a_user(uow_factory), await a_user(uow_factory)
    async with uow_factory() as uow:
        assert await uow.study.beat(user.id, NOW) is None
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.study.beat(user.id, NOW + timedelta(seconds=15)) == NOW
        # A beat that carries an earlier reading (it waited on the first) keeps the later.
        assert await uow.study.beat(user.id, NOW + timedelta(seconds=10)) == \
            NOW + timedelta(seconds=15)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.study.beat(user.id, NOW + timedelta(seconds=30)) == \
            NOW + timedelta(seconds=15)
        assert await uow.study.beat(other.id, NOW) is None  # people are apart
        # Not committed: the next unit of work sees the last committed beat.
    async with uow_factory() as uow:
        assert await uow.study.beat(user.id, NOW + timedelta(seconds=31)) == \
            NOW + timedelta(seconds=15)


async def test_seconds_add_up_per_item_and_day(uow_factory: Factory) -> None:
    mentor, user = await a_user(uow_factory), await a_user(uow_factory)
    _, topic = await a_subject(uow_factory)
    first = await an_item(uow_factory, mentor, topic, "One")
    second = await an_item(uow_factory, mentor, topic, "Two")
    async with uow_factory() as uow:
        await uow.study.credit(user.id, first.id, DAY, 15, NOW)
        await uow.study.credit(user.id, first.id, DAY, 10, NOW + timedelta(seconds=10))
        await uow.study.credit(user.id, second.id, DAY, 0, NOW)
        await uow.study.credit(user.id, first.id, DAY + timedelta(days=1), 5, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.study.credit(user.id, first.id, DAY, 99, NOW)  # rolled back
    async with uow_factory() as uow:
        page = await uow.study.days_of(user.id, PageRequest(1, 2))
        rest = await uow.study.days_of(user.id, PageRequest(2, 2))
    assert page.total == 3
    found = [(d.day, d.item_id, d.seconds) for d in [*page.items, *rest.items]]
    assert found == sorted([(DAY, first.id, 25), (DAY, second.id, 0),
                            (DAY + timedelta(days=1), first.id, 5)])
    assert {d.last_at for d in page.items if d.item_id == first.id} == {
        NOW + timedelta(seconds=10)}


async def test_forgetting_erases_the_persons_time_and_beats_only(uow_factory: Factory) -> None:
    mentor, user, other = [await a_user(uow_factory) for _ in range(3)]
    _, topic = await a_subject(uow_factory)
    item = await an_item(uow_factory, mentor, topic, "One")
    async with uow_factory() as uow:
        for person in (user, other):
            await uow.study.beat(person.id, NOW)
            await uow.study.credit(person.id, item.id, DAY, 15, NOW)
        await uow.commit()
    async with uow_factory() as uow:
        await uow.study.forget(user.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert (await uow.study.days_of(user.id, PageRequest())).total == 0
        assert await uow.study.beat(user.id, NOW) is None
        assert (await uow.study.days_of(other.id, PageRequest())).total == 1
        assert await uow.study.beat(other.id, NOW) == NOW
