import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AdminUser } from "../../api/types";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { queryFromParams, withFilter } from "./filters";

const admin = makeUser({ id: "00000000-0000-4000-8000-000000000001", role: "admin", display_name: "Grace Hopper" });

function member(index: number, overrides: Partial<AdminUser> = {}): AdminUser {
  return {
    ...makeUser({
      id: `00000000-0000-4000-8000-${String(index + 100).padStart(12, "0")}`,
      display_name: `Member ${index}`,
      email: `member${index}@example.org`,
    }),
    last_login_at: null,
    suspended_reason: null,
    updated_at: null,
    deleted_at: null,
    ...overrides,
  };
}

describe("user console filters", () => {
  it("reads only valid filters from the address", () => {
    expect(queryFromParams(new URLSearchParams("q=%20ada%20&role=mentor&status=nope&page=3"))).toEqual({
      q: "ada",
      role: "mentor",
      page: 3,
      page_size: 20,
    });
    expect(queryFromParams(new URLSearchParams("page=-2")).page).toBe(1);
  });

  it("goes back to page 1 when a filter changes", () => {
    const next = withFilter(new URLSearchParams("page=4&role=student"), "role", "admin");
    expect(next.toString()).toBe("role=admin");
    expect(withFilter(new URLSearchParams("role=admin"), "page", 2).toString()).toBe("role=admin&page=2");
  });
});

describe("user console", () => {
  it("lists users, filters by role and pages through results", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/users": (call) =>
        json({
          items: [member(Number(call.search.get("page") ?? 1))],
          total: 45,
          page: Number(call.search.get("page") ?? 1),
          page_size: 20,
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/users" });
    const table = await screen.findByRole("table", { name: "Users" });
    expect(await within(table).findByRole("link", { name: "Member 1" })).toHaveAttribute(
      "href",
      "/admin/users/00000000-0000-4000-8000-000000000101",
    );
    expect(screen.getByRole("navigation", { name: "Pagination" })).toHaveTextContent("Showing 1–20 of 45 users");

    await userEvent.selectOptions(screen.getByLabelText("Role"), "mentor");
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/admin/users?role=mentor"));
    await userEvent.click(screen.getByRole("button", { name: "Next page" }));
    expect(await within(table).findByRole("link", { name: "Member 2" })).toBeInTheDocument();

    const lastList = calls.filter((call) => call.path === "/api/v1/admin/users").at(-1);
    expect(lastList?.search.get("role")).toBe("mentor");
    expect(lastList?.search.get("page")).toBe("2");
  });

  it("shows an empty state with a way out when nothing matches", async () => {
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/users": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/users?q=zzz" });
    expect(await screen.findByText("No users match these filters")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Clear filters" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/admin\/users$/));
  });

  it("shows a retryable error state", async () => {
    mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/users": () => apiError(503, "service_unavailable"),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/users" });
    expect(await screen.findByRole("alert")).toHaveTextContent("Mentora is temporarily unavailable");
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});

describe("user detail", () => {
  const target = member(7);

  it("requires a reason before suspending, then suspends", async () => {
    document.cookie = "edu_csrf=csrf-xyz; path=/";
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      [`GET /api/v1/admin/users/${target.id}`]: () => json(target),
      [`POST /api/v1/admin/users/${target.id}/suspend`]: (call) =>
        json({ ...target, status: "suspended", suspended_reason: (call.body as { reason: string }).reason }),
      "GET /api/v1/admin/users": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: `/admin/users/${target.id}` });
    await userEvent.click(await screen.findByRole("button", { name: "Suspend" }));
    const dialog = screen.getByRole("dialog", { name: "Suspend Member 7?" });
    expect(within(dialog).getByLabelText("Reason")).toHaveFocus();

    await userEvent.click(within(dialog).getByRole("button", { name: "Suspend account" }));
    expect(within(dialog).getByLabelText("Reason")).toHaveAccessibleDescription("Give a reason: the user will see it.");

    await userEvent.type(within(dialog).getByLabelText("Reason"), "Spam");
    await userEvent.click(within(dialog).getByRole("button", { name: "Suspend account" }));
    expect(await screen.findByText("This account is suspended")).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    const suspend = calls.find((call) => call.path.endsWith("/suspend"));
    expect(suspend?.body).toEqual({ reason: "Spam" });
    expect(suspend?.headers.get("X-CSRF-Token")).toBe("csrf-xyz");
  });

  it("confirms before deleting and returns to the list", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      [`GET /api/v1/admin/users/${target.id}`]: () => json(target),
      [`DELETE /api/v1/admin/users/${target.id}`]: () => new Response(null, { status: 204 }),
      "GET /api/v1/admin/users": () => json({ items: [], total: 0, page: 1, page_size: 20 }),
    });
    renderWithProviders(<AppRoutes />, { route: `/admin/users/${target.id}` });
    await userEvent.click(await screen.findByRole("button", { name: "Delete" }));
    const dialog = screen.getByRole("dialog", { name: "Delete Member 7?" });
    expect(within(dialog).getByRole("button", { name: "Cancel" })).toHaveFocus();
    expect(calls.some((call) => call.method === "DELETE")).toBe(false);

    await userEvent.click(within(dialog).getByRole("button", { name: "Delete account" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/admin\/users$/));
    expect(await screen.findByText("Account deleted")).toBeInTheDocument();
  });

  it("won't let administrators suspend or delete themselves", async () => {
    mockApi({
      "GET /api/v1/me": () => json(admin),
      [`GET /api/v1/admin/users/${admin.id}`]: () =>
        json({ ...admin, last_login_at: null, suspended_reason: null, updated_at: null, deleted_at: null }),
    });
    renderWithProviders(<AppRoutes />, { route: `/admin/users/${admin.id}` });
    expect(await screen.findByRole("button", { name: "Suspend" })).toBeDisabled();
    expect(screen.getByRole("button", { name: "Delete" })).toBeDisabled();
    expect(screen.getByLabelText("Role")).toBeDisabled();
  });
});
