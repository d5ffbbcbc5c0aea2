import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, NETWORK_ERROR } from "../../api/errors";
import { inkAnnotation, toAnnotationIn } from "./annotations";
import { AnnotationSync, localQueueStorage, QUEUE_PREFIX, withPending, type AnnotationApi, type SyncSnapshot } from "./annotation-sync";
import type { Annotation, AnnotationIn } from "./contract";

const meta = { page: 1, color: "#111111", visibility: "private" as const };
const stroke = (id: string) => toAnnotationIn(inkAnnotation([[[1, 1, 0.5]]], 2, { ...meta, id }));
const offline = () => new ApiError(0, { code: NETWORK_ERROR, message: "offline" });

function saved(id: string, annotation: AnnotationIn): Annotation {
  return { ...annotation, body: annotation.body ?? null, id, author: { id: "u1", name: "Sam" }, created_at: "", updated_at: "", item_version: 1 };
}

function server() {
  let online = true;
  const stored = new Map<string, AnnotationIn>();
  const api = {
    save: vi.fn((id: string, annotation: AnnotationIn) => {
      if (!online) return Promise.reject(offline());
      stored.set(id, annotation);
      return Promise.resolve(saved(id, annotation));
    }),
    remove: vi.fn((id: string) => {
      if (!online) return Promise.reject(offline());
      stored.delete(id);
      return Promise.resolve();
    }),
  } satisfies AnnotationApi;
  return { api, stored, setOnline: (value: boolean) => (online = value) };
}

afterEach(() => window.localStorage.clear());

describe("annotation autosave", () => {
  it("saves and deletes as changes come", async () => {
    const { api, stored } = server();
    const snapshots: SyncSnapshot[] = [];
    const sync = new AnnotationSync({ api, key: "item-1", onChange: (snapshot) => snapshots.push(snapshot) });
    sync.save("a", stroke("a"));
    await vi.waitFor(() => expect(stored.has("a")).toBe(true));
    sync.remove("a");
    await vi.waitFor(() => expect(sync.state).toMatchObject({ status: "saved", pending: 0 }));
    expect(stored.size).toBe(0);
    expect(snapshots.some((snapshot) => snapshot.status === "saving")).toBe(true);
    sync.dispose();
  });

  it("keeps changes while offline, across a reload, and sends them when back online", async () => {
    const { api, stored, setOnline } = server();
    setOnline(false);
    const retries: (() => void)[] = [];
    const schedule = (run: () => void) => {
      retries.push(run);
      return () => undefined;
    };
    const first = new AnnotationSync({ api, key: "item-1", schedule });
    first.save("a", stroke("a"));
    first.save("b", stroke("b"));
    first.remove("b");
    await vi.waitFor(() => expect(first.state.status).toBe("offline"));
    expect(retries.length).toBeGreaterThan(0);
    // Only the newest change per annotation is kept.
    expect(first.pending.map((change) => [change.type, change.id])).toEqual([["save", "a"], ["delete", "b"]]);
    expect(localQueueStorage.load(`${QUEUE_PREFIX}item-1`)).toHaveLength(2);
    first.dispose();

    // The page is reloaded: the queue comes back from storage.
    const second = new AnnotationSync({ api, key: "item-1", schedule });
    second.start();
    expect(second.state).toMatchObject({ status: "offline", pending: 2 });
    setOnline(true);
    window.dispatchEvent(new Event("online"));
    await vi.waitFor(() => expect(second.state).toMatchObject({ status: "saved", pending: 0 }));
    expect([...stored.keys()]).toEqual(["a"]);
    expect(window.localStorage.getItem(`${QUEUE_PREFIX}item-1`)).toBeNull();
    second.dispose();
  });

  it("retries with backoff after a 5xx, drops a change the server refuses for good", async () => {
    const { api, stored } = server();
    api.save.mockRejectedValueOnce(new ApiError(503, { code: "service_unavailable", message: "busy" }));
    const retries: { run: () => void; ms: number }[] = [];
    const sync = new AnnotationSync({ api, key: "item-2", schedule: (run, ms) => (retries.push({ run, ms }), () => undefined) });
    sync.save("a", stroke("a"));
    await vi.waitFor(() => expect(retries).toHaveLength(1));
    expect(retries[0]!.ms).toBeGreaterThanOrEqual(500);
    retries[0]!.run();
    await vi.waitFor(() => expect(stored.has("a")).toBe(true));

    const refusal = new ApiError(422, { code: "validation_error", message: "Too many strokes." });
    api.save.mockRejectedValueOnce(refusal);
    sync.save("big", stroke("big"));
    await vi.waitFor(() => expect(sync.state).toMatchObject({ status: "error", pending: 0, error: refusal }));
    sync.dispose();
  });

  it("keeps the changes when the session has ended", async () => {
    const { api, stored } = server();
    const expired = new ApiError(401, { code: "session_expired", message: "Signed out." });
    api.save.mockRejectedValueOnce(expired);
    const sync = new AnnotationSync({ api, key: "item-4" });
    sync.save("a", stroke("a"));
    await vi.waitFor(() => expect(sync.state).toMatchObject({ status: "error", pending: 1, error: expired }));
    sync.save("b", stroke("b"));
    await vi.waitFor(() => expect(sync.state).toMatchObject({ status: "saved", pending: 0 }));
    expect([...stored.keys()].sort()).toEqual(["a", "b"]);
    sync.dispose();
  });

  it("treats deleting an annotation that is already gone as done", async () => {
    const { api } = server();
    api.remove.mockRejectedValueOnce(new ApiError(404, { code: "not_found", message: "gone" }));
    const sync = new AnnotationSync({ api, key: "item-3" });
    sync.remove("x");
    await vi.waitFor(() => expect(sync.state).toMatchObject({ status: "saved", pending: 0, error: null }));
    sync.dispose();
  });

  it("lays queued changes over a freshly loaded list", () => {
    const items = [{ id: "a", v: 1 }, { id: "b", v: 1 }];
    const merged = withPending(items, [{ type: "delete", id: "a" }, { type: "save", id: "c", annotation: stroke("c") }, { type: "save", id: "b", annotation: stroke("b") }], (change) => ({ id: change.id, v: 2 }));
    expect(merged).toEqual([{ id: "b", v: 2 }, { id: "c", v: 2 }]);
  });
});
