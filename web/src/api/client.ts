import createClient, { type Client, type Middleware } from "openapi-fetch";
import { CSRF_HEADER, readCsrfToken, UNSAFE_METHODS } from "./csrf";
import type { paths } from "./schema";
import { sessionEndReason, sessionEvents, type SessionEnded } from "./session-events";

export type ApiClient = Client<paths>;

/** Adds `X-CSRF-Token` to every unsafe request, taken from the CSRF cookie at request time. */
export function csrfMiddleware(readToken: () => string | null = () => readCsrfToken()): Middleware {
  return {
    onRequest({ request }) {
      if (UNSAFE_METHODS.has(request.method.toUpperCase()) && !request.headers.has(CSRF_HEADER)) {
        const token = readToken();
        if (token) request.headers.set(CSRF_HEADER, token);
      }
      return request;
    },
  };
}

/** Endpoints whose 401 is an answer about the credentials just typed, not about the session. */
const CREDENTIAL_ENDPOINTS = ["/api/v1/auth/login", "/api/v1/auth/refresh"];

/** Reports a lost session (expired, revoked, suspended) seen on any response. */
export function sessionMiddleware(
  onSessionEnded: (event: SessionEnded) => void = (event) => sessionEvents.emit(event),
): Middleware {
  return {
    async onResponse({ request, response }) {
      if (response.status !== 401) return undefined;
      const path = new URL(request.url).pathname;
      if (CREDENTIAL_ENDPOINTS.some((endpoint) => path === endpoint)) return undefined;
      let code: string | undefined;
      try {
        const body = (await response.clone().json()) as { code?: unknown };
        code = typeof body.code === "string" ? body.code : undefined;
      } catch {
        code = undefined;
      }
      const reason = sessionEndReason(code);
      if (reason && code) onSessionEnded({ reason, code });
      return undefined;
    },
  };
}

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: (request: Request) => Promise<Response>;
  readCsrfToken?: () => string | null;
  onSessionEnded?: (event: SessionEnded) => void;
}

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const client = createClient<paths>({
    // No window when pages are prerendered at build time (src/app/prerender.tsx); no call is made there.
    baseUrl: options.baseUrl ?? (typeof window === "undefined" ? "" : window.location.origin),
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    // Resolved per call (not at start-up) so the page's current fetch is always the one used.
    fetch: options.fetch ?? ((request: Request) => globalThis.fetch(request)),
  });
  client.use(csrfMiddleware(options.readCsrfToken));
  client.use(sessionMiddleware(options.onSessionEnded));
  return client;
}

/** The application's client: same origin, cookie session. */
export const api: ApiClient = createApiClient();
