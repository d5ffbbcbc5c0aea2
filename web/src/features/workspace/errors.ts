import { ApiError } from "../../api/errors";
import { errorMessage, mapApiErrors } from "../../lib/error-messages";
import { CONTENT_FIELDS, type ContentErrors } from "./drafts";
import { SIMULATION_HOST_MESSAGE } from "../content/simulation";

const CONTENT_MESSAGES: Record<string, string> = {
  content_under_review: "This item is waiting for review. It can change again once the reviewer has decided.",
  invalid_content_transition: "Only drafts and items with requested changes can be sent for review. Edit an approved item first.",
  mentor_not_verified: "Only verified mentors can send content for review. Finish your mentor application first.",
  unknown_topic: "That topic is no longer in the catalog. Choose another one.",
  not_found: "This item doesn't exist, or it isn't yours.",
  unknown_content_kind: "This kind of content doesn't exist.",
};

/** Server messages that already say exactly what to fix. */
const SPECIFIC = new Set([
  "invalid_content",
  "simulation_host_not_allowed",
  "concurrent_modification",
  "video_not_ready",
  "video_not_found",
  "invalid_chapters",
  "handwritten_document_not_ready",
  "handwritten_document_not_found",
]);

/** One sentence about a failed content call. */
export function contentErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "simulation_host_not_allowed") return error.message || SIMULATION_HOST_MESSAGE;
    if (SPECIFIC.has(error.code) && error.message) return error.message;
    const known = CONTENT_MESSAGES[error.code];
    if (known) return known;
  }
  return errorMessage(error);
}

/** Per-field messages for the form, and one message for the rest. */
export function contentFormErrors(error: unknown): { fields: ContentErrors; form: string | null } {
  const mapped = mapApiErrors(error, CONTENT_FIELDS);
  const fields: ContentErrors = { ...mapped.fields };
  if (error instanceof ApiError && error.code === "simulation_host_not_allowed") {
    fields["body.url"] = error.message || SIMULATION_HOST_MESSAGE;
  }
  const matched = Object.keys(fields).length > 0;
  return { fields, form: matched ? mapped.form : contentErrorMessage(error) };
}
