"""Discovery: what visitors and learners find before they commit to anything.

Suggestions while typing in the search box, the landing page's figures and featured mentors,
a mentor's published work, and public previews of courses and lessons. Everything here is
public: only published courses, live (approved) versions and verified mentors are ever read,
and a preview never carries an answer.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from edu_core.application.content import TopicNotFound
from edu_core.application.mentors import PHOTO_LINK_TTL
from edu_core.domain.catalog import Subject, Topic, UnknownCatalogFilter
from edu_core.domain.content import ContentKinds, ContentNotFound
from edu_core.domain.content.preview import preview_body
from edu_core.domain.courses import CourseItemFacts, CourseNotFound, CourseStatus, live_items
from edu_core.domain.errors import InvalidInput
from edu_core.domain.identity import UserStatus
from edu_core.domain.mentors import MentorProfileNotFound
from edu_core.domain.pagination import Page, PageRequest
from edu_core.ports.content import ContentOrder, ContentQuery
from edu_core.ports.courses import CourseOrder, CourseQuery
from edu_core.ports.discovery import (
    MAX_SUGGESTIONS,
    DiscoveryQueries,
    MentorWork,
    Overview,
    Suggestions,
)
from edu_core.ports.storage import BlobStorage
from edu_core.ports.unit_of_work import UnitOfWork, UnitOfWorkFactory

MAX_QUERY_LENGTH = 100
FEATURED_MENTORS = 3
FORMER_MENTOR = "Former mentor"


class SuggestQueryTooLong(InvalidInput):
    code = "query_too_long"
    default_message = f"Type at most {MAX_QUERY_LENGTH} characters."


@dataclass(frozen=True)
class LandingOverview:
    overview: Overview
    photo_urls: dict[UUID, str | None]  # of the featured mentors


@dataclass(frozen=True)
class ContentPreview:
    item_id: UUID
    kind: str
    title: str
    topic: Topic | None
    mentor_id: UUID
    mentor_name: str
    body: dict[str, object]  # the opening of the learner view: never an answer
    truncated: bool
    updated_at: datetime


@dataclass(frozen=True)
class OutlineItem:
    item_id: UUID
    kind: str
    title: str
    topic: Topic | None


@dataclass(frozen=True)
class CoursePreview:
    course_id: UUID
    title: str
    description: str
    subject: Subject | None
    mentor_id: UUID
    mentor_name: str
    published_at: datetime | None
    outline: list[OutlineItem]  # live items, in course order


@dataclass(frozen=True)
class TopicPreview:
    topic: Topic
    lessons: Page[OutlineItem]  # approved lessons, oldest first (the topic page's order)


@dataclass(frozen=True)
class PortfolioCourse:
    course_id: UUID
    title: str
    description: str
    lessons: int


@dataclass(frozen=True)
class PortfolioLesson:
    item_id: UUID
    kind: str
    title: str
    topic: Topic | None


@dataclass(frozen=True)
class Portfolio:
    work: MentorWork
    courses: list[PortfolioCourse]  # most recently published first
    lessons: Page[PortfolioLesson]  # oldest first


class DiscoveryService:
    def __init__(self, *, uow: UnitOfWorkFactory, queries: DiscoveryQueries,
                 kinds: ContentKinds, storage: BlobStorage) -> None:
        self._uow = uow
        self._queries = queries
        self._kinds = kinds
        self._storage = storage

    async def suggest(self, text: str) -> Suggestions:
        """Suggestions for what has been typed so far; nothing for fewer than 2 characters."""
        query = " ".join(text.replace("\x00", "").split())
        if len(query) > MAX_QUERY_LENGTH:
            raise SuggestQueryTooLong(
                details={"fields": {"q": SuggestQueryTooLong.default_message}})
        if len(query) < 2:
            return Suggestions()
        return await self._queries.suggest(query, MAX_SUGGESTIONS)

    async def overview(self) -> LandingOverview:
        """Figures and a few verified mentors for the landing page, all from the database."""
        overview = await self._queries.overview(FEATURED_MENTORS)
        photos = {m.mentor_id: (await self._storage.signed_url(m.photo_key,
                                                               expires_in=PHOTO_LINK_TTL)
                                if m.photo_key else None)
                  for m in overview.featured}
        return LandingOverview(overview=overview, photo_urls=photos)

    @staticmethod
    async def _name(uow: UnitOfWork, user_id: UUID) -> str:
        user = (await uow.users.get_many([user_id])).get(user_id)
        return user.display_name if user is not None else FORMER_MENTOR

    @staticmethod
    async def _topics(uow: UnitOfWork, ids: set[UUID]) -> dict[UUID, Topic]:
        return {t.id: t for t in await uow.catalog.topics(ids)} if ids else {}

    async def content_preview(self, item_id: UUID) -> ContentPreview:
        async with self._uow() as uow:
            item = await uow.content.get(item_id)
            if item is None or item.live is None:
                raise ContentNotFound()
            live = item.live
            topic = (await self._topics(uow, {item.topic_id})).get(item.topic_id)
            name = await self._name(uow, item.mentor_id)
        preview = preview_body(self._kinds.get(item.kind), live.body)
        return ContentPreview(item_id=item.id, kind=item.kind, title=live.title, topic=topic,
                              mentor_id=item.mentor_id, mentor_name=name, body=preview.body,
                              truncated=preview.truncated, updated_at=live.created_at)

    async def course_preview(self, course_id: UUID) -> CoursePreview:
        async with self._uow() as uow:
            course = await uow.courses.get(course_id)
            if course is None or not course.is_published:
                raise CourseNotFound()
            live = live_items(course.item_ids, await uow.courses.item_facts(course.item_ids))
            topics = await self._topics(uow, {f.topic_id for f in live})
            subject = (await uow.catalog.get_subject(course.subject_id)
                       if course.subject_id else None)
            name = await self._name(uow, course.mentor_id)
        return CoursePreview(
            course_id=course.id, title=course.title, description=course.description,
            subject=subject, mentor_id=course.mentor_id, mentor_name=name,
            published_at=course.published_at,
            outline=[OutlineItem(f.item_id, f.kind, _live_title(f), topics.get(f.topic_id))
                     for f in live])

    async def topic_preview(self, topic: str, page: PageRequest) -> TopicPreview:
        """The approved lessons of a topic (slug or id), by title only."""
        async with self._uow() as uow:
            try:
                found = await uow.catalog.resolve(Topic, topic)
            except UnknownCatalogFilter:
                raise TopicNotFound() from None
            items = await uow.content.list(ContentQuery(
                topic_ids=[found.id], live_only=True, order=ContentOrder.OLDEST_FIRST), page)
        return TopicPreview(topic=found, lessons=Page(
            items=[OutlineItem(i.id, i.kind, i.live.title if i.live else "", found)
                   for i in items.items],
            total=items.total, page=items.page, page_size=items.page_size))

    async def portfolio(self, mentor_id: UUID, page: PageRequest) -> Portfolio:
        """A verified mentor's published courses (all of them) and a page of live lessons."""
        async with self._uow() as uow:
            profile = await uow.mentors.get(mentor_id)
            user = (await uow.users.get_many([mentor_id])).get(mentor_id)
            if (profile is None or user is None or not profile.is_public
                    or user.status is not UserStatus.ACTIVE):
                raise MentorProfileNotFound()
            courses = await uow.courses.list(CourseQuery(
                mentor_id=mentor_id, status=CourseStatus.PUBLISHED,
                order=CourseOrder.RECENTLY_PUBLISHED), PageRequest(1, 100))
            facts = await uow.courses.item_facts({i for c in courses.items for i in c.item_ids})
            lessons = await uow.content.list(ContentQuery(
                mentor_id=mentor_id, live_only=True, order=ContentOrder.OLDEST_FIRST), page)
            topics = await self._topics(uow, {i.topic_id for i in lessons.items})
        work = (await self._queries.work([mentor_id]))[mentor_id]
        return Portfolio(
            work=work,
            courses=[PortfolioCourse(c.id, c.title, c.description,
                                     len(live_items(c.item_ids, facts))) for c in courses.items],
            lessons=Page(items=[PortfolioLesson(i.id, i.kind, i.live.title if i.live else "",
                                                topics.get(i.topic_id))
                                for i in lessons.items],
                         total=lessons.total, page=lessons.page, page_size=lessons.page_size))


def _live_title(facts: CourseItemFacts) -> str:
    return facts.live_title or facts.title
