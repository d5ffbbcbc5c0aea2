"""Response shapes of the public discovery routes: suggestions, the landing overview, a
mentor's portfolio, and previews of courses and lessons for visitors."""

from datetime import datetime
from uuid import UUID

import msgspec

from adapters.http.content.bodies import ContentBody, body_of
from adapters.http.courses.schemas import CourseSubjectOut, CourseTopicOut
from adapters.http.pagination import PageOut
from edu_core.application.discovery import (
    ContentPreview,
    CoursePreview,
    LandingOverview,
    OutlineItem,
    Portfolio,
    PortfolioCourse,
    PortfolioLesson,
    TopicPreview,
)
from edu_core.ports.discovery import (
    CourseSuggestion,
    FeaturedMentor,
    LessonSuggestion,
    MentorSuggestion,
    MentorWork,
    Suggestions,
)


class LessonSuggestionOut(msgspec.Struct):
    id: UUID
    title: str
    kind: str
    subject_slug: str
    topic_slug: str
    topic_name: str
    mentor_name: str

    @classmethod
    def of(cls, s: LessonSuggestion) -> "LessonSuggestionOut":
        return cls(id=s.item_id, title=s.title, kind=s.kind, subject_slug=s.subject_slug,
                   topic_slug=s.topic_slug, topic_name=s.topic_name, mentor_name=s.mentor_name)


class CourseSuggestionOut(msgspec.Struct):
    id: UUID
    title: str
    mentor_name: str

    @classmethod
    def of(cls, s: CourseSuggestion) -> "CourseSuggestionOut":
        return cls(id=s.course_id, title=s.title, mentor_name=s.mentor_name)


class MentorWorkOut(msgspec.Struct):
    courses: int  # published courses
    lessons: int  # approved notes, questions and simulations

    @classmethod
    def of(cls, w: MentorWork) -> "MentorWorkOut":
        return cls(courses=w.courses, lessons=w.lessons)


class MentorSuggestionOut(msgspec.Struct):
    id: UUID
    display_name: str
    headline: str
    work: MentorWorkOut

    @classmethod
    def of(cls, s: MentorSuggestion) -> "MentorSuggestionOut":
        return cls(id=s.mentor_id, display_name=s.display_name, headline=s.headline,
                   work=MentorWorkOut.of(s.work))


class SuggestionsOut(msgspec.Struct):
    """Plain text only: titles and names are shown as typed by their authors, never as HTML."""

    lessons: list[LessonSuggestionOut]
    courses: list[CourseSuggestionOut]
    mentors: list[MentorSuggestionOut]

    @classmethod
    def of(cls, s: Suggestions) -> "SuggestionsOut":
        return cls(lessons=[LessonSuggestionOut.of(x) for x in s.lessons],
                   courses=[CourseSuggestionOut.of(x) for x in s.courses],
                   mentors=[MentorSuggestionOut.of(x) for x in s.mentors])


class FeaturedMentorOut(msgspec.Struct):
    id: UUID
    display_name: str
    headline: str
    photo_url: str | None
    subjects: list[str]
    rating_avg: float
    rating_count: int
    work: MentorWorkOut

    @classmethod
    def of(cls, m: FeaturedMentor, photo_url: str | None) -> "FeaturedMentorOut":
        return cls(id=m.mentor_id, display_name=m.display_name, headline=m.headline,
                   photo_url=photo_url, subjects=list(m.subjects), rating_avg=m.rating_avg,
                   rating_count=m.rating_count, work=MentorWorkOut.of(m.work))


class OverviewOut(msgspec.Struct):
    verified_mentors: int
    live_lessons: int
    published_courses: int
    subjects: list[str]  # subjects with approved lessons, in catalog order
    featured_mentors: list[FeaturedMentorOut]

    @classmethod
    def of(cls, view: LandingOverview) -> "OverviewOut":
        o = view.overview
        return cls(verified_mentors=o.verified_mentors, live_lessons=o.live_lessons,
                   published_courses=o.published_courses, subjects=list(o.subjects),
                   featured_mentors=[FeaturedMentorOut.of(m, view.photo_urls.get(m.mentor_id))
                                     for m in o.featured])


class PortfolioCourseOut(msgspec.Struct):
    id: UUID
    title: str
    description: str
    lessons: int

    @classmethod
    def of(cls, c: PortfolioCourse) -> "PortfolioCourseOut":
        return cls(id=c.course_id, title=c.title, description=c.description, lessons=c.lessons)


class PortfolioLessonOut(msgspec.Struct):
    id: UUID
    kind: str
    title: str
    topic: CourseTopicOut | None

    @classmethod
    def of(cls, item: PortfolioLesson) -> "PortfolioLessonOut":
        return cls(id=item.item_id, kind=item.kind, title=item.title,
                   topic=CourseTopicOut.of(item.topic))


class PortfolioLessonPage(PageOut[PortfolioLessonOut]):
    items: list[PortfolioLessonOut]


class MentorPortfolioOut(msgspec.Struct):
    work: MentorWorkOut
    courses: list[PortfolioCourseOut]
    lessons: PortfolioLessonPage

    @classmethod
    def of(cls, p: Portfolio) -> "MentorPortfolioOut":
        return cls(work=MentorWorkOut.of(p.work),
                   courses=[PortfolioCourseOut.of(c) for c in p.courses],
                   lessons=PortfolioLessonPage.of(p.lessons, PortfolioLessonOut.of))


class OutlineItemOut(msgspec.Struct):
    id: UUID
    kind: str
    title: str
    topic: CourseTopicOut | None

    @classmethod
    def of(cls, item: OutlineItem) -> "OutlineItemOut":
        return cls(id=item.item_id, kind=item.kind, title=item.title,
                   topic=CourseTopicOut.of(item.topic))


class TopicLessonPage(PageOut[OutlineItemOut]):
    items: list[OutlineItemOut]


class TopicPreviewOut(msgspec.Struct):
    topic: CourseTopicOut
    lessons: TopicLessonPage

    @classmethod
    def of(cls, p: TopicPreview) -> "TopicPreviewOut":
        topic = CourseTopicOut.of(p.topic)
        assert topic is not None
        return cls(topic=topic, lessons=TopicLessonPage.of(p.lessons, OutlineItemOut.of))


class CoursePreviewOut(msgspec.Struct):
    id: UUID
    title: str
    description: str
    subject: CourseSubjectOut | None
    mentor_id: UUID
    mentor_name: str
    published_at: datetime | None
    outline: list[OutlineItemOut]

    @classmethod
    def of(cls, p: CoursePreview) -> "CoursePreviewOut":
        return cls(id=p.course_id, title=p.title, description=p.description,
                   subject=CourseSubjectOut.of(p.subject), mentor_id=p.mentor_id,
                   mentor_name=p.mentor_name, published_at=p.published_at,
                   outline=[OutlineItemOut.of(i) for i in p.outline])


class ContentPreviewOut(msgspec.Struct):
    id: UUID
    kind: str
    title: str
    topic: CourseTopicOut | None
    mentor_id: UUID
    mentor_name: str
    # A note's opening (whole blocks of its HTML); a question's prompt and choices without
    # any answer; a simulation's embed.
    body: ContentBody
    truncated: bool
    updated_at: datetime

    @classmethod
    def of(cls, p: ContentPreview) -> "ContentPreviewOut":
        return cls(id=p.item_id, kind=p.kind, title=p.title, topic=CourseTopicOut.of(p.topic),
                   mentor_id=p.mentor_id, mentor_name=p.mentor_name, body=body_of(p.kind, p.body),
                   truncated=p.truncated, updated_at=p.updated_at)
