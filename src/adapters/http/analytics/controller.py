"""Learning analytics routes (S7, S10, S27, S28): /api/v1/study/heartbeats while a learner
reads, /api/v1/me/analytics for the learner's own figures, /api/v1/mentor/analytics/... for a
mentor's items, courses and students (their own only: anyone else's id is 404)."""

from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.analytics.schemas import (
    CourseFunnelOut,
    HeartbeatIn,
    HeartbeatOut,
    ItemAnalyticsOut,
    ItemAnalyticsPage,
    LearnerAnalyticsOut,
    StudentDetailOut,
    StudentOut,
    StudentPage,
    TeachingOverviewOut,
)
from adapters.http.errors import error_responses
from edu_core.application.actors import Principal
from edu_core.application.analytics import AnalyticsService, StudyTimeService
from edu_core.domain.analytics import MAX_STUDY_DAYS
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest
from edu_core.ports.analytics import ItemOrder

Days = Annotated[int, QueryParameter(ge=1, le=MAX_STUDY_DAYS,
                                     description="How many local days back, today included.")]
Order = Annotated[Literal["attempts", "hardest", "discrimination", "title"], QueryParameter(
    description="`attempts` (most first), `hardest` (lowest first-try accuracy first), "
                "`discrimination` (least discriminating first) or `title`.")]


def provide_analytics(state: State) -> AnalyticsService:
    service: AnalyticsService = state.container.analytics()
    return service


def provide_study_time(state: State) -> StudyTimeService:
    service: StudyTimeService = state.container.study_time()
    return service


DEPENDENCIES = {"analytics": Provide(provide_analytics, sync_to_thread=False),
                "study": Provide(provide_study_time, sync_to_thread=False),
                "principal": Provide(provide_principal)}


class LearnerAnalyticsController(Controller):
    path = "/api/v1"
    tags = ["Learning analytics"]
    dependencies = DEPENDENCIES

    @post("/study/heartbeats", operation_id="sendStudyHeartbeat", status_code=200,
          summary="I am studying this item (sent every 15 s while it is on screen and I am "
                  "active)",
          description="The server credits the time since your previous heartbeat by its own "
                      "clock (at most 30 s, nothing after a minute of silence), whichever "
                      "tab sent it: two open tabs count once. `not_found` (404) for an item "
                      "that does not exist or is not live.",
          responses=error_responses(401, 404, 422), **policy(AUTHENTICATED))
    async def heartbeat(self, study: NamedDependency[StudyTimeService],
                        principal: NamedDependency[Principal],
                        data: JSONBody[HeartbeatIn]) -> HeartbeatOut:
        return HeartbeatOut.of(await study.heartbeat(principal, data.item_id))

    @get("/me/analytics", operation_id="getMyLearningAnalytics",
         summary="My study time, accuracy per topic and what to practise",
         responses=error_responses(401, 422), **policy(AUTHENTICATED))
    async def mine(self, analytics: NamedDependency[AnalyticsService],
                   principal: NamedDependency[Principal],
                   days: Days = 30) -> LearnerAnalyticsOut:
        return LearnerAnalyticsOut.of(await analytics.mine(principal, days))


class MentorAnalyticsController(Controller):
    path = "/api/v1/mentor/analytics"
    tags = ["Mentor analytics"]
    dependencies = DEPENDENCIES

    @get("/overview", operation_id="getMyTeachingOverview",
         summary="My students, those at risk, my items and the time spent on them",
         responses=error_responses(401, 403, 422), **policy(Role.MENTOR))
    async def overview(self, analytics: NamedDependency[AnalyticsService],
                       principal: NamedDependency[Principal],
                       days: Days = 30) -> TeachingOverviewOut:
        return TeachingOverviewOut.of(await analytics.overview(principal, days))

    @get("/items", operation_id="listMyItemAnalytics",
         summary="How learners did on each of my items",
         description="`hardest`: lowest first-try accuracy first; `discrimination`: least "
                     "discriminating first; items nobody answered come last.",
         responses=error_responses(401, 403, 422), **policy(Role.MENTOR))
    async def items(self, analytics: NamedDependency[AnalyticsService],
                    principal: NamedDependency[Principal],
                    paging: NamedDependency[PageRequest],
                    order: Order = "attempts") -> ItemAnalyticsPage:
        return ItemAnalyticsPage.of(await analytics.items(principal, paging, ItemOrder(order)),
                                    ItemAnalyticsOut.of)

    @get("/items/{item_id:uuid}", operation_id="getMyItemAnalytics",
         summary="One of my items with the wrong choices learners pick",
         responses=error_responses(401, 403, 404), **policy(Role.MENTOR))
    async def item(self, analytics: NamedDependency[AnalyticsService],
                   principal: NamedDependency[Principal],
                   item_id: FromPath[UUID]) -> ItemAnalyticsOut:
        return ItemAnalyticsOut.of(await analytics.item(principal, item_id))

    @get("/courses/{course_id:uuid}", operation_id="getMyCourseFunnel",
         summary="How far the learners of one of my courses got, item by item",
         responses=error_responses(401, 403, 404), **policy(Role.MENTOR))
    async def funnel(self, analytics: NamedDependency[AnalyticsService],
                     principal: NamedDependency[Principal],
                     course_id: FromPath[UUID]) -> CourseFunnelOut:
        return CourseFunnelOut.of(await analytics.funnel(principal, course_id))

    @get("/students", operation_id="listMyStudents",
         summary="My students (enrolled in my courses or booked with me), at risk first",
         responses=error_responses(401, 403, 422), **policy(Role.MENTOR))
    async def students(self, analytics: NamedDependency[AnalyticsService],
                       principal: NamedDependency[Principal],
                       paging: NamedDependency[PageRequest],
                       at_risk: Annotated[bool, QueryParameter(
                           description="Only those at risk.")] = False) -> StudentPage:
        return StudentPage.of(await analytics.students(principal, paging, at_risk=at_risk),
                              StudentOut.of)

    @get("/students/{student_id:uuid}", operation_id="getMyStudent",
         summary="One of my students: accuracy per topic on my questions, study time",
         responses=error_responses(401, 403, 404, 422), **policy(Role.MENTOR))
    async def student(self, analytics: NamedDependency[AnalyticsService],
                      principal: NamedDependency[Principal],
                      student_id: FromPath[UUID], days: Days = 30) -> StudentDetailOut:
        return StudentDetailOut.of(await analytics.student(principal, student_id, days))
