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
