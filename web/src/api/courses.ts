/**
 * Courses: a mentor's ordered selection of their own content items (the workspace), what
 * learners browse and enrol in, and marking notes and simulations done (progress).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type MentorCourse = Schemas["MentorCourseOut"];
export type MentorCourseItem = Schemas["MentorCourseItemOut"];
export type MentorCourseSummary = Schemas["MentorCourseSummaryOut"];
export type MentorCoursePage = Schemas["MentorCoursePage"];
export type CourseCreate = Schemas["CourseCreate"];
export type CourseUpdate = Schemas["CourseUpdate"];
export type CourseStatus = MentorCourse["status"];
export type CourseSubject = Schemas["CourseSubjectOut"];
export type CourseCard = Schemas["CourseCardOut"];
export type CoursePage = Schemas["CoursePage"];
export type LearnerCourse = Schemas["LearnerCourseOut"];
export type LearnerCourseItem = Schemas["LearnerCourseItemOut"];
export type MyCourse = Schemas["MyCourseOut"];
export type MyCoursePage = Schemas["MyCoursePage"];
export type CourseProgress = Schemas["ProgressOut"];
export type LearningOverview = Schemas["LearningOverviewOut"];
export type ResumeCourse = Schemas["ResumeCourseOut"];
export type PracticeItem = Schemas["PracticeItemOut"];
export type TopicPlace = Schemas["TopicPlaceOut"];
export type TopicProgress = Schemas["TopicProgressOut"];
export type SubjectProgress = Schemas["SubjectProgressOut"];
export type TeachingSummary = Schemas["TeachingSummaryOut"];
export type Certificate = Schemas["CertificateOut"];
export type MentorCoursesQuery = NonNullable<paths["/api/v1/mentor/courses"]["get"]["parameters"]["query"]>;
export type CoursesQuery = NonNullable<paths["/api/v1/courses"]["get"]["parameters"]["query"]>;
export type MyCoursesQuery = NonNullable<paths["/api/v1/me/courses"]["get"]["parameters"]["query"]>;

export const courseKeys = {
  all: ["courses"] as const,
  // The mentor's workspace.
  mentor: ["courses", "mentor"] as const,
  mentorLists: ["courses", "mentor", "list"] as const,
  mentorList: (query: MentorCoursesQuery) => ["courses", "mentor", "list", query] as const,
  mentorDetail: (id: string) => ["courses", "mentor", "detail", id] as const,
  // Learners: everything here carries the caller's progress.
  learner: ["courses", "learner"] as const,
  browse: (query: CoursesQuery) => ["courses", "learner", "browse", query] as const,
  details: ["courses", "learner", "detail"] as const,
  detail: (id: string) => ["courses", "learner", "detail", id] as const,
  mine: (query: MyCoursesQuery) => ["courses", "learner", "mine", query] as const,
  overview: ["courses", "learner", "overview"] as const,
  topicProgress: (topic: string) => ["courses", "learner", "topic-progress", topic] as const,
  subjectProgress: (subject: string) => ["courses", "learner", "subject-progress", subject] as const,
  teaching: ["courses", "mentor", "summary"] as const,
  certificate: (code: string) => ["certificates", code] as const,
};

// ---- the mentor's workspace ---------------------------------------------------------------------

export function useMentorCourses(query: MentorCoursesQuery) {
  return useQuery({
    queryKey: courseKeys.mentorList(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/courses", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

function fetchMentorCourse(id: string, signal?: AbortSignal) {
  return unwrap(api.GET("/api/v1/mentor/courses/{course_id}", { params: { path: { course_id: id } }, signal }));
}

export function useMentorCourse(id: string) {
  return useQuery({
    queryKey: courseKeys.mentorDetail(id),
    queryFn: ({ signal }) => fetchMentorCourse(id, signal),
    // The builder holds edits against a version: a refresh behind the author's back would be
    // confusing, and a change made elsewhere is caught by the version check anyway.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

/** The course as the server has it now (after a refused change). */
export function useReloadMentorCourse() {
  const queryClient = useQueryClient();
  return (id: string) =>
    queryClient.fetchQuery({ queryKey: courseKeys.mentorDetail(id), queryFn: ({ signal }) => fetchMentorCourse(id, signal), staleTime: 0 });
}

/** Every change answers with the whole course: store it, refresh the lists and what learners see. */
function useCourseMutation<Variables>(mutate: (variables: Variables) => Promise<MentorCourse>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: mutate,
    onSuccess: async (course) => {
      queryClient.setQueryData(courseKeys.mentorDetail(course.id), course);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: courseKeys.mentorLists }),
        queryClient.invalidateQueries({ queryKey: courseKeys.learner }),
      ]);
    },
  });
}

export function useCreateCourse() {
  return useCourseMutation((body: CourseCreate) => unwrap(api.POST("/api/v1/mentor/courses", { body })));
}

export function useUpdateCourse(id: string) {
  return useCourseMutation((body: CourseUpdate) =>
    unwrap(api.PATCH("/api/v1/mentor/courses/{course_id}", { params: { path: { course_id: id } }, body })),
  );
}

/** Replaces the ordered item list (reorder, add and remove in one step). */
export function useSetCourseItems(id: string) {
  return useCourseMutation((body: { item_ids: string[]; version: number }) =>
    unwrap(api.PUT("/api/v1/mentor/courses/{course_id}/items", { params: { path: { course_id: id } }, body })),
  );
}

export function usePublishCourse(id: string) {
  return useCourseMutation((version: number) =>
    unwrap(api.POST("/api/v1/mentor/courses/{course_id}/publish", { params: { path: { course_id: id } }, body: { version } })),
  );
}

export function useUnpublishCourse(id: string) {
  return useCourseMutation((version: number) =>
    unwrap(api.POST("/api/v1/mentor/courses/{course_id}/unpublish", { params: { path: { course_id: id } }, body: { version } })),
  );
}

export function useDeleteCourse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) =>
      unwrap(api.DELETE("/api/v1/mentor/courses/{course_id}", { params: { path: { course_id: id }, query: { version } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: courseKeys.mentorDetail(id) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: courseKeys.mentorLists }),
        queryClient.invalidateQueries({ queryKey: courseKeys.learner }),
      ]);
    },
  });
}

// ---- learners -----------------------------------------------------------------------------------

/** Published courses, most recently published first. */
export function useCourses(query: CoursesQuery) {
  return useQuery({
    queryKey: courseKeys.browse(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/courses", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** A published course: its live items in order, each with whether I have done it, and my progress. */
export function useCourse(id: string, enabled = true) {
  return useQuery({
    queryKey: courseKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/courses/{course_id}", { params: { path: { course_id: id } }, signal })),
    enabled: enabled && id !== "",
  });
}

/** The published courses I am enrolled in, with my progress. */
export function useMyCourses(query: MyCoursesQuery = {}) {
  return useQuery({
    queryKey: courseKeys.mine(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/courses", { params: { query }, signal })),
  });
}

function setEnrolled(queryClient: QueryClient, id: string, enrolledAt: string | null) {
  queryClient.setQueryData<LearnerCourse>(courseKeys.detail(id), (course) =>
    course ? { ...course, enrolled: enrolledAt !== null, enrolled_at: enrolledAt } : course,
  );
}

/** Enrolling again changes nothing on the server. */
export function useEnrol(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.PUT("/api/v1/courses/{course_id}/enrolment", { params: { path: { course_id: id } } })),
    onSuccess: async (mine) => {
      setEnrolled(queryClient, id, mine.enrolled_at);
      await queryClient.invalidateQueries({ queryKey: courseKeys.learner });
    },
  });
}

/** Leaving keeps my completions; leaving twice changes nothing. */
export function useLeaveCourse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/courses/{course_id}/enrolment", { params: { path: { course_id: id } } })),
    onSuccess: async () => {
      setEnrolled(queryClient, id, null);
      await queryClient.invalidateQueries({ queryKey: courseKeys.learner });
    },
  });
}

/** Progress after one item changed, as the server counts it: rounded down, of the live items. */
export function progressWith(course: LearnerCourse, itemId: string, done: boolean): LearnerCourse {
  if (!course.items.some((item) => item.item_id === itemId && item.completed !== done)) return course;
  const items = course.items.map((item) => (item.item_id === itemId ? { ...item, completed: done } : item));
  const completed = items.filter((item) => item.completed).length;
  const total = course.progress.total;
  const percent = total > 0 ? Math.floor((Math.min(completed, total) * 100) / total) : 0;
  return { ...course, items, progress: { completed, total, percent } };
}

/** Marks a note or simulation done (or not): every cached course holding it shows it at once. */
export function useCompletion(itemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (done: boolean) => {
      const path = { params: { path: { item_id: itemId } } };
      if (done) await unwrap(api.POST("/api/v1/content/{item_id}/completion", path));
      else await unwrap(api.DELETE("/api/v1/content/{item_id}/completion", path));
      return done;
    },
    onSuccess: async (done) => {
      queryClient.setQueriesData<LearnerCourse>({ queryKey: courseKeys.details }, (course) => (course ? progressWith(course, itemId, done) : course));
      await queryClient.invalidateQueries({ queryKey: courseKeys.learner });
    },
  });
}

// ---- progress and certificates ------------------------------------------------------------------

/** What to continue: my courses with where to resume, questions worth another try, my totals. */
export function useMyLearning(enabled = true) {
  return useQuery({
    queryKey: courseKeys.overview,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/learning", { signal })),
    enabled,
  });
}

/** My progress through a topic (slug or id) and the topic that follows it. */
export function useTopicProgress(topic: string, enabled = true) {
  return useQuery({
    queryKey: courseKeys.topicProgress(topic),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/progress/topics/{topic}", { params: { path: { topic } }, signal })),
    enabled: enabled && topic !== "",
  });
}

/** My progress through every topic of a subject (slug or id). */
export function useSubjectProgress(subject: string, enabled = true) {
  return useQuery({
    queryKey: courseKeys.subjectProgress(subject),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/progress/subjects/{subject}", { params: { path: { subject } }, signal })),
    enabled: enabled && subject !== "",
  });
}

/** A mentor's dashboard counts: learners in their courses, their courses. */
export function useTeachingSummary(enabled = true) {
  return useQuery({
    queryKey: courseKeys.teaching,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/courses/summary", { signal })),
    enabled,
  });
}

/** My certificate of a completed course (issued now if it was not yet). */
export function useClaimCertificate(courseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/courses/{course_id}/certificate", { params: { path: { course_id: courseId } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: courseKeys.learner });
    },
  });
}

/** Public verification of a certificate by its code. */
export function useCertificate(code: string) {
  return useQuery({
    queryKey: courseKeys.certificate(code),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/certificates/{code}", { params: { path: { code } }, signal })),
    enabled: code !== "",
    retry: false,
  });
}

/** Where the owner downloads the PDF (a plain link: the session cookie authorises it). */
export function certificatePdfUrl(code: string): string {
  return `/api/v1/certificates/${encodeURIComponent(code)}/pdf`;
}
