"""Uploaded files: what a file really is (from its bytes), which kinds of upload accept which
types and sizes, storage keys, and the names files are downloaded under.

The bytes decide the type. The declared content type and the file name's extension are only
claims; when they contradict the bytes the upload is refused rather than corrected, because a
mismatch is the usual sign of a disguised file (an executable renamed ``cv.pdf``).
"""

import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from uuid import UUID

from edu_core.domain.errors import InvalidInput, NotFound, PermissionDenied

# ---- errors ---------------------------------------------------------------------------------


class UnsupportedFileType(InvalidInput):
    code = "unsupported_file_type"
    default_message = "This type of file is not accepted here."


class FileTooLarge(InvalidInput):
    code = "file_too_large"
    default_message = "The file is too large."

    def __init__(self, message: str | None = None, *, max_bytes: int):
        self.max_bytes = max_bytes
        super().__init__(message or f"The file is larger than {_human(max_bytes)}.",
                         details={"max_bytes": max_bytes})


class ImageTooLarge(InvalidInput):
    """Too many pixels: refused before decoding, so a small file cannot expand into gigabytes."""

    code = "image_dimensions_too_large"
    default_message = "The image's dimensions are too large."


class EmptyFile(InvalidInput):
    code = "empty_file"
    default_message = "The file is empty."


class InvalidBlobKey(InvalidInput):
    code = "invalid_blob_key"
    default_message = ("Storage keys are '/'-separated segments of a-z, 0-9, '_' and '-', "
                       "without a leading slash.")


class BlobNotFound(NotFound):
    code = "file_not_found"
    default_message = "The file does not exist (it may have been deleted)."


class InvalidSignature(PermissionDenied):
    code = "invalid_signature"
    default_message = "This download link is not valid."


class LinkExpired(PermissionDenied):
    code = "link_expired"
    default_message = "This download link has expired. Request a new one."


def _human(size: int) -> str:
    if size >= 1024 * 1024 and size % (1024 * 1024) == 0:
        return f"{size // (1024 * 1024)} MB"
    if size >= 1024 and size % 1024 == 0:
        return f"{size // 1024} KB"
    return f"{size} bytes"


# ---- what the bytes are ---------------------------------------------------------------------


class FileType(StrEnum):
    """Types recognised from their first bytes; the value is the canonical MIME type."""

    PDF = "application/pdf"
    PNG = "image/png"
    JPEG = "image/jpeg"
    GIF = "image/gif"
    WEBP = "image/webp"
    MP4 = "video/mp4"
    # Recognised only so they can be named when refused.
    WINDOWS_EXECUTABLE = "application/vnd.microsoft.portable-executable"
    ELF_EXECUTABLE = "application/x-elf"
    MACH_O_EXECUTABLE = "application/x-mach-binary"
    SCRIPT = "text/x-shellscript"
    ZIP = "application/zip"
    GZIP = "application/gzip"
    SEVEN_ZIP = "application/x-7z-compressed"
    RAR = "application/vnd.rar"

    @property
    def is_image(self) -> bool:
        return self in _IMAGES

    @property
    def is_dangerous(self) -> bool:
        """Runnable or an archive (which can hide anything, including an Office macro)."""
        return self in _DANGEROUS

    @property
    def extensions(self) -> frozenset[str]:
        return _EXTENSIONS.get(self, frozenset())


_IMAGES = frozenset({FileType.PNG, FileType.JPEG, FileType.GIF, FileType.WEBP})
_DANGEROUS = frozenset({FileType.WINDOWS_EXECUTABLE, FileType.ELF_EXECUTABLE,
                        FileType.MACH_O_EXECUTABLE, FileType.SCRIPT, FileType.ZIP,
                        FileType.GZIP, FileType.SEVEN_ZIP, FileType.RAR})
_EXTENSIONS: Mapping[FileType, frozenset[str]] = MappingProxyType({
    FileType.PDF: frozenset({"pdf"}),
    FileType.PNG: frozenset({"png"}),
    FileType.JPEG: frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    FileType.GIF: frozenset({"gif"}),
    FileType.WEBP: frozenset({"webp"}),
    FileType.MP4: frozenset({"mp4", "m4v"}),
})

# How many leading bytes ``sniff`` looks at; callers pass at least this much when they have it.
SNIFF_BYTES = 64

_PREFIXES: tuple[tuple[bytes, FileType], ...] = (
    (b"%PDF-", FileType.PDF),
    (b"\x89PNG\r\n\x1a\n", FileType.PNG),
    (b"\xff\xd8\xff", FileType.JPEG),
    (b"GIF87a", FileType.GIF),
    (b"GIF89a", FileType.GIF),
    (b"MZ", FileType.WINDOWS_EXECUTABLE),
    (b"\x7fELF", FileType.ELF_EXECUTABLE),
    (b"\xfe\xed\xfa\xce", FileType.MACH_O_EXECUTABLE),
    (b"\xfe\xed\xfa\xcf", FileType.MACH_O_EXECUTABLE),
    (b"\xce\xfa\xed\xfe", FileType.MACH_O_EXECUTABLE),
    (b"\xcf\xfa\xed\xfe", FileType.MACH_O_EXECUTABLE),
    (b"\xca\xfe\xba\xbe", FileType.MACH_O_EXECUTABLE),  # universal binary (also Java classes)
    (b"#!", FileType.SCRIPT),
    (b"PK\x03\x04", FileType.ZIP),
    (b"PK\x05\x06", FileType.ZIP),  # empty archive
    (b"PK\x07\x08", FileType.ZIP),  # spanned archive
    (b"\x1f\x8b", FileType.GZIP),
    (b"7z\xbc\xaf\x27\x1c", FileType.SEVEN_ZIP),
    (b"Rar!\x1a\x07", FileType.RAR),
)

# ISO base media files all carry "ftyp"; only these major brands are MP4 video (HEIC photos and
# QuickTime movies share the container but not the brand).
_MP4_BRANDS = frozenset({b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"mp41",
                         b"mp42", b"avc1", b"M4V ", b"dash", b"mmp4", b"MSNV"})


def sniff(head: bytes) -> FileType | None:
    """The type the first bytes of a file announce, or None when they match nothing known."""
    for prefix, file_type in _PREFIXES:
        if head.startswith(prefix):
            return file_type
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FileType.WEBP
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
        return FileType.MP4
    return None


# ---- what each kind of upload accepts -------------------------------------------------------

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class FilePolicy:
    allowed: frozenset[FileType]
    max_bytes: int
    max_width: int | None = None
    max_height: int | None = None
    max_pixels: int | None = None  # of a still image; of all frames together when animated
    max_frames: int | None = None  # animated images (GIF, WebP, APNG); None: not checked


class FileKind(StrEnum):
    AVATAR = "avatar"
    VERIFICATION_DOCUMENT = "verification_document"
    PORTFOLIO = "portfolio"
    CONTENT_IMAGE = "content_image"
    CHAT_ATTACHMENT = "chat_attachment"
    HANDWRITTEN_PAGE = "handwritten_page"

    @property
    def policy(self) -> FilePolicy:
        return POLICIES[self]


POLICIES: Mapping[FileKind, FilePolicy] = MappingProxyType({
    FileKind.AVATAR: FilePolicy(
        frozenset({FileType.PNG, FileType.JPEG, FileType.WEBP}), 5 * MB,
        max_width=4096, max_height=4096, max_frames=1),
    FileKind.VERIFICATION_DOCUMENT: FilePolicy(
        frozenset({FileType.PDF, FileType.PNG, FileType.JPEG}), 10 * MB,
        max_width=12_000, max_height=12_000, max_pixels=60_000_000),
    FileKind.PORTFOLIO: FilePolicy(
        frozenset({FileType.PDF, FileType.PNG, FileType.JPEG}), 20 * MB,
        max_width=12_000, max_height=12_000, max_pixels=60_000_000),
    FileKind.CONTENT_IMAGE: FilePolicy(
        frozenset({FileType.PNG, FileType.JPEG, FileType.GIF, FileType.WEBP}), 10 * MB,
        max_width=8000, max_height=8000, max_pixels=40_000_000, max_frames=300),
    # A photo of a worked problem, a diagram, a PDF of exercises, sent in a session's chat.
    FileKind.CHAT_ATTACHMENT: FilePolicy(
        frozenset({FileType.PDF, FileType.PNG, FileType.JPEG, FileType.GIF, FileType.WEBP}),
        10 * MB, max_width=8000, max_height=8000, max_pixels=40_000_000, max_frames=300),
    # Scanned or photographed handwriting: one PDF, or photos as pages (a 50-megapixel phone
    # camera is the largest expected; every photo is decoded to be re-encoded). The size is
    # of one file; a document's files together are bounded by the handwritten context.
    FileKind.HANDWRITTEN_PAGE: FilePolicy(
        frozenset({FileType.PDF, FileType.PNG, FileType.JPEG, FileType.WEBP}), 50 * MB,
        max_width=12_000, max_height=12_000, max_pixels=60_000_000, max_frames=1),
})

# Browsers and mail clients still send these older names.
_CONTENT_TYPE_ALIASES: Mapping[str, FileType] = MappingProxyType({
    "image/jpg": FileType.JPEG,
    "image/pjpeg": FileType.JPEG,
    "application/x-pdf": FileType.PDF,
    "image/x-png": FileType.PNG,
})
# Said by clients that do not know the type: no claim to check.
_UNDECLARED = frozenset({"", "application/octet-stream", "binary/octet-stream"})


def _declared_type(content_type: str) -> FileType | str:
    essence = content_type.split(";", 1)[0].strip().lower()
    if essence in _CONTENT_TYPE_ALIASES:
        return _CONTENT_TYPE_ALIASES[essence]
    try:
        return FileType(essence)
    except ValueError:
        return essence


def _refuse(message: str, **details: object) -> UnsupportedFileType:
    return UnsupportedFileType(message, details=details)


def check_upload(kind: FileKind, head: bytes, *, content_type: str | None = None,
                 filename: str | None = None) -> FileType:
    """The type of an upload of ``kind`` from its first bytes (at least ``SNIFF_BYTES`` of them
    when the file is that long), after checking the client's claims agree with it."""
    if not head:
        raise EmptyFile()
    policy = kind.policy
    accepted = sorted(t.value for t in policy.allowed)
    found = sniff(head)
    if found is None:
        raise _refuse("The file's contents are not of a recognised type.", accepted=accepted)
    if found.is_dangerous:
        raise _refuse("Programs, scripts and archives are not accepted.",
                      detected=found.value, accepted=accepted)
    if found not in policy.allowed:
        raise _refuse(f"{found.value} files are not accepted here.", detected=found.value,
                      accepted=accepted)
    if content_type is not None and content_type.strip().lower() not in _UNDECLARED:
        declared = _declared_type(content_type)
        if declared != found:
            raise _refuse("The file's contents do not match its declared type.",
                          detected=found.value, declared=str(declared))
    if filename is not None:
        extension = file_extension(filename)
        if extension is not None and extension not in found.extensions:
            raise _refuse(f"The file's contents do not match its '.{extension}' extension.",
                          detected=found.value, extension=extension)
    return found


def check_size(kind: FileKind, size: int) -> None:
    if size <= 0:
        raise EmptyFile()
    if size > kind.policy.max_bytes:
        raise FileTooLarge(max_bytes=kind.policy.max_bytes)


def check_image_dimensions(kind: FileKind, dimensions: tuple[int, int] | None) -> None:
    """Refuse images whose size cannot be read or exceeds the kind's limits.

    ``dimensions`` comes from an ``ImageInspector``, which reads only the image header.
    """
    policy = kind.policy
    if dimensions is None:
        raise _refuse("The image could not be read.")
    width, height = dimensions
    limits = {"max_width": policy.max_width, "max_height": policy.max_height,
              "max_pixels": policy.max_pixels}
    if width <= 0 or height <= 0:
        raise _refuse("The image has no pixels.")
    if ((policy.max_width is not None and width > policy.max_width)
            or (policy.max_height is not None and height > policy.max_height)
            or (policy.max_pixels is not None and width * height > policy.max_pixels)):
        raise ImageTooLarge(
            f"The image is {width}x{height} pixels; that is more than allowed here.",
            details={"width": width, "height": height,
                     **{k: v for k, v in limits.items() if v is not None}})


def check_animation(kind: FileKind, frames: int, dimensions: tuple[int, int]) -> None:
    """Refuse an animation with more frames, or more pixels over all its frames, than the kind
    allows: every frame is decoded to re-encode it, so this bounds the memory that takes."""
    policy = kind.policy
    width, height = dimensions
    total = frames * width * height
    if ((policy.max_frames is not None and frames > policy.max_frames)
            or (policy.max_pixels is not None and total > policy.max_pixels)):
        limits = {"max_frames": policy.max_frames, "max_pixels": policy.max_pixels}
        raise ImageTooLarge(
            f"The animation has {frames} frames of {width}x{height} pixels; that is more "
            "than allowed here.",
            details={"frames": frames, "width": width, "height": height,
                     **{k: v for k, v in limits.items() if v is not None}})


def check_content_type(content_type: str) -> str:
    """A bare ``type/subtype`` safe to store and echo in a header, lower-cased."""
    value = content_type.strip().lower()
    if not _CONTENT_TYPE.fullmatch(value):
        raise _refuse("Content types are 'type/subtype' without parameters.")
    return value


_TOKEN = r"[a-z0-9!#$&^_.+-]{1,63}"
_CONTENT_TYPE = re.compile(rf"{_TOKEN}/{_TOKEN}")


# ---- storage keys ---------------------------------------------------------------------------

MAX_KEY_LENGTH = 200
_KEY = re.compile(r"[a-z0-9_-]+(?:/[a-z0-9_-]+)*")


def check_blob_key(key: str) -> str:
    """Keys are generated by the server; anything else reaching storage is refused whole, since
    a key becomes a path or an object name (``..``, absolute paths, odd bytes)."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY.fullmatch(key):
        raise InvalidBlobKey(details={"key": str(key)[:MAX_KEY_LENGTH]})
    return key


def new_blob_key(kind: FileKind | str) -> str:
    """A fresh, unguessable key such as ``avatar/3f/3f9c...``; the short segment spreads keys
    over prefixes, which object stores partition on."""
    token = secrets.token_hex(16)
    return check_blob_key(f"{kind}/{token[:2]}/{token}")


# ---- images in lesson text ------------------------------------------------------------------

# Lesson HTML refers to an uploaded image by this stable path, never by a signed (expiring)
# link: ``<img src="/files/content/<mentor id>/<token>">``. Responses turn it into a fresh
# signed link; only keys under ``content/`` may appear in lesson text, so a lesson cannot
# expose any other upload (a verification document, say).
FILE_REFERENCE_PREFIX = "/files/"
CONTENT_IMAGE_PREFIX = "content/"


def content_image_key(owner_id: UUID) -> str:
    """A fresh, unguessable key for an image ``owner_id`` puts in lesson text."""
    return check_blob_key(f"{CONTENT_IMAGE_PREFIX}{owner_id}/{secrets.token_hex(16)}")


def is_content_image_key(key: str) -> bool:
    return (key.startswith(CONTENT_IMAGE_PREFIX) and len(key) <= MAX_KEY_LENGTH
            and _KEY.fullmatch(key) is not None)


def content_image_reference(key: str) -> str:
    """The stable ``src`` lesson HTML stores for the image under ``key``."""
    if not is_content_image_key(key):
        raise InvalidBlobKey(details={"key": key[:MAX_KEY_LENGTH]})
    return FILE_REFERENCE_PREFIX + key


def content_image_key_of(src: str) -> str | None:
    """The content-image key an ``<img src>`` points at: the stable reference itself, or a
    signed link to it (``/files/<key>?expires=...&sig=...``); None for anything else (another
    origin, another kind of upload, a malformed key, percent-encoding)."""
    if not src.startswith(FILE_REFERENCE_PREFIX):
        return None
    path = src[len(FILE_REFERENCE_PREFIX):]
    for separator in ("?", "#"):
        path = path.split(separator, 1)[0]
    return path if is_content_image_key(path) else None


# ---- download names -------------------------------------------------------------------------

MAX_FILENAME_LENGTH = 120
DEFAULT_FILENAME = "download"
_RESERVED = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_WINDOWS_DEVICES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                              *(f"lpt{i}" for i in range(1, 10))})


def file_extension(filename: str) -> str | None:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem.strip(". ") or not extension:
        return None
    return extension.strip().lower()


def safe_filename(name: str | None, *, default: str = DEFAULT_FILENAME) -> str:
    """A name that is safe to offer in ``Content-Disposition`` and to save on any OS: no
    directories, control or bidi-override characters (``cv\u202efdp.exe`` shows as
    ``cvexe.pdf``), reserved punctuation, leading dots or device names."""
    if not name:
        return default
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs",
                                                                            "Zl", "Zp"})
    name = _SPACES.sub(" ", _RESERVED.sub("_", name)).strip(" .")
    if not name:
        return default
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if stem.split(".")[0].lower() in _WINDOWS_DEVICES:
        stem = f"_{stem}"
    extension = extension[:16]
    stem = stem[:MAX_FILENAME_LENGTH - len(extension) - 1].rstrip(" .") or default
    return f"{stem}.{extension}" if extension else stem
