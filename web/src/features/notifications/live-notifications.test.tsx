import { act, screen, waitFor } from "@testing-library/react";
import { beforeAll, describe, expect, it } from "vitest";
import type { Notification, NotificationPage } from "../../api/notifications";
import { AppRoutes } from "../../app/routes";
import { FakeWebSocket } from "../../test/fake-websocket";
import { json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const mentor = makeUser({ role: "mentor", display_name: "Amara Okafor" });

beforeAll(async () => {
  await import("../account/SettingsPage");
}, 60_000);

function unread(id: string): Notification {
  return {
    id,
    kind: "content.approved",
    title: "“Forces” is live",
    body: "Version 2 was approved.",
    link: null,
    created_at: new Date().toISOString(),
    read_at: null,
  };
}

function inbox(state: { items: Notification[] }): Call[] {
  return mockApi({
    "GET /api/v1/me": () => json(mentor),
    "GET /api/v1/notifications": () =>
      json({
        items: state.items,
        total: state.items.length,
        page: 1,
        page_size: 8,
        unread: state.items.filter((item) => item.read_at === null).length,
      } satisfies NotificationPage),
  });
}

const bells = () => screen.getAllByRole("button", { name: /^Notifications/ });
const listCalls = (calls: Call[]) => calls.filter((call) => call.path === "/api/v1/notifications").length;

describe("live notifications", { timeout: 20_000 }, () => {
  it("subscribes once to the user's own channel and updates the bell when a notification arrives", async () => {
    const state = { items: [] as Notification[] };
    inbox(state);
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications"));

    // Both headers' bells share the page's one socket and one subscription.
    expect(FakeWebSocket.instances).toHaveLength(1);
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe(`ws://${window.location.host}/ws`);
    act(() => socket.open());
    expect(socket.frames()).toEqual([{ type: "subscribe", channel: `user:${mentor.id}` }]);
    act(() => socket.receive({ type: "ready", user_id: mentor.id }));

    state.items = [unread("00000000-0000-4000-8000-000000000001")];
    act(() => socket.receive({ type: "message", channel: `user:${mentor.id}`, data: { type: "notification", id: state.items[0]!.id } }));
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 1 unread"));
  });

  it("re-fetches after reconnecting, so what was missed meanwhile shows", async () => {
    const state = { items: [] as Notification[] };
    const calls = inbox(state);
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications"));
    const first = FakeWebSocket.latest();
    act(() => first.open());
    act(() => first.receive({ type: "subscribed", channel: `user:${mentor.id}` }));
    await waitFor(() => expect(listCalls(calls)).toBeGreaterThanOrEqual(1));

    // Offline: the notification's live message is lost with the socket.
    act(() => first.drop(1006));
    state.items = [unread("00000000-0000-4000-8000-000000000002")];
    await waitFor(() => expect(FakeWebSocket.instances).toHaveLength(2), { timeout: 5_000 });
    const second = FakeWebSocket.latest();
    act(() => second.open());
    expect(second.frames()).toEqual([{ type: "subscribe", channel: `user:${mentor.id}` }]);
    act(() => second.receive({ type: "subscribed", channel: `user:${mentor.id}` }));
    await waitFor(() => expect(bells()[0]).toHaveAccessibleName("Notifications, 1 unread"));
  });
});
