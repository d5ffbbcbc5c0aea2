import { vi } from "vitest";
import type { ErrorBody, Me } from "../api/types";

export interface Call {
  method: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

export function apiError(status: number, code: string, message = "…", details: ErrorBody["details"] = null): Response {
  return json({ code, message, details, request_id: "req-1" } satisfies ErrorBody, status);
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

/** Asked by every screen: the optional features stay off, as they are by default, unless a test routes it. */
const DEFAULT_ROUTES: Record<string, Handler> = {
  "GET /api/v1/platform/features": () => json({ group_sessions: false }),
};

/**
 * Stubs `fetch` with a tiny router: `"GET /api/v1/me": () => json(...)`. Unrouted requests
 * fail the test loudly. Returns the recorded calls.
 */
export function mockApi(routes: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: Request) => {
      const url = new URL(input.url);
      const text = await input.text();
      const call: Call = {
        method: input.method,
        path: url.pathname,
        search: url.searchParams,
        headers: input.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      calls.push(call);
      const handler = routes[`${input.method} ${url.pathname}`] ?? DEFAULT_ROUTES[`${input.method} ${url.pathname}`];
      if (!handler) throw new Error(`Unexpected request: ${input.method} ${url.pathname}`);
      return handler(call);
    }),
  );
  return calls;
}

export function makeUser(overrides: Partial<Me> = {}): Me {
  return {
    id: "5f0c6d1e-8c1b-4d36-9a57-0d7b1c9c2a11",
    email: "ada@example.org",
    display_name: "Ada Lovelace",
    role: "student",
    status: "active",
    email_verified: true,
    second_factor_enabled: false,
    timezone: "Europe/London",
    created_at: "2025-01-15T10:00:00Z",
    ...overrides,
  };
}
