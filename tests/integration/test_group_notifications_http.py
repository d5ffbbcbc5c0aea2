"""What a group session's people hear, over HTTP on PostgreSQL with the file mail outbox and
the built-in test gateway: the seat's calendar invitation when it is paid, its cancellation
(same UID, a higher sequence) when it is given back or the session is called off, the refund
named, the mentor told of each seat, reminders planned and then cancelled."""

import uuid
from datetime import datetime

from icalendar import Calendar

from adapters.mail.file_outbox import OutboxMail, read_outbox
from edu_core.domain.bookings.group_reminders import group_reminder_keys
from edu_core.domain.identity import User
from edu_core.domain.schedules import ScheduleStatus
from tests.integration.helpers import make_user
from tests.integration.test_group_seat_payments_http import (
    PRICE,
    hold,
    paid_session,
    ref_of,
    seat_id,
    settle,
)
from tests.integration.test_group_sessions_http import (  # noqa: F401 (fixtures)
    GROUPS,
    World,
    world,
)


def mails_to(world: World, user: User,  # noqa: F811
             filename: str | None = None) -> list[OutboxMail]:
    found = [m for m in read_outbox(world.container.settings().outbox_dir) if m.to == user.email]
    if filename is None:
        return found
    return [m for m in found if m.attachments and m.attachments[0].filename == filename]


def calendar_event(mail: OutboxMail):  # type: ignore[no-untyped-def]
    [attachment] = mail.attachments
    calendar = Calendar.from_ical(attachment.content)
    [event] = calendar.walk("VEVENT")
    return attachment, calendar, event


async def test_seat_holders_get_the_invitation_then_its_cancellation_and_the_mentor_hears(
        world: World) -> None:  # noqa: F811
    mentor, group = await paid_session(world)
    starts_at = datetime.fromisoformat(group["starts_at"])
    ann, bob = await make_user(world.container), await make_user(world.container)
    refs = {}
    for student in (ann, bob):
        held = await hold(world, group, student)
        await settle(world, held)
        refs[student.id] = await seat_id(world, ref_of(held))
    await world.container.dispatcher().wait_idle()

    for student in (ann, bob):
        [mail] = mails_to(world, student, "invite.ics")
        attachment, calendar, event = calendar_event(mail)
        assert attachment.content_type.startswith("text/calendar; method=REQUEST")
        assert (event["UID"], event["SEQUENCE"]) == (f"{refs[student.id]}@mentora", 0)
        assert event.decoded("DTSTART") == starts_at
        assert "15.00 EUR" in mail.text and "/group-sessions" in mail.text
    told = [m for m in mails_to(world, mentor) if "took a seat" in m.subject]
    assert len(told) == 2 and all(not m.attachments for m in told)
    async with world.container.uow()() as uow:
        reminders = [await uow.schedules.get(k) for k in group_reminder_keys(
            uuid.UUID(group["id"]))]
    assert all(r is not None and r.status is ScheduleStatus.PENDING for r in reminders)

    # Ann gives hers back (in time: refunded in full); then the mentor calls it off.
    await world.call("POST", f"{GROUPS}/{group['id']}/seat/cancel", ann)
    await world.container.dispatcher().wait_idle()
    [cancel] = mails_to(world, ann, "cancel.ics")
    _, calendar, event = calendar_event(cancel)
    assert calendar["METHOD"] == "CANCEL" and str(event["STATUS"]) == "CANCELLED"
    assert (event["UID"], event["SEQUENCE"]) == (f"{refs[ann.id]}@mentora", 1)
    assert "Refund: 15.00 EUR" in cancel.text

    await world.call("POST", f"{GROUPS}/{group['id']}/cancel", mentor)
    await world.container.dispatcher().wait_idle()
    [called_off] = mails_to(world, bob, "cancel.ics")
    _, calendar, event = calendar_event(called_off)
    assert calendar["METHOD"] == "CANCEL"
    assert (event["UID"], event["SEQUENCE"]) == (f"{refs[bob.id]}@mentora", 1)
    assert f"Refund: {PRICE / 100:.2f} EUR" in called_off.text
    assert "called it off" in called_off.text
    assert mails_to(world, ann, "cancel.ics") == [cancel]  # her seat was over already

    inbox = await world.call("GET", "/api/v1/notifications", mentor)
    assert sorted(n["kind"] for n in inbox["items"] if n["kind"].startswith("group")) == [
        "group_session.cancelled", "group_session.seat_cancelled",
        "group_session.seat_taken", "group_session.seat_taken"]
    async with world.container.uow()() as uow:
        after = [await uow.schedules.get(k) for k in group_reminder_keys(
            uuid.UUID(group["id"]))]
    assert {r.status if r else None for r in after} == {ScheduleStatus.CANCELLED}


async def test_a_completed_session_s_paid_seats_are_rows_of_the_mentor_s_earnings(
        world: World) -> None:  # noqa: F811
    mentor, group = await paid_session(world)
    ann, bob = await make_user(world.container), await make_user(world.container)
    seats = set()
    for student in (ann, bob):
        held = await hold(world, group, student)
        await settle(world, held)
        seats.add(str(await seat_id(world, ref_of(held))))
    month = group["starts_at"][:7]
    before = await world.call("GET", "/api/v1/mentor/earnings", mentor, params={"month": month})
    assert [r for r in before["sessions"] if r["group_session_id"]] == []

    ends = datetime.fromisoformat(group["ends_at"])
    world.clock.advance(seconds=(ends - world.clock.now()).total_seconds() + 600)
    await world.call("POST", f"{GROUPS}/{group['id']}/complete", mentor)
    report = await world.call("GET", "/api/v1/mentor/earnings", mentor, params={"month": month})

    rows = [r for r in report["sessions"] if r["group_session_id"]]
    assert {r["session_id"] for r in rows} == seats
    assert {(r["group_session_id"], r["gross"], r["share"], r["status"]) for r in rows} == {
        (group["id"], PRICE, "available", "completed")}
    assert sorted(r["student_name"] for r in rows) == sorted([ann.display_name,
                                                              bob.display_name])
    [total] = report["totals"]
    assert total["gross"] == 2 * PRICE and total["net"] == sum(r["net"] for r in rows)
    exported = await world.client.get("/api/v1/mentor/earnings.csv", params={"month": month},
                                      headers=await world.auth(mentor))
    assert exported.text.count(f",group_seat,{group['id']}") == 2
