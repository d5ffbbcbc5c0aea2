import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Notification, NotificationPage } from "../../api/notifications";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { appPath, bellLabel, unreadBadgeText } from "./display";

const mentor = makeUser({ role: "mentor", display_name: "Amara Okafor" });
const ITEM_ID = "3d7c1f0e-2b7a-4f8e-9a51-7c2d1e0b9a01";

beforeAll(async () => {
  // Compile the lazy pages once, outside the tests' time limits.
  await Promise.all([import("./NotificationsPage"), import("../account/SettingsPage"), import("../workspace/EditContentPage")]);
}, 60_000);

afterEach(() => vi.unstubAllGlobals());

let serial = 0;
function notification(overrides: Partial<Notification> = {}): Notification {
  serial += 1;
  return {
    id: `00000000-0000-4000-8000-${String(serial).padStart(12, "0")}`,
    kind: "content.approved",
    title: `Notification ${serial}`,
    body: "Something happened.",
    link: null,
    created_at: new Date(Date.now() - 5 * 60_000).toISOString(),
    read_at: null,
    ...overrides,
  };
}

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A tiny notifications server: lists honour unread_only and paging; marking read changes `state`. */
function inbox(state: { items: Notification[] }, extra: Parameters<typeof mockApi>[0] = {}, me = mentor) {
  return mockApi({
    "GET /api/v1/me": () => json(me),
    "GET /api/v1/notifications": (call) => {
      const unreadOnly = call.search.get("unread_only") === "true";
      const page = Number(call.search.get("page") ?? "1");
      const size = Number(call.search.get("page_size") ?? "20");
      const matching = state.items.filter((item) => !unreadOnly || item.read_at === null);
      return json({
        items: matching.slice((page - 1) * size, page * size),
        total: matching.length,
        page,
        page_size: size,
        unread: state.items.filter((item) => item.read_at === null).length,
      } satisfies NotificationPage);
    },
    "POST /api/v1/notifications/read-all": () => {
      const changed = state.items.filter((item) => item.read_at === null).length;
      state.items = state.items.map((item) => ({ ...item, read_at: item.read_at ?? "2026-01-01T00:00:00Z" }));
      return json({ changed });
    },
    ...extra,
  });
}

/** Marking one read, for `extra`: the id comes from the path. */
function markOneRoute(state: { items: Notification[] }, gate?: Promise<void>) {
  return async (call: Call) => {
    await gate;
    const id = call.path.split("/").at(-2);
    state.items = state.items.map((item) => (item.id === id ? { ...item, read_at: item.read_at ?? "2026-01-01T00:00:00Z" } : item));
    return json({ changed: 1 });
  };
}

const bells = () => screen.getAllByRole("button", { name: /^Notifications/ });
const posts = (calls: Call[]) => calls.filter((call) => call.method === "POST").map((call) => call.path);

describe("notification display rules", () => {
  it("caps the badge at 9+ but says the real count, and links only inside the app", () => {
    expect(unreadBadgeText(1)).toBe("1");
    expect(unreadBadgeText(9)).toBe("9");
    expect(unreadBadgeText(10)).toBe("9+");
    expect(bellLabel(0)).toBe("Notifications");
    expect(bellLabel(12)).toBe("Notifications, 12 unread");
    expect(appPath("/admin/content/abc")).toBe("/admin/content/abc");
    expect(appPath(null)).toBeNull();
    expect(appPath("https://evil.example/")).toBeNull();
    expect(appPath("//evil.example/")).toBeNull();
    expect(appPath("/\\evil.example")).toBeNull();
    expect(appPath("javascript:alert(1)")).toBeNull();
  });
});

describe("notification bell", { timeout: 20_000 }, () => {
  it("shows the unread count in both headers, capped at 9+", async () => {
    inbox({ items: Array.from({ length: 12 }, () => notification()) });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 12 unread"));
    // The phone header and the desktop top bar each have one (CSS shows one per breakpoint).
    expect(bells()).toHaveLength(2);
    for (const bell of bells()) {
      expect(bell).toHaveAttribute("aria-expanded", "false");
      expect(within(bell).getByTestId("notification-badge")).toHaveTextContent(/^9\+$/);
    }
  });

  it("has no badge and a plain name when nothing is unread", async () => {
    const calls = inbox({ items: [notification({ read_at: "2026-01-01T00:00:00Z" })] });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    await screen.findByLabelText("Time zone");
    await waitFor(() => expect(calls.some((call) => call.path === "/api/v1/notifications")).toBe(true));
    const request = calls.find((call) => call.path === "/api/v1/notifications");
    expect(request?.search.get("page_size")).toBe("8");
    expect(request?.search.get("unread_only")).toBeNull();
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications"));
    expect(screen.queryByTestId("notification-badge")).not.toBeInTheDocument();
  });

  it("opens a panel with the latest notifications, and Escape or an outside click closes it back to the bell", async () => {
    const user = userEvent.setup();
    inbox({
      items: [
        notification({ title: "“Forces” was approved", body: "Learners can now see version 3.", link: `/mentor/content/${ITEM_ID}` }),
        notification({ title: "Welcome", body: "Plain news with nowhere to go.", read_at: "2026-01-01T00:00:00Z" }),
      ],
    });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    await waitFor(() => expect(bells()[1]).toHaveAccessibleName("Notifications, 1 unread"));
    const bell = bells()[1]!;

    await user.click(bell);
    expect(bell).toHaveAttribute("aria-expanded", "true");
    const panel = screen.getByRole("dialog", { name: /Notifications/ });
    expect(bell).toHaveAttribute("aria-controls", panel.id);
    const rows = within(panel).getAllByRole("listitem");
    expect(rows).toHaveLength(2);
    expect(within(rows[0]!).getByRole("link", { name: /Forces” was approved/ })).toHaveAttribute("href", `/mentor/content/${ITEM_ID}`);
    expect(within(rows[0]!).getByText("Unread")).toBeInTheDocument();
    expect(within(rows[0]!).getByText("5 minutes ago")).toBeInTheDocument();
    // No link: a plain row, and a read one has no unread marker.
    expect(within(rows[1]!).queryByRole("link")).not.toBeInTheDocument();
    expect(within(rows[1]!).getByText("Plain news with nowhere to go.")).toBeInTheDocument();
    expect(within(rows[1]!).queryByText("Unread")).not.toBeInTheDocument();
    expect(within(panel).getByRole("link", { name: "See all notifications" })).toHaveAttribute("href", "/notifications");

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    expect(bell).toHaveAttribute("aria-expanded", "false");
    expect(bell).toHaveFocus();

    await user.click(bell);
    expect(screen.getByRole("dialog", { name: /Notifications/ })).toBeInTheDocument();
    await user.click(screen.getByRole("heading", { name: "Account settings", level: 1 }));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await waitFor(() => expect(bell).toHaveFocus());

    // Clicking another control closes the panel and leaves focus on that control.
    await user.click(bell);
    const field = screen.getByLabelText("Time zone");
    await user.click(field);
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    await new Promise((done) => setTimeout(done, 10));
    expect(field).toHaveFocus();
  });

  it("opens a notification: goes to its link, marks it read and drops the badge at once", async () => {
    const user = userEvent.setup();
    const state = { items: [notification({ title: "“Forces” was approved", link: `/mentor/content/${ITEM_ID}` }), notification()] };
    const gate = deferred();
    const calls = inbox(state, { [`POST /api/v1/notifications/${state.items[0]!.id}/read`]: markOneRoute(state, gate.promise) });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 2 unread"));

    await user.click(bells()[0]!);
    await user.click(screen.getByRole("link", { name: /Forces” was approved/ }));

    // The page is lazy: React Router's navigation is a transition, so the address follows shortly.
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/mentor/content/${ITEM_ID}`));
    expect(screen.queryByRole("dialog")).not.toBeInTheDocument();
    // The server has not answered yet: the count already dropped.
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 1 unread"));
    expect(posts(calls)).toEqual([`/api/v1/notifications/${state.items[0]!.id}/read`]);
    gate.resolve();
    await waitFor(() => expect(state.items[0]!.read_at).not.toBeNull());
    expect(bells()[0]).toHaveAccessibleName("Notifications, 1 unread");
  });

  it("says when marking read fails, and the notification stays unread", async () => {
    const user = userEvent.setup();
    const state = { items: [notification({ title: "Go here", link: "/settings" })] };
    const calls = inbox(state, {
      [`POST /api/v1/notifications/${state.items[0]!.id}/read`]: () => apiError(503, "service_unavailable"),
    });
    renderWithProviders(<AppRoutes />, { route: "/dashboard" });
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 1 unread"));
    await user.click(bells()[0]!);
    await user.click(screen.getByRole("link", { name: /Go here/ }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(/^\/settings$/));
    expect(await screen.findByText("Couldn't mark the notification as read")).toBeInTheDocument();
    expect(posts(calls)).toHaveLength(1);
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 1 unread"));
  });

  it("marks all as read: POSTs once and the badge disappears", async () => {
    const user = userEvent.setup();
    const state = { items: [notification(), notification(), notification({ read_at: "2026-01-01T00:00:00Z" })] };
    const calls = inbox(state);
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 2 unread"));

    await user.click(bells()[0]!);
    const panel = screen.getByRole("dialog", { name: /Notifications/ });
    await user.click(within(panel).getByRole("button", { name: "Mark all as read" }));

    expect(posts(calls)).toEqual(["/api/v1/notifications/read-all"]);
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications"));
    expect(screen.queryByTestId("notification-badge")).not.toBeInTheDocument();
    expect(within(panel).queryByText("Unread")).not.toBeInTheDocument();
    expect(within(panel).queryByRole("button", { name: "Mark all as read" })).not.toBeInTheDocument();
    // Focus stays in the panel, which stays open.
    expect(panel).toHaveFocus();
  });

  it("says when there is nothing, and when the list can't be loaded (with a retry)", async () => {
    const user = userEvent.setup();
    let fail = true;
    const state = { items: [] as Notification[] };
    mockApi({
      "GET /api/v1/me": () => json(mentor),
      "GET /api/v1/notifications": () =>
        fail ? apiError(503, "service_unavailable") : json({ items: state.items, total: 0, page: 1, page_size: 8, unread: 0 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    await screen.findByLabelText("Time zone");
    await user.click(bells()[0]!);
    const panel = screen.getByRole("dialog", { name: /Notifications/ });
    const alert = await within(panel).findByRole("alert");
    expect(alert).toHaveTextContent("We couldn't load your notifications");
    expect(alert).toHaveTextContent(/temporarily unavailable/);

    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await within(panel).findByText("You're all caught up")).toBeInTheDocument();
    expect(within(panel).queryByRole("alert")).not.toBeInTheDocument();
  });
});

describe("notifications page", { timeout: 20_000 }, () => {
  it("lists notifications, filters to unread via the address, and sends unread_only=true", async () => {
    const user = userEvent.setup();
    const state = {
      items: [
        notification({ title: "New content to review", kind: "content.submitted", link: `/admin/content/${ITEM_ID}` }),
        notification({ title: "Already seen", read_at: "2026-01-01T00:00:00Z" }),
      ],
    };
    const calls = inbox(state, {}, makeUser({ role: "admin" }));
    renderWithProviders(<AppRoutes />, { route: "/notifications" });

    expect(await screen.findByRole("heading", { name: "Notifications", level: 1 })).toBeInTheDocument();
    const list = await screen.findByRole("list", { name: "Notifications" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(2);
    expect(within(list).getByRole("link", { name: "New content to review" })).toHaveAttribute("href", `/admin/content/${ITEM_ID}`);
    const filters = screen.getByRole("navigation", { name: "Filter notifications" });
    expect(within(filters).getByRole("link", { name: "All" })).toHaveAttribute("aria-current", "page");
    const pageRequests = () => calls.filter((call) => call.path === "/api/v1/notifications" && call.search.get("page_size") === "20");
    expect(pageRequests()[0]?.search.get("unread_only")).toBeNull();

    await user.click(within(filters).getByRole("link", { name: /Unread/ }));
    expect(screen.getByTestId("location")).toHaveTextContent("/notifications?filter=unread");
    await waitFor(() => expect(pageRequests().at(-1)?.search.get("unread_only")).toBe("true"));
    await waitFor(() => expect(within(screen.getByRole("list", { name: "Notifications" })).getAllByRole("listitem")).toHaveLength(1));
    expect(screen.queryByText("Already seen")).not.toBeInTheDocument();
    expect(within(filters).getByRole("link", { name: /Unread/ })).toHaveAttribute("aria-current", "page");

    await user.click(within(filters).getByRole("link", { name: "All" }));
    expect(screen.getByTestId("location")).toHaveTextContent(/^\/notifications$/);
  });

  it("marks one read from its row, then everything, and the unread filter ends empty", async () => {
    const user = userEvent.setup();
    const state = { items: [notification({ title: "First" }), notification({ title: "Second" })] };
    const calls = inbox(state, { [`POST /api/v1/notifications/${state.items[0]!.id}/read`]: markOneRoute(state) });
    renderWithProviders(<AppRoutes />, { route: "/notifications?filter=unread" });

    await user.click(await screen.findByRole("button", { name: "Mark “First” as read" }));
    expect(posts(calls)).toEqual([`/api/v1/notifications/${state.items[0]!.id}/read`]);
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 1 unread"));
    await waitFor(() => expect(screen.queryByText("First")).not.toBeInTheDocument());

    const markAll = screen.getByRole("button", { name: "Mark all as read" });
    expect(markAll).toBeEnabled();
    await user.click(markAll);
    expect(posts(calls).at(-1)).toBe("/api/v1/notifications/read-all");
    expect(await screen.findByText("You're all caught up")).toBeInTheDocument();
    expect(screen.getByText("No unread notifications. New ones will appear here.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Mark all as read" })).toBeDisabled();
    expect(bells()[0]).toHaveAccessibleName("Notifications");
  });

  it("pages through with the page in the address", async () => {
    const user = userEvent.setup();
    const state = { items: Array.from({ length: 25 }, (_, index) => notification({ title: `Item ${index + 1}`, read_at: "2026-01-01T00:00:00Z" })) };
    const calls = inbox(state);
    renderWithProviders(<AppRoutes />, { route: "/notifications" });
    expect(await screen.findByText("Item 1")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Mark all as read" })).toBeDisabled();
    await user.click(screen.getByRole("button", { name: "Next page" }));
    expect(await screen.findByText("Item 21")).toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/notifications?page=2");
    expect(calls.at(-1)?.search.get("page")).toBe("2");
  });

  it("shows empty and error states", async () => {
    const user = userEvent.setup();
    let fail = true;
    mockApi({
      "GET /api/v1/me": () => json(mentor),
      "GET /api/v1/notifications": (call) =>
        call.search.get("page_size") === "20" && fail
          ? apiError(503, "service_unavailable")
          : json({ items: [], total: 0, page: 1, page_size: Number(call.search.get("page_size")), unread: 0 }),
    });
    renderWithProviders(<AppRoutes />, { route: "/notifications" });
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("We couldn't load your notifications");
    fail = false;
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("No notifications yet. We'll let you know here when there's news about your work.")).toBeInTheDocument();
    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
