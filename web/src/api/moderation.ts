/** Admin moderation of learning content: the review queue, previews, diffs and decisions. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import { learningKeys } from "./learning";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type ReviewItem = Schemas["ContentItemOut"];
export type ReviewSummary = Schemas["ContentSummaryOut"];
export type ReviewPage = Schemas["ContentPage"];
export type ReviewVersion = Schemas["VersionOut"];
export type ReviewDiff = Schemas["DiffOut"];
export type ReviewStatus = ReviewSummary["status"];
export type ReviewQueueQuery = NonNullable<paths["/api/v1/admin/content"]["get"]["parameters"]["query"]>;
export type ReviewKind = NonNullable<ReviewQueueQuery["kind"]>;

export const moderationKeys = {
  all: ["admin", "content"] as const,
  lists: ["admin", "content", "list"] as const,
  list: (query: ReviewQueueQuery) => ["admin", "content", "list", query] as const,
  detail: (id: string) => ["admin", "content", "detail", id] as const,
  diff: (id: string) => ["admin", "content", "diff", id] as const,
};

export function useReviewQueue(query: ReviewQueueQuery) {
  return useQuery({
    queryKey: moderationKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/content", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** How many items are in a state (one-row page), for tab counts and overview figures. */
export function useReviewQueueCount(status: ReviewStatus) {
  return useQuery({
    queryKey: moderationKeys.list({ status, page: 1, page_size: 1 }),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/content", { params: { query: { status, page: 1, page_size: 1 } }, signal })),
    select: (page) => page.total,
  });
}

export function useReviewItem(id: string) {
  return useQuery({
    // A mentor may have resubmitted since the last look: a review always starts from the server.
    staleTime: 0,
    refetchOnMount: "always",
    queryKey: moderationKeys.detail(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/content/{item_id}", { params: { path: { item_id: id } }, signal })),
  });
}

/** What approving would change for learners: the live version against the newest. */
export function useReviewDiff(id: string) {
  return useQuery({
    // A mentor may have resubmitted since the last look: a review always starts from the server.
    staleTime: 0,
    refetchOnMount: "always",
    queryKey: moderationKeys.diff(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/content/{item_id}/diff", { params: { path: { item_id: id } }, signal })),
  });
}

export interface Decision {
  id: string;
  /** The version the reviewer looked at: the server refuses (409) if it is no longer the newest. */
  version: number;
}

function useDecision<Variables extends Decision>(decide: (variables: Variables) => Promise<ReviewItem>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decide,
    onSuccess: async (item) => {
      queryClient.setQueryData(moderationKeys.detail(item.id), item);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: moderationKeys.lists }),
        queryClient.invalidateQueries({ queryKey: moderationKeys.diff(item.id) }),
        queryClient.invalidateQueries({ queryKey: learningKeys.all }),
      ]);
    },
  });
}

export function useApproveContent() {
  return useDecision(({ id, version }: Decision) =>
    unwrap(api.POST("/api/v1/admin/content/{item_id}/approve", { params: { path: { item_id: id } }, body: { version } })),
  );
}

export function useRejectContent() {
  return useDecision(({ id, version, feedback }: Decision & { feedback: string }) =>
    unwrap(
      api.POST("/api/v1/admin/content/{item_id}/reject", { params: { path: { item_id: id } }, body: { version, feedback } }),
    ),
  );
}
