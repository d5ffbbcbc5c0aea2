/**
 * The thread list's filters live in the address (shareable, back-button friendly): this module
 * reads them from the query string, writes them back, and turns them into the API's query.
 */
import { THREADS_PER_PAGE, type ThreadListQuery, type ThreadSort } from "../../api/forum";

export type SolvedFilter = "" | "true" | "false";

export interface ForumFilters {
  /** A category's slug (or id, as links may carry). */
  category: string;
  /** A catalog topic's slug or id. */
  topic: string;
  /** A content item's id. */
  item: string;
  solved: SolvedFilter;
  sort: ThreadSort;
  page: number;
}

export const SORT_OPTIONS: ReadonlyArray<{ value: ThreadSort; label: string }> = [
  { value: "activity", label: "Latest activity" },
  { value: "votes", label: "Most votes" },
  { value: "unsolved", label: "Unsolved first" },
];

export const SOLVED_OPTIONS: ReadonlyArray<{ value: SolvedFilter; label: string }> = [
  { value: "", label: "All" },
  { value: "false", label: "Unsolved" },
  { value: "true", label: "Solved" },
];

const SORTS = new Set<string>(SORT_OPTIONS.map((option) => option.value));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function filtersFromParams(params: URLSearchParams): ForumFilters {
  const sort = params.get("sort") ?? "";
  const solved = params.get("solved") ?? "";
  const page = Number(params.get("page"));
  const item = params.get("item") ?? "";
  return {
    category: params.get("category") ?? "",
    topic: params.get("topic") ?? "",
    // The API takes only an id here; anything else would answer 400 for the whole list.
    item: UUID.test(item) ? item : "",
    solved: solved === "true" || solved === "false" ? solved : "",
    sort: SORTS.has(sort) ? (sort as ThreadSort) : "activity",
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** `params` with `change` applied; any change but the page's goes back to page 1. */
export function withFilters(params: URLSearchParams, change: Partial<ForumFilters>): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(change)) {
    const text = String(value ?? "");
    const isDefault = text === "" || (key === "sort" && text === "activity") || (key === "page" && text === "1");
    if (isDefault) next.delete(key);
    else next.set(key, text);
  }
  if (!("page" in change)) next.delete("page");
  return next;
}

export function toThreadQuery(filters: ForumFilters): ThreadListQuery {
  const query: ThreadListQuery = { sort: filters.sort, page: filters.page, page_size: THREADS_PER_PAGE };
  if (filters.category) query.category = filters.category;
  if (filters.topic) query.topic = filters.topic;
  if (filters.item) query.item = filters.item;
  if (filters.solved) query.solved = filters.solved === "true";
  return query;
}

/** The composer's address for a new thread in the list's current context. */
export function newThreadPath(filters: Pick<ForumFilters, "category" | "topic" | "item">): string {
  const params = new URLSearchParams();
  if (filters.category) params.set("category", filters.category);
  if (filters.topic) params.set("topic", filters.topic);
  if (filters.item) params.set("item", filters.item);
  const search = params.toString();
  return search ? `/forum/new?${search}` : "/forum/new";
}

export function threadPath(threadId: string, postNumber?: number): string {
  return `/forum/t/${threadId}${postNumber ? `#post-${postNumber}` : ""}`;
}
