"""Video rules without I/O: what an upload may be, how parts cover the file, which parts make
a complete upload, the content sniff, and the output geometry of processing."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from adapters.media.ffmpeg_transcoder import output_size, sprite_layout
from adapters.media.webvtt_captions import WebVttCaptionParser
from edu_core.domain.files import FileTooLarge, UnsupportedFileType
from edu_core.domain.video import (
    MAX_VIDEO_BYTES,
    PART_SIZE,
    Cue,
    InvalidCaptions,
    InvalidPartNumber,
    InvalidVideoUpload,
    UploadedPart,
    VideoUpload,
    VideoUploadClosed,
    VideoUploadIncomplete,
    check_caption_meta,
    check_upload_request,
    sniff_video,
)

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def upload(size: int) -> VideoUpload:
    return VideoUpload(owner_id=uuid.uuid4(), filename="a.mp4", size=size,
                       content_type="video/mp4", storage_key="videos/x/y/source",
                       storage_upload_id="u", created_at=NOW,
                       expires_at=NOW + timedelta(days=1))


def test_what_may_be_uploaded() -> None:
    assert check_upload_request("Lesson.MP4", 10, "video/mp4; codecs=avc1") == "video/mp4"
    assert check_upload_request("a.mkv", 10, "video/x-matroska") == "video/x-matroska"
    assert check_upload_request("a.mov", MAX_VIDEO_BYTES, "video/quicktime") == "video/quicktime"
    with pytest.raises(FileTooLarge):
        check_upload_request("a.mp4", MAX_VIDEO_BYTES + 1, "video/mp4")
    with pytest.raises(UnsupportedFileType):
        check_upload_request("a.avi", 10, "video/x-msvideo")
    for name, size in [("a.webm", 10), ("", 10), ("a.mp4", 0), ("mp4", 10)]:
        with pytest.raises(InvalidVideoUpload):
            check_upload_request(name, size, "video/mp4")


def test_parts_cover_the_file_in_fixed_sizes() -> None:
    small = upload(1000)
    assert (small.part_count, small.part_length(1)) == (1, 1000)
    exact = upload(2 * PART_SIZE)
    assert (exact.part_count, exact.part_length(2)) == (2, PART_SIZE)
    odd = upload(2 * PART_SIZE + 1)
    assert (odd.part_count, odd.part_length(1), odd.part_length(3)) == (3, PART_SIZE, 1)
    for number in (0, 4):
        with pytest.raises(InvalidPartNumber):
            odd.part_length(number)


def test_completing_needs_every_part_once_in_order_with_its_etag_and_size() -> None:
    x = upload(PART_SIZE + 10)
    stored = [UploadedPart(1, PART_SIZE, "e1"), UploadedPart(2, 10, "e2")]
    assert x.check_parts(stored, [(1, '"e1"'), (2, "e2")]) == stored
    for claimed in ([(1, "e1")], [(2, "e2"), (1, "e1")], [(1, "e1"), (2, "zz")],
                    [(1, "e1"), (1, "e1"), (2, "e2")]):
        with pytest.raises(VideoUploadIncomplete):
            x.check_parts(stored, claimed)
    short = [UploadedPart(1, PART_SIZE - 1, "e1"), UploadedPart(2, 10, "e2")]
    with pytest.raises(VideoUploadIncomplete):
        x.check_parts(short, [(1, "e1"), (2, "e2")])
    x.check_open(NOW)
    with pytest.raises(VideoUploadClosed):
        x.check_open(x.expires_at)
    x.abort()
    with pytest.raises(VideoUploadClosed):
        x.check_open(NOW)


def test_the_sniff_knows_video_containers_only() -> None:
    assert sniff_video(b"\0\0\0\x20ftypisom\0\0\0\0") == "mp4"
    assert sniff_video(b"\0\0\0\x14ftypqt  \0\0\0\0") == "mp4"
    assert sniff_video(b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81") == "matroska"
    for head in (b"%PDF-1.7 ....", b"\x89PNG\r\n\x1a\n", b"", b"RIFF....AVI "):
        assert sniff_video(head) is None


def test_processing_never_upscales_and_lays_out_the_sprite() -> None:
    assert output_size(1920, 1080) == (1280, 720)
    assert output_size(1280, 720) == (1280, 720)
    assert output_size(640, 360) == (640, 360)
    assert output_size(1080, 1920) == (404, 720)  # portrait: height-bound, even sides
    assert output_size(321, 241) == (320, 240)
    short = sprite_layout(3.0, 1280, 720)
    assert (short.count, short.columns, short.rows, short.interval_seconds) == (3, 3, 1, 1.0)
    hour = sprite_layout(3600.0, 1280, 720)
    assert (hour.count, hour.columns, hour.rows, hour.interval_seconds) == (100, 10, 10, 36.0)
    assert (hour.tile_width, hour.tile_height) == (160, 90)


def test_captions_are_webvtt_with_a_language_and_label() -> None:
    parser = WebVttCaptionParser()
    cues = parser.parse(b"\xef\xbb\xbfWEBVTT\n\n01:02.500 --> 01:04.000\n<v Ann>Hello <b>there"
                        b"</b>\n\n1:00:00.000 --> 1:00:01.250\nbye\n")
    assert cues == [Cue(62.5, 64.0, "Hello there"), Cue(3600.0, 3601.25, "bye")]
    for bad in (b"1\n00:00:01,000 --> 00:00:02,000\nSRT\n", b"\xff\xfe", b"WEBVTT\n\nnonsense"):
        with pytest.raises(InvalidCaptions):
            parser.parse(bad)
    assert check_caption_meta("pt-BR", " Portugues ") == ("pt-BR", "Portugues")
    for language, label in (("english", "E"), ("en", ""), ("en", "x" * 81)):
        with pytest.raises(InvalidCaptions):
            check_caption_meta(language, label)
