"""Handwritten notes' use cases against in-memory fakes: what a body may name, when it may be
submitted, and annotations (idempotent saves, other people's ids, publishing, limits)."""

import io
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta

import pytest
from PIL import Image

from adapters.content.html_sanitizer import Nh3HtmlSanitizer
from adapters.memory.fakes import FakeClock
from adapters.memory.unit_of_work import MemoryUnitOfWorkFactory
from adapters.storage.pdfium_documents import PdfiumDocumentRenderer
from adapters.storage.pillow_images import PillowImageEncoder, PillowImageInspector
from edu_core.application import handwritten as handwritten_module
from edu_core.application.actors import Actor, Principal
from edu_core.application.content import ContentService
from edu_core.application.handwritten import (
    HandwrittenReferences,
    HandwrittenService,
    UploadedFile,
)
from edu_core.domain.catalog import Chapter, Subject, Topic
from edu_core.domain.content import ContentKindName, ContentNotFound, default_kinds
from edu_core.domain.errors import RateLimited
from edu_core.domain.files import FileTooLarge
from edu_core.domain.handwritten import (
    AnnotationLimitReached,
    AnnotationNotFound,
    DocumentNotFound,
    DocumentNotReady,
    DocumentStatus,
    InvalidDocument,
    PublishDenied,
)
from edu_core.domain.identity import Role, Transport, User
from edu_core.domain.mentors import MentorProfile, VerificationDocument
from tests.support.handwritten_files import image, pdf_pages, rotated_pdf
from tests.unit.conftest import FakeRateLimiter
from tests.unit.test_content_images import MemoryBlobs


class ExpiringBlobs(MemoryBlobs):
    """Links that name their expiry, as signed links do."""

    def __init__(self, clock: FakeClock) -> None:
        super().__init__()
        self._clock = clock

    async def signed_url(self, key: str, *, expires_in: timedelta,
                         filename: str | None = None) -> str:
        return f"/files/{key}?expires={int((self._clock.now() + expires_in).timestamp())}"


class World:
    def __init__(self) -> None:
        self.uow = MemoryUnitOfWorkFactory()
        self.clock = FakeClock()
        self.blobs = ExpiringBlobs(self.clock)
        self.handwritten = HandwrittenService(
            uow=self.uow, clock=self.clock, storage=self.blobs, images=PillowImageInspector(),
            encoder=PillowImageEncoder(), renderer=PdfiumDocumentRenderer(),
            limiter=FakeRateLimiter(self.clock))
        self.content = ContentService(
            uow=self.uow, clock=self.clock, kinds=default_kinds(),
            sanitizer=Nh3HtmlSanitizer(),
            references={ContentKindName.HANDWRITTEN: HandwrittenReferences()})
        self.people = 0

    async def setup(self) -> None:
        subject = Subject.create(name="Physics")
        chapter = Chapter.create(subject_id=subject.id, name="Mechanics")
        self.topic = Topic.create(chapter_id=chapter.id, name="Energy")
        async with self.uow() as u:
            for node in (subject, chapter, self.topic):
                await u.catalog.save(node)
            await u.commit()

    async def person(self, role: Role) -> Principal:
        now = self.clock.now()
        self.people += 1
        user = User.register(email=f"{role.value}-{self.people}@example.org",
                             display_name=f"A {role.value} {self.people}", role=role,
                             password_hash="h", timezone="UTC", now=now)
        async with self.uow() as uow:
            uow.users.add(user)
            if role is Role.MENTOR:
                profile = MentorProfile.start(user.id, timezone="UTC", now=now)
                profile.update_profile(now, headline="h", bio="b", languages=["en"],
                                       hourly_rate_cents=1000, currency="EUR")
                profile.set_topics([self.topic.id], now)
                profile.add_document(VerificationDocument(
                    blob_key="k", filename="d.pdf", content_type="application/pdf", size=1,
                    uploaded_at=now), now)
                profile.submit(now)
                profile.verify(now)
                await uow.mentors.save(profile)
            await uow.commit()
        return Principal(user_id=user.id, role=role, session_id=uuid.uuid4(),
                         transport=Transport.BEARER)


async def one(data: bytes) -> AsyncIterator[bytes]:
    yield data


def files(*named: tuple[str, bytes]) -> list[UploadedFile]:
    return [UploadedFile(filename=name, content_type=None, chunks=one(data))
            for name, data in named]


@pytest.fixture
async def world() -> World:
    made = World()
    await made.setup()
    return made


async def published_item(world: World, mentor: Principal, admin: Principal) -> uuid.UUID:
    document = await world.handwritten.upload(mentor, files(
        ("n.pdf", pdf_pages((595, 842), (300, 400)))))
    view = await world.content.create(
        mentor, topic_id=world.topic.id, kind="handwritten", title="By hand",
        body={"kind": "handwritten", "document_id": str(document.document.id)})
    await world.content.submit(mentor, view.item.id)
    await world.content.approve(Actor.of(admin), view.item.id, 1)
    return view.item.id


def sketch(x: float = 10, visibility: str = "private") -> dict[str, object]:
    return {"page": 2, "motivation": "sketching", "body": None, "color": "#112233",
            "visibility": visibility,
            "selector": {"type": "InkSelector", "width": 2, "strokes": [[[x, 10, 0.5]]]}}


async def test_a_document_is_stored_whole_and_a_failed_one_not_at_all(world: World) -> None:
    mentor = await world.person(Role.MENTOR)
    view = await world.handwritten.upload(mentor, files(("a.png", image()),
                                                        ("b.png", image(10, 20))))
    assert view.document.status is DocumentStatus.READY
    assert len(world.blobs.blobs) == 4  # two pages and their thumbnails
    with pytest.raises(InvalidDocument):
        await world.handwritten.upload(mentor, files(("a.png", image()),
                                                     ("b.pdf", pdf_pages())))
    assert len(world.blobs.blobs) == 4
    student = await world.person(Role.STUDENT)
    with pytest.raises(DocumentNotFound):
        await world.handwritten.document(student, view.document.id)


async def test_the_files_together_are_bounded(world: World,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    mentor = await world.person(Role.MENTOR)
    page = image()
    monkeypatch.setattr(handwritten_module, "MAX_TOTAL_BYTES", len(page) * 2 - 1)
    with pytest.raises(FileTooLarge):
        await world.handwritten.upload(mentor, files(("a.png", page), ("b.png", page)))
    assert world.blobs.blobs == {}


async def test_links_are_stable_for_a_while_so_thumbnails_stay_cached(world: World) -> None:
    mentor = await world.person(Role.MENTOR)
    world.clock.advance(minutes=10)
    view = await world.handwritten.upload(mentor, files(("a.png", image())))
    world.clock.advance(minutes=1)
    again = await world.handwritten.document(mentor, view.document.id)
    assert again.pages[0].thumbnail_url == view.pages[0].thumbnail_url
    world.clock.advance(hours=1)
    later = await world.handwritten.document(mentor, view.document.id)
    assert later.pages[0].thumbnail_url != view.pages[0].thumbnail_url


async def test_submitting_needs_the_authors_own_ready_document(world: World) -> None:
    mentor, other = await world.person(Role.MENTOR), await world.person(Role.MENTOR)
    theirs = await world.handwritten.upload(other, files(("o.png", image())))
    with pytest.raises(DocumentNotFound):
        await world.content.create(mentor, topic_id=world.topic.id, kind="handwritten",
                                   title="Not mine", body={
                                       "kind": "handwritten",
                                       "document_id": str(theirs.document.id)})
    mine = await world.handwritten.upload(mentor, files(("m.png", image())))
    async with world.uow() as uow:  # a document whose pages are still being made
        pending = replace(mine.document, id=uuid.uuid4(), status=DocumentStatus.PROCESSING)
        await uow.handwritten.add_document(pending)
        await uow.commit()
    view = await world.content.create(
        mentor, topic_id=world.topic.id, kind="handwritten", title="Soon",
        body={"kind": "handwritten", "document_id": str(pending.id)})
    with pytest.raises(DocumentNotReady):
        await world.content.submit(mentor, view.item.id)
    await world.content.save(mentor, view.item.id, base_version=1, title="Now", body={
        "kind": "handwritten", "document_id": str(mine.document.id)})
    submitted = await world.content.submit(mentor, view.item.id)
    assert submitted.item.status.value == "pending"


async def test_annotation_saves_are_idempotent_and_private_by_default(world: World) -> None:
    mentor, admin = await world.person(Role.MENTOR), await world.person(Role.ADMIN)
    student, other = await world.person(Role.STUDENT), await world.person(Role.STUDENT)
    item_id = await published_item(world, mentor, admin)
    h, mine = world.handwritten, uuid.uuid4()
    first = await h.save_annotation(student, item_id, mine, **sketch())  # type: ignore[arg-type]
    assert first.created
    world.clock.advance(minutes=1)
    again = await h.save_annotation(student, item_id, mine, **sketch())  # type: ignore[arg-type]
    assert not again.created and again.annotation.annotation == first.annotation.annotation
    moved = await h.save_annotation(student, item_id, mine, **sketch(20))  # type: ignore[arg-type]
    assert moved.annotation.annotation.created_at == first.annotation.annotation.created_at
    assert moved.annotation.annotation.updated_at > first.annotation.annotation.updated_at
    with pytest.raises(AnnotationNotFound):
        await h.save_annotation(other, item_id, mine, **sketch())  # type: ignore[arg-type]
    await h.delete_annotation(other, item_id, mine)
    assert [v.annotation.id for v in await h.annotations(student, item_id)] == [mine]
    assert await h.annotations(other, item_id) == []
    with pytest.raises(PublishDenied):
        await h.save_annotation(student, item_id, uuid.uuid4(),
                                **sketch(visibility="published"))  # type: ignore[arg-type]
    shared = uuid.uuid4()
    await h.save_annotation(mentor, item_id, shared,
                            **sketch(visibility="published"))  # type: ignore[arg-type]
    assert [v.annotation.id for v in await h.annotations(other, item_id)] == [shared]
    assert {v.author_name for v in await h.annotations(student, item_id)} == {
        "A student 3", "A mentor 1"}


async def test_annotations_need_a_readable_handwritten_item_and_have_limits(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    mentor, admin = await world.person(Role.MENTOR), await world.person(Role.ADMIN)
    student = await world.person(Role.STUDENT)
    note = await world.content.create(mentor, topic_id=world.topic.id, kind="note",
                                      title="Text", body={"kind": "note", "html": "<p>x</p>"})
    with pytest.raises(ContentNotFound):
        await world.handwritten.annotations(student, note.item.id)
    item_id = await published_item(world, mentor, admin)
    monkeypatch.setattr(handwritten_module, "MAX_ANNOTATIONS_PER_ITEM", 2)
    for _ in range(2):
        await world.handwritten.save_annotation(student, item_id, uuid.uuid4(),
                                                **sketch())  # type: ignore[arg-type]
    with pytest.raises(AnnotationLimitReached):
        await world.handwritten.save_annotation(student, item_id, uuid.uuid4(),
                                                **sketch())  # type: ignore[arg-type]
    monkeypatch.setattr(handwritten_module, "ANNOTATION_WRITES_PER_MINUTE",
                        handwritten_module.RateRule(3, 60))
    with pytest.raises(RateLimited):
        await world.handwritten.delete_annotation(student, item_id, uuid.uuid4())


@pytest.mark.parametrize(("rotation", "shown"), [(0, (595, 842)), (90, (842, 595)),
                                                  (180, (595, 842)), (270, (842, 595))])
async def test_a_page_s_size_is_as_shown_after_its_rotate(rotation: int,
                                                          shown: tuple[int, int]) -> None:
    # Annotations are drawn on the page as pdf.js shows it (turned by /Rotate): sizes, and the
    # thumbnail, must be of that page, not of its media box.
    [page] = await PdfiumDocumentRenderer().pdf_pages(rotated_pdf(595, 842, rotation),
                                                      max_pages=1, thumbnail_width=320)
    assert (page.width, page.height) == shown
    thumbnail = Image.open(io.BytesIO(page.thumbnail))
    assert (thumbnail.width > thumbnail.height) == (shown[0] > shown[1])
