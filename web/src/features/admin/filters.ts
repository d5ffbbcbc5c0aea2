import type { ListUsersQuery, Role, UserStatus } from "../../api/types";

export const ROLE_OPTIONS: Role[] = ["student", "mentor", "admin"];
export const STATUS_OPTIONS: UserStatus[] = ["active", "suspended", "deleted"];
export const PAGE_SIZE = 20;

function oneOf<T extends string>(value: string | null, options: readonly T[]): T | undefined {
  return options.find((option) => option === value);
}

/** The list query a console URL describes; anything malformed is ignored rather than sent. */
export function queryFromParams(params: URLSearchParams): ListUsersQuery {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const q = params.get("q")?.trim();
  const query: ListUsersQuery = { page: Number.isFinite(page) && page >= 1 ? page : 1, page_size: PAGE_SIZE };
  if (q) query.q = q.slice(0, 200);
  const role = oneOf(params.get("role"), ROLE_OPTIONS);
  if (role) query.role = role;
  const status = oneOf(params.get("status"), STATUS_OPTIONS);
  if (status) query.status = status;
  return query;
}

/** Sets or clears one filter; any filter change goes back to page 1. */
export function withFilter(params: URLSearchParams, key: "q" | "role" | "status" | "page", value: string | number | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === null || value === "" || (key === "page" && value === 1)) next.delete(key);
  else next.set(key, String(value));
  if (key !== "page") next.delete("page");
  return next;
}
