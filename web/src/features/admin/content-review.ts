import type { BadgeTone } from "../../components/ui/Badge";
import type { ReviewKind, ReviewQueueQuery, ReviewStatus, ReviewSummary } from "../../api/moderation";
import { KIND_LABELS, KIND_OPTIONS as CONTENT_KINDS } from "../content/kinds";

export const REVIEW_PAGE_SIZE = 20;
const DAY_MS = 24 * 3600 * 1000;

export const REVIEW_TABS: ReadonlyArray<{ status: ReviewStatus; label: string; empty: string; emptyText: string }> = [
  { status: "pending", label: "To review", empty: "You're all caught up", emptyText: "Items appear here as soon as mentors send them for review." },
  { status: "rejected", label: "Sent back", empty: "Nothing sent back", emptyText: "Items you send back appear here until the mentor submits them again." },
  { status: "approved", label: "Published", empty: "Nothing published yet", emptyText: "Items you approve appear here." },
];

export const STATUS_LABELS: Record<ReviewStatus, string> = {
  draft: "Draft",
  pending: "Waiting for review",
  approved: "Published",
  rejected: "Sent back",
};

export const STATUS_TONES: Record<ReviewStatus, BadgeTone> = {
  draft: "neutral",
  pending: "warning",
  approved: "success",
  rejected: "danger",
};

export const KIND_OPTIONS: ReadonlyArray<{ value: ReviewKind; label: string }> = CONTENT_KINDS.map((value) => ({
  value,
  label: `${KIND_LABELS[value]}s`,
}));

/** Waiting-time filters (the server keeps items submitted at least this many days ago). */
export const AGE_OPTIONS: ReadonlyArray<{ days: number; label: string }> = [
  { days: 1, label: "More than a day" },
  { days: 3, label: "More than 3 days" },
  { days: 7, label: "More than a week" },
];

export interface ReviewFilters {
  status: ReviewStatus;
  kind: ReviewKind | "";
  /** Subject and topic slugs (the API takes a slug or an id). */
  subject: string;
  topic: string;
  mentor: string;
  /** Only items waiting at least this many days (pending items only); 0 for any. */
  age: number;
  page: number;
}

export type ReviewFilterKey = Exclude<keyof ReviewFilters, "status">;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REF = /^[A-Za-z0-9-]{1,80}$/;

/** The queue a console URL describes; anything malformed is ignored rather than sent. */
export function reviewFiltersFromParams(params: URLSearchParams): ReviewFilters {
  const status = REVIEW_TABS.find((tab) => tab.status === params.get("status"))?.status ?? "pending";
  const kind = KIND_OPTIONS.find((option) => option.value === params.get("kind"))?.value ?? "";
  const ref = (name: string) => {
    const value = params.get(name)?.trim() ?? "";
    return REF.test(value) ? value : "";
  };
  const mentor = params.get("mentor") ?? "";
  const age = Number.parseInt(params.get("age") ?? "", 10);
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return {
    status,
    kind,
    subject: ref("subject"),
    topic: ref("topic"),
    mentor: UUID.test(mentor) ? mentor : "",
    age: status === "pending" && AGE_OPTIONS.some((option) => option.days === age) ? age : 0,
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

export function queueQuery(filters: ReviewFilters): ReviewQueueQuery {
  const query: ReviewQueueQuery = { status: filters.status, page: filters.page, page_size: REVIEW_PAGE_SIZE };
  if (filters.kind) query.kind = filters.kind;
  if (filters.subject) query.subject = filters.subject;
  if (filters.topic) query.topic = filters.topic;
  if (filters.mentor) query.mentor = filters.mentor;
  if (filters.age) query.waiting_days = filters.age;
  return query;
}

/** Sets or clears one filter; any filter change goes back to page 1. */
export function withReviewFilter(params: URLSearchParams, key: ReviewFilterKey | "status", value: string | number | null): URLSearchParams {
  const next = new URLSearchParams(params);
  const empty = value === null || value === "" || value === 0 || (key === "page" && value === 1) || (key === "status" && value === "pending");
  if (empty) next.delete(key);
  else next.set(key, String(value));
  if (key !== "page") next.delete("page");
  // A topic belongs to one subject: changing the subject forgets it. Age applies to the queue only.
  if (key === "subject") next.delete("topic");
  if (key === "status") next.delete("age");
  return next;
}

export function hasReviewFilters(filters: ReviewFilters): boolean {
  return Boolean(filters.kind || filters.subject || filters.topic || filters.mentor || filters.age);
}

export function waitingDays(item: Pick<ReviewSummary, "submitted_at">, now: Date): number | null {
  if (!item.submitted_at) return null;
  const at = new Date(item.submitted_at).getTime();
  return Number.isNaN(at) ? null : (now.getTime() - at) / DAY_MS;
}

/** How urgent a wait is: a neutral day or two, then amber, then red after a week. */
export function waitingTone(days: number | null): "neutral" | "warning" | "danger" {
  if (days === null || days < 3) return "neutral";
  return days < 7 ? "warning" : "danger";
}
