/** Public marketplace data: the subject catalog, mentor search, profiles and free slots. */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { SearchMentorsQuery } from "./types";

export const catalogKey = ["catalog"] as const;

export const mentorKeys = {
  all: ["mentors"] as const,
  search: (query: SearchMentorsQuery) => ["mentors", "search", query] as const,
  detail: (id: string) => ["mentors", "detail", id] as const,
  slots: (id: string, params: SlotsParams) => ["mentors", "slots", id, params] as const,
};

export function useCatalog() {
  return useQuery({
    queryKey: catalogKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/catalog", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useMentorSearch(query: SearchMentorsQuery, enabled = true) {
  return useQuery({
    queryKey: mentorKeys.search(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentors", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePublicMentor(id: string, enabled = true) {
  return useQuery({
    queryKey: mentorKeys.detail(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentors/{mentor_id}", { params: { path: { mentor_id: id } }, signal })),
    enabled,
  });
}

export interface SlotsParams {
  start: string;
  days: number;
  timezone: string;
  session_minutes?: number;
}

export function useMentorSlots(id: string, params: SlotsParams, enabled = true) {
  return useQuery({
    queryKey: mentorKeys.slots(id, params),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentors/{mentor_id}/slots", { params: { path: { mentor_id: id }, query: params }, signal })),
    // Keep the last week on screen while the next one loads, but never another mentor's.
    placeholderData: (previous, previousQuery) => (previousQuery?.queryKey[2] === id ? previous : undefined),
    enabled,
  });
}
