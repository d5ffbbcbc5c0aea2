/**
 * Autosave for annotations that survives going offline and reloading: every change is queued
 * (the last change per annotation wins), persisted, and sent in order; a dropped connection or
 * a 5xx leaves the queue for later (retried with backoff and on the browser's `online` event).
 * Ids are made by the client (`crypto.randomUUID`), so sending a PUT twice is harmless.
 */
import { ApiError } from "../../api/errors";
import type { Annotation, AnnotationIn } from "./contract";
import { isTransient, backoffMs } from "./resumable-upload";

export interface AnnotationApi {
  /** `PUT /api/v1/content/{item_id}/annotations/{id}` (create or replace). */
  save: (id: string, annotation: AnnotationIn) => Promise<Annotation>;
  /** `DELETE /api/v1/content/{item_id}/annotations/{id}` (idempotent). */
  remove: (id: string) => Promise<void>;
}

export type PendingChange = { type: "save"; id: string; annotation: AnnotationIn } | { type: "delete"; id: string };

/** Where the queue waits for the connection (localStorage by default; any small key-value store). */
export interface QueueStorage {
  load(key: string): PendingChange[];
  store(key: string, changes: PendingChange[]): void;
}

export const localQueueStorage: QueueStorage = {
  load(key) {
    try {
      const raw = window.localStorage.getItem(key);
      const parsed: unknown = raw ? JSON.parse(raw) : [];
      return Array.isArray(parsed) ? (parsed as PendingChange[]) : [];
    } catch {
      return [];
    }
  },
  store(key, changes) {
    try {
      if (changes.length) window.localStorage.setItem(key, JSON.stringify(changes));
      else window.localStorage.removeItem(key);
    } catch {
      // Quota or private mode: the changes still go out while the page is open.
    }
  },
};

export type SyncStatus = "saved" | "saving" | "offline" | "error";

export interface SyncSnapshot {
  status: SyncStatus;
  pending: number;
  /** The last change the server refused for good (shown to the user; it is dropped). */
  error: unknown;
}

export interface AnnotationSyncOptions {
  api: AnnotationApi;
  /** e.g. the content item's id: one queue per item. */
  key: string;
  storage?: QueueStorage;
  onChange?: (snapshot: SyncSnapshot) => void;
  /** Schedules a retry (replaced in tests). */
  schedule?: (run: () => void, ms: number) => () => void;
}

export const QUEUE_PREFIX = "mentora:annotation-queue:";

export class AnnotationSync {
  private queue: PendingChange[];
  private flushing = false;
  private again = false;
  private attempt = 0;
  private cancelRetry: (() => void) | null = null;
  private snapshot: SyncSnapshot;
  private readonly storageKey: string;
  private readonly storage: QueueStorage;
  private readonly listeners = new Set<() => void>();
  private readonly onOnline = () => {
    this.attempt = 0;
    void this.flush();
  };

  constructor(private readonly options: AnnotationSyncOptions) {
    this.storage = options.storage ?? localQueueStorage;
    this.storageKey = `${QUEUE_PREFIX}${options.key}`;
    this.queue = this.storage.load(this.storageKey);
    this.snapshot = { status: this.queue.length ? "offline" : "saved", pending: this.queue.length, error: null };
  }

  /** Listens for the connection coming back; returns {@link dispose}. */
  start(): () => void {
    window.addEventListener("online", this.onOnline);
    return () => this.dispose();
  }

  /** Stops listening (the queue stays stored for the next visit). */
  dispose(): void {
    window.removeEventListener("online", this.onOnline);
    this.cancelRetry?.();
  }

  get state(): SyncSnapshot {
    return this.snapshot;
  }

  /** For `useSyncExternalStore`: called after every change of {@link state}. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): SyncSnapshot => this.snapshot;

  /** Changes not yet on the server, e.g. to lay over a list loaded after a reload. */
  get pending(): readonly PendingChange[] {
    return this.queue;
  }

  save(id: string, annotation: AnnotationIn): void {
    this.enqueue({ type: "save", id, annotation });
  }

  remove(id: string): void {
    this.enqueue({ type: "delete", id });
  }

  private enqueue(change: PendingChange): void {
    // Only the newest change of an annotation matters; keep the queue order otherwise.
    this.queue = [...this.queue.filter((queued) => queued.id !== change.id), change];
    this.snapshot = { ...this.snapshot, error: null };
    this.persist();
    void this.flush();
  }

  private persist(): void {
    this.storage.store(this.storageKey, this.queue);
  }

  private emit(change: Partial<SyncSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change, pending: this.queue.length };
    this.options.onChange?.(this.snapshot);
    this.listeners.forEach((listener) => listener());
  }

  /** Sends what is queued, one change at a time, until it is empty or the connection fails. */
  async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    this.cancelRetry?.();
    this.cancelRetry = null;
    try {
      while (this.queue.length) {
        const change = this.queue[0]!;
        this.emit({ status: "saving" });
        try {
          if (change.type === "save") await this.options.api.save(change.id, change.annotation);
          else await this.options.api.remove(change.id);
        } catch (error) {
          const gone = change.type === "delete" && error instanceof ApiError && error.status === 404;
          if (!gone && (isTransient(error) || !(error instanceof ApiError))) {
            this.emit({ status: "offline" });
            this.retryLater();
            return;
          }
          if (error instanceof ApiError && error.status === 401) {
            // Signed out meanwhile: keep the work; it goes out with the next change after signing in.
            this.emit({ status: "error", error });
            return;
          }
          if (!gone) this.emit({ error });
        }
        // A newer change to the same annotation queued meanwhile stays (it is another object).
        this.queue = this.queue.filter((queued) => queued !== change);
        this.persist();
        this.attempt = 0;
      }
      this.emit({ status: this.snapshot.error ? "error" : "saved" });
    } finally {
      this.flushing = false;
      if (this.again) {
        this.again = false;
        if (this.queue.length && this.snapshot.status !== "offline") void this.flush();
      }
    }
  }

  private retryLater(): void {
    const schedule =
      this.options.schedule ??
      ((run: () => void, ms: number) => {
        const timer = window.setTimeout(run, ms);
        return () => window.clearTimeout(timer);
      });
    this.cancelRetry = schedule(() => void this.flush(), backoffMs(this.attempt++));
  }
}

/** The server's list with the changes still queued laid over it (what the user last saw). */
export function withPending<T extends { id: string }>(items: readonly T[], pending: readonly PendingChange[], make: (change: Extract<PendingChange, { type: "save" }>) => T): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  for (const change of pending) {
    if (change.type === "delete") byId.delete(change.id);
    else byId.set(change.id, make(change));
  }
  return [...byId.values()];
}
