import { describe, expect, it, vi } from "vitest";
import { createApiClient } from "./client";
import { readCookie, readCsrfToken } from "./csrf";
import type { SessionEnded } from "./session-events";

function recordingFetch(response: () => Response = () => new Response(null, { status: 204 })) {
  const requests: Request[] = [];
  const fetch = vi.fn((request: Request) => {
    requests.push(request);
    return Promise.resolve(response());
  });
  return { fetch, requests };
}

const json = (body: unknown, status: number) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("CSRF middleware", () => {
  it("echoes the CSRF cookie in X-CSRF-Token on unsafe methods", async () => {
    document.cookie = "edu_csrf=token-123; path=/";
    const { fetch, requests } = recordingFetch();
    const api = createApiClient({ baseUrl: "http://localhost", fetch });

    await api.POST("/api/v1/auth/logout");
    await api.PATCH("/api/v1/me", { body: { timezone: "Europe/Berlin" } });
    await api.DELETE("/api/v1/admin/users/{user_id}", { params: { path: { user_id: "u1" } } });

    expect(requests.map((r) => [r.method, r.headers.get("X-CSRF-Token")])).toEqual([
      ["POST", "token-123"],
      ["PATCH", "token-123"],
      ["DELETE", "token-123"],
    ]);
  });

  it("leaves safe methods alone", async () => {
    document.cookie = "edu_csrf=token-123; path=/";
    const { fetch, requests } = recordingFetch(() => json({}, 200));
    const api = createApiClient({ baseUrl: "http://localhost", fetch });
    await api.GET("/api/v1/me");
    expect(requests[0]?.headers.has("X-CSRF-Token")).toBe(false);
  });

  it("reads the cookie at request time, not when the client was made", async () => {
    const { fetch, requests } = recordingFetch();
    const api = createApiClient({ baseUrl: "http://localhost", fetch });
    await api.POST("/api/v1/auth/logout");
    document.cookie = "edu_csrf=fresh; path=/";
    await api.POST("/api/v1/auth/logout");
    expect(requests[0]?.headers.has("X-CSRF-Token")).toBe(false);
    expect(requests[1]?.headers.get("X-CSRF-Token")).toBe("fresh");
  });

  it("prefers the __Host- cookie used over HTTPS", () => {
    expect(readCsrfToken("edu_csrf=plain; __Host-edu_csrf=secure")).toBe("secure");
    expect(readCsrfToken("other=1; edu_csrf=plain")).toBe("plain");
    expect(readCsrfToken("other=1")).toBeNull();
    expect(readCookie("a", "a=x%20y")).toBe("x y");
  });

  it("sends the same-origin credentials mode", async () => {
    const { fetch, requests } = recordingFetch(() => json({}, 200));
    const api = createApiClient({ baseUrl: "http://localhost", fetch });
    await api.GET("/api/v1/me");
    expect(requests[0]?.credentials).toBe("same-origin");
  });
});

describe("session middleware", () => {
  async function call(path: "/api/v1/me" | "/api/v1/auth/login" | "/api/v1/auth/password/change", status: number, code: string) {
    const events: SessionEnded[] = [];
    const api = createApiClient({
      baseUrl: "http://localhost",
      fetch: () => Promise.resolve(json({ code, message: "…" }, status)),
      onSessionEnded: (event) => events.push(event),
    });
    if (path === "/api/v1/me") await api.GET(path);
    else if (path === "/api/v1/auth/login") await api.POST(path, { body: { email: "a@b.co", password: "x", mode: "cookie", remember: false } });
    else await api.POST(path, { body: { current_password: "x", new_password: "y" } });
    return events;
  }

  it("reports an expired session", async () => {
    expect(await call("/api/v1/me", 401, "session_expired")).toEqual([{ reason: "expired", code: "session_expired" }]);
  });

  it("reports a suspension", async () => {
    expect(await call("/api/v1/me", 401, "account_suspended")).toEqual([{ reason: "suspended", code: "account_suspended" }]);
  });

  it("ignores a wrong password, which is not the end of a session", async () => {
    expect(await call("/api/v1/auth/password/change", 401, "invalid_credentials")).toEqual([]);
  });

  it("ignores the sign-in endpoint's own refusals", async () => {
    expect(await call("/api/v1/auth/login", 401, "account_suspended")).toEqual([]);
  });

  it("ignores other statuses", async () => {
    expect(await call("/api/v1/me", 403, "forbidden")).toEqual([]);
  });
});
