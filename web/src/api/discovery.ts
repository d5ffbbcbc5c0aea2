/**
 * Public discovery data: suggestions while typing, the landing page's figures, mentors'
 * published work, and previews of courses and lessons for visitors.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Suggestions = Schemas["SuggestionsOut"];
export type LessonSuggestion = Schemas["LessonSuggestionOut"];
export type CourseSuggestion = Schemas["CourseSuggestionOut"];
export type MentorSuggestion = Schemas["MentorSuggestionOut"];
export type Overview = Schemas["OverviewOut"];
export type FeaturedMentor = Schemas["FeaturedMentorOut"];
export type MentorWork = Schemas["MentorWorkOut"];
export type MentorPortfolio = Schemas["MentorPortfolioOut"];
export type CoursePreview = Schemas["CoursePreviewOut"];
export type ContentPreview = Schemas["ContentPreviewOut"];
export type TopicPreview = Schemas["TopicPreviewOut"];

/** The server suggests nothing for fewer characters. */
export const MIN_SUGGEST_LENGTH = 2;

export const discoveryKeys = {
  suggest: (q: string) => ["discovery", "suggest", q] as const,
  overview: ["discovery", "overview"] as const,
  portfolio: (mentorId: string, page: number) => ["discovery", "portfolio", mentorId, page] as const,
  course: (id: string) => ["discovery", "course", id] as const,
  topic: (topic: string, page: number) => ["discovery", "topic", topic, page] as const,
  content: (id: string) => ["discovery", "content", id] as const,
};

export function useSuggestions(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: discoveryKeys.suggest(text),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/search/suggest", { params: { query: { q: text } }, signal })),
    enabled: text.length >= MIN_SUGGEST_LENGTH,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

export function useOverview() {
  return useQuery({
    queryKey: discoveryKeys.overview,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/public/overview", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useMentorPortfolio(mentorId: string, page = 1) {
  return useQuery({
    queryKey: discoveryKeys.portfolio(mentorId, page),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/public/mentors/{mentor_id}/portfolio", {
          params: { path: { mentor_id: mentorId }, query: { page, page_size: 10 } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useCoursePreview(id: string, enabled = true) {
  return useQuery({
    queryKey: discoveryKeys.course(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/public/courses/{course_id}", { params: { path: { course_id: id } }, signal })),
    enabled,
  });
}

export function useTopicPreview(topic: string, page = 1) {
  return useQuery({
    queryKey: discoveryKeys.topic(topic, page),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/public/topics/{topic}", { params: { path: { topic }, query: { page, page_size: 50 } }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useContentPreview(id: string, enabled = true) {
  return useQuery({
    queryKey: discoveryKeys.content(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/public/content/{item_id}", { params: { path: { item_id: id } }, signal })),
    enabled,
  });
}

/** Where a lesson is read in the app. */
export function lessonPath(lesson: { id: string; subject_slug: string; topic_slug: string }): string {
  return `/learn/${encodeURIComponent(lesson.subject_slug)}/${encodeURIComponent(lesson.topic_slug)}/${lesson.id}`;
}
