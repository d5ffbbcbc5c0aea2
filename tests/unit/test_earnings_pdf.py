"""The monthly earnings statement as a PDF: the figures of the report, on the page."""

import re
import zlib
from datetime import timedelta

from adapters.http.earnings.pdf import earnings_pdf
from edu_core.application.actors import Actor
from edu_core.application.earnings import EarningsService
from edu_core.domain.bookings import COMPLAINT_WINDOW
from edu_core.domain.bookings.settlement import ReleaseDue
from tests.unit.test_booking_service import SLOT, World
from tests.unit.test_booking_settlement import at, confirmed


def page_text(pdf: bytes) -> list[str]:
    """The strings shown on the pages (fpdf2 writes each cell's text as one ``Tj``)."""
    shown = []
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        content = zlib.decompress(stream.group(1)).decode("latin-1")
        shown += [s.replace("\\(", "(").replace("\\)", ")")
                  for s in re.findall(r"\((.*?)(?<!\\)\) Tj", content)]
    return shown


async def test_the_statement_shows_balances_sessions_totals_and_payouts() -> None:
    world = World()
    earnings = EarningsService(uow=world.uow, clock=world.clock)
    session_id = await confirmed(world)
    at(world, SLOT + timedelta(hours=1))
    await world.service.complete(world.mentor, session_id)
    at(world, SLOT + timedelta(hours=1) + COMPLAINT_WINDOW)
    await world.service.release_due(ReleaseDue(occurred_at=world.clock.now(),
                                               session_id=session_id))
    await earnings.run_payouts(Actor(user_id=None, label="cli"))

    pdf = earnings_pdf(await earnings.report(world.mentor, "2026-03"))
    assert pdf.startswith(b"%PDF-")
    text = page_text(pdf)
    assert text[0] == "Mentora - earnings statement 2026-03"
    sessions = text.index("Sessions that started in 2026-03")
    assert text[sessions + 10:sessions + 19] == [
        "2026-03-04 08:00", "60", "completed", "EUR", "60.00", "9.00", "0.00", "51.00",
        "available"]
    # (empty cells show nothing)
    assert text[sessions + 19:sessions + 25] == ["Total", "EUR", "60.00", "9.00", "0.00",
                                                 "51.00"]
    payouts = text.index("Payouts in 2026-03")
    assert text[payouts + 4:payouts + 7] == ["2026-03-06 09:00", "EUR", "51.00"]
    empty = page_text(earnings_pdf(await earnings.report(world.mentor, "2026-05")))
    assert "No paid sessions this month." in empty and "No payouts this month." in empty
