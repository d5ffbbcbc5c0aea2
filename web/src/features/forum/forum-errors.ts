import { ApiError } from "../../api/errors";
import { errorMessage } from "../../lib/error-messages";

function waitText(seconds: number | null): string {
  if (seconds == null) return "Try again in a few minutes.";
  if (seconds < 60) return `Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  const minutes = Math.ceil(seconds / 60);
  return `Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * A forum failure in words. The forum's own codes come with messages written for people (they
 * are shown as the server wrote them); the rate limits get a sentence that says which limit.
 */
export function forumErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.code === "rate_limited") {
    return `You've reached the forum's limit for now (it keeps posting, flagging and previews at a human pace). ${waitText(error.retryAfterSeconds)}`;
  }
  return errorMessage(error);
}
