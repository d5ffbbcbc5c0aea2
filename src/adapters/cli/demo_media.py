"""The demo's media lessons: a video lesson by Amara (a drawn pendulum, captioned, in chapters)
and handwritten notes by Lukas (two pages, with a published highlight on the first).

Their files are drawn at seed time (``demo_media_files``) and go through the same use cases as a
mentor's upload: the video is uploaded in parts, completed (checked by its content) and
processed by the worker's own processing code, run here in-process so the lesson is ready when
the command returns; the notes go through the handwritten upload. Each item is then written,
submitted and approved like the rest of the demo content.

Idempotent and resumable: an item is found again by mentor, topic, kind and first title. A demo
video uploaded by a run that stopped before its item existed is found by its file name and
used (processed and captioned if it is not yet); a draft or pending item is moved on.
"""

import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID, uuid5

from adapters.cli.demo_content import AMARA, LUKAS
from adapters.cli.demo_content_seed import (
    DEMO_ADMIN,
    author_principal,
    existing_items,
    verified_mentor,
)
from adapters.cli.demo_media_files import (
    CAPTIONS_VTT,
    CHAPTERS,
    answer_region,
    draw_clip,
    draw_notes_pdf,
)
from adapters.container import Container
from edu_core.application.actors import Actor, Principal
from edu_core.application.content import ContentService
from edu_core.application.content_images import in_pieces
from edu_core.application.handwritten import UploadedFile
from edu_core.domain.content import ContentItem, ContentStatus
from edu_core.domain.identity import Role
from edu_core.domain.pagination import MAX_PAGE_SIZE, PageRequest
from edu_core.domain.video import Video, VideoStatus

VIDEO_KEY = "amara-pendulum-video"
NOTES_KEY = "lukas-square-notes"
VIDEO_FILENAME = "pendulum-conservation-of-energy.mp4"
NOTES_FILENAME = "completing-the-square.pdf"
# Annotation ids are the client's: a stable one per item makes the highlight a retried save.
NAMESPACE = UUID("6f4f1c38-8a7e-4b8e-9d4a-3c0b6a1f2e51")


@dataclass(frozen=True)
class DemoMedia:
    key: str
    mentor: str
    topic: str  # catalog slug
    kind: str
    title: str


VIDEO = DemoMedia(VIDEO_KEY, AMARA, "simple-harmonic-motion", "video",
                  "Conservation of energy in a swinging pendulum")
NOTES = DemoMedia(NOTES_KEY, LUKAS, "quadratic-equations", "handwritten",
                  "Completing the square, by hand")
MEDIA = (VIDEO, NOTES)


@dataclass
class MediaSeedReport:
    created: int = 0
    items: dict[str, UUID] = field(default_factory=dict)  # demo key -> item id
    skipped: list[str] = field(default_factory=list)  # key, and why


async def _advance(service: ContentService, author: Principal, reviewer: Actor,
                   item: ContentItem) -> ContentItem:
    """Only from the states the seed itself passes through: a draft, a pending version 1."""
    if item.latest.number != 1:
        return item
    if item.status is ContentStatus.DRAFT:
        item = (await service.submit(author, item.id)).item
    if item.status is ContentStatus.PENDING:
        item = (await service.approve(reviewer, item.id, 1)).item
    return item


async def _demo_video(container: Container, author: Principal) -> Video | None:
    """The newest usable demo video a previous run uploaded (not a failed one)."""
    service = container.videos()
    page = 1
    while True:
        found = await service.videos(author, PageRequest(page, MAX_PAGE_SIZE))
        for view in found.items:
            video = view.video
            if video.filename == VIDEO_FILENAME and video.status is not VideoStatus.FAILED:
                return video
        if page * MAX_PAGE_SIZE >= found.total:
            return None
        page += 1


async def _upload_video(container: Container, author: Principal, path: Path) -> Video:
    service = container.videos()
    size = (await asyncio.to_thread(path.stat)).st_size
    started = (await service.start_upload(author, filename=VIDEO_FILENAME, size=size,
                                          content_type="video/mp4")).upload
    parts: list[tuple[int, str]] = []
    with path.open("rb") as file:
        for number in range(1, started.part_count + 1):
            data = await asyncio.to_thread(file.read, started.part_size)
            stored = await service.put_part(author, started.id, number, in_pieces(data))
            parts.append((stored.number, stored.etag))
    return (await service.complete(author, started.id, parts)).video


async def _ready_video(container: Container, author: Principal) -> Video:
    """The demo video, uploaded, processed and captioned (whatever of that is still missing)."""
    video = await _demo_video(container, author)
    if video is None:
        with tempfile.TemporaryDirectory(prefix="edu-demo-") as workdir:
            path = await asyncio.to_thread(draw_clip, Path(workdir) / VIDEO_FILENAME)
            video = await _upload_video(container, author, path)
    if video.status is VideoStatus.PROCESSING:
        # The worker's job, run here: its queued copy later finds the video done.
        await container.video_processing().process(video.id)
    view = await container.videos().video(author, video.id)
    if not view.captions and view.video.is_ready:
        await container.videos().add_caption(author, video.id, CAPTIONS_VTT.encode(),
                                             language="en", label="English")
    return view.video


async def _video_body(container: Container, author: Principal) -> dict[str, object] | str:
    """The item's body, or why the video cannot be shown."""
    video = await _ready_video(container, author)
    if not video.is_ready:
        return f"{VIDEO_KEY} (video {video.status.value}: {video.failure_code})"
    return {"video_id": str(video.id), "chapters": [dict(c) for c in CHAPTERS]}


async def _notes_body(container: Container, author: Principal) -> dict[str, object]:
    pdf = await asyncio.to_thread(draw_notes_pdf)
    view = await container.handwritten().upload(author, [UploadedFile(
        filename=NOTES_FILENAME, content_type="application/pdf", chunks=in_pieces(pdf))])
    return {"document_id": str(view.document.id)}


async def _highlight(container: Container, author: Principal, item: ContentItem) -> None:
    """The author's published highlight of the worked answer on page 1 (a retried save when
    it is already there)."""
    x, y, width, height = answer_region()
    await container.handwritten().save_annotation(
        author, item.id, uuid5(NAMESPACE, f"{item.id}/answer"), page=1,
        motivation="highlighting",
        selector={"type": "FragmentSelector", "value": f"xywh={x},{y},{width},{height}"},
        body="The two roots: put each back into the equation to check it.",
        color="#ffd54f", visibility="published")


async def seed_media(container: Container) -> MediaSeedReport:
    """Creates the demo media items that do not exist yet and takes each to approved."""
    report = MediaSeedReport()
    async with container.uow()() as uow:
        admin = await uow.users.get_by_email(DEMO_ADMIN)
        authors = {m.key: await verified_mentor(uow, m.mentor) for m in MEDIA}
        topics = {m.key: await uow.catalog.topic_by_slug(m.topic) for m in MEDIA}
    if admin is None or admin.role is not Role.ADMIN:
        report.skipped = [m.key for m in MEDIA]
        return report
    reviewer = Actor(user_id=admin.id, label="demo-seed")
    service = container.content()
    for demo in MEDIA:
        author_id, topic = authors[demo.key], topics[demo.key]
        if author_id is None or topic is None:
            report.skipped.append(demo.key)
            continue
        author = author_principal(author_id)
        item = (await existing_items(service, author)).get((topic.id, demo.kind, demo.title))
        if item is None:
            body = (await _video_body(container, author) if demo is VIDEO
                    else await _notes_body(container, author))
            if isinstance(body, str):
                report.skipped.append(body)
                continue
            item = (await service.create(author, topic_id=topic.id, kind=demo.kind,
                                         title=demo.title, body=body,
                                         change_summary="First version")).item
            report.created += 1
        if demo is NOTES and item.status is ContentStatus.DRAFT:
            # Before review, so a run that stops later still finds it when it resumes.
            await _highlight(container, author, item)
        item = await _advance(service, author, reviewer, item)
        report.items[demo.key] = item.id
    return report
