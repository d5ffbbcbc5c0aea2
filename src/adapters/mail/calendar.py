"""Calendar invitations as iCalendar (RFC 5545 / iTIP RFC 5546) objects, made by ``icalendar``
so that escaping, line folding and parameter quoting follow the standard."""

from datetime import UTC

from icalendar import Calendar, Event, vCalAddress, vText

from edu_core.domain.bookings.calendar import Invitation, InvitationMethod, Mailbox

PRODUCT_ID = "-//Mentora//Bookings//EN"


def _address(mailbox: Mailbox, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{mailbox.email}")
    address.params["CN"] = vText(mailbox.name)
    address.params.update(params)
    return address


class IcalendarInvitations:
    def encode(self, invitation: Invitation) -> bytes:
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", invitation.method.value)
        event = Event()
        event.add("uid", invitation.uid)
        event.add("sequence", invitation.sequence)
        # UTC throughout: no VTIMEZONE to get wrong; each calendar shows its owner's zone.
        event.add("dtstamp", invitation.stamp.astimezone(UTC))
        event.add("dtstart", invitation.starts_at.astimezone(UTC))
        event.add("dtend", invitation.ends_at.astimezone(UTC))
        event.add("summary", invitation.summary)
        event.add("description", invitation.description)
        event.add("url", invitation.url)
        event.add("location", invitation.location)
        event["organizer"] = _address(invitation.organizer)
        # The recipient's own copy: already agreed (paid for), so no reply is asked for.
        event.add("attendee", _address(invitation.attendee, ROLE="REQ-PARTICIPANT",
                                       PARTSTAT="ACCEPTED", RSVP="FALSE"))
        cancelled = invitation.method is InvitationMethod.CANCEL
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
        calendar.add_component(event)
        ics: bytes = calendar.to_ical()
        return ics
