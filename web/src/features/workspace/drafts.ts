/** The editing state of one item, per kind, and the API body it becomes. */
import type { ContentKind, ContentSave } from "../../api/content";
import { isEmptyHtml, MAX_HTML } from "../editor/html";
import { emptyQuestion, questionBody, questionDraftFrom, type QuestionDraft } from "./question";
import { checkSimulationUrl } from "../content/simulation";

export type Draft =
  | { kind: "note"; html: string }
  | { kind: "question"; question: QuestionDraft }
  | { kind: "simulation"; url: string; title: string }
  | { kind: "video"; video_id: string | null; chapters: { start: number; title: string }[] }
  | { kind: "handwritten"; document_id: string | null };

/** Field names as the server reports them in `details.fields`. */
export const CONTENT_FIELDS = [
  "title",
  "change_summary",
  "topic_id",
  "body.html",
  "body.type",
  "body.prompt",
  "body.explanation",
  "body.choices",
  "body.correct",
  "body.answer",
  "body.tolerance",
  "body.unit",
  "body.accepted",
  "body.case_sensitive",
  "body.hints",
  "body.url",
  "body.title",
  "body.video_id",
  "body.chapters",
  "body.document_id",
] as const;

export type ContentField = (typeof CONTENT_FIELDS)[number];
export type ContentErrors = Partial<Record<ContentField, string>>;

export const MAX_TITLE = 200;
export const MAX_SUMMARY = 200;

export function emptyDraft(kind: ContentKind): Draft {
  switch (kind) {
    case "note":
      return { kind, html: "" };
    case "question":
      return { kind, question: emptyQuestion() };
    case "simulation":
      return { kind, url: "", title: "" };
    case "video":
      return { kind, video_id: null, chapters: [] };
    case "handwritten":
      return { kind, document_id: null };
  }
}

/** The form state for a stored version's body. */
export function draftFrom(kind: ContentKind, body: Record<string, unknown>): Draft {
  switch (kind) {
    case "note":
      return { kind, html: typeof body.html === "string" ? body.html : "" };
    case "question":
      return { kind, question: questionDraftFrom(body) };
    case "simulation":
      return { kind, url: typeof body.url === "string" ? body.url : "", title: typeof body.title === "string" ? body.title : "" };
    case "video":
      return { kind, video_id: typeof body.video_id === "string" ? body.video_id : null, chapters: chaptersFrom(body.chapters) };
    case "handwritten":
      return { kind, document_id: typeof body.document_id === "string" ? body.document_id : null };
  }
}

function chaptersFrom(value: unknown): { start: number; title: string }[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    if (typeof entry !== "object" || entry === null) return [];
    const { start, title } = entry as { start?: unknown; title?: unknown };
    return typeof start === "number" && typeof title === "string" ? [{ start, title }] : [];
  });
}

/**
 * The body to send, or the fields to fix first. A simulation without its own screen-reader name
 * borrows the item's title.
 */
export function bodyFrom(draft: Draft, itemTitle = ""): { body: ContentSave["body"]; errors?: undefined } | { body?: undefined; errors: ContentErrors } {
  switch (draft.kind) {
    case "note": {
      if (isEmptyHtml(draft.html)) return { errors: { "body.html": "Write the lesson text." } };
      if (draft.html.length > MAX_HTML) return { errors: { "body.html": "This text is too long to save. Split it into several notes." } };
      return { body: { kind: "note", html: draft.html } };
    }
    case "question": {
      const result = questionBody(draft.question);
      return result.body ? { body: { kind: "question", ...result.body } } : { errors: result.errors };
    }
    case "simulation": {
      const errors: ContentErrors = {};
      const check = checkSimulationUrl(draft.url);
      if (!check.ok) errors["body.url"] = check.message;
      const title = (draft.title.trim() ? draft.title : itemTitle).replace(/\s+/g, " ").trim();
      if (!title) errors["body.title"] = "Name the simulation for screen-reader users.";
      else if (title.length > MAX_TITLE) errors["body.title"] = `Use at most ${MAX_TITLE} characters.`;
      if (!check.ok || errors["body.title"]) return { errors };
      return { body: { kind: "simulation", url: check.url, title } };
    }
    case "video": {
      if (!draft.video_id) return { errors: { "body.video_id": "Upload the lesson's video." } };
      return { body: { kind: "video", video_id: draft.video_id, chapters: draft.chapters } };
    }
    case "handwritten": {
      if (!draft.document_id) return { errors: { "body.document_id": "Upload the notes: one PDF or the photos of the pages." } };
      return { body: { kind: "handwritten", document_id: draft.document_id } };
    }
  }
}

export function titleProblem(title: string): string | null {
  const clean = title.replace(/\s+/g, " ").trim();
  if (!clean) return "Give it a title learners will recognise.";
  if (clean.length > MAX_TITLE) return `Use at most ${MAX_TITLE} characters.`;
  return null;
}

/** A stable fingerprint of the editable state, to tell whether anything changed. */
export function fingerprint(title: string, draft: Draft): string {
  return JSON.stringify([title, draft]);
}
