import { act, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { sessionEvents } from "../api/session-events";
import { AppRoutes } from "../app/routes";
import { apiError, json, makeUser, mockApi } from "../test/mock-api";
import { renderWithProviders } from "../test/render";
import { loginPath, safeNext } from "./next";

const page = { items: [], total: 0, page: 1, page_size: 20 };

function location() {
  return screen.getByTestId("location").textContent;
}

describe("route guards", () => {
  it("sends a visitor to sign in, remembering where they were going", async () => {
    mockApi({ "GET /api/v1/me": () => apiError(401, "not_authenticated") });
    renderWithProviders(<AppRoutes />, { route: "/admin/users?role=mentor" });
    await waitFor(() => expect(location()).toBe("/login?next=%2Fadmin%2Fusers%3Frole%3Dmentor"));
    expect(await screen.findByRole("heading", { name: "Welcome back" })).toBeInTheDocument();
  });

  it("shows students the not-allowed page and never asks the admin API", async () => {
    const calls = mockApi({ "GET /api/v1/me": () => json(makeUser({ role: "student" })) });
    renderWithProviders(<AppRoutes />, { route: "/admin/users" });
    expect(await screen.findByRole("heading", { name: "You don't have access to this page" })).toBeInTheDocument();
    expect(location()).toBe("/admin/users");
    expect(calls.some((call) => call.path.startsWith("/api/v1/admin"))).toBe(false);
    expect(screen.queryByRole("link", { name: "Users" })).not.toBeInTheDocument();
  });

  it("lets administrators in", async () => {
    mockApi({
      "GET /api/v1/me": () => json(makeUser({ role: "admin" })),
      "GET /api/v1/admin/users": () => json(page),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/users" });
    expect(await screen.findByRole("heading", { name: "Users", level: 1 })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  });

  it("sends a suspended person to sign in with the reason", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser()) });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    expect(await screen.findByRole("heading", { name: "Account settings" })).toBeInTheDocument();

    act(() => sessionEvents.emit({ reason: "suspended", code: "account_suspended" }));

    await waitFor(() => expect(location()).toBe("/login?next=%2Fsettings&reason=suspended"));
    expect(await screen.findByText("Your account has been suspended")).toBeInTheDocument();
  });

  it("treats a 401 from any call during a session as the end of it", async () => {
    let meCalls = 0;
    mockApi({
      "GET /api/v1/me": () => (++meCalls === 1 ? json(makeUser({ role: "admin" })) : apiError(401, "session_expired")),
      "GET /api/v1/admin/users": () => apiError(401, "session_expired"),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/users" });
    await waitFor(() => expect(location()).toBe("/login?next=%2Fadmin%2Fusers&reason=expired"));
    expect(await screen.findByText("Your session has expired")).toBeInTheDocument();
  });

  it("keeps a signed-in person away from the sign-in page", async () => {
    mockApi({ "GET /api/v1/me": () => json(makeUser()) });
    renderWithProviders(<AppRoutes />, { route: "/login?next=%2Fsettings" });
    await waitFor(() => expect(location()).toBe("/settings"));
  });
});

describe("next", () => {
  it("only follows paths on this site", () => {
    expect(safeNext("/admin/users?q=a")).toBe("/admin/users?q=a");
    expect(safeNext("//evil.example/x")).toBe("/dashboard");
    expect(safeNext("https://evil.example")).toBe("/dashboard");
    expect(safeNext("/\\evil.example")).toBe("/dashboard");
    expect(safeNext("/login?next=/x")).toBe("/dashboard");
    expect(safeNext(null)).toBe("/dashboard");
  });

  it("builds sign-in links", () => {
    expect(loginPath("/settings", "expired")).toBe("/login?next=%2Fsettings&reason=expired");
    expect(loginPath(null, "signed_out")).toBe("/login?reason=signed_out");
    expect(loginPath("//evil", null)).toBe("/login");
  });
});
