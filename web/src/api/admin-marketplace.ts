/** Administration of the marketplace: the mentor review queue and the subject catalog. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import { catalogKey, mentorKeys } from "./marketplace";
import type { Catalog, ChapterIn, ChapterUpdate, MentorProfile, MentorQueueQuery, NodeUpdate, SubjectIn, TopicIn } from "./types";

export const adminMentorKeys = {
  all: ["admin", "mentors"] as const,
  list: (query: MentorQueueQuery) => ["admin", "mentors", "list", query] as const,
  detail: (id: string) => ["admin", "mentors", "detail", id] as const,
  documentLink: (mentorId: string, documentId: string) => ["admin", "mentors", "document-link", mentorId, documentId] as const,
};

export function useMentorQueue(query: MentorQueueQuery) {
  return useQuery({
    queryKey: adminMentorKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/mentors", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** How many applications wait in a state (one-row page), for overview figures. */
export function useMentorQueueCount(status: NonNullable<MentorQueueQuery["status"]>) {
  return useQuery({
    queryKey: adminMentorKeys.list({ status, page: 1, page_size: 1 }),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/mentors", { params: { query: { status, page: 1, page_size: 1 } }, signal })),
    select: (page) => page.total,
  });
}

export function useMentorApplication(id: string) {
  return useQuery({
    queryKey: adminMentorKeys.detail(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/admin/mentors/{mentor_id}", { params: { path: { mentor_id: id } }, signal })),
  });
}

/** Signed links live ten minutes: refresh them well before, so a link on screen always opens. */
const LINK_REFRESH = 4 * 60_000;

export function useMentorDocumentLink(mentorId: string, documentId: string) {
  return useQuery({
    queryKey: adminMentorKeys.documentLink(mentorId, documentId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/admin/mentors/{mentor_id}/documents/{document_id}/link", {
          params: { path: { mentor_id: mentorId, document_id: documentId } },
          signal,
        }),
      ),
    staleTime: LINK_REFRESH,
    refetchInterval: LINK_REFRESH,
  });
}

function useDecision<Variables>(decide: (id: string, variables: Variables) => Promise<MentorProfile>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, variables }: { id: string; variables: Variables }) => decide(id, variables),
    onSuccess: async (profile) => {
      queryClient.setQueryData(adminMentorKeys.detail(profile.id), profile);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [...adminMentorKeys.all, "list"] }),
        queryClient.invalidateQueries({ queryKey: mentorKeys.all }),
      ]);
    },
  });
}

export function useVerifyMentor() {
  return useDecision((id, _: undefined) =>
    unwrap(api.POST("/api/v1/admin/mentors/{mentor_id}/verify", { params: { path: { mentor_id: id } } })),
  );
}

export function useRejectMentor() {
  return useDecision((id, reason: string) =>
    unwrap(api.POST("/api/v1/admin/mentors/{mentor_id}/reject", { params: { path: { mentor_id: id } }, body: { reason } })),
  );
}

// ---- catalog ------------------------------------------------------------------------------------

export type CatalogNodeKind = "subject" | "chapter" | "topic";

export type CatalogChange =
  | { action: "create-subject"; body: SubjectIn }
  | { action: "create-chapter"; subjectId: string; body: ChapterIn }
  | { action: "create-topic"; chapterId: string; body: TopicIn }
  | { action: "update"; kind: "subject" | "topic"; id: string; body: NodeUpdate }
  | { action: "update"; kind: "chapter"; id: string; body: ChapterUpdate }
  | { action: "delete"; kind: CatalogNodeKind; id: string };

async function applyCatalogChange(change: CatalogChange): Promise<unknown> {
  switch (change.action) {
    case "create-subject":
      return unwrap(api.POST("/api/v1/admin/catalog/subjects", { body: change.body }));
    case "create-chapter":
      return unwrap(
        api.POST("/api/v1/admin/catalog/subjects/{subject_id}/chapters", { params: { path: { subject_id: change.subjectId } }, body: change.body }),
      );
    case "create-topic":
      return unwrap(
        api.POST("/api/v1/admin/catalog/chapters/{chapter_id}/topics", { params: { path: { chapter_id: change.chapterId } }, body: change.body }),
      );
    case "update":
      if (change.kind === "subject") {
        return unwrap(api.PATCH("/api/v1/admin/catalog/subjects/{subject_id}", { params: { path: { subject_id: change.id } }, body: change.body }));
      }
      if (change.kind === "chapter") {
        return unwrap(api.PATCH("/api/v1/admin/catalog/chapters/{chapter_id}", { params: { path: { chapter_id: change.id } }, body: change.body }));
      }
      return unwrap(api.PATCH("/api/v1/admin/catalog/topics/{topic_id}", { params: { path: { topic_id: change.id } }, body: change.body }));
    case "delete":
      if (change.kind === "subject") {
        return unwrap(api.DELETE("/api/v1/admin/catalog/subjects/{subject_id}", { params: { path: { subject_id: change.id } } }));
      }
      if (change.kind === "chapter") {
        return unwrap(api.DELETE("/api/v1/admin/catalog/chapters/{chapter_id}", { params: { path: { chapter_id: change.id } } }));
      }
      return unwrap(api.DELETE("/api/v1/admin/catalog/topics/{topic_id}", { params: { path: { topic_id: change.id } } }));
  }
}

/** Applies one catalog change, then reloads the tree. */
export function useCatalogChange() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: CatalogChange) => applyCatalogChange(change),
    onSettled: () => queryClient.invalidateQueries({ queryKey: catalogKey }),
  });
}

/** The complete new order of one level of the catalog: every child of one parent, once each. */
export type CatalogOrder =
  | { kind: "subject"; ids: string[] }
  | { kind: "chapter"; subjectId: string; ids: string[] }
  | { kind: "topic"; chapterId: string; ids: string[] };

function applyCatalogOrder(order: CatalogOrder): Promise<Catalog> {
  const body = { ids: order.ids };
  switch (order.kind) {
    case "subject":
      return unwrap(api.PUT("/api/v1/admin/catalog/subjects/order", { body }));
    case "chapter":
      return unwrap(api.PUT("/api/v1/admin/catalog/subjects/{subject_id}/chapters/order", { params: { path: { subject_id: order.subjectId } }, body }));
    case "topic":
      return unwrap(api.PUT("/api/v1/admin/catalog/chapters/{chapter_id}/topics/order", { params: { path: { chapter_id: order.chapterId } }, body }));
  }
}

/**
 * Reorders one level in a single request: the server renumbers all siblings in one transaction,
 * so a failure changes nothing. The tree is then replaced by the server's (or reloaded on error).
 */
export function useCatalogReorder() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: applyCatalogOrder,
    onSuccess: (tree) => queryClient.setQueryData(catalogKey, tree),
    onSettled: () => queryClient.invalidateQueries({ queryKey: catalogKey }),
  });
}
