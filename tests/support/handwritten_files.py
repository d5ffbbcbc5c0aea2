"""Files for handwritten-notes tests, made in the test: PDFs (generated with PDFium, or written
by hand when they must carry what PDFium would not write) and images."""

import io
import zlib

import pypdfium2 as pdfium
from PIL import Image


def pdf_pages(*sizes: tuple[float, float]) -> bytes:
    """A PDF with blank pages of these sizes (points), written by PDFium."""
    document = pdfium.PdfDocument.new()
    for width, height in sizes or ((595, 842), (595, 842)):
        document.new_page(width, height)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def rotated_pdf(width: float, height: float, rotation: int) -> bytes:
    """One page of ``width`` x ``height`` points in its media box, shown turned by
    ``rotation`` degrees (its /Rotate)."""
    document = pdfium.PdfDocument.new()
    document.new_page(width, height).set_rotation(rotation)
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()


def handmade_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of these objects (numbered from 1; object 1 is the catalog) with a correct
    cross-reference table."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)
    return out


PAGE_OBJECTS = [b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] >>"]


def pdf_with_open_action_script() -> bytes:
    return handmade_pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>", *PAGE_OBJECTS,
                         b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"])


def pdf_with_escaped_launch_action() -> bytes:
    """``/Launch`` spelt with an escape (``/L#61unch``), as a page's open action."""
    return handmade_pdf([b"<< /Type /Catalog /Pages 2 0 R >>",
                         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] "
                         b"/AA << /O << /S /L#61unch /F (calc.exe) >> >> >>"])


def pdf_with_script_in_object_stream() -> bytes:
    """The script's dictionary compressed inside an object stream, its name escaped: nothing
    in the file's raw bytes says JavaScript."""
    inner = b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>"
    header = b"5 0 "
    content = zlib.compress(header + inner)
    return handmade_pdf([b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>", *PAGE_OBJECTS,
                         b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\n"
                         b"stream\n" % (len(header), len(content)) + content
                         + b"\nendstream"])


def encrypted_pdf() -> bytes:
    """A PDF whose trailer names a standard security handler (RC4, empty user password)."""
    return handmade_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", *PAGE_OBJECTS,
                         b"<< /Filter /Standard /V 1 /R 2 /O (" + b"\x01" * 32 + b") /U ("
                         + b"\x02" * 32 + b") /P -44 >>"],
                        trailer=b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
                                b"<00112233445566778899aabbccddeeff>] ")


def image(width: int = 120, height: int = 80, fmt: str = "PNG",
          color: tuple[int, int, int] = (30, 60, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, fmt)
    return out.getvalue()


def huge_png(width: int = 10_000, height: int = 10_000) -> bytes:
    """100 megapixels declared in a small file (one bit a pixel, all white)."""
    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, "PNG")
    return out.getvalue()


ZIP_TAIL = (b"PK\x03\x04\x14\x00\x00\x00\x00\x00" + b"\x00" * 16 + b"\x08\x00\x00\x00"
            b"evil.exeMZ-payload")
HTML_TAIL = b"<html><script>alert(document.cookie)</script></html>"


def png_polyglot() -> bytes:
    """A PNG followed by a zip archive and an HTML page: valid as each, depending on the
    reader."""
    return image() + ZIP_TAIL + HTML_TAIL
