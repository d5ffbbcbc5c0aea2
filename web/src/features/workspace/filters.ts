import type { MyContentQuery } from "../../api/content";
import { isKind } from "../content/kinds";
import { STATUS_OPTIONS } from "./status";

export const PAGE_SIZE = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type FilterKey = "status" | "kind" | "topic" | "page";

/** The list query a workspace URL describes; anything malformed is ignored rather than sent. */
export function contentQueryFromParams(params: URLSearchParams): MyContentQuery {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const query: MyContentQuery = { page: Number.isFinite(page) && page >= 1 ? page : 1, page_size: PAGE_SIZE };
  const status = STATUS_OPTIONS.find((option) => option === params.get("status"));
  if (status) query.status = status;
  const kind = params.get("kind");
  if (isKind(kind)) query.kind = kind;
  const topic = params.get("topic");
  if (topic && UUID.test(topic)) query.topic_id = topic;
  return query;
}

/** Sets or clears one filter; any filter change goes back to page 1. */
export function withContentFilter(params: URLSearchParams, key: FilterKey, value: string | number | null): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value === null || value === "" || (key === "page" && value === 1)) next.delete(key);
  else next.set(key, String(value));
  if (key !== "page") next.delete("page");
  return next;
}
