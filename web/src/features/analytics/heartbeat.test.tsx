import { renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { json, mockApi } from "../../test/mock-api";
import { HEARTBEAT_MS, IDLE_AFTER_MS, useStudyHeartbeat } from "./useStudyHeartbeat";

const ITEM = "10000000-0000-4000-8000-000000000001";

function setVisibility(state: DocumentVisibilityState) {
  Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
  document.dispatchEvent(new Event("visibilitychange"));
}

describe("study heartbeats", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    setVisibility("visible");
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("beats on opening and every 15 s while visible and active, never while hidden or idle", async () => {
    const calls = mockApi({ "POST /api/v1/study/heartbeats": () => json({ credited_seconds: 15, day: "2026-12-07" }) });
    const beats = () => calls.filter((call) => call.path === "/api/v1/study/heartbeats").length;
    const { unmount } = renderHook(() => useStudyHeartbeat(ITEM, () => Date.now()));
    await vi.advanceTimersByTimeAsync(0);
    expect(beats()).toBe(1);
    expect(calls[0]?.body).toEqual({ item_id: ITEM });

    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(beats()).toBe(2);

    setVisibility("hidden");
    await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_MS);
    expect(beats()).toBe(2);

    setVisibility("visible"); // coming back beats at once
    await vi.advanceTimersByTimeAsync(0);
    expect(beats()).toBe(3);

    // No input for over a minute: idle, no more beats until the learner moves again.
    await vi.advanceTimersByTimeAsync(IDLE_AFTER_MS + 2 * HEARTBEAT_MS);
    const idle = beats();
    await vi.advanceTimersByTimeAsync(2 * HEARTBEAT_MS);
    expect(beats()).toBe(idle);
    window.dispatchEvent(new Event("keydown"));
    await vi.advanceTimersByTimeAsync(HEARTBEAT_MS);
    expect(beats()).toBe(idle + 1);

    unmount();
    await vi.advanceTimersByTimeAsync(3 * HEARTBEAT_MS);
    expect(beats()).toBe(idle + 1);
  });
});
