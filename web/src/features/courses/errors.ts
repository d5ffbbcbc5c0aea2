import { ApiError } from "../../api/errors";
import { errorMessage, mapApiErrors, type FormErrors } from "../../lib/error-messages";

/** What the author was doing when the server refused: the same code can mean different things. */
export type CourseAction = "details" | "items" | "publish" | "unpublish" | "delete" | "create";

const NO_LIVE_ITEMS: Record<CourseAction, string> = {
  publish: "Approve at least one item first. Learners only see approved items, so a published course needs at least one.",
  items: "A published course needs at least one approved item. Keep one in the course, or unpublish the course first.",
  details: "A published course needs at least one approved item.",
  unpublish: "A published course needs at least one approved item.",
  delete: "A published course needs at least one approved item.",
  create: "A published course needs at least one approved item.",
};

const MESSAGES: Record<string, string> = {
  mentor_not_verified: "Your mentor profile must be verified before you can publish a course. Finish your mentor application first.",
  course_item_not_owned: "A course can only hold your own content items, and some of these no longer exist. Reload and choose again.",
  unknown_subject: "That subject is no longer in the catalog. Choose another one, or none.",
  not_found: "This course doesn't exist any more, or it isn't yours.",
};

/** One sentence about a refused course change. */
export function courseErrorMessage(error: unknown, action: CourseAction): string {
  if (error instanceof ApiError) {
    if (error.code === "course_has_no_live_items") return NO_LIVE_ITEMS[action];
    if (error.code === "concurrent_modification") {
      const current = currentVersion(error);
      return `This course was changed in another tab or window meanwhile${current !== null ? ` (it is at version ${current} now)` : ""}. Nothing was overwritten. Reload to see the newest version, then make your change again.`;
    }
    const known = MESSAGES[error.code];
    if (known) return known;
    // `invalid_course` messages say exactly what to fix ("List each item at most once.").
    if (error.code === "invalid_course") return Object.values(error.fields)[0] ?? error.message;
  }
  return errorMessage(error);
}

/** Per-field messages for the details form, and one message for the rest. */
export function courseFormErrors<F extends string>(error: unknown, fields: readonly F[], action: CourseAction): FormErrors<F> {
  const mapped = mapApiErrors(error, fields);
  if (error instanceof ApiError && error.code === "invalid_course") {
    // The server's own field messages are specific ("Use at most 200 characters…").
    for (const [name, message] of Object.entries(error.fields)) {
      if ((fields as readonly string[]).includes(name)) mapped.fields[name as F] = message;
    }
  }
  if (error instanceof ApiError && error.code === "unknown_subject" && (fields as readonly string[]).includes("subject_id")) {
    mapped.fields["subject_id" as F] = MESSAGES.unknown_subject;
  }
  const matched = Object.keys(mapped.fields).length > 0;
  return { fields: mapped.fields, form: matched ? mapped.form : courseErrorMessage(error, action) };
}

/** The course's version now, as a refused change reported it. */
export function currentVersion(error: ApiError): number | null {
  const value = error.details?.current_version;
  return typeof value === "number" ? value : null;
}
