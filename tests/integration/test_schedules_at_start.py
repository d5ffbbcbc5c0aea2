"""A schedule that fell due while no process of the platform ran fires once when one starts,
through the real wiring (the app's dispatcher, the subscribed handlers)."""

import asyncio
from datetime import UTC, datetime, timedelta

from adapters.container import build_container, shutdown
from adapters.http.app import create_app
from adapters.mail.file_outbox import read_outbox
from adapters.settings import Settings
from edu_core.domain.identity import PasswordChanged
from edu_core.domain.schedules import Schedule
from tests.conftest import serving
from tests.integration.helpers import make_user


async def test_a_schedule_due_while_everything_was_down_fires_once_at_start(
        settings: Settings, database_url: str) -> None:
    before = build_container(settings, database_url)
    user = await make_user(before)
    now = datetime.now(UTC)
    async with before.uow()() as uow:
        await uow.schedules.put(Schedule(
            key=f"test:{user.id}:missed", due_at=now - timedelta(minutes=2),
            event=PasswordChanged(occurred_at=now, user_id=user.id)))
        await uow.schedules.put(Schedule(
            key=f"test:{user.id}:too-late", due_at=now - timedelta(hours=2),
            grace=timedelta(minutes=15),
            event=PasswordChanged(occurred_at=now, user_id=user.id)))
        await uow.commit()
    await shutdown(before)  # the process ends before the dispatcher ever ran
    assert read_outbox(settings.outbox_dir) == []

    for _ in range(2):  # started, stopped and started again
        container = build_container(settings, database_url)
        async with serving(create_app(settings, container=container)):
            for _ in range(100):
                if read_outbox(settings.outbox_dir):
                    break
                await asyncio.sleep(0.05)
            await container.dispatcher().wait_idle()
    mails = [m for m in read_outbox(settings.outbox_dir) if m.to == user.email]
    # The missed schedule fired once; the one found two hours late was dropped.
    assert [m.subject for m in mails] == [mails[0].subject]
    assert "password" in mails[0].subject.lower()
