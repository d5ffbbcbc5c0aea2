/**
 * The HTTP shapes of issue #14 (video lessons, handwritten notes) for the media client: aliases
 * of the generated OpenAPI schema, so a backend change shows up here as a compile error. Keep
 * every other file in `features/media` importing shapes from here, never from `api/schema`.
 */
import type { components } from "../../api/schema";

type Schemas = components["schemas"];

// ---- video uploads --------------------------------------------------------------------------

export type VideoUpload = Schemas["VideoUploadOut"];
export type VideoUploadStatus = VideoUpload["status"];
/** A part the server already has (how a client resumes). */
export type UploadedPart = Schemas["PartOut"];
export type VideoUploadIn = Schemas["VideoUploadIn"];
/** Where to PUT one part. */
export type PartTarget = Schemas["PartTargetOut"];
export type CompleteUploadIn = Schemas["CompleteUploadIn"];

// ---- videos ---------------------------------------------------------------------------------

export type Video = Schemas["VideoOut"];
export type VideoStatus = Video["status"];
export type Failure = Schemas["FailureOut"];
export type Caption = Schemas["CaptionOut"];
export type Chapter = Schemas["VideoChapter"];
/** The preview sprite: `columns` x `rows` tiles, one every `interval_seconds`. */
export type ThumbnailSprite = Schemas["ThumbnailsOut"];
/** What authors send for a video item. */
export type VideoBodyIn = Schemas["VideoIn"];
/** A video item as every reader gets it (author, reviewer, learner). */
export type VideoBody = Schemas["VideoBody"];
export type PositionIn = Schemas["PositionIn"];

// ---- handwritten notes ----------------------------------------------------------------------

/** The contract's "Document". */
export type HandwrittenDocument = Schemas["HandwrittenDocumentOut"];
export type DocumentStatus = HandwrittenDocument["status"];
export type DocumentSourceType = HandwrittenDocument["source_type"];
/** One page; `width`/`height` in the page's own units (PDF points, or image pixels). */
export type DocumentPage = Schemas["HandwrittenPageOut"];
export type HandwrittenBodyIn = Schemas["HandwrittenIn"];
export type HandwrittenBody = Schemas["HandwrittenBody"];

// ---- annotations (W3C Web Annotation shaped) ------------------------------------------------

export type AnnotationIn = Schemas["AnnotationIn"];
export type Annotation = Schemas["AnnotationOut"];
export type AnnotationList = Schemas["AnnotationListOut"];
export type AnnotationTarget = Schemas["AnnotationTarget"];
export type Motivation = AnnotationIn["motivation"];
export type Visibility = AnnotationIn["visibility"];
export type FragmentSelector = Schemas["FragmentSelector"];
export type InkSelector = Schemas["InkSelector"];
export type TextualBody = Schemas["TextualBody"];

/** An annotation as shared in a forum post or chat message: a snapshot and its page's region. */
export type SharedAnnotation = Schemas["SharedAnnotationOut"];

// ---- client-only ----------------------------------------------------------------------------

/**
 * One stroke point: x, y in page units, pressure 0..1. The schema types a stroke as `number[]`
 * (JSON Schema has no fixed-length arrays here); the client builds and reads triples.
 */
export type InkPoint = [number, number, number];

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
