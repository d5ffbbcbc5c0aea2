import type { FilePolicy } from "../../lib/files";

/** Images in lesson text. The server checks the real type from the bytes and has the last word. */
export const LESSON_IMAGE_POLICY: FilePolicy = {
  label: "PNG, JPEG, WebP or GIF",
  types: { "image/png": ["png"], "image/jpeg": ["jpg", "jpeg"], "image/webp": ["webp"], "image/gif": ["gif"] },
  maxBytes: 10 * 1024 * 1024,
};
