import { ApiError, NETWORK_ERROR } from "../api/errors";

/** What each stable API error code means to a person. */
const CODE_MESSAGES: Record<string, string> = {
  invalid_email: "Enter a valid e-mail address, like name@example.com.",
  weak_password: "Choose a stronger password.",
  invalid_timezone: "Choose a time zone from the list.",
  invalid_display_name: "Use 1 to 80 characters for the name.",
  email_taken: "An account with this e-mail address already exists. Try signing in instead.",
  invalid_credentials: "That e-mail address and password don't match an account.",
  session_expired: "Your session has expired. Please sign in again.",
  not_authenticated: "Please sign in to continue.",
  account_suspended:
    "This account has been suspended. Contact support if you think this is a mistake.",
  invalid_token: "This link is invalid or has expired.",
  email_already_verified: "This e-mail address is already verified. You can sign in.",
  invalid_second_factor: "That code is not right, or it was used already. Try the newest code from your app.",
  second_factor_required: "Turn on two-step verification under Settings first, then try again.",
  second_factor_code_required: "Enter a code from your authenticator app to confirm this change.",
  csrf_failed: "Your security token is out of date. Reload the page and try again.",
  rate_limited: "Too many attempts. Please wait a moment and try again.",
  forbidden: "You don't have permission to do that.",
  not_found: "We couldn't find what you were looking for.",
  cannot_modify_self: "You can't suspend, delete or demote your own account.",
  concurrent_modification: "Someone else changed this record meanwhile. Reload and try again.",
  conflict: "That conflicts with the current state. Reload and try again.",
  validation_error: "Some of the values are not valid. Check the highlighted fields.",
  invalid_input: "Some of the values are not acceptable. Check the highlighted fields.",
  payload_too_large: "That is more than we can accept in one go.",
  service_unavailable: "Mentora is temporarily unavailable. Please try again shortly.",
  mail_delivery_failed: "We couldn't send the e-mail just now. Please try again shortly.",
  internal_error: "Something went wrong on our side. Please try again.",
  // marketplace
  slug_taken: "Another entry already uses this slug. Choose a different one.",
  catalog_node_in_use: "It still has entries under it, or mentors teach it. Remove those first.",
  invalid_slug: "Use lowercase letters, digits and single hyphens, like “newtons-laws”.",
  invalid_name: "Give a name of 1 to 120 characters.",
  invalid_description: "Keep the description under 2,000 characters.",
  not_a_mentor: "Only mentor accounts have a mentor profile.",
  onboarding_incomplete: "Finish every step before submitting.",
  onboarding_locked: "Your application is under review, so it can't change until our team has decided.",
  invalid_mentor_transition: "This application was already decided or changed meanwhile. Reload to see where it stands.",
  unknown_topics: "Some of the chosen topics no longer exist. Reload the page and choose again.",
  unknown_catalog_filter: "That subject or topic isn't in the catalog any more.",
  unsupported_file_type: "This type of file isn't accepted here.",
  file_too_large: "The file is too large.",
  image_dimensions_too_large: "The image's dimensions are too large. Resize it and try again.",
  empty_file: "The file is empty.",
  link_expired: "This download link has expired. Open it again from the page.",
  upload_aborted: "The upload was cancelled.",
  overlapping_availability_windows: "Some hours on the same day overlap.",
  invalid_availability_window: "Some hours don't end after they start.",
  too_many_availability_windows: "Use at most 20 time windows per day.",
  invalid_availability_override: "Each date can have only one exception.",
  invalid_session_length: "Session lengths are 15 to 240 minutes, in steps of 15.",
  invalid_availability_rules: "Some booking rules are out of range.",
  invalid_booking_policy: "Some booking terms are out of range.",
  invalid_month: "Choose a month from the list.",
  [NETWORK_ERROR]: "We couldn't reach Mentora. Check your connection and try again.",
};

/** Codes whose server message is already specific and written for people. */
const SPECIFIC_SERVER_MESSAGES = new Set(["weak_password", "invalid_input", "conflict", "file_too_large"]);

/** Codes whose per-field messages from the server already say exactly what to fix. */
const SPECIFIC_FIELD_MESSAGES = new Set(["invalid_mentor_profile", "invalid_availability_rules", "invalid_booking_policy"]);

function minutes(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}

/** One sentence for a whole failure: toasts, banners, form-level errors. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return CODE_MESSAGES.internal_error ?? "Something went wrong.";
  if (error.code === "rate_limited" && error.retryAfterSeconds != null) {
    return `Too many attempts. Please try again in ${minutes(error.retryAfterSeconds)}.`;
  }
  if (SPECIFIC_SERVER_MESSAGES.has(error.code) && error.message) return error.message;
  const reason = error.code === "account_suspended" ? error.details?.reason : undefined;
  if (typeof reason === "string" && reason) return `${CODE_MESSAGES.account_suspended} Reason: ${reason}`;
  return CODE_MESSAGES[error.code] ?? error.message ?? CODE_MESSAGES.internal_error ?? "";
}

/** The message to show next to one field the server complained about. */
export function fieldMessage(code: string, field: string, serverMessage: string): string {
  if (code === "validation_error") {
    // Decoding errors ("Expected `str` of length >= 1") are for developers; say it plainly.
    if (/length >= 1\b/.test(serverMessage)) return "This field is required.";
    const max = /length <= (\d+)/.exec(serverMessage);
    if (max) return `Use at most ${max[1]} characters.`;
    return "This value isn't valid.";
  }
  if (code === "invalid_credentials" && field === "current_password") {
    return "Your current password is incorrect.";
  }
  if ((SPECIFIC_SERVER_MESSAGES.has(code) || SPECIFIC_FIELD_MESSAGES.has(code)) && serverMessage) return serverMessage;
  return CODE_MESSAGES[code] ?? (serverMessage || "This value isn't valid.");
}

export interface FormErrors<F extends string> {
  fields: Partial<Record<F, string>>;
  form: string | null;
}

/**
 * Splits an API failure into messages for the form's own fields and one form-level message for
 * everything else (a field the form doesn't show, or an error about no field at all).
 */
export function mapApiErrors<F extends string>(
  error: unknown,
  formFields: readonly F[],
): FormErrors<F> {
  if (!(error instanceof ApiError)) return { fields: {}, form: errorMessage(error) };
  const fields: Partial<Record<F, string>> = {};
  const leftovers: string[] = [];
  for (const [name, message] of Object.entries(error.fields)) {
    const human = fieldMessage(error.code, name, message);
    if ((formFields as readonly string[]).includes(name)) fields[name as F] = human;
    else leftovers.push(human);
  }
  const matched = Object.keys(fields).length > 0;
  const form = matched ? (leftovers[0] ?? null) : errorMessage(error);
  return { fields, form };
}
