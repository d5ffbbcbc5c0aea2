/** The mentor's content workspace: notes, questions and simulations with their versions, diffs,
 * revert and submission for review. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";
import { uploadFile, withQuery, type UploadProgress } from "./upload";

type Schemas = components["schemas"];

export type ContentItem = Schemas["ContentItemOut"];
export type ContentSummary = Schemas["ContentSummaryOut"];
export type ContentPage = Schemas["ContentPage"];
export type ContentCreate = Schemas["ContentCreate"];
export type ContentSave = Schemas["ContentSave"];
export type ContentVersion = Schemas["VersionOut"];
export type ContentVersionSummary = Schemas["VersionSummaryOut"];
export type ContentVersionList = Schemas["VersionList"];
export type ContentDiff = Schemas["DiffOut"];
/** The document inside a version, one shape per kind, told apart by `kind`. */
export type ContentBody = Schemas["VersionOut"]["body"];
export type NoteBody = Schemas["NoteBody"];
export type QuestionBody = Schemas["QuestionBody"];
export type SimulationBody = Schemas["SimulationBody"];
export type ContentStatus = ContentSummary["status"];
export type ContentKind = ContentCreate["kind"];
export type MyContentQuery = NonNullable<paths["/api/v1/mentor/content"]["get"]["parameters"]["query"]>;

/** `POST /api/v1/mentor/content/images?filename=…` (raw image as the body) answers 201 with this:
 * `url` is what goes into the `<img src>`. */
export type ContentImage = Schemas["ContentImageOut"];

export const contentKeys = {
  all: ["mentor", "content"] as const,
  lists: ["mentor", "content", "list"] as const,
  list: (query: MyContentQuery) => ["mentor", "content", "list", query] as const,
  detail: (id: string) => ["mentor", "content", "detail", id] as const,
  versions: (id: string) => ["mentor", "content", "versions", id] as const,
  version: (id: string, number: number) => ["mentor", "content", "version", id, number] as const,
  diff: (id: string, from: number, to: number) => ["mentor", "content", "diff", id, from, to] as const,
};

export function useMyContentList(query: MyContentQuery) {
  return useQuery({
    queryKey: contentKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/content", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useMyContent(id: string) {
  return useQuery({
    queryKey: contentKeys.detail(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentor/content/{item_id}", { params: { path: { item_id: id } }, signal })),
    // The editor holds a draft: refetching behind the author's back would be confusing, and a
    // newer version saved elsewhere is caught by the save's version check anyway.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

export function useContentVersions(id: string, enabled = true) {
  return useQuery({
    queryKey: contentKeys.versions(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentor/content/{item_id}/versions", { params: { path: { item_id: id } }, signal })),
    enabled,
  });
}

export function useContentVersion(id: string, number: number | null) {
  return useQuery({
    queryKey: contentKeys.version(id, number ?? 0),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/mentor/content/{item_id}/versions/{number}", {
          params: { path: { item_id: id, number: number ?? 0 } },
          signal,
        }),
      ),
    enabled: number !== null,
    // A version never changes once written.
    staleTime: Infinity,
  });
}

export function useContentDiff(id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: contentKeys.diff(id, from ?? 0, to ?? 0),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/mentor/content/{item_id}/diff", {
          params: { path: { item_id: id }, query: { from: from ?? 1, to: to ?? 1 } },
          signal,
        }),
      ),
    enabled: from !== null && to !== null,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

/** Every change answers with the whole item: store it, and refresh lists and the history. */
function useItemMutation<Variables>(mutate: (variables: Variables) => Promise<ContentItem>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: mutate,
    onSuccess: async (item) => {
      queryClient.setQueryData(contentKeys.detail(item.id), item);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: contentKeys.lists }),
        queryClient.invalidateQueries({ queryKey: contentKeys.versions(item.id) }),
      ]);
    },
  });
}

export function useCreateContent() {
  return useItemMutation((body: ContentCreate) => unwrap(api.POST("/api/v1/mentor/content", { body })));
}

export function useSaveContent(id: string) {
  return useItemMutation((body: ContentSave) =>
    unwrap(api.POST("/api/v1/mentor/content/{item_id}/versions", { params: { path: { item_id: id } }, body })),
  );
}

export function useRevertContent(id: string) {
  return useItemMutation((body: { to_version: number; base_version: number }) =>
    unwrap(api.POST("/api/v1/mentor/content/{item_id}/revert", { params: { path: { item_id: id } }, body })),
  );
}

export function useSubmitContent(id: string) {
  return useItemMutation((_: undefined) =>
    unwrap(api.POST("/api/v1/mentor/content/{item_id}/submit", { params: { path: { item_id: id } } })),
  );
}

/** Takes a pending item back out of review: it is a draft again, editable; a live version stays live. */
export function useWithdrawContent(id: string) {
  return useItemMutation((_: undefined) =>
    unwrap(api.POST("/api/v1/mentor/content/{item_id}/withdraw", { params: { path: { item_id: id } } })),
  );
}

// ---- the content assistant --------------------------------------------------------------------

/** Practice questions drafted from one of my notes: new draft items, marked machine-suggested. */
export function useSuggestQuestions(noteId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (count: number) =>
      unwrap(api.POST("/api/v1/mentor/content/{item_id}/suggest-questions", { params: { path: { item_id: noteId } }, body: { count } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contentKeys.lists }),
  });
}

/** A note drafted from my video's captions: a new draft item, marked machine-suggested. */
export function useSummariseVideo(videoItemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/mentor/content/{item_id}/summarise", { params: { path: { item_id: videoItemId } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: contentKeys.lists }),
  });
}

/** The item as the server has it now (after a refused save, to see what changed meanwhile). */
export function useReloadContent() {
  const queryClient = useQueryClient();
  return (id: string) =>
    queryClient.fetchQuery({
      queryKey: contentKeys.detail(id),
      queryFn: ({ signal }) =>
        unwrap(api.GET("/api/v1/mentor/content/{item_id}", { params: { path: { item_id: id } }, signal })),
      staleTime: 0,
    });
}

export interface ImageUpload {
  file: File;
  contentType: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Stores an image for lesson text; the answer's `url` goes into the `<img src>`. */
export function uploadContentImage({ file, contentType, onProgress, signal }: ImageUpload): Promise<ContentImage> {
  return uploadFile<ContentImage>({
    method: "POST",
    url: withQuery("/api/v1/mentor/content/images", { filename: file.name }),
    file,
    contentType,
    onProgress,
    signal,
  });
}
