import type { SessionEndReason } from "../api/session-events";

export const DEFAULT_HOME = "/dashboard";

/** Only same-origin paths are followed after sign-in ("/x", never "//evil.example" or "https:"). */
export function safeNext(raw: string | null | undefined, fallback = DEFAULT_HOME): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if (/^\/(login|logout|register)(\/|\?|$)/.test(raw)) return fallback;
  return raw;
}

export type LoginReason = SessionEndReason | "signed_out";

export function loginPath(next?: string | null, reason?: LoginReason | null): string {
  const params = new URLSearchParams();
  if (next && safeNext(next, "") !== "") params.set("next", next);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}
