import type { SearchHit, SearchQuery } from "../../api/search";
import type { Role } from "../../api/types";
import { formatClock } from "../media/media-time";

export const SEARCH_PAGE_SIZE = 20;
export const MAX_QUERY_LENGTH = 200;

export const KINDS = ["note", "question", "simulation", "video", "handwritten"] as const;
export type SearchKind = (typeof KINDS)[number];

export const KIND_SECTIONS: Record<SearchKind, { title: string; one: string; many: string }> = {
  note: { title: "Notes", one: "note", many: "notes" },
  question: { title: "Questions", one: "question", many: "questions" },
  simulation: { title: "Simulations", one: "simulation", many: "simulations" },
  video: { title: "Videos", one: "video", many: "videos" },
  handwritten: { title: "Handwritten notes", one: "set of handwritten notes", many: "sets of handwritten notes" },
};

export function isSearchKind(value: string): value is SearchKind {
  return (KINDS as readonly string[]).includes(value);
}

/** Everything the results page keeps in its address. */
export interface SearchFilters {
  q: string;
  kinds: SearchKind[];
  subject: string;
  /** Not offered as controls, but honoured when a link sets them. */
  topic: string;
  mentor: string;
  /** `scope=workspace`: mentors see their own items in any state, admins everything. */
  workspace: boolean;
  page: number;
}

export function filtersFromParams(params: URLSearchParams): SearchFilters {
  const page = Number.parseInt(params.get("page") ?? "", 10);
  const kinds = KINDS.filter((kind) => params.getAll("kind").includes(kind));
  return {
    q: (params.get("q") ?? "").slice(0, MAX_QUERY_LENGTH),
    kinds,
    subject: params.get("subject") ?? "",
    topic: params.get("topic") ?? "",
    mentor: params.get("mentor") ?? "",
    workspace: params.get("scope") === "workspace",
    page: Number.isFinite(page) && page > 1 ? Math.min(page, 10_000) : 1,
  };
}

/** The address for these filters; defaults are left out so links stay short. */
export function paramsFromFilters(filters: SearchFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  for (const kind of KINDS) if (filters.kinds.includes(kind)) params.append("kind", kind);
  if (filters.subject) params.set("subject", filters.subject);
  if (filters.topic) params.set("topic", filters.topic);
  if (filters.mentor) params.set("mentor", filters.mentor);
  if (filters.workspace) params.set("scope", "workspace");
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

/** Applies a change; any change other than the page goes back to the first page. */
export function withFilters(params: URLSearchParams, change: Partial<SearchFilters>): URLSearchParams {
  const current = filtersFromParams(params);
  const next: SearchFilters = { ...current, ...change, page: change.page ?? 1 };
  return paramsFromFilters(next);
}

export function canSearchWorkspace(role: Role | undefined): boolean {
  return role === "mentor" || role === "admin";
}

/** The server refuses a search with neither words nor a filter (`search_query_required`). */
export function hasCriteria(filters: SearchFilters): boolean {
  return Boolean(filters.q.trim() || filters.kinds.length || filters.subject || filters.topic || filters.mentor);
}

export function hasFilters(filters: SearchFilters): boolean {
  return Boolean(filters.kinds.length || filters.subject || filters.topic || filters.mentor);
}

/** The request for these filters; `scope=workspace` only for accounts that may use it. */
export function toSearchQuery(filters: SearchFilters, role: Role | undefined): SearchQuery {
  const query: SearchQuery = { page: filters.page, page_size: SEARCH_PAGE_SIZE };
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.kinds.length) query.kind = [...filters.kinds];
  if (filters.subject) query.subject = filters.subject;
  if (filters.topic) query.topic = filters.topic;
  if (filters.mentor) query.mentor = filters.mentor;
  if (filters.workspace && canSearchWorkspace(role)) query.scope = "workspace";
  return query;
}

export interface KindGroup {
  kind: string;
  title: string;
  hits: SearchHit[];
}

/** This page's hits by kind (notes, questions, simulations, then any newer kind), best first within each. */
export function groupByKind(hits: readonly SearchHit[]): KindGroup[] {
  const groups = new Map<string, SearchHit[]>();
  for (const kind of KINDS) groups.set(kind, []);
  for (const hit of hits) {
    const list = groups.get(hit.kind);
    if (list) list.push(hit);
    else groups.set(hit.kind, [hit]);
  }
  return [...groups.entries()]
    .filter(([, list]) => list.length > 0)
    .map(([kind, list]) => ({
      kind,
      title: isSearchKind(kind) ? KIND_SECTIONS[kind].title : `${kind.charAt(0).toUpperCase()}${kind.slice(1)}s`,
      hits: list,
    }));
}

/**
 * Where a hit opens: the lesson for live content; a workspace item that isn't live opens in the
 * owner's editor, or in the review screen for admins.
 */
export function hitHref(hit: SearchHit, role: Role | undefined): string {
  if (!hit.is_live && hit.status !== null) {
    return role === "admin" ? `/admin/content/${hit.item_id}` : `/mentor/content/${hit.item_id}`;
  }
  const at = hit.at_seconds == null ? "" : `#t=${Math.floor(hit.at_seconds)}`;
  return `/learn/${encodeURIComponent(hit.subject.slug)}/${encodeURIComponent(hit.topic.slug)}/${hit.item_id}${at}`;
}

/** "at 1:05" for a video hit found in what is said; null for every other hit. */
export function hitMoment(hit: SearchHit): string | null {
  return hit.at_seconds == null ? null : `at ${formatClock(hit.at_seconds)}`;
}

/** Where the owner (or an admin) manages a live item that the workspace search returned. */
export function manageHref(hit: SearchHit, role: Role | undefined): string | null {
  if (!hit.is_live || hit.status === null || !canSearchWorkspace(role)) return null;
  return role === "admin" ? `/admin/content/${hit.item_id}` : `/mentor/content/${hit.item_id}`;
}

const numberFormat = new Intl.NumberFormat("en");

/** "1 result", "24 results", "1,000+ results" when the server stopped counting. */
export function resultCount(total: number, exact: boolean): string {
  if (!exact) return `${numberFormat.format(total)}+ results`;
  return `${numberFormat.format(total)} result${total === 1 ? "" : "s"}`;
}
