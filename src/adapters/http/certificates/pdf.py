"""A course certificate as a one-page landscape PDF (fpdf2), with its verification address."""

from pathlib import Path

from fpdf import FPDF

from edu_core.domain.courses import Certificate

# A Unicode font when the system has one (learners' names are not all Latin); otherwise the
# PDF core font, which only covers Latin-1.
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_REGULAR, _BOLD = _FONT_DIR / "DejaVuSans.ttf", _FONT_DIR / "DejaVuSans-Bold.ttf"
_BRAND = (79, 70, 229)
_INK = (15, 23, 42)
_MUTED = (100, 116, 139)


def _font(pdf: FPDF) -> tuple[str, bool]:
    if _REGULAR.is_file() and _BOLD.is_file():
        pdf.add_font("Body", "", str(_REGULAR))
        pdf.add_font("Body", "B", str(_BOLD))
        return "Body", True
    return "Helvetica", False


def certificate_pdf(certificate: Certificate, verification_url: str) -> bytes:
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_title(f"Certificate: {certificate.course_title}")
    pdf.set_author("Mentora")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    family, unicode_font = _font(pdf)

    def text(value: str) -> str:
        return value if unicode_font else value.encode("latin-1", "replace").decode("latin-1")

    width = pdf.w - 40
    pdf.set_draw_color(*_BRAND)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(14, 14, pdf.w - 28, pdf.h - 28)

    def line(value: str, *, size: float, style: str = "", color: tuple[int, int, int] = _INK,
             height: float = 10, gap: float = 0) -> None:
        pdf.set_font(family, style, size)
        pdf.set_text_color(*color)
        pdf.set_x(20)
        pdf.multi_cell(width, height, text(value), align="C")
        if gap:
            pdf.ln(gap)

    pdf.set_y(32)
    line("MENTORA", size=14, style="B", color=_BRAND, gap=6)
    line("Certificate of completion", size=30, style="B", height=14, gap=8)
    line("This certifies that", size=13, color=_MUTED, gap=2)
    line(certificate.learner_name, size=26, style="B", height=13, gap=4)
    line("has completed the course", size=13, color=_MUTED, gap=2)
    line(certificate.course_title, size=20, style="B", height=11, gap=4)
    line(f"taught by {certificate.mentor_name}", size=13, color=_MUTED)
    line(f"on {certificate.issued_at:%d %B %Y}", size=13, color=_MUTED)

    pdf.set_y(pdf.h - 40)
    line(f"Verify this certificate at {verification_url}", size=10, color=_MUTED, height=6)
    line(f"Certificate code: {certificate.code}", size=10, color=_MUTED, height=6)
    return bytes(pdf.output())
