"""Upload rules: what files really are, what each kind of upload accepts, keys and names; and
the Pillow inspector that reads image sizes without decoding pixels."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageFile

from adapters.storage.pillow_images import PillowImageInspector
from edu_core.domain.files import (
    MAX_FILENAME_LENGTH,
    MB,
    EmptyFile,
    FileKind,
    FileTooLarge,
    FileType,
    ImageTooLarge,
    InvalidBlobKey,
    UnsupportedFileType,
    check_blob_key,
    check_content_type,
    check_image_dimensions,
    check_size,
    check_upload,
    new_blob_key,
    safe_filename,
    sniff,
)


def image_bytes(fmt: str, size: tuple[int, int] = (3, 2)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


# Real files, as the encoders write them.
REAL = {
    FileType.PNG: image_bytes("PNG"),
    FileType.JPEG: image_bytes("JPEG"),
    FileType.GIF: image_bytes("GIF"),
    FileType.WEBP: image_bytes("WEBP"),
    FileType.PDF: image_bytes("PDF"),
}

HEADERS = [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", FileType.PDF),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", FileType.PNG),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", FileType.JPEG),
    (b"\xff\xd8\xff\xe1\x1c\x45Exif\x00\x00", FileType.JPEG),
    (b"GIF87a\x01\x00\x01\x00", FileType.GIF),
    (b"GIF89a\x01\x00\x01\x00", FileType.GIF),
    (b"RIFF\x24\x00\x00\x00WEBPVP8 ", FileType.WEBP),
    (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom", FileType.MP4),
    (b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2avc1mp41", FileType.MP4),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", FileType.WINDOWS_EXECUTABLE),
    (b"\x7fELF\x02\x01\x01\x00", FileType.ELF_EXECUTABLE),
    (b"\xcf\xfa\xed\xfe\x07\x00\x00\x01", FileType.MACH_O_EXECUTABLE),
    (b"#!/bin/sh\nrm -rf /\n", FileType.SCRIPT),
    (b"PK\x03\x04\x14\x00\x06\x00", FileType.ZIP),  # also .docx, .jar, .apk
    (b"\x1f\x8b\x08\x00", FileType.GZIP),
    (b"7z\xbc\xaf\x27\x1c\x00\x04", FileType.SEVEN_ZIP),
    (b"Rar!\x1a\x07\x01\x00", FileType.RAR),
    (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", None),  # HEIC photo: not MP4
    (b"RIFF\x24\x00\x00\x00WAVEfmt ", None),
    (b"<svg xmlns='http://www.w3.org/2000/svg'>", None),
    (b"<!DOCTYPE html><script>", None),
    (b"hello", None),
    (b"%PD", None),
    (b"", None),
]


@pytest.mark.parametrize(("head", "expected"), HEADERS)
def test_sniffing_recognises_headers(head: bytes, expected: FileType | None) -> None:
    assert sniff(head) == expected


@pytest.mark.parametrize("file_type", list(REAL))
def test_sniffing_recognises_real_files(file_type: FileType) -> None:
    assert sniff(REAL[file_type][:64]) is file_type


def test_only_programs_and_archives_are_dangerous() -> None:
    assert {t for t in FileType if t.is_dangerous} == {
        FileType.WINDOWS_EXECUTABLE, FileType.ELF_EXECUTABLE, FileType.MACH_O_EXECUTABLE,
        FileType.SCRIPT, FileType.ZIP, FileType.GZIP, FileType.SEVEN_ZIP, FileType.RAR}
    assert {t for t in FileType if t.is_image} == {
        FileType.PNG, FileType.JPEG, FileType.GIF, FileType.WEBP}


# ---- check_upload ---------------------------------------------------------------------------

ACCEPTS = {
    FileKind.AVATAR: {FileType.PNG, FileType.JPEG, FileType.WEBP},
    FileKind.VERIFICATION_DOCUMENT: {FileType.PDF, FileType.PNG, FileType.JPEG},
    FileKind.PORTFOLIO: {FileType.PDF, FileType.PNG, FileType.JPEG},
    FileKind.CONTENT_IMAGE: {FileType.PNG, FileType.JPEG, FileType.GIF, FileType.WEBP},
    FileKind.CHAT_ATTACHMENT: {FileType.PDF, FileType.PNG, FileType.JPEG, FileType.GIF,
                               FileType.WEBP},
    FileKind.HANDWRITTEN_PAGE: {FileType.PDF, FileType.PNG, FileType.JPEG, FileType.WEBP},
}


@pytest.mark.parametrize("kind", list(FileKind))
@pytest.mark.parametrize("file_type", list(REAL))
def test_each_kind_accepts_its_types(kind: FileKind, file_type: FileType) -> None:
    name = f"upload.{sorted(file_type.extensions)[0]}"
    if file_type in ACCEPTS[kind]:
        assert check_upload(kind, REAL[file_type], content_type=file_type.value,
                            filename=name) is file_type
    else:
        with pytest.raises(UnsupportedFileType) as caught:
            check_upload(kind, REAL[file_type], content_type=file_type.value, filename=name)
        assert caught.value.details is not None
        assert caught.value.details["detected"] == file_type.value


def test_a_pdf_name_with_png_bytes_is_refused() -> None:
    with pytest.raises(UnsupportedFileType) as caught:
        check_upload(FileKind.VERIFICATION_DOCUMENT, REAL[FileType.PNG], filename="diploma.pdf")
    assert caught.value.code == "unsupported_file_type"
    assert caught.value.details == {"detected": "image/png", "extension": "pdf"}


def test_a_declared_pdf_with_png_bytes_is_refused() -> None:
    with pytest.raises(UnsupportedFileType) as caught:
        check_upload(FileKind.VERIFICATION_DOCUMENT, REAL[FileType.PNG],
                     content_type="application/pdf", filename="diploma")
    assert caught.value.details == {"detected": "image/png", "declared": "application/pdf"}


@pytest.mark.parametrize("head", [
    b"MZ\x90\x00" + b"\x00" * 60, b"\x7fELF\x02\x01\x01\x00", b"#!/usr/bin/env python\n",
    b"PK\x03\x04" + b"\x00" * 26])
def test_a_program_or_archive_renamed_pdf_is_refused(head: bytes) -> None:
    with pytest.raises(UnsupportedFileType, match="Programs, scripts and archives"):
        check_upload(FileKind.VERIFICATION_DOCUMENT, head, content_type="application/pdf",
                     filename="diploma.pdf")


def test_unknown_contents_are_refused() -> None:
    with pytest.raises(UnsupportedFileType, match="not of a recognised type"):
        check_upload(FileKind.CONTENT_IMAGE, b"<svg onload=alert(1)>", filename="a.png")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(EmptyFile) as caught:
        check_upload(FileKind.AVATAR, b"", filename="me.png")
    assert caught.value.code == "empty_file"


@pytest.mark.parametrize(("content_type", "filename"), [
    (None, None),
    ("image/jpg", "me.JPG"),
    ("image/pjpeg", "me.jpeg"),
    ("IMAGE/JPEG; charset=binary", "me.jfif"),
    ("application/octet-stream", "C:\\photos\\me.jpe"),
    ("", "me"),  # no extension: nothing to contradict
])
def test_equivalent_claims_are_accepted(content_type: str | None,
                                        filename: str | None) -> None:
    assert check_upload(FileKind.AVATAR, REAL[FileType.JPEG], content_type=content_type,
                        filename=filename) is FileType.JPEG


@pytest.mark.parametrize("filename", ["me.png", "me.jpg.exe", "me.gif", "me.jpeg.pdf"])
def test_a_contradicting_extension_is_refused(filename: str) -> None:
    with pytest.raises(UnsupportedFileType):
        check_upload(FileKind.AVATAR, REAL[FileType.JPEG], filename=filename)


# ---- sizes and dimensions -------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "limit"), [
    (FileKind.AVATAR, 5 * MB), (FileKind.VERIFICATION_DOCUMENT, 10 * MB),
    (FileKind.PORTFOLIO, 20 * MB), (FileKind.CONTENT_IMAGE, 10 * MB)])
def test_size_limits(kind: FileKind, limit: int) -> None:
    assert kind.policy.max_bytes == limit
    check_size(kind, limit)
    with pytest.raises(FileTooLarge) as caught:
        check_size(kind, limit + 1)
    assert caught.value.code == "file_too_large"
    assert caught.value.details == {"max_bytes": limit}
    assert f"{limit // MB} MB" in caught.value.message
    with pytest.raises(EmptyFile):
        check_size(kind, 0)


def test_avatar_dimensions() -> None:
    check_image_dimensions(FileKind.AVATAR, (4096, 4096))
    for too_big in ((4097, 10), (10, 4097)):
        with pytest.raises(ImageTooLarge) as caught:
            check_image_dimensions(FileKind.AVATAR, too_big)
        assert caught.value.code == "image_dimensions_too_large"


def test_content_image_dimensions_and_pixel_count() -> None:
    check_image_dimensions(FileKind.CONTENT_IMAGE, (8000, 5000))  # exactly 40 megapixels
    with pytest.raises(ImageTooLarge) as caught:
        check_image_dimensions(FileKind.CONTENT_IMAGE, (8000, 5001))
    assert caught.value.details == {"width": 8000, "height": 5001, "max_width": 8000,
                                    "max_height": 8000, "max_pixels": 40_000_000}
    with pytest.raises(ImageTooLarge):
        check_image_dimensions(FileKind.CONTENT_IMAGE, (8001, 100))


def test_an_unreadable_image_is_refused() -> None:
    with pytest.raises(UnsupportedFileType):
        check_image_dimensions(FileKind.AVATAR, None)
    with pytest.raises(UnsupportedFileType):
        check_image_dimensions(FileKind.AVATAR, (0, 10))


# ---- keys and content types -----------------------------------------------------------------


@pytest.mark.parametrize("key", ["a", "avatar/3f/3f9c", "verification_document/x-1/y_2"])
def test_well_formed_keys(key: str) -> None:
    assert check_blob_key(key) == key


@pytest.mark.parametrize("key", ["", "/a", "a/", "a//b", "../a", "a/../b", "a/./b", "A", "a.b",
                                 "a b", "a\\b", "a\n", "ä", "x" * 201])
def test_malformed_keys(key: str) -> None:
    with pytest.raises(InvalidBlobKey):
        check_blob_key(key)


def test_new_keys_are_unique_and_well_formed() -> None:
    keys = {new_blob_key(FileKind.AVATAR) for _ in range(200)}
    assert len(keys) == 200
    for key in keys:
        kind, shard, token = key.split("/")
        assert (kind, len(token), token[:2]) == ("avatar", 32, shard)


def test_content_types_are_bare_and_single_line() -> None:
    assert check_content_type(" Image/PNG ") == "image/png"
    for bad in ("image/png; charset=x", "text/html\r\nSet-Cookie: a=b", "png", "a/b/c", ""):
        with pytest.raises(UnsupportedFileType):
            check_content_type(bad)


# ---- download names -------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "safe"), [
    ("report.pdf", "report.pdf"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\ann\\CV 2026.pdf", "CV 2026.pdf"),
    ("/tmp/./x.png", "x.png"),
    ("cv\u202efdp.exe", "cvfdp.exe"),  # right-to-left override: shown as "cvexe.pdf"
    ("a\x00b\r\n\t.pdf", "ab.pdf"),
    ('a<b>:"c|?*.pdf', "a_b___c___.pdf"),
    ("  many    spaces  .pdf", "many spaces.pdf"),
    (".htaccess", "htaccess"),
    ("report.pdf.", "report.pdf"),
    ("CON.txt", "_CON.txt"),
    ("nul", "_nul"),
    ("Re\u0301sume\u0301.pdf", "Résumé.pdf"),  # NFC
    ("Привет.pdf", "Привет.pdf"),
    ("", "download"),
    ("...", "download"),
    ("/", "download"),
    (None, "download"),
])
def test_safe_filenames(raw: str | None, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_long_names_keep_their_extension() -> None:
    name = safe_filename("x" * 500 + ".pdf")
    assert len(name) == MAX_FILENAME_LENGTH
    assert name.endswith("xx.pdf")


@given(st.text(max_size=300))
def test_safe_filenames_are_safe_and_stable(raw: str) -> None:
    name = safe_filename(raw)
    assert name
    assert len(name) <= MAX_FILENAME_LENGTH
    assert not any(ch in name for ch in '/\\<>:"|?*\x00\r\n\u202e')
    assert not name.startswith(".")
    assert safe_filename(name) == name


# ---- the Pillow inspector -------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_declaring(width: int, height: int) -> bytes:
    """A valid PNG (correct CRCs) whose header claims ``width`` x ``height`` pixels, followed by
    a few bytes of pixel data: a decompression bomb only if someone decodes it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr)
            + _chunk(b"IDAT", zlib.compress(b"\x00" * 1024)) + _chunk(b"IEND", b""))


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG with its frame header (SOF0) patched to other dimensions."""
    data = bytearray(image_bytes("JPEG", (8, 8)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


@pytest.fixture
def no_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)
    monkeypatch.setattr(Image.Image, "load", refuse)


inspector = PillowImageInspector()


SMALL = {fmt: image_bytes(fmt, (31, 17)) for fmt in ("PNG", "JPEG", "GIF", "WEBP")}


@pytest.mark.usefixtures("no_decoding")
@pytest.mark.parametrize("fmt", list(SMALL))
def test_dimensions_come_from_the_header(fmt: str, tmp_path: Path) -> None:
    data = SMALL[fmt]
    assert inspector.dimensions(data) == (31, 17)
    path = tmp_path / f"image.{fmt.lower()}"
    path.write_bytes(data)
    assert inspector.dimensions(path) == (31, 17)


@pytest.mark.usefixtures("no_decoding")
@pytest.mark.parametrize("bomb", [png_declaring(100_000, 100_000),
                                  jpeg_declaring(65_000, 65_000)])
def test_a_decompression_bomb_is_refused_without_decoding(bomb: bytes) -> None:
    assert len(bomb) < 10_000
    with pytest.raises(ImageTooLarge) as caught:
        inspector.dimensions(bomb)
    assert caught.value.code == "image_dimensions_too_large"


@pytest.mark.usefixtures("no_decoding")
def test_huge_but_plausible_dimensions_are_reported_for_the_policy_to_refuse() -> None:
    crafted = png_declaring(9000, 9000)
    assert sniff(crafted) is FileType.PNG
    assert inspector.dimensions(crafted) == (9000, 9000)
    with pytest.raises(ImageTooLarge):
        check_image_dimensions(FileKind.CONTENT_IMAGE, inspector.dimensions(crafted))


@pytest.mark.parametrize("data", [b"", b"not an image", REAL[FileType.PNG][:12],
                                  REAL[FileType.PDF]])
def test_non_images_have_no_dimensions(data: bytes) -> None:
    assert inspector.dimensions(data) is None


def test_images_of_other_formats_are_not_parsed() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "BMP")
    assert inspector.dimensions(buffer.getvalue()) is None
