/** The react-query keys of the media client, e.g. to invalidate after a change elsewhere. */
export const videoQueryKey = (videoId: string) => ["media", "video", videoId] as const;
export const documentQueryKey = (documentId: string) => ["media", "document", documentId] as const;
export const annotationsQueryKey = (itemId: string) => ["media", "annotations", itemId] as const;
