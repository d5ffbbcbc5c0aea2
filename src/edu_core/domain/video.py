"""Video lessons (S17): resumable uploads, the processed video, its captions, and where each
student stopped watching.

An upload is a session a mentor opens with the file's name, size and declared type; the server
fixes the part size, so part ``n`` always covers the same bytes and a client that reloads can ask
which parts are stored and send only the others. Completing it checks the parts against the
declared size and the file by its content (``VideoProbe``), then makes a ``Video`` that the
worker processes into one playable MP4, a poster and a sprite of preview thumbnails. Processing
ends ``ready`` or ``failed`` with a reason: never left in between.

An upload not completed by ``expires_at`` is aborted by a durable schedule stored with it.
"""

import math
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from uuid import UUID, uuid4

from edu_core.domain.errors import Conflict, InvalidInput, NotFound
from edu_core.domain.events import DomainEvent
from edu_core.domain.files import FileTooLarge, UnsupportedFileType, check_blob_key

MIB = 1024 * 1024
MAX_VIDEO_BYTES = 2 * 1024 * MIB
# S3 refuses parts under 5 MiB except the last; a fixed, larger size keeps the count of
# requests (and of rows in a resume listing) low without making a lost part costly to resend.
PART_SIZE = 8 * MIB
MIN_PART_SIZE = 5 * MIB
MAX_PARTS = 10_000
UPLOAD_LIFETIME = timedelta(hours=24)
MAX_FILENAME = 255
# The declared types accepted; the bytes are checked later (sniffing, then demuxing).
VIDEO_TYPES: dict[str, frozenset[str]] = {
    "video/mp4": frozenset({"mp4", "m4v"}),
    "video/quicktime": frozenset({"mov"}),
    "video/webm": frozenset({"webm"}),
    "video/x-matroska": frozenset({"mkv"}),
}
MAX_CAPTION_BYTES = 1024 * 1024
MAX_CAPTIONS = 20
MAX_CHAPTERS = 100
MAX_CHAPTER_TITLE = 120
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$")
MAX_LABEL = 80


# ---- errors ---------------------------------------------------------------------------------


class VideoUploadNotFound(NotFound):
    code = "video_upload_not_found"
    default_message = "No such upload (it may belong to someone else)."


class VideoNotFound(NotFound):
    code = "video_not_found"
    default_message = "No such video."


class CaptionNotFound(NotFound):
    code = "caption_not_found"
    default_message = "No such caption track on this video."


class VideoUploadClosed(Conflict):
    code = "video_upload_closed"
    default_message = "This upload is finished or aborted: start a new one."


class InvalidVideoUpload(InvalidInput):
    code = "invalid_video_upload"
    default_message = "The upload cannot be started as described."


class InvalidPartNumber(InvalidInput):
    code = "invalid_part_number"
    default_message = "Part numbers run from 1 to the upload's part count."


class VideoUploadIncomplete(InvalidInput):
    code = "video_upload_incomplete"
    default_message = "Some parts are missing or do not match what was stored."


class VideoUnreadable(InvalidInput):
    """The assembled file is not a video this platform can process (checked by content)."""

    code = "video_unreadable"
    default_message = ("The file could not be read as a video: it may be cut off, damaged or "
                       "not a video at all.")


class VideoTruncated(VideoUnreadable):
    code = "video_truncated"
    default_message = "The video is cut off: its end is missing (was the upload interrupted?)."


class VideoWithoutPicture(InvalidInput):
    code = "video_without_picture"
    default_message = "The file has no video stream (an audio file?)."


class InvalidCaptions(InvalidInput):
    code = "invalid_captions"
    default_message = "The captions are not a valid WebVTT file."


class InvalidChapters(InvalidInput):
    code = "invalid_chapters"
    default_message = "The chapters are not valid."


class VideoNotReady(Conflict):
    code = "video_not_ready"
    default_message = "The video is still processing or failed: submit it once it is ready."


# ---- events ---------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class VideoUploadExpired(DomainEvent):
    """Raised by the schedule stored with an upload: abort it unless it was completed."""

    name = "video.upload_expired"
    upload_id: UUID


@dataclass(frozen=True, kw_only=True)
class VideoUploaded(DomainEvent):
    """A checked source file became a video: process it (the job is queued from here, so a
    crash between the commit and the queue cannot lose it)."""

    name = "video.uploaded"
    video_id: UUID


@dataclass(frozen=True, kw_only=True)
class VideoCaptionsChanged(DomainEvent):
    """A caption track was added or removed: the items showing the video index its words."""

    name = "video.captions_changed"
    video_id: UUID


def upload_expiry_key(upload_id: UUID) -> str:
    return f"video-upload:{upload_id}:expiry"


def new_video_key(owner_id: UUID, name: str) -> str:
    """Where one of a video's files lives: ``videos/<owner>/<token>/<name>``."""
    return check_blob_key(f"videos/{owner_id}/{secrets.token_hex(16)}/{name}")


# ---- uploads --------------------------------------------------------------------------------


class UploadStatus(StrEnum):
    UPLOADING = "uploading"
    COMPLETED = "completed"
    ABORTED = "aborted"


@dataclass(frozen=True, slots=True)
class UploadedPart:
    number: int
    size: int
    etag: str


def _extension(filename: str) -> str:
    stem, dot, extension = filename.rpartition(".")
    return extension.lower() if dot and stem else ""


def check_upload_request(filename: str, size: int, content_type: str) -> str:
    """The declared type, canonical; refuses sizes over the limit and unknown types."""
    fields: dict[str, str] = {}
    if not filename.strip() or len(filename) > MAX_FILENAME:
        fields["filename"] = f"A file name of 1 to {MAX_FILENAME} characters."
    if size > MAX_VIDEO_BYTES:
        raise FileTooLarge(max_bytes=MAX_VIDEO_BYTES)
    if size <= 0:
        fields["size"] = "The file is empty."
    declared = content_type.split(";", 1)[0].strip().lower()
    extensions = VIDEO_TYPES.get(declared)
    if extensions is None:
        raise UnsupportedFileType("Upload an MP4, MOV, WebM or MKV video.",
                                  details={"accepted": sorted(VIDEO_TYPES)})
    if _extension(filename) not in extensions:
        fields["filename"] = (f"A {declared} file ends in "
                              + " or ".join(f".{e}" for e in sorted(extensions)) + ".")
    if fields:
        raise InvalidVideoUpload(details={"fields": fields})
    return declared


@dataclass(kw_only=True)
class VideoUpload:
    owner_id: UUID
    filename: str
    size: int
    content_type: str
    storage_key: str
    storage_upload_id: str
    created_at: datetime
    expires_at: datetime
    part_size: int = PART_SIZE
    status: UploadStatus = UploadStatus.UPLOADING
    video_id: UUID | None = None
    id: UUID = field(default_factory=uuid4)

    @property
    def part_count(self) -> int:
        return max(1, math.ceil(self.size / self.part_size))

    def part_length(self, number: int) -> int:
        """How many bytes part ``number`` holds: the part size, the remainder for the last."""
        self.check_part_number(number)
        if number < self.part_count:
            return self.part_size
        return self.size - self.part_size * (self.part_count - 1)

    def check_part_number(self, number: int) -> None:
        if not 1 <= number <= self.part_count:
            raise InvalidPartNumber(details={"part_count": self.part_count})

    def check_open(self, now: datetime) -> None:
        if self.status is not UploadStatus.UPLOADING or now >= self.expires_at:
            raise VideoUploadClosed()

    def check_parts(self, stored: list[UploadedPart],
                    claimed: list[tuple[int, str]]) -> list[UploadedPart]:
        """The stored parts, in order, when they are exactly the parts the client lists (every
        number once, each etag matching) and their sizes add up to the declared size."""
        by_number = {p.number: p for p in stored}
        numbers = [n for n, _ in claimed]
        problems: list[str] = []
        if numbers != list(range(1, self.part_count + 1)):
            problems.append(f"List parts 1 to {self.part_count}, in order, once each.")
        for number, etag in claimed:
            part = by_number.get(number)
            if part is None:
                problems.append(f"Part {number} was not stored.")
            elif part.etag.strip('"') != etag.strip('"'):
                problems.append(f"Part {number} has another ETag.")
            elif 1 <= number <= self.part_count and part.size != self.part_length(number):
                problems.append(f"Part {number} holds {part.size} bytes, "
                                f"not {self.part_length(number)}.")
        if problems:
            raise VideoUploadIncomplete(details={"problems": problems[:20]})
        return [by_number[n] for n in numbers]

    def complete(self, video_id: UUID) -> None:
        self.status = UploadStatus.COMPLETED
        self.video_id = video_id

    def abort(self) -> None:
        self.status = UploadStatus.ABORTED


# ---- the video ------------------------------------------------------------------------------


class VideoStatus(StrEnum):
    PROCESSING = "processing"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ProbedVideo:
    duration_seconds: float
    width: int
    height: int
    has_audio: bool
    video_codec: str
    container: str  # "mp4" (MP4/MOV) or "matroska" (MKV/WebM): the demuxer to force later


@dataclass(frozen=True, slots=True)
class ThumbnailSprite:
    key: str
    columns: int
    rows: int
    interval_seconds: float
    tile_width: int
    tile_height: int
    count: int


@dataclass(frozen=True, slots=True)
class ProcessedVideo:
    video_key: str
    poster_key: str
    sprite: ThumbnailSprite | None
    duration_seconds: float
    width: int
    height: int


# ISO base media (MP4, MOV: "ftyp" at offset 4; old QuickTime files may start with "moov",
# "mdat", "wide" or "free") and Matroska/WebM (an EBML header).
_ISO_BOXES = frozenset({b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip"})
_EBML = b"\x1a\x45\xdf\xa3"


def sniff_video(head: bytes) -> str | None:
    """The container family the first bytes announce ("mp4" or "matroska"), else None."""
    if len(head) >= 8 and head[4:8] in _ISO_BOXES:
        return "mp4"
    if head.startswith(_EBML):
        return "matroska"
    return None


@dataclass(kw_only=True)
class Video:
    owner_id: UUID
    filename: str
    source_key: str
    created_at: datetime
    updated_at: datetime
    status: VideoStatus = VideoStatus.PROCESSING
    progress: float = 0.0
    failure_code: str | None = None
    failure_message: str | None = None
    duration_seconds: float | None = None
    width: int | None = None
    height: int | None = None
    video_key: str | None = None
    poster_key: str | None = None
    sprite: ThumbnailSprite | None = None
    id: UUID = field(default_factory=uuid4)
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def from_upload(cls, upload: VideoUpload, now: datetime) -> "Video":
        """The video a completed upload becomes; processing is asked for by its event."""
        video = cls(owner_id=upload.owner_id, filename=upload.filename,
                    source_key=upload.storage_key, created_at=now, updated_at=now)
        video.events.append(VideoUploaded(occurred_at=now, video_id=video.id))
        return video

    @property
    def is_ready(self) -> bool:
        return self.status is VideoStatus.READY

    def blob_keys(self) -> list[str]:
        """The files stored for it (captions aside)."""
        keys = [self.source_key, self.video_key, self.poster_key,
                self.sprite.key if self.sprite else None]
        return [key for key in keys if key]

    def probed(self, probe: ProbedVideo) -> None:
        self.duration_seconds = probe.duration_seconds
        self.width, self.height = probe.width, probe.height

    def captions_changed(self, now: datetime) -> None:
        self.updated_at = now
        self.events.append(VideoCaptionsChanged(occurred_at=now, video_id=self.id))

    def report_progress(self, progress: float, now: datetime) -> None:
        self.progress = min(1.0, max(0.0, progress))
        self.updated_at = now

    def finish(self, result: ProcessedVideo, now: datetime) -> None:
        self.status = VideoStatus.READY
        self.progress = 1.0
        self.video_key, self.poster_key, self.sprite = (result.video_key, result.poster_key,
                                                        result.sprite)
        self.duration_seconds = result.duration_seconds
        self.width, self.height = result.width, result.height
        self.failure_code = self.failure_message = None
        self.updated_at = now

    def fail(self, code: str, message: str, now: datetime) -> None:
        self.status = VideoStatus.FAILED
        self.failure_code, self.failure_message = code, message[:500]
        self.updated_at = now


# ---- captions, chapters, positions ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass(kw_only=True)
class Caption:
    video_id: UUID
    language: str
    label: str
    key: str
    cues: list[Cue]
    created_at: datetime
    id: UUID = field(default_factory=uuid4)


def check_caption_meta(language: str, label: str) -> tuple[str, str]:
    fields: dict[str, str] = {}
    if not LANGUAGE_TAG.match(language):
        fields["language"] = "A BCP-47 language tag such as en, de or pt-BR."
    label = label.strip()
    if not 1 <= len(label) <= MAX_LABEL or not label.isprintable():
        fields["label"] = f"A label of 1 to {MAX_LABEL} printable characters."
    if fields:
        raise InvalidCaptions("The caption track's language or label is not valid.",
                              details={"fields": fields})
    return language, label


@dataclass(frozen=True, slots=True)
class Chapter:
    start: float
    title: str


def check_chapters(chapters: list[Chapter], duration: float | None) -> list[Chapter]:
    """At most ``MAX_CHAPTERS``, sorted by start, starts unique, within the video (when its
    duration is known), titles 1..120 characters."""
    problems: list[str] = []
    if len(chapters) > MAX_CHAPTERS:
        problems.append(f"At most {MAX_CHAPTERS} chapters.")
    previous: float | None = None
    for index, chapter in enumerate(chapters):
        title = chapter.title.strip()
        if not math.isfinite(chapter.start) or chapter.start < 0:
            problems.append(f"Chapter {index + 1} starts before 0.")
        if not 1 <= len(title) <= MAX_CHAPTER_TITLE:
            problems.append(f"Chapter {index + 1} needs a title of 1 to {MAX_CHAPTER_TITLE} "
                            "characters.")
        if previous is not None and chapter.start <= previous:
            problems.append(f"Chapter {index + 1} must start after the one before.")
        if duration is not None and chapter.start >= duration:
            problems.append(f"Chapter {index + 1} starts after the video ends.")
        previous = chapter.start
    if problems:
        raise InvalidChapters(details={"problems": problems[:20]})
    return [Chapter(start=c.start, title=c.title.strip()) for c in chapters]
