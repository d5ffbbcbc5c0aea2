"""What a group session's people hear, on the in-memory fakes: the student their own seat
(with its calendar event), the mentor every seat taken or given back, everyone the session
called off and the reminders; each once however often an event is delivered."""

from datetime import timedelta
from uuid import uuid5

import pytest
from icalendar import Calendar

from adapters.mail.calendar import IcalendarInvitations
from adapters.mail.renderer import MailRenderer
from adapters.memory.fakes import MemoryEventDispatcher
from edu_core.application.actors import Principal
from edu_core.application.group_notifications import GroupInAppHandlers, GroupMailHandlers
from edu_core.domain.bookings.group import GroupSession, SeatTaken
from edu_core.domain.bookings.group_reminders import GroupReminderDue, group_reminder_keys
from edu_core.domain.identity import Role
from edu_core.domain.notification_preferences import (
    Channel,
    NotificationPreferences,
    PreferenceChange,
    types_for,
)
from edu_core.domain.schedules import ScheduleStatus
from edu_core.ports.mail import MailRequest
from tests.unit.conftest import FakeMailer
from tests.unit.test_group_seat_payments import PRICE, paid
from tests.unit.test_group_sessions import NOW, SLOT, World

GROUP_KINDS = {"group_session.seat_taken", "group_session.seat_cancelled",
               "group_session.cancelled", "group_session.reminder"}
BERLIN = "Wednesday 4 March 2026, 09:00\u201310:00 Europe/Berlin (CET)"
TOKYO = "Wednesday 4 March 2026, 17:00\u201318:00 Asia/Tokyo (JST)"


class Told(World):
    def __init__(self) -> None:
        super().__init__()
        self.store = self.uow.store
        self.mailer = FakeMailer()
        self.dispatcher = MemoryEventDispatcher(self.store, clock=self.clock)
        self.uow.signal = self.dispatcher
        self.mail = GroupMailHandlers(
            mailer=self.mailer, uow=self.uow, clock=self.clock,
            invitations=IcalendarInvitations(), web_base_url="https://app.example/",
            sender="Mentora <no-reply@mentora.test>")
        self.in_app = GroupInAppHandlers(uow=self.uow, clock=self.clock)
        self.dispatcher.registry.add(self.mail)
        self.dispatcher.registry.add(self.in_app)
        self.named(self.mentor, "Bernd", "UTC")  # the profile's zone is Europe/Berlin

    def student(self, name: str, zone: str = "Asia/Tokyo") -> Principal:
        return self.named(self.user(), name, zone)

    def named(self, principal: Principal, name: str, zone: str) -> Principal:
        user = self.store.users[principal.user_id]
        user.display_name, user.timezone = name, zone
        return principal

    def email(self, principal: Principal) -> str:
        return str(self.store.users[principal.user_id].email)

    def mails(self, template: str) -> dict[str, MailRequest]:
        found = [m for m in self.mailer.sent if m.template == template]
        by_recipient = {m.to: m for m in found}
        assert len(by_recipient) == len(found), "one mail per recipient"
        return by_recipient

    def notices(self, principal: Principal, kind: str) -> list[str]:
        return [f"{n.title} | {n.body} | {n.link}"
                for n in self.store.notifications.values()
                if n.user_id == principal.user_id and n.kind == kind]

    async def seated(self, group: GroupSession, *students: Principal) -> None:
        for student in students:
            await self.groups.take_seat(student, group.id)
        await self.dispatcher.drain()


@pytest.fixture
def world() -> Told:
    return Told()


def invite(request: MailRequest):  # type: ignore[no-untyped-def]
    [attachment] = request.attachments
    calendar = Calendar.from_ical(attachment.content)
    assert isinstance(calendar, Calendar)
    [event] = calendar.walk("VEVENT")
    return attachment, calendar, event


def rendered(request: MailRequest) -> str:
    mail = MailRenderer().render(request)
    return f"{mail.subject}\n{mail.text}\n{mail.html}"


async def test_a_seat_taken_confirms_with_an_invitation_and_tells_the_mentor(
        world: Told) -> None:
    group = await world.schedule()
    aiko = world.student("Aiko")
    await world.seated(group, aiko)
    [seat] = world.store.bookings.groups[group.id].seats

    mails = world.mails("group_seat_taken")
    student, mentor = mails[world.email(aiko)], mails[world.email(world.mentor)]
    assert student.context["when"] == TOKYO and mentor.context["when"] == BERLIN
    assert (student.context["other_name"], mentor.context["other_name"]) == ("Bernd", "Aiko")
    assert student.context["link"] == "https://app.example/group-sessions"
    assert mentor.context["link"] == "https://app.example/mentor/group-sessions"
    attachment, calendar, event = invite(student)
    assert attachment.filename == "invite.ics" and calendar["METHOD"] == "REQUEST"
    assert (event["UID"], event["SEQUENCE"]) == (f"{seat.id}@mentora", 0)
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        SLOT, SLOT + timedelta(minutes=60))
    assert "Optics" in str(event["SUMMARY"]) and str(event["STATUS"]) == "CONFIRMED"
    assert mentor.attachments == ()  # the mentor's calendar holds the session, not seats
    assert world.notices(aiko, "group_session.seat_taken") == [
        f"Seat in \u201cOptics\u201d confirmed | {TOKYO} with Bernd. Free of charge. | "
        "/group-sessions"]
    assert world.notices(world.mentor, "group_session.seat_taken") == [
        f"Aiko took a seat in \u201cOptics\u201d | {BERLIN}. Seats left: 1. | "
        "/mentor/group-sessions"]
    assert "free of charge" in rendered(student) and "Seats left: 1" in rendered(mentor)


async def test_a_redelivered_event_adds_no_second_notice(world: Told) -> None:
    group = await world.schedule()
    aiko = world.student("Aiko")
    await world.seated(group, aiko)
    [event] = [e for e in world.store.outbox if isinstance(e, SeatTaken)]
    before = dict(world.store.notifications)

    await world.in_app.tell(event)
    await world.in_app.tell(event)

    assert world.store.notifications == before
    assert set(before) == {uuid5(event.event_id, str(aiko.user_id)),
                           uuid5(event.event_id, str(world.mentor.user_id))}


async def test_a_paid_seat_is_confirmed_when_paid_not_when_held(world: Told) -> None:
    group = await world.schedule(seat_price=PRICE)
    aiko = world.student("Aiko")
    await world.seated(group, aiko)
    assert world.mailer.sent == [] and world.store.notifications == {}

    await world.groups.payment_event(paid("cs_fake_1"))
    await world.dispatcher.drain()

    mails = world.mails("group_seat_taken")
    assert set(mails) == {world.email(aiko), world.email(world.mentor)}
    assert mails[world.email(aiko)].context["price"] == "20.00 EUR"
    assert "20.00 EUR" in rendered(mails[world.email(world.mentor)])


async def test_a_seat_given_back_cancels_its_event_and_names_the_refund(world: Told) -> None:
    group = await world.schedule(seat_price=PRICE)
    aiko = world.student("Aiko")
    await world.seated(group, aiko)
    await world.groups.payment_event(paid("cs_fake_1"))
    await world.dispatcher.drain()
    first = invite(world.mails("group_seat_taken")[world.email(aiko)])[2]

    await world.groups.cancel_seat(aiko, group.id)  # two days ahead: refunded in full
    await world.dispatcher.drain()

    mails = world.mails("group_seat_cancelled")
    student, mentor = mails[world.email(aiko)], mails[world.email(world.mentor)]
    attachment, calendar, event = invite(student)
    assert attachment.filename == "cancel.ics" and calendar["METHOD"] == "CANCEL"
    assert (event["UID"], event["SEQUENCE"], event["STATUS"]) == (
        first["UID"], 1, "CANCELLED")
    assert (student.context["refund"], student.context["refunded"]) == ("20.00 EUR", 1)
    assert "20.00 EUR" in rendered(student) and mentor.attachments == ()
    assert world.notices(world.mentor, "group_session.seat_cancelled") == [
        f"Aiko gave back a seat in \u201cOptics\u201d | {BERLIN}. The seat is free again. | "
        "/mentor/group-sessions"]
    assert world.notices(aiko, "group_session.seat_cancelled") == [
        f"Seat in \u201cOptics\u201d given back | {TOKYO}. 20.00 EUR will be refunded. | "
        "/group-sessions"]


async def test_calling_it_off_tells_every_seat_holder_and_stops_the_reminders(
        world: Told) -> None:
    group = await world.schedule(capacity=4, seat_price=PRICE)
    aiko, ben, cleo = (world.student(n, "UTC") for n in ("Aiko", "Ben", "Cleo"))
    await world.seated(group, aiko, ben)
    await world.groups.payment_event(paid("cs_fake_1"))
    await world.groups.payment_event(paid("cs_fake_2"))
    await world.seated(group, cleo)  # held, never paid: nothing to call off for her
    seats = {s.student_id: s for s in world.store.bookings.groups[group.id].seats}

    await world.groups.cancel(world.mentor, group.id)
    await world.dispatcher.drain()

    mails = world.mails("group_cancelled")
    assert set(mails) == {world.email(aiko), world.email(ben), world.email(world.mentor)}
    for student in (aiko, ben):
        mail = mails[world.email(student)]
        _, calendar, event = invite(mail)
        assert calendar["METHOD"] == "CANCEL" and event["SEQUENCE"] == 1
        assert event["UID"] == f"{seats[student.user_id].id}@mentora"
        assert mail.context["cancelled_by"] == "Bernd called it off"
        assert "Refund: 20.00 EUR" in rendered(mail)
    assert mails[world.email(world.mentor)].context["cancelled_by"] == "You called it off"
    assert world.notices(world.mentor, "group_session.cancelled") == [
        f"\u201cOptics\u201d called off | You called it off: {BERLIN}. 2 seat holder(s) told. "
        "| /mentor/group-sessions"]
    assert {world.store.schedules[k].status for k in group_reminder_keys(group.id)} == {
        ScheduleStatus.CANCELLED}

    world.clock.advance(hours=48)
    await world.dispatcher.drain()
    assert world.mails("group_reminder") == {}


async def test_an_admin_calling_it_off_is_named_as_support(world: Told) -> None:
    group = await world.schedule()
    aiko = world.student("Aiko")
    await world.seated(group, aiko)

    await world.groups.cancel(world.user(Role.ADMIN), group.id)
    await world.dispatcher.drain()

    mails = world.mails("group_cancelled")
    assert {m.context["cancelled_by"] for m in mails.values()} == {
        "Our support team called it off"}
    assert "nothing is to be refunded" in rendered(mails[world.email(aiko)])


async def test_reminders_reach_the_mentor_and_the_seat_holders_of_the_moment(
        world: Told) -> None:
    group = await world.schedule(capacity=3)
    day, hour = (world.store.schedules[k] for k in group_reminder_keys(group.id))
    assert (day.due_at, hour.due_at) == (SLOT - timedelta(hours=24), SLOT - timedelta(hours=1))
    aiko, ben = world.student("Aiko"), world.student("Ben", "UTC")
    await world.seated(group, aiko, ben)
    await world.groups.cancel_seat(ben, group.id)
    await world.dispatcher.drain()
    sent = len(world.mailer.sent)

    world.clock.advance(hours=24, minutes=5)  # the day before
    await world.dispatcher.drain()
    await world.dispatcher.drain()

    reminders = world.mails("group_reminder")
    assert set(reminders) == {world.email(aiko), world.email(world.mentor)}
    assert reminders[world.email(aiko)].context["lead"] == "tomorrow"
    assert reminders[world.email(aiko)].attachments == ()
    assert world.notices(world.mentor, "group_session.reminder") == [
        f"\u201cOptics\u201d tomorrow | {BERLIN}. Seats taken: 1 of 3. | "
        "/mentor/group-sessions"]
    assert "Seats taken: 1" in rendered(reminders[world.email(world.mentor)])
    assert len(world.mailer.sent) == sent + 2

    world.clock.advance(hours=23)  # five minutes into the hour before
    await world.dispatcher.drain()
    assert len(world.notices(aiko, "group_session.reminder")) == 2
    assert world.notices(ben, "group_session.reminder") == []

    # Told again (a redelivery), the hour's reminder adds no notice.
    [due] = [e for e in world.store.outbox
             if isinstance(e, GroupReminderDue) and e.lead == "1h"]
    before = dict(world.store.notifications)
    await world.in_app.tell(due)
    assert world.store.notifications == before


async def test_a_stale_reminder_of_a_session_called_off_tells_nobody(world: Told) -> None:
    group = await world.schedule()
    await world.seated(group, world.student("Aiko"))
    stale = world.store.schedules[group_reminder_keys(group.id)[0]].event
    assert isinstance(stale, GroupReminderDue)
    await world.groups.cancel(world.mentor, group.id)
    sent, notices = len(world.mailer.sent), len(world.store.notifications)

    await world.mail.tell(stale)
    await world.in_app.tell(stale)

    assert len(world.mailer.sent) == sent
    assert len(world.store.notifications) == notices


async def test_a_session_soon_gets_only_the_reminders_still_ahead(world: Told) -> None:
    group = await world.schedule(starts_at=NOW + timedelta(hours=3))
    pending = [k.rsplit(":", 1)[1] for k in group_reminder_keys(group.id)
               if k in world.store.schedules
               and world.store.schedules[k].status is ScheduleStatus.PENDING]
    assert pending == ["1h"]


async def test_mail_can_be_turned_off_but_the_in_app_notice_stays(world: Told) -> None:
    preferences = NotificationPreferences(user_id=world.mentor.user_id)
    preferences.apply([PreferenceChange("group_session.seat_taken", Channel.EMAIL, False)],
                      NOW)
    world.store.notification_preferences[world.mentor.user_id] = preferences
    group = await world.schedule()
    aiko = world.student("Aiko")

    await world.seated(group, aiko)

    assert set(world.mails("group_seat_taken")) == {world.email(aiko)}
    assert len(world.notices(world.mentor, "group_session.seat_taken")) == 1


async def test_an_erased_account_hears_nothing_but_the_others_do(world: Told) -> None:
    group = await world.schedule()
    aiko = world.student("Aiko")
    world.store.users[world.mentor.user_id].deleted_at = NOW

    await world.seated(group, aiko)

    assert set(world.mails("group_seat_taken")) == {world.email(aiko)}
    assert world.notices(world.mentor, "group_session.seat_taken") == []


@pytest.mark.parametrize("role", [Role.STUDENT, Role.MENTOR])
def test_both_sides_may_turn_off_the_group_mails_and_pushes(role: Role) -> None:
    offered = {t.kind: t.channels for t in types_for(role)}
    assert {kind: offered.get(kind) for kind in GROUP_KINDS} == dict.fromkeys(
        GROUP_KINDS, frozenset({Channel.EMAIL, Channel.PUSH}))
