/** Video lessons and handwritten notes (issue #14): the JSON calls; the multipart ones (notes,
 * captions) go through `features/media/form-upload.ts` for upload progress. */
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";

type Schemas = components["schemas"];

export const videoUploads = {
  create: (body: Schemas["VideoUploadIn"]) => unwrap(api.POST("/api/v1/videos/uploads", { body })),
  get: (uploadId: string) => unwrap(api.GET("/api/v1/videos/uploads/{upload_id}", { params: { path: { upload_id: uploadId } } })),
  target: (uploadId: string, number: number) =>
    unwrap(api.POST("/api/v1/videos/uploads/{upload_id}/parts/{number}/target", { params: { path: { upload_id: uploadId, number } } })),
  complete: (uploadId: string, parts: Schemas["CompletedPartIn"][]) =>
    unwrap(api.POST("/api/v1/videos/uploads/{upload_id}/complete", { params: { path: { upload_id: uploadId } }, body: { parts } })),
  abort: async (uploadId: string): Promise<void> => {
    await unwrap(api.DELETE("/api/v1/videos/uploads/{upload_id}", { params: { path: { upload_id: uploadId } } }));
  },
};

export function getVideo(videoId: string) {
  return unwrap(api.GET("/api/v1/videos/{video_id}", { params: { path: { video_id: videoId } } }));
}

export async function removeVideoCaption(videoId: string, captionId: string): Promise<void> {
  await unwrap(api.DELETE("/api/v1/videos/{video_id}/captions/{caption_id}", { params: { path: { video_id: videoId, caption_id: captionId } } }));
}

export function captionsUrl(videoId: string): string {
  return `/api/v1/videos/${encodeURIComponent(videoId)}/captions`;
}

export const HANDWRITTEN_DOCUMENTS_URL = "/api/v1/handwritten/documents";

export function getHandwrittenDocument(documentId: string) {
  return unwrap(api.GET("/api/v1/handwritten/documents/{document_id}", { params: { path: { document_id: documentId } } }));
}

export async function saveVideoPosition(itemId: string, seconds: number): Promise<void> {
  await unwrap(api.PUT("/api/v1/content/{item_id}/position", { params: { path: { item_id: itemId } }, body: { seconds } }));
}

/** One item's annotations: the caller's own and the ones its author published. */
export function annotationsOf(itemId: string) {
  return {
    load: () => unwrap(api.GET("/api/v1/content/{item_id}/annotations", { params: { path: { item_id: itemId } } })),
    save: (annotationId: string, body: Schemas["AnnotationIn"]) =>
      unwrap(api.PUT("/api/v1/content/{item_id}/annotations/{annotation_id}", { params: { path: { item_id: itemId, annotation_id: annotationId } }, body })),
    remove: async (annotationId: string): Promise<void> => {
      await unwrap(api.DELETE("/api/v1/content/{item_id}/annotations/{annotation_id}", { params: { path: { item_id: itemId, annotation_id: annotationId } } }));
    },
  };
}

/** Where an annotation can be shared: the lesson's forum threads, the user's open session chats. */
export const annotationSharing = {
  threads: async (itemId: string) =>
    (await unwrap(api.GET("/api/v1/forum/threads", { params: { query: { item: itemId, page_size: 50 } } }))).items.map((thread) => ({ id: thread.id, title: thread.title })),
  sessions: async (from: string, to: string) => (await unwrap(api.GET("/api/v1/bookings", { params: { query: { when: "all", from, to, page_size: 50 } } }))).items,
  startThread: async ({ title, body, itemId, annotationId }: { title: string; body: string; itemId: string; annotationId: string }) => {
    const created = await unwrap(api.POST("/api/v1/forum/threads", { body: { title, body, item_id: itemId, annotation_id: annotationId, quote: "" } }));
    return { threadId: created.thread.id };
  },
  reply: async (threadId: string, { body, annotationId }: { body: string; annotationId: string }): Promise<void> => {
    await unwrap(api.POST("/api/v1/forum/threads/{thread_id}/posts", { params: { path: { thread_id: threadId } }, body: { body, annotation_id: annotationId } }));
  },
  sendToChat: async (sessionId: string, { body, annotationId }: { body: string; annotationId: string }): Promise<void> => {
    await unwrap(
      api.POST("/api/v1/bookings/{session_id}/chat/messages", {
        params: { path: { session_id: sessionId } },
        body: { client_id: `web-${crypto.randomUUID()}`, body, annotation_id: annotationId },
      }),
    );
  },
};
