/** Forum administration: the queue of flagged posts, decisions on them, and the categories. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type FlaggedPost = Schemas["ModeratedPostOut"];
export type FlaggedPostPage = Schemas["ModeratedPostPage"];
export type ForumDecision = Schemas["DecisionIn"];
export type ForumDecisionAction = ForumDecision["action"];
export type AdminForumCategory = Schemas["CategoryOut"];
export type ForumCategoryIn = Schemas["CategoryIn"];
export type ForumCategoryUpdate = Schemas["CategoryUpdate"];
export type FlagQueueQuery = NonNullable<paths["/api/v1/admin/forum/flags"]["get"]["parameters"]["query"]>;

export const forumAdminKeys = {
  all: ["forum"] as const,
  flags: ["forum", "admin", "flags"] as const,
  queue: (query: FlagQueueQuery) => ["forum", "admin", "flags", query] as const,
  // The same list the forum shows, so a change here is seen there at once.
  categories: ["forum", "categories"] as const,
};

/** Posts with open flags: hidden ones first, then the longest waiting. */
export function useFlagQueue(query: FlagQueueQuery) {
  return useQuery({
    queryKey: forumAdminKeys.queue(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/forum/flags", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** Restore, hide, delete, warn or suspend: every open flag on the post is resolved. */
export function useDecideOnPost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, decision }: { postId: string; decision: ForumDecision }) =>
      unwrap(api.POST("/api/v1/admin/forum/posts/{post_id}/decision", { params: { path: { post_id: postId } }, body: decision })),
    // The queue, and the thread and lists the post shows in.
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: forumAdminKeys.all }),
  });
}

export function useForumCategoriesForAdmin() {
  return useQuery({
    queryKey: forumAdminKeys.categories,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/forum/categories", { signal })),
  });
}

export type CategoryChange =
  | { action: "create"; body: ForumCategoryIn }
  | { action: "update"; id: string; body: ForumCategoryUpdate }
  | { action: "delete"; id: string };

function changeCategory(change: CategoryChange): Promise<unknown> {
  switch (change.action) {
    case "create":
      return unwrap(api.POST("/api/v1/admin/forum/categories", { body: change.body }));
    case "update":
      return unwrap(api.PATCH("/api/v1/admin/forum/categories/{category_id}", { params: { path: { category_id: change.id } }, body: change.body }));
    case "delete":
      return unwrap(api.DELETE("/api/v1/admin/forum/categories/{category_id}", { params: { path: { category_id: change.id } } }));
  }
}

/** One category change, or several sent together (a move renumbers its neighbours). */
export function useCategoryChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: CategoryChange | CategoryChange[]) =>
      Array.isArray(changes) ? Promise.all(changes.map(changeCategory)) : changeCategory(changes),
    // Reloaded after a failure too: a move that half applied shows as the server has it.
    onSettled: () => queryClient.invalidateQueries({ queryKey: forumAdminKeys.categories }),
  });
}
