/** Full-text search over notes, questions and simulations (`GET /api/v1/search`). */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type SearchHit = Schemas["SearchHitOut"];
export type SearchPage = Schemas["SearchPage"];
export type HighlightSegment = Schemas["HighlightSegment"];
export type SearchScope = SearchPage["scope"];
export type SearchQuery = NonNullable<paths["/api/v1/search"]["get"]["parameters"]["query"]>;

export const searchKeys = {
  all: ["search"] as const,
  results: (query: SearchQuery) => ["search", query] as const,
};

/**
 * One page of results. `kind` is sent repeated (`kind=note&kind=question`); the previous page
 * stays on screen while the next one loads.
 */
export function useContentSearch(query: SearchQuery, enabled = true) {
  return useQuery({
    queryKey: searchKeys.results(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/search", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
    staleTime: 30_000,
  });
}
