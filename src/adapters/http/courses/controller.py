"""Course routes: the mentor workspace, what learners browse and enrol in, and marking content
done (progress)."""

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter
from litestar.status_codes import HTTP_204_NO_CONTENT
from msgspec import UNSET

from adapters.http.access import AUTHENTICATED, policy, provide_principal
from adapters.http.certificates.schemas import CertificateOut
from adapters.http.conditional import CONDITIONAL_GET
from adapters.http.courses.progress_schemas import (
    LearningOverviewOut,
    SubjectProgressOut,
    TeachingSummaryOut,
    TopicPlaceOut,
)
from adapters.http.courses.schemas import (
    CompletionOut,
    CourseCardOut,
    CourseCreate,
    CourseItemIn,
    CourseItemsIn,
    CoursePage,
    CourseStatusName,
    CourseUpdate,
    CourseVersionIn,
    LearnerCourseOut,
    MentorCourseOut,
    MentorCoursePage,
    MentorCourseSummaryOut,
    MyCourseOut,
    MyCoursePage,
)
from adapters.http.dependencies import provide_courses
from adapters.http.errors import error_responses
from edu_core.application.actors import Principal
from edu_core.application.courses import CourseService
from edu_core.domain.courses import KEEP, CourseStatus
from edu_core.domain.identity import Role
from edu_core.domain.pagination import PageRequest

AUTHORS = policy([Role.MENTOR, Role.ADMIN])
LEARNERS = policy(AUTHENTICATED)
DEPENDENCIES = {"courses": Provide(provide_courses, sync_to_thread=False),
                "principal": Provide(provide_principal)}
Version = Annotated[int, QueryParameter(
    ge=1, le=1_000_000_000, description="The course version the editor started from.")]
CatalogRef = Annotated[str, PathParameter(min_length=1, max_length=80,
                                          description="A slug or an id.")]
STALE = "`concurrent_modification` (409) when `version` is not the course's current version"
ITEM_CODES = ("`course_item_not_owned` (422) for an item that is not the owner's (or does not "
              "exist); `invalid_course` (422) for a repeated item or too many; "
              "`course_has_no_live_items` (409) when a published course would keep no "
              f"approved item; {STALE}.")


def _given(value: Any) -> Any:
    return None if value is UNSET else value


class MentorCoursesController(Controller):
    path = "/api/v1/mentor/courses"
    tags = ["Mentor courses"]
    dependencies = DEPENDENCIES

    @get("/", operation_id="listMentorCourses",
         summary="My courses, most recently changed first",
         description="Admins see every mentor's courses.",
         responses=error_responses(401, 403), **AUTHORS)
    async def list_courses(self, paging: NamedDependency[PageRequest],
                           courses: NamedDependency[CourseService],
                           principal: NamedDependency[Principal],
                           status: Annotated[CourseStatusName | None, QueryParameter()] = None,
                           ) -> MentorCoursePage:
        found = await courses.my_courses(principal, paging,
                                         status=CourseStatus(status) if status else None)
        return MentorCoursePage.of(found, MentorCourseSummaryOut.of)

    @get("/summary", operation_id="getMyTeachingSummary",
         summary="What my dashboard counts: learners in my courses, my courses",
         description="`learners` counts each learner once, however many of my courses they "
                     "are enrolled in.",
         responses=error_responses(401, 403), **AUTHORS)
    async def summary(self, courses: NamedDependency[CourseService],
                      principal: NamedDependency[Principal]) -> TeachingSummaryOut:
        return TeachingSummaryOut.of(await courses.teaching_summary(principal))

    @post("/", operation_id="createCourse",
          summary="Start a course (a draft) from my own content items",
          description="Codes: `invalid_course`, `unknown_subject`, `course_item_not_owned` "
                      "(422).",
          responses=error_responses(401, 403, 422), **policy(Role.MENTOR))
    async def create(self, courses: NamedDependency[CourseService],
                     principal: NamedDependency[Principal],
                     data: JSONBody[CourseCreate]) -> MentorCourseOut:
        view = await courses.create(principal, title=data.title, description=data.description,
                                    subject_id=data.subject_id, item_ids=data.item_ids)
        return MentorCourseOut.of(view)

    @get("/{course_id:uuid}", operation_id="getMentorCourse",
         summary="One of my courses with every item, whatever its review state",
         responses=error_responses(401, 403, 404), **AUTHORS)
    async def get_course(self, courses: NamedDependency[CourseService],
                         principal: NamedDependency[Principal],
                         course_id: FromPath[UUID]) -> MentorCourseOut:
        return MentorCourseOut.of(await courses.course(principal, course_id))

    @patch("/{course_id:uuid}", operation_id="updateCourse",
           summary="Change the title, description or subject of my course",
           description=f"Codes: `invalid_course`, `unknown_subject` (422); {STALE}.",
           responses=error_responses(401, 403, 404, 409, 422), **AUTHORS)
    async def update(self, courses: NamedDependency[CourseService],
                     principal: NamedDependency[Principal], course_id: FromPath[UUID],
                     data: JSONBody[CourseUpdate]) -> MentorCourseOut:
        view = await courses.update(
            principal, course_id, version=data.version, title=_given(data.title),
            description=_given(data.description),
            subject_id=KEEP if data.subject_id is UNSET else data.subject_id)
        return MentorCourseOut.of(view)

    @delete("/{course_id:uuid}", operation_id="deleteCourse",
            summary="Delete my course (its items stay; learners' enrolments go)",
            description=STALE + ".", status_code=HTTP_204_NO_CONTENT,
            responses=error_responses(401, 403, 404, 409), **AUTHORS)
    async def delete_course(self, courses: NamedDependency[CourseService],
                            principal: NamedDependency[Principal], course_id: FromPath[UUID],
                            version: Version) -> None:
        await courses.delete(principal, course_id, version=version)

    @put("/{course_id:uuid}/items", operation_id="setCourseItems",
         summary="Replace the ordered item list of my course (reorder, add, remove at once)",
         description=ITEM_CODES, responses=error_responses(401, 403, 404, 409, 422),
         **AUTHORS)
    async def set_items(self, courses: NamedDependency[CourseService],
                        principal: NamedDependency[Principal], course_id: FromPath[UUID],
                        data: JSONBody[CourseItemsIn]) -> MentorCourseOut:
        view = await courses.set_items(principal, course_id, version=data.version,
                                       item_ids=data.item_ids)
        return MentorCourseOut.of(view)

    @post("/{course_id:uuid}/items", operation_id="addCourseItem", status_code=200,
          summary="Add one of my content items to my course",
          description=ITEM_CODES, responses=error_responses(401, 403, 404, 409, 422),
          **AUTHORS)
    async def add_item(self, courses: NamedDependency[CourseService],
                       principal: NamedDependency[Principal], course_id: FromPath[UUID],
                       data: JSONBody[CourseItemIn]) -> MentorCourseOut:
        view = await courses.add_item(principal, course_id, version=data.version,
                                      item_id=data.item_id, position=data.position)
        return MentorCourseOut.of(view)

    @delete("/{course_id:uuid}/items/{item_id:uuid}", operation_id="removeCourseItem",
            status_code=200, summary="Take an item out of my course (the item itself stays)",
            description="`not_found` (404) when the item is not in the course; "
                        "`course_has_no_live_items` (409) when a published course would keep "
                        f"no approved item; {STALE}.",
            responses=error_responses(401, 403, 404, 409), **AUTHORS)
    async def remove_item(self, courses: NamedDependency[CourseService],
                          principal: NamedDependency[Principal], course_id: FromPath[UUID],
                          item_id: FromPath[UUID], version: Version) -> MentorCourseOut:
        view = await courses.remove_item(principal, course_id, version=version,
                                         item_id=item_id)
        return MentorCourseOut.of(view)

    @post("/{course_id:uuid}/publish", operation_id="publishCourse", status_code=200,
          summary="Publish my course: learners find it and can enrol",
          description="Needs a verified owner (`mentor_not_verified`, 403) and at least one "
                      "approved item (`course_has_no_live_items`, 409); " + STALE + ". "
                      "Publishing a published course changes nothing.",
          responses=error_responses(401, 403, 404, 409), **AUTHORS)
    async def publish(self, courses: NamedDependency[CourseService],
                      principal: NamedDependency[Principal], course_id: FromPath[UUID],
                      data: JSONBody[CourseVersionIn]) -> MentorCourseOut:
        return MentorCourseOut.of(await courses.publish(principal, course_id,
                                                        version=data.version))

    @post("/{course_id:uuid}/unpublish", operation_id="unpublishCourse", status_code=200,
          summary="Withdraw my course from learners (enrolments and progress are kept)",
          description=STALE + ". Unpublishing a draft changes nothing.",
          responses=error_responses(401, 403, 404, 409), **AUTHORS)
    async def unpublish(self, courses: NamedDependency[CourseService],
                        principal: NamedDependency[Principal], course_id: FromPath[UUID],
                        data: JSONBody[CourseVersionIn]) -> MentorCourseOut:
        return MentorCourseOut.of(await courses.unpublish(principal, course_id,
                                                          version=data.version))


class CoursesController(Controller):
    path = "/api/v1"
    tags = ["Courses"]
    dependencies = DEPENDENCIES

    @get("/courses", operation_id="listCourses",
         summary="Published courses, most recently published first",
         description="`subject` takes a slug or an id (`unknown_catalog_filter`, 422, when "
                     "there is no such subject).",
         responses=error_responses(401, 422), **LEARNERS)
    async def list_courses(
        self, paging: NamedDependency[PageRequest], courses: NamedDependency[CourseService],
        mentor: Annotated[UUID | None, QueryParameter()] = None,
        subject: Annotated[str | None, QueryParameter(
            min_length=1, max_length=80, description="A subject's slug or id.")] = None,
    ) -> CoursePage:
        found = await courses.browse(paging, mentor_id=mentor,
                                     subject=subject)
        return CoursePage.of(found, CourseCardOut.of)

    @get("/courses/{course_id:uuid}", operation_id="getCourse",
         summary="A published course: its approved items in order, with my progress",
         responses=error_responses(401, 404), **CONDITIONAL_GET,
         **LEARNERS)
    async def get_course(self, courses: NamedDependency[CourseService],
                         principal: NamedDependency[Principal],
                         course_id: FromPath[UUID]) -> LearnerCourseOut:
        return LearnerCourseOut.of_course(await courses.learner_course(principal, course_id))

    @put("/courses/{course_id:uuid}/enrolment", operation_id="enrolInCourse",
         summary="Enrol in a published course (enrolling again changes nothing)",
         responses=error_responses(401, 404), **LEARNERS)
    async def enrol(self, courses: NamedDependency[CourseService],
                    principal: NamedDependency[Principal],
                    course_id: FromPath[UUID]) -> MyCourseOut:
        return MyCourseOut.of_enrolment(await courses.enrol(principal, course_id))

    @delete("/courses/{course_id:uuid}/enrolment", operation_id="leaveCourse",
            summary="Leave a course (my completions stay; leaving twice changes nothing)",
            status_code=HTTP_204_NO_CONTENT, responses=error_responses(401, 404), **LEARNERS)
    async def leave(self, courses: NamedDependency[CourseService],
                    principal: NamedDependency[Principal], course_id: FromPath[UUID]) -> None:
        await courses.leave(principal, course_id)

    @get("/me/courses", operation_id="listMyCourses",
         summary="The published courses I am enrolled in, with my progress",
         description="Most recent enrolment first.",
         responses=error_responses(401), **LEARNERS)
    async def my_courses(self, paging: NamedDependency[PageRequest],
                         courses: NamedDependency[CourseService],
                         principal: NamedDependency[Principal]) -> MyCoursePage:
        return MyCoursePage.of(await courses.enrolled(principal, paging), MyCourseOut.of_enrolment)

    @get("/me/learning", operation_id="getMyLearning",
         summary="What to continue: my courses with where to resume, questions worth another "
                 "try, and my totals",
         responses=error_responses(401), **LEARNERS)
    async def learning(self, courses: NamedDependency[CourseService],
                       principal: NamedDependency[Principal]) -> LearningOverviewOut:
        return LearningOverviewOut.of(await courses.overview(principal))

    @get("/me/progress/topics/{topic:str}", operation_id="getTopicProgress",
         summary="My progress through a topic (slug or id): what I read, solved and still "
                 "have to do, and the topic that follows",
         responses=error_responses(401, 404), **LEARNERS)
    async def topic_progress(self, courses: NamedDependency[CourseService],
                             principal: NamedDependency[Principal],
                             topic: CatalogRef) -> TopicPlaceOut:
        return TopicPlaceOut.of_place(await courses.topic_progress(principal, topic))

    @get("/me/progress/subjects/{subject:str}", operation_id="getSubjectProgress",
         summary="My progress through each topic of a subject (slug or id)",
         responses=error_responses(401, 404), **LEARNERS)
    async def subject_progress(self, courses: NamedDependency[CourseService],
                               principal: NamedDependency[Principal],
                               subject: CatalogRef) -> SubjectProgressOut:
        return SubjectProgressOut.of(await courses.subject_progress(principal, subject))

    @post("/courses/{course_id:uuid}/certificate", operation_id="claimCourseCertificate",
          status_code=200, summary="My certificate of a course I completed",
          description="Certificates are issued when the last item is done; this returns the "
                      "one on record, or issues it for a course completed before. "
                      "`course_not_completed` (409) while items are left.",
          responses=error_responses(401, 404, 409), **LEARNERS)
    async def claim_certificate(self, courses: NamedDependency[CourseService],
                                principal: NamedDependency[Principal],
                                course_id: FromPath[UUID]) -> CertificateOut:
        return CertificateOut.of(await courses.claim_certificate(principal, course_id))

    @post("/content/{item_id:uuid}/completion", operation_id="markContentDone",
          status_code=200, summary="Mark an approved note or simulation as done",
          description="Marking it again keeps the first time. Questions are done once "
                      "answered correctly (`completion_by_answer`, 422).",
          responses=error_responses(401, 404, 422), **LEARNERS)
    async def complete(self, courses: NamedDependency[CourseService],
                       principal: NamedDependency[Principal],
                       item_id: FromPath[UUID]) -> CompletionOut:
        return CompletionOut.of(await courses.complete(principal, item_id))

    @delete("/content/{item_id:uuid}/completion", operation_id="unmarkContentDone",
            summary="Undo marking a note or simulation as done (undoing twice changes nothing)",
            status_code=HTTP_204_NO_CONTENT, responses=error_responses(401, 404, 422),
            **LEARNERS)
    async def uncomplete(self, courses: NamedDependency[CourseService],
                         principal: NamedDependency[Principal],
                         item_id: FromPath[UUID]) -> None:
        await courses.uncomplete(principal, item_id)
