"""A mentor's monthly earnings statement as a PDF (fpdf2): balances, the month's sessions and
totals, and the payouts made in the month; the same figures as the JSON and CSV reports.

Everything printed is ASCII (dates, codes, amounts, statuses), so the PDF core font serves.
"""

from collections.abc import Sequence
from datetime import UTC

from fpdf import FPDF

from edu_core.application.earnings import EarningsReport, format_amount, month_range

_INK = (15, 23, 42)
_MUTED = (100, 116, 139)
_COLUMNS = (("Date (UTC)", 30), ("Min", 12), ("Status", 34), ("Cur", 12), ("Gross", 22),
            ("Commission", 24), ("Refunds", 22), ("Net", 22), ("Share", 0))


def earnings_pdf(report: EarningsReport) -> bytes:
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_title(f"Earnings statement {report.month}")
    pdf.set_author("Mentora")
    pdf.add_page()
    pdf.set_text_color(*_INK)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, f"Mentora - earnings statement {report.month}",
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.set_text_color(*_MUTED)
    generated = report.generated_at.astimezone(UTC)
    pdf.cell(0, 6, f"Generated {generated:%Y-%m-%d %H:%M} UTC. Amounts in each currency's "
                   "major unit.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    def heading(text: str) -> None:
        pdf.set_text_color(*_INK)
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)

    def row(values: Sequence[str], widths: Sequence[float], *, bold: bool = False) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", 9)
        for value, width in zip(values, widths, strict=True):
            pdf.cell(width, 6, value, border="B")
        pdf.ln()

    heading("Balances")
    widths: list[float] = [30, 40, 40, 40]
    row(["Currency", "Pending", "Available", "Paid out"], widths, bold=True)
    for b in report.balances:
        row([b.currency, *(format_amount(x, b.currency) for x in (b.pending, b.available,
                                                                   b.paid))], widths)
    if not report.balances:
        row(["-", "0", "0", "0"], widths)
    pdf.ln(4)

    heading(f"Sessions that started in {report.month}")
    widths = [w or pdf.epw - sum(w for _, w in _COLUMNS) for _, w in _COLUMNS]
    row([name for name, _ in _COLUMNS], widths, bold=True)
    for s in report.sessions:
        m = s.money
        row([f"{s.starts_at.astimezone(UTC):%Y-%m-%d %H:%M}", str(s.minutes),
             "group seat" if s.group_session_id else s.status.value.replace("_", " "),
             m.currency,
             *(format_amount(x, m.currency) for x in (m.gross, m.commission, m.refunds, m.net)),
             m.share.value], widths)
    for t in report.totals:
        row(["Total", "", "", t.currency,
             *(format_amount(x, t.currency) for x in (t.gross, t.commission, t.refunds, t.net)),
             ""], widths, bold=True)
    if not report.sessions:
        pdf.cell(0, 6, "No paid sessions this month.", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)

    heading(f"Payouts in {report.month}")
    start, end = month_range(report.month)
    widths = [50, 30, 40]
    row(["Date (UTC)", "Currency", "Amount"], widths, bold=True)
    paid = [p for p in report.payouts if start <= p.at < end]
    for p in paid:
        row([f"{p.at.astimezone(UTC):%Y-%m-%d %H:%M}", p.currency,
             format_amount(p.amount, p.currency)], widths)
    if not paid:
        pdf.cell(0, 6, "No payouts this month.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
