/** The operations console's small rules: which tab, the searches kept in the address, and how numbers read. */
import type { AuditQuery, ErrorQuery } from "../../api/operations";

export const OPERATIONS_TABS = [
  { key: "health", label: "Health" },
  { key: "jobs", label: "Failed jobs" },
  { key: "errors", label: "Recent errors" },
  { key: "routes", label: "Slow routes" },
  { key: "audit", label: "Audit log" },
] as const;

export type OperationsTab = (typeof OPERATIONS_TABS)[number]["key"];

export function tabFrom(params: URLSearchParams): OperationsTab {
  const tab = params.get("tab");
  return OPERATIONS_TABS.find((t) => t.key === tab)?.key ?? "health";
}

/** The address of a tab: its own searches start empty. */
export function tabHref(tab: OperationsTab): string {
  return tab === "health" ? "/admin/operations" : `/admin/operations?tab=${tab}`;
}

function pageFrom(params: URLSearchParams): number {
  const page = Number(params.get("page"));
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

function text(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

export function errorQueryFrom(params: URLSearchParams): ErrorQuery {
  return { page: pageFrom(params), page_size: 20, request_id: text(params, "request_id"), route: text(params, "route") };
}

/** The audit filters as typed in the form (times as `datetime-local` values, in the browser's zone). */
export interface AuditFilters {
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  from: string;
  to: string;
}

export const AUDIT_FIELDS = ["actor_id", "action", "target_type", "target_id", "from", "to"] as const;

export function auditFiltersFrom(params: URLSearchParams): AuditFilters {
  return {
    actor_id: params.get("actor_id") ?? "",
    action: params.get("action") ?? "",
    target_type: params.get("target_type") ?? "",
    target_id: params.get("target_id") ?? "",
    from: params.get("from") ?? "",
    to: params.get("to") ?? "",
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the server would refuse, per field, said before asking. */
export function auditProblems(filters: AuditFilters): Partial<Record<keyof AuditFilters, string>> {
  const problems: Partial<Record<keyof AuditFilters, string>> = {};
  if (filters.actor_id.trim() && !UUID.test(filters.actor_id.trim())) problems.actor_id = "An actor is named by their user id (a UUID).";
  const from = filters.from ? new Date(filters.from) : null;
  const to = filters.to ? new Date(filters.to) : null;
  if (from && Number.isNaN(from.getTime())) problems.from = "Enter a date and time.";
  if (to && Number.isNaN(to.getTime())) problems.to = "Enter a date and time.";
  if (from && to && !problems.from && !problems.to && from > to) problems.to = "The end can't come before the start.";
  return problems;
}

/** The search the server is asked for: local times become instants. */
export function auditQueryFrom(params: URLSearchParams): AuditQuery {
  const filters = auditFiltersFrom(params);
  const instant = (value: string) => {
    const date = value ? new Date(value) : null;
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
  };
  return {
    page: pageFrom(params),
    page_size: 20,
    actor_id: filters.actor_id.trim() || undefined,
    action: filters.action.trim() || undefined,
    target_type: filters.target_type.trim() || undefined,
    target_id: filters.target_id.trim() || undefined,
    from: instant(filters.from),
    to: instant(filters.to),
  };
}

/** The address after a search: the tab kept, the filters given, back to the first page. */
export function withSearch(params: URLSearchParams, values: Record<string, string>): URLSearchParams {
  const next = new URLSearchParams();
  const tab = params.get("tab");
  if (tab) next.set("tab", tab);
  for (const [name, value] of Object.entries(values)) {
    if (value.trim()) next.set(name, value.trim());
  }
  return next;
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatAge(seconds: number): string {
  if (seconds < 1) return "none waiting";
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
