"""What both parties hear about a session: mails and in-app notices in each one's own time
zone, the calendar invitation that follows the session, reminders a day and an hour before."""

from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4, uuid5

import pytest
from icalendar import Calendar

from adapters.mail.calendar import IcalendarInvitations
from adapters.mail.renderer import MailRenderer
from adapters.memory.fakes import MemoryEventDispatcher
from adapters.messaging.codec import decode_event
from edu_core.application.actors import Principal
from edu_core.application.booking_notifications import (
    BookingInAppHandlers,
    BookingMailHandlers,
)
from edu_core.domain.bookings import SessionConfirmed
from edu_core.domain.bookings.calendar import (
    Invitation,
    InvitationMethod,
    Mailbox,
    invitation_uid,
)
from edu_core.domain.bookings.reminders import SessionReminderDue, reminder_keys
from edu_core.domain.bookings.session import HoldLapsed
from edu_core.domain.identity import Role
from edu_core.domain.notification_preferences import (
    Channel,
    NotificationPreferences,
    PreferenceChange,
    UnknownNotificationPreference,
    types_for,
)
from edu_core.domain.schedules import ScheduleStatus
from edu_core.ports.mail import MailRequest
from tests.unit.conftest import FakeMailer
from tests.unit.test_booking_service import NOW, SLOT, World

# Europe/Berlin leaves winter time on 29 March 2026; Tokyo has no daylight-saving time.
AFTER_DST = datetime(2026, 3, 30, 7, 0, tzinfo=UTC)  # 09:00 in Berlin (CEST), 16:00 in Tokyo
BOOKING_KINDS = {"booking.confirmed", "booking.rescheduled", "booking.cancelled",
                 "booking.reminder"}


class Notified(World):
    def __init__(self) -> None:
        super().__init__()
        self.mailer = FakeMailer()
        self.dispatcher = MemoryEventDispatcher(self.store, clock=self.clock)
        self.uow.signal = self.dispatcher
        self.mail = BookingMailHandlers(
            mailer=self.mailer, uow=self.uow, clock=self.clock,
            invitations=IcalendarInvitations(), web_base_url="https://app.example/",
            sender="Mentora <no-reply@mentora.test>")
        self.in_app = BookingInAppHandlers(uow=self.uow, clock=self.clock)
        self.dispatcher.registry.add(self.mail)
        self.dispatcher.registry.add(self.in_app)
        self.student = self.user()
        self.person(self.student, "Aiko", "Asia/Tokyo")
        self.person(self.mentor, "Bernd", "UTC")  # the profile's zone is Europe/Berlin

    def person(self, principal: Principal, name: str, zone: str) -> None:
        user = self.store.users[principal.user_id]
        user.display_name, user.timezone = name, zone

    def email(self, principal: Principal) -> str:
        return str(self.store.users[principal.user_id].email)

    async def confirmed(self, starts_at: datetime = SLOT, minutes: int = 60) -> UUID:
        started = await self.service.book(self.student, mentor_id=self.mentor.user_id,
                                          starts_at=starts_at, minutes=minutes)
        await self.pay(started.session.id)
        await self.dispatcher.drain()
        return started.session.id

    def mails(self, template: str) -> dict[str, MailRequest]:
        found = [m for m in self.mailer.sent if m.template == template]
        by_recipient = {m.to: m for m in found}
        assert len(by_recipient) == len(found), "one mail per recipient"
        return by_recipient

    def notices(self, principal: Principal, kind: str) -> list[str]:
        return [f"{n.title} | {n.body} | {n.link}"
                for n in self.store.notifications.values()
                if n.user_id == principal.user_id and n.kind == kind]

    def schedule(self, key: str):  # type: ignore[no-untyped-def]
        return self.store.schedules[key]


@pytest.fixture
def world() -> Notified:
    return Notified()


def ics(request: MailRequest) -> Calendar:
    [attachment] = request.attachments
    assert attachment.content_type.startswith("text/calendar; method=")
    calendar = Calendar.from_ical(attachment.content)
    assert isinstance(calendar, Calendar)
    return calendar


def event_of(calendar: Calendar):  # type: ignore[no-untyped-def]
    [event] = calendar.walk("VEVENT")
    return event


async def test_a_confirmation_reaches_both_parties_in_their_own_time_zones(
        world: Notified) -> None:
    session_id = await world.confirmed()

    mails = world.mails("booking_confirmed")
    student, mentor = mails[world.email(world.student)], mails[world.email(world.mentor)]
    assert student.context["when"] == \
        "Wednesday 4 March 2026, 17:00\u201318:00 Asia/Tokyo (JST)"
    assert mentor.context["when"] == \
        "Wednesday 4 March 2026, 09:00\u201310:00 Europe/Berlin (CET)"
    assert (student.context["other_name"], mentor.context["other_name"]) == ("Bernd", "Aiko")
    assert student.context["price"] == mentor.context["price"] == "60.00 EUR"
    assert student.context["link"] == f"https://app.example/sessions/{session_id}"
    assert world.notices(world.student, "booking.confirmed") == [
        "Session with Bernd confirmed | Wednesday 4 March 2026, 17:00\u201318:00 Asia/Tokyo "
        f"(JST). Paid: 60.00 EUR. | /sessions/{session_id}"]
    assert world.notices(world.mentor, "booking.confirmed") == [
        "New session with Aiko | Wednesday 4 March 2026, 09:00\u201310:00 Europe/Berlin "
        f"(CET). Price: 60.00 EUR. | /sessions/{session_id}"]
    # Every template has what it asks for, for either party.
    renderer = MailRenderer()
    assert "Bernd" in renderer.render(student).subject
    assert "Aiko" in renderer.render(mentor).text


async def test_the_invitation_is_a_valid_request_for_the_session_in_utc(
        world: Notified) -> None:
    session_id = await world.confirmed()

    for request in world.mails("booking_confirmed").values():
        calendar = ics(request)
        assert calendar["METHOD"] == "REQUEST"
        event = event_of(calendar)
        assert event["UID"] == invitation_uid(session_id) == f"{session_id}@mentora"
        assert event["SEQUENCE"] == 0 and event["STATUS"] == "CONFIRMED"
        assert event.decoded("DTSTART") == SLOT and event.decoded("DTEND") == \
            SLOT + timedelta(hours=1)
        assert event.decoded("DTSTART").tzinfo is not None
        assert str(event["ATTENDEE"]) == f"mailto:{request.to}"
        assert str(event["ORGANIZER"]) == "mailto:no-reply@mentora.test"
    assert b"DTSTART:20260304T080000Z" in world.mails("booking_confirmed")[
        world.email(world.student)].attachments[0].content


async def test_a_redelivered_event_adds_no_second_notice(world: Notified) -> None:
    await world.confirmed()
    [event] = [e for e in world.store.outbox if isinstance(e, SessionConfirmed)]
    before = dict(world.store.notifications)

    await world.in_app.confirmed(event)
    await world.in_app.confirmed(event)

    assert world.store.notifications == before
    assert set(before) == {uuid5(event.event_id, str(event.student_id)),
                           uuid5(event.event_id, str(event.mentor_id))}


async def test_confirming_puts_both_reminders_before_the_start(world: Notified) -> None:
    session_id = await world.confirmed()

    day, hour = (world.schedule(key) for key in reminder_keys(session_id))
    assert (day.due_at, hour.due_at) == (SLOT - timedelta(hours=24), SLOT - timedelta(hours=1))
    assert (day.grace, hour.grace) == (timedelta(hours=2), timedelta(minutes=15))
    assert isinstance(day.event, SessionReminderDue) and day.event.starts_at == SLOT
    # What the schedule stores survives the trip through the outbox and the bus.
    assert decode_event(day.event.name, day.event.payload()) == day.event


@pytest.mark.parametrize(("starts_at", "minutes", "expected"), [
    (NOW + timedelta(hours=2), 60, ["1h"]),  # booked less than a day ahead
    (NOW + timedelta(minutes=30), 30, []),  # less than an hour ahead
])
async def test_a_late_booking_gets_no_reminder_in_the_past(
        world: Notified, starts_at: datetime, minutes: int, expected: list[str]) -> None:
    session_id = await world.confirmed(starts_at, minutes)

    pending = [key.rsplit(":", 1)[1] for key in reminder_keys(session_id)
               if key in world.store.schedules
               and world.schedule(key).status is ScheduleStatus.PENDING]
    assert pending == expected


async def test_each_reminder_fires_once_for_both_parties(world: Notified) -> None:
    session_id = await world.confirmed()
    world.clock.advance(hours=24, minutes=5)  # the day-before reminder is due
    await world.dispatcher.drain()
    await world.dispatcher.drain()

    reminders = world.mails("booking_reminder")
    assert set(reminders) == {world.email(world.student), world.email(world.mentor)}
    assert reminders[world.email(world.student)].context["lead"] == "tomorrow"
    assert reminders[world.email(world.student)].attachments == ()
    assert world.notices(world.mentor, "booking.reminder") == [
        "Session with Aiko tomorrow | Wednesday 4 March 2026, 09:00\u201310:00 "
        f"Europe/Berlin (CET). | /sessions/{session_id}"]

    world.clock.advance(hours=23)  # five minutes into the hour-before window
    await world.dispatcher.drain()
    assert len(world.mailer.sent) == 2 + 2 + 2  # confirmed, day before, hour before
    assert [m.context["lead"] for m in world.mailer.sent[-2:]] == ["in one hour"] * 2
    assert len(world.notices(world.student, "booking.reminder")) == 2


async def test_a_reminder_found_past_its_grace_is_dropped(world: Notified) -> None:
    session_id = await world.confirmed()
    world.clock.advance(hours=47, minutes=20)  # down all along: 20 minutes late for 1 h
    await world.dispatcher.drain()

    assert world.mails("booking_reminder") == {}
    assert {world.schedule(k).status for k in reminder_keys(session_id)} == {
        ScheduleStatus.DROPPED}


async def test_a_reschedule_across_daylight_saving_moves_reminders_and_updates_the_invite(
        world: Notified) -> None:
    session_id = await world.confirmed()
    first = {m.to: event_of(ics(m)) for m in world.mails("booking_confirmed").values()}

    await world.service.reschedule(world.mentor, session_id, starts_at=AFTER_DST)
    await world.dispatcher.drain()

    mails = world.mails("booking_rescheduled")
    student, mentor = mails[world.email(world.student)], mails[world.email(world.mentor)]
    assert student.context["when"] == "Monday 30 March 2026, 16:00\u201317:00 Asia/Tokyo (JST)"
    assert student.context["previous"] == \
        "Wednesday 4 March 2026, 17:00\u201318:00 Asia/Tokyo (JST)"
    assert mentor.context["when"] == \
        "Monday 30 March 2026, 09:00\u201310:00 Europe/Berlin (CEST)"
    assert mentor.context["previous"] == \
        "Wednesday 4 March 2026, 09:00\u201310:00 Europe/Berlin (CET)"
    for request in (student, mentor):
        calendar = ics(request)
        event = event_of(calendar)
        assert calendar["METHOD"] == "REQUEST"
        assert event["UID"] == first[request.to]["UID"]  # the same event, updated
        assert event["SEQUENCE"] == first[request.to]["SEQUENCE"] + 1 == 1
        assert event.decoded("DTSTART") == AFTER_DST
    day, hour = (world.schedule(key) for key in reminder_keys(session_id))
    assert (day.due_at, hour.due_at) == (AFTER_DST - timedelta(hours=24),
                                         AFTER_DST - timedelta(hours=1))
    assert day.status is hour.status is ScheduleStatus.PENDING

    # The old time passes in silence.
    world.clock.advance(hours=24 * 3)
    await world.dispatcher.drain()
    assert world.mails("booking_reminder") == {}


async def test_a_reminder_for_a_start_the_session_no_longer_has_tells_nobody(
        world: Notified) -> None:
    session_id = await world.confirmed()
    stale = world.schedule(reminder_keys(session_id)[0]).event
    await world.service.reschedule(world.mentor, session_id, starts_at=AFTER_DST)
    sent = len(world.mailer.sent)

    await world.mail.reminder(stale)
    await world.in_app.reminder(stale)

    assert len(world.mailer.sent) == sent
    assert world.notices(world.student, "booking.reminder") == []


async def test_a_cancellation_cancels_the_event_and_the_reminders_and_names_the_refund(
        world: Notified) -> None:
    session_id = await world.confirmed()

    await world.service.cancel(world.mentor, session_id, reason="ill")
    await world.dispatcher.drain()

    mails = world.mails("booking_cancelled")
    student, mentor = mails[world.email(world.student)], mails[world.email(world.mentor)]
    assert (student.context["refund"], student.context["refunded"]) == ("60.00 EUR", 1)
    assert student.context["cancelled_by"] == "Bernd cancelled it"
    assert mentor.context["cancelled_by"] == "You cancelled it"
    for request in (student, mentor):
        calendar = ics(request)
        event = event_of(calendar)
        assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
        assert event["UID"] == f"{session_id}@mentora" and event["SEQUENCE"] == 1
        assert request.attachments[0].filename == "cancel.ics"
    assert world.notices(world.student, "booking.cancelled") == [
        "Session with Bernd cancelled | Bernd cancelled it: Wednesday 4 March 2026, "
        f"17:00\u201318:00 Asia/Tokyo (JST). 60.00 EUR will be refunded. | /sessions/"
        f"{session_id}"]
    assert {world.schedule(k).status for k in reminder_keys(session_id)} == {
        ScheduleStatus.CANCELLED}
    renderer = MailRenderer()
    assert "60.00 EUR" in renderer.render(student).text

    world.clock.advance(hours=48)
    await world.dispatcher.drain()
    assert world.mails("booking_reminder") == {}


async def test_a_payment_after_the_hold_lapsed_tells_the_student_alone_of_the_refund(
        world: Notified) -> None:
    started = await world.service.book(world.student, mentor_id=world.mentor.user_id,
                                       starts_at=SLOT, minutes=60)
    world.clock.advance(minutes=11)
    await world.service.hold_lapsed(HoldLapsed(occurred_at=world.clock.now(),
                                               session_id=started.session.id))
    await world.pay(started.session.id)
    await world.dispatcher.drain()

    mails = world.mails("booking_late_payment")
    assert list(mails) == [world.email(world.student)]
    [mail] = mails.values()
    assert mail.context["refund"] == "60.00 EUR" and mail.attachments == ()
    assert world.mails("booking_confirmed") == {}
    assert world.notices(world.student, "booking.late_payment_refunded") == [
        "Payment refunded: session with Bernd not booked | Your payment arrived after the time "
        "held for you had run out, so 60.00 EUR goes back to you. Wednesday 4 March 2026, "
        f"17:00\u201318:00 Asia/Tokyo (JST) may still be free to book. | /sessions/"
        f"{started.session.id}"]
    assert world.notices(world.mentor, "booking.late_payment_refunded") == []
    rendered = MailRenderer().render(mail)
    assert "60.00 EUR" in rendered.subject and "Bernd" in rendered.text


async def test_mail_can_be_turned_off_per_type_but_the_in_app_notice_stays(
        world: Notified) -> None:
    preferences = NotificationPreferences(user_id=world.student.user_id)
    preferences.apply([PreferenceChange("booking.confirmed", Channel.EMAIL, False)], NOW)
    world.store.notification_preferences[world.student.user_id] = preferences

    await world.confirmed()

    assert set(world.mails("booking_confirmed")) == {world.email(world.mentor)}
    assert len(world.notices(world.student, "booking.confirmed")) == 1


async def test_an_erased_account_hears_nothing_but_the_other_party_does(
        world: Notified) -> None:
    world.store.users[world.mentor.user_id].deleted_at = NOW

    await world.confirmed()

    assert set(world.mails("booking_confirmed")) == {world.email(world.student)}
    assert world.notices(world.mentor, "booking.confirmed") == []
    assert len(world.notices(world.student, "booking.confirmed")) == 1


@pytest.mark.parametrize("role", [Role.STUDENT, Role.MENTOR])
def test_both_parties_are_offered_the_booking_mails_and_pushes_only(role: Role) -> None:
    offered = {t.kind: t.channels for t in types_for(role)}
    assert {kind: offered.get(kind) for kind in BOOKING_KINDS} == dict.fromkeys(
        BOOKING_KINDS, frozenset({Channel.EMAIL, Channel.PUSH}))
    with pytest.raises(UnknownNotificationPreference):
        NotificationPreferences(user_id=uuid4()).apply(
            [PreferenceChange("booking.reminder", Channel.IN_APP, False)], NOW)


def test_the_ics_escapes_folds_and_round_trips_awkward_text() -> None:
    name = "Zo\u00eb \u00c5ngstr\u00f6m; \u201cthe\u201d, teacher \\ \u5f20\u4f1f " * 3
    invite = Invitation(
        uid="s@mentora", sequence=2, method=InvitationMethod.REQUEST, starts_at=SLOT,
        ends_at=SLOT + timedelta(minutes=30), stamp=NOW, summary=f"Session with {name}",
        description=f"Line one,\nline two; {name}", url="https://app.example/sessions/s",
        location="https://meet.example/room", organizer=Mailbox("Mentora", "n@m.test"),
        attendee=Mailbox(name, "zoe@example.org"))

    raw = IcalendarInvitations().encode(invite)

    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)  # folded, CRLF
    assert b"\n" not in raw.replace(b"\r\n", b"")
    event = event_of(Calendar.from_ical(raw))
    assert str(event["SUMMARY"]) == f"Session with {name}"
    assert str(event["DESCRIPTION"]) == f"Line one,\nline two; {name}"
    assert event["ATTENDEE"].params["CN"] == name
    assert (event["SEQUENCE"], event["UID"]) == (2, "s@mentora")
