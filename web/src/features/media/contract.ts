/**
 * The HTTP shapes of issue #14 (video lessons, handwritten notes), declared once for the media
 * client. The names follow the contract (`/work/shared` media contract); when the backends land,
 * this file becomes aliases of the generated `components["schemas"][...]` types and nothing else
 * in `features/media` changes. Keep every other file importing shapes from here.
 */

// ---- video uploads --------------------------------------------------------------------------

export type VideoUploadStatus = "uploading" | "completed" | "aborted";

/** A part the server already has (how a client resumes). */
export interface UploadedPart {
  number: number;
  size: number;
  etag: string;
}

/** `POST /api/v1/videos/uploads` and `GET /api/v1/videos/uploads/{id}`. */
export interface VideoUpload {
  id: string;
  filename: string;
  size: number;
  content_type: string;
  part_size: number;
  part_count: number;
  parts: UploadedPart[];
  status: VideoUploadStatus;
  expires_at: string;
  video_id: string | null;
}

/** `POST /api/v1/videos/uploads` body. */
export interface VideoUploadIn {
  filename: string;
  size: number;
  content_type: string;
}

/** `POST /api/v1/videos/uploads/{id}/parts/{number}/target`: where to PUT one part. */
export interface PartTarget {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
  expires_at: string;
}

/** `POST /api/v1/videos/uploads/{id}/complete` body. */
export interface CompleteUploadIn {
  parts: { number: number; etag: string }[];
}

// ---- videos ---------------------------------------------------------------------------------

export type VideoStatus = "processing" | "ready" | "failed";

export interface Failure {
  code: string;
  message: string;
}

export interface Caption {
  id: string;
  language: string;
  label: string;
  url: string;
}

/** `GET /api/v1/videos/{id}`. */
export interface Video {
  id: string;
  filename: string;
  status: VideoStatus;
  /** 0..1 while processing. */
  progress: number;
  failure: Failure | null;
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  poster_url: string | null;
  video_url: string | null;
  captions: Caption[];
  created_at: string;
}

export interface Chapter {
  /** Seconds from the start, >= 0. */
  start: number;
  title: string;
}

/** The preview sprite: `columns` x `rows` tiles, one every `interval_seconds`. */
export interface ThumbnailSprite {
  url: string;
  columns: number;
  rows: number;
  interval_seconds: number;
  tile_width: number;
  tile_height: number;
}

/** What authors send for a video item. */
export interface VideoBodyIn {
  kind: "video";
  video_id: string;
  chapters: Chapter[];
}

/** A video item as every reader gets it (author, reviewer, learner). */
export interface VideoBody {
  kind: "video";
  video_id: string;
  chapters: Chapter[];
  status: VideoStatus;
  duration_seconds: number | null;
  width: number | null;
  height: number | null;
  video_url: string | null;
  poster_url: string | null;
  thumbnails: ThumbnailSprite | null;
  captions: Caption[];
  /** The learner's stored position, in seconds. */
  resume_at: number | null;
}

/** `PUT /api/v1/content/{item_id}/position` body. */
export interface PositionIn {
  seconds: number;
}

// ---- handwritten notes ----------------------------------------------------------------------

export type DocumentStatus = "processing" | "ready" | "failed";
export type DocumentSourceType = "application/pdf" | "image";

/** One page; `width`/`height` in the page's own units (PDF points, or image pixels). */
export interface DocumentPage {
  number: number;
  width: number;
  height: number;
  image_url: string | null;
  thumbnail_url: string | null;
}

/** `POST /api/v1/handwritten/documents`, `GET /api/v1/handwritten/documents/{id}` ("Document"). */
export interface HandwrittenDocument {
  id: string;
  status: DocumentStatus;
  failure: Failure | null;
  source_type: DocumentSourceType;
  page_count: number;
  pages: DocumentPage[];
  pdf_url: string | null;
  created_at: string;
}

export interface HandwrittenBodyIn {
  kind: "handwritten";
  document_id: string;
}

export interface HandwrittenBody {
  kind: "handwritten";
  document_id: string;
  status: DocumentStatus;
  source_type: DocumentSourceType;
  page_count: number;
  pages: DocumentPage[];
  pdf_url: string | null;
}

// ---- annotations (W3C Web Annotation shaped) ------------------------------------------------

export type Motivation = "highlighting" | "commenting" | "sketching";
export type Visibility = "private" | "published";

/** `xywh=x,y,w,h` in page units. */
export interface FragmentSelector {
  type: "FragmentSelector";
  value: string;
}

/** One stroke point: x, y in page units, pressure 0..1. */
export type InkPoint = [number, number, number];

export interface InkSelector {
  type: "InkSelector";
  /** The pen's base width, in page units. */
  width: number;
  strokes: InkPoint[][];
}

export interface AnnotationTarget {
  page: number;
  selector: FragmentSelector | InkSelector;
}

export interface TextualBody {
  type: "TextualBody";
  value: string;
}

/** `PUT /api/v1/content/{item_id}/annotations/{annotation_id}` body. */
export interface AnnotationIn {
  motivation: Motivation;
  target: AnnotationTarget;
  body: TextualBody | null;
  color: string;
  visibility: Visibility;
}

export interface Annotation extends AnnotationIn {
  id: string;
  author: { id: string; name: string };
  created_at: string;
  updated_at: string;
  item_version: number;
}

/** `GET /api/v1/content/{item_id}/annotations`. */
export interface AnnotationList {
  items: Annotation[];
}

/** The contract's limits the client checks before sending. */
export const LIMITS = {
  videoMaxBytes: 2 * 1024 ** 3,
  captionMaxBytes: 1024 ** 2,
  chapterTitleMax: 120,
  chaptersMax: 100,
  commentMax: 2000,
  strokesMax: 200,
  pointsPerStrokeMax: 2000,
} as const;
