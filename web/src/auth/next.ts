import type { SessionEndReason } from "../api/session-events";

export const DEFAULT_HOME = "/dashboard";

/** Only same-origin paths are followed after sign-in ("/x", never "//evil.example" or "https:"). */
export function safeNext(raw: string | null | undefined, fallback = DEFAULT_HOME): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//") || raw.startsWith("/\\")) return fallback;
  if ([...raw].some((c) => c.charCodeAt(0) < 32)) return fallback; // a header split or a hidden tab
  if (/^\/(login|logout|register|verify-email)(\/|\?|$)/.test(raw)) return fallback;
  return raw;
}

/** `path` (a sign-in or sign-up screen) carrying `next` along, when `next` is safe to follow. */
export function withNext(path: string, next: string | null | undefined): string {
  if (!next || safeNext(next, "") === "") return path;
  return `${path}?${new URLSearchParams({ next }).toString()}`;
}

// The confirmation link arrives by e-mail, without `next`: the page a visitor signed up from is
// kept in this browser until they verify their address (a day at most).
const REMEMBERED = "mentora.next";
const REMEMBER_FOR_MS = 24 * 60 * 60 * 1000;

export function rememberNext(next: string | null | undefined): void {
  try {
    if (next && safeNext(next, "") !== "") {
      localStorage.setItem(REMEMBERED, JSON.stringify({ next, at: Date.now() }));
    } else {
      localStorage.removeItem(REMEMBERED);
    }
  } catch {
    // Storage can be unavailable (private mode, quota): the visitor lands on the default page.
  }
}

/** The page remembered at sign-up, if any and still fresh; it is forgotten once read. */
export function takeRememberedNext(): string | null {
  try {
    const raw = localStorage.getItem(REMEMBERED);
    localStorage.removeItem(REMEMBERED);
    if (!raw) return null;
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return null;
    const { next, at } = value as { next?: unknown; at?: unknown };
    if (typeof next !== "string" || typeof at !== "number" || Date.now() - at > REMEMBER_FOR_MS) return null;
    return safeNext(next, "") || null;
  } catch {
    return null;
  }
}

export type LoginReason = SessionEndReason | "signed_out";

export function loginPath(next?: string | null, reason?: LoginReason | null): string {
  const params = new URLSearchParams();
  if (next && safeNext(next, "") !== "") params.set("next", next);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}
