/** Learning analytics: study-time heartbeats, a learner's own figures, and a mentor's figures per item, course and student. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type LearnerAnalytics = Schemas["LearnerAnalyticsOut"];
export type TopicAccuracy = Schemas["TopicAccuracyOut"];
export type Practise = Schemas["PractiseOut"];
export type DaySeconds = Schemas["DaySecondsOut"];
export type TeachingOverview = Schemas["TeachingOverviewOut"];
export type ItemAnalytics = Schemas["ItemAnalyticsOut"];
export type StudentAnalytics = Schemas["StudentOut"];
export type StudentDetail = Schemas["StudentDetailOut"];
export type CourseFunnel = Schemas["CourseFunnelOut"];
export type ItemOrder = "attempts" | "hardest" | "discrimination" | "title";

export const analyticsKeys = {
  all: ["analytics"] as const,
  mine: (days: number) => ["analytics", "mine", days] as const,
  overview: ["analytics", "overview"] as const,
  items: (order: ItemOrder, page: number) => ["analytics", "items", order, page] as const,
  item: (id: string) => ["analytics", "item", id] as const,
  students: (atRisk: boolean, page: number) => ["analytics", "students", atRisk, page] as const,
  student: (id: string) => ["analytics", "student", id] as const,
  funnel: (id: string) => ["analytics", "funnel", id] as const,
};

/** One heartbeat: the server credits the time since the previous one by its own clock. */
export async function sendStudyHeartbeat(itemId: string): Promise<void> {
  await unwrap(api.POST("/api/v1/study/heartbeats", { body: { item_id: itemId } }));
}

export function useMyLearningAnalytics(days = 30) {
  return useQuery({
    queryKey: analyticsKeys.mine(days),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/analytics", { params: { query: { days } }, signal })),
  });
}

export function useTeachingOverview() {
  return useQuery({
    queryKey: analyticsKeys.overview,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/analytics/overview", { signal })),
  });
}

export function useItemAnalytics(order: ItemOrder, page: number, pageSize = 10) {
  return useQuery({
    queryKey: analyticsKeys.items(order, page),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentor/analytics/items", { params: { query: { order, page, page_size: pageSize } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useItemDetail(itemId: string | null) {
  return useQuery({
    queryKey: analyticsKeys.item(itemId ?? ""),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentor/analytics/items/{item_id}", { params: { path: { item_id: itemId ?? "" } }, signal })),
    enabled: itemId !== null,
  });
}

export function useMyStudents(atRisk: boolean, page: number, pageSize = 10) {
  return useQuery({
    queryKey: analyticsKeys.students(atRisk, page),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentor/analytics/students", { params: { query: { at_risk: atRisk, page, page_size: pageSize } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useStudentDetail(studentId: string) {
  return useQuery({
    queryKey: analyticsKeys.student(studentId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentor/analytics/students/{student_id}", { params: { path: { student_id: studentId } }, signal })),
  });
}

export function useCourseFunnel(courseId: string | null) {
  return useQuery({
    queryKey: analyticsKeys.funnel(courseId ?? ""),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentor/analytics/courses/{course_id}", { params: { path: { course_id: courseId ?? "" } }, signal })),
    enabled: courseId !== null,
  });
}
