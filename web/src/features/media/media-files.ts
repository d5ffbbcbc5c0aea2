/** What the media uploads accept. The server reads the real type from the bytes and is the authority. */
import { formatBytes, type FilePolicy } from "../../lib/files";
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

