import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeWebSocket } from "../test/fake-websocket";
import { LiveConnection } from "./connection";

function connection() {
  return new LiveConnection({
    url: () => "wss://app.test/ws",
    createSocket: (url) => new FakeWebSocket(url),
    random: () => 0.5,
    initialDelayMs: 1_000,
    maxDelayMs: 8_000,
  });
}

describe("live connection", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("shares one socket, subscribes each channel once, and answers pings", () => {
    const live = connection();
    const first = { onSubscribed: vi.fn(), onMessage: vi.fn() };
    const second = { onMessage: vi.fn() };
    const stranger = { onMessage: vi.fn() };
    live.subscribe("user:1", first);
    live.subscribe("user:1", second);
    live.subscribe("user:2", stranger);
    expect(FakeWebSocket.instances).toHaveLength(1);
    const socket = FakeWebSocket.latest();
    expect(socket.url).toBe("wss://app.test/ws");
    socket.open();
    expect(socket.frames()).toEqual([
      { type: "subscribe", channel: "user:1" },
      { type: "subscribe", channel: "user:2" },
    ]);

    socket.receive({ type: "ready", user_id: "1" });
    socket.receive({ type: "subscribed", channel: "user:1" });
    expect(first.onSubscribed).toHaveBeenCalledTimes(1);
    socket.receive({ type: "message", channel: "user:1", data: { type: "notification", id: "n1" } });
    expect(first.onMessage).toHaveBeenCalledWith({ type: "notification", id: "n1" });
    expect(second.onMessage).toHaveBeenCalledTimes(1);
    expect(stranger.onMessage).not.toHaveBeenCalled();

    socket.receive({ type: "ping" });
    expect(socket.frames().at(-1)).toEqual({ type: "pong" });
    socket.receive("not json");
  });

  it("reconnects with growing, jittered delays, subscribes again and has listeners re-fetch", () => {
    const live = connection();
    const listener = { onSubscribed: vi.fn() };
    live.subscribe("user:1", listener);
    FakeWebSocket.latest().open();
    FakeWebSocket.latest().receive({ type: "subscribed", channel: "user:1" });

    FakeWebSocket.latest().drop(1006);
    // Attempt 1: between 500 and 1000 ms; random 0.5 gives 750.
    vi.advanceTimersByTime(749);
    expect(FakeWebSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(2);
    // The server is still away: the next wait is twice as long.
    FakeWebSocket.latest().drop(1006);
    vi.advanceTimersByTime(1_499);
    expect(FakeWebSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeWebSocket.instances).toHaveLength(3);

    const socket = FakeWebSocket.latest();
    socket.open();
    expect(socket.frames()).toEqual([{ type: "subscribe", channel: "user:1" }]);
    socket.receive({ type: "ready", user_id: "1" });
    socket.receive({ type: "subscribed", channel: "user:1" });
    expect(listener.onSubscribed).toHaveBeenCalledTimes(2);
  });

  it("spreads reconnects by jitter and caps the delay", () => {
    const low = new LiveConnection({ random: () => 0, initialDelayMs: 1_000, maxDelayMs: 8_000 });
    const high = new LiveConnection({ random: () => 0.999, initialDelayMs: 1_000, maxDelayMs: 8_000 });
    expect(low.delayFor(1)).toBe(500);
    expect(high.delayFor(1)).toBe(1_000);
    expect(low.delayFor(3)).toBe(2_000);
    expect(low.delayFor(10)).toBe(4_000);
    expect(high.delayFor(10)).toBe(7_996);
  });

  it("stops after the server says the session is over or the page is not the app's", () => {
    for (const code of [4401, 4403]) {
      FakeWebSocket.reset();
      const live = connection();
      live.subscribe("user:1", {});
      FakeWebSocket.latest().open();
      FakeWebSocket.latest().drop(code);
      vi.advanceTimersByTime(60_000);
      expect(FakeWebSocket.instances).toHaveLength(1);
    }
  });

  it("closes the socket with the last listener and cancels a pending reconnect", () => {
    const live = connection();
    const stopA = live.subscribe("user:1", {});
    const stopB = live.subscribe("user:1", {});
    const socket = FakeWebSocket.latest();
    socket.open();
    stopA();
    expect(socket.closedWith).toBeNull();
    stopB();
    expect(socket.frames().at(-1)).toEqual({ type: "unsubscribe", channel: "user:1" });
    expect(socket.closedWith).toBe(1000);

    const stop = live.subscribe("user:2", {});
    FakeWebSocket.latest().drop(1006);
    stop();
    vi.advanceTimersByTime(60_000);
    expect(FakeWebSocket.instances).toHaveLength(2);
  });
});
