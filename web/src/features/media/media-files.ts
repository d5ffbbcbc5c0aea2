/** What the media uploads accept. The server reads the real type from the bytes and is the authority. */
import { contentTypeFor, fileProblem, formatBytes, type FilePolicy } from "../../lib/files";
import { LIMITS } from "./contract";

const GIB = 1024 ** 3;

/** Containers the server accepts; it checks the real content after the upload. */
export const VIDEO_POLICY: FilePolicy = {
  label: "MP4, MOV, WebM or MKV",
  types: { "video/mp4": ["mp4", "m4v"], "video/quicktime": ["mov"], "video/webm": ["webm"], "video/x-matroska": ["mkv"] },
  maxBytes: 2 * GIB,
};

/** Why a file can't be a caption track, or null. The server parses it and has the last word. */
export function captionFileProblem(file: { name: string; size: number }): string | null {
  if (!file.name.toLowerCase().endsWith(".vtt")) return "Captions must be a WebVTT file (.vtt).";
  if (file.size === 0) return "The file is empty.";
  if (file.size > LIMITS.captionMaxBytes) return `The file is ${formatBytes(file.size)}; captions can be at most ${formatBytes(LIMITS.captionMaxBytes)}.`;
  return null;
}


const MB = 1024 * 1024;

/** Handwritten notes: one PDF, or up to 50 photos/scans as pages, 50 MB in all. */
export const NOTES_POLICY: FilePolicy = {
  label: "PDF, PNG, JPEG or WebP",
  types: { "application/pdf": ["pdf"], "image/png": ["png"], "image/jpeg": ["jpg", "jpeg"], "image/webp": ["webp"] },
  maxBytes: 50 * MB,
};
export const NOTES_MAX_IMAGES = 50;

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

/**
 * The files to send as one set of notes, in page order (photos sorted by name, numbers
 * naturally: IMG_2 before IMG_10), or why they can't be.
 */
export function notesFiles(files: readonly File[]): { files: File[]; problem: null } | { files: null; problem: string } {
  if (files.length === 0) return { files: null, problem: "Choose a PDF or the photos of your pages." };
  for (const file of files) {
    const problem = fileProblem(file, { ...NOTES_POLICY, maxBytes: Infinity });
    if (problem) return { files: null, problem };
  }
  const pdfs = files.filter((file) => contentTypeFor(file, NOTES_POLICY) === "application/pdf");
  if (pdfs.length && files.length > 1) return { files: null, problem: "Upload one PDF, or the pages as images, not both." };
  if (files.length > NOTES_MAX_IMAGES) return { files: null, problem: `Upload at most ${NOTES_MAX_IMAGES} pages at once.` };
  const total = files.reduce((sum, file) => sum + file.size, 0);
  if (total > NOTES_POLICY.maxBytes) return { files: null, problem: `These files are ${formatBytes(total)} together; the limit is ${formatBytes(NOTES_POLICY.maxBytes)}.` };
  return { files: [...files].sort((a, b) => byName.compare(a.name, b.name)), problem: null };
}
