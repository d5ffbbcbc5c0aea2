import { useQuery } from "@tanstack/react-query";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { initialHistory, perform as performOn, redo as redoOn, toAnnotationIn, undo as undoOn, type HistoryState, type LocalAnnotation, type Operation, type SyncEffect } from "./annotations";
import { AnnotationSync, withPending, type AnnotationApi, type QueueStorage } from "./annotation-sync";
import type { AnnotationList } from "./contract";
import { annotationsQueryKey } from "./query-keys";

export interface AnnotationsSource extends AnnotationApi {
  /** `GET /api/v1/content/{item_id}/annotations`: the caller's own and the author's published ones. */
  load: () => Promise<AnnotationList>;
}

/**
 * The annotations of one item with undo/redo and autosave: loads them once (laying over the
 * changes still queued from an earlier offline visit), applies operations locally at once and
 * hands what changed to the offline-safe queue.
 */
export function useAnnotations({ itemId, source, storage }: { itemId: string; source: AnnotationsSource; storage?: QueueStorage }) {
  const [sync] = useState(() => new AnnotationSync({ api: source, key: itemId, ...(storage ? { storage } : {}) }));
  const snapshot = useSyncExternalStore(sync.subscribe, sync.getSnapshot);
  const [history, setHistory] = useState<HistoryState | null>(null);

  useEffect(() => sync.start(), [sync]);

  const loaded = useQuery({ queryKey: annotationsQueryKey(itemId), queryFn: source.load, staleTime: Infinity, refetchOnWindowFocus: false });
  // Only the first answer seeds the history: later refetches must not undo what the user did.
  if (history === null && loaded.data) {
    const items = withPending<LocalAnnotation>(loaded.data.items, sync.pending, (change) => ({ ...change.annotation, id: change.id }));
    setHistory(initialHistory(items));
  }

  // Changes left from an earlier (offline) visit go out once the list is loaded and they are
  // laid over it: sent earlier, they could race the list and vanish from the screen.
  const seeded = history !== null;
  useEffect(() => {
    if (seeded) void sync.flush();
  }, [seeded, sync]);

  const run = useCallback(
    (step: (state: HistoryState) => { state: HistoryState; effects: SyncEffect[] }) => {
      // React may call an updater twice (StrictMode): the second call with the same state
      // returns the first result and queues nothing more.
      let memo: { from: HistoryState; to: HistoryState } | null = null;
      setHistory((current) => {
        if (!current) return current;
        if (memo?.from === current) return memo.to;
        const { state, effects } = step(current);
        memo = { from: current, to: state };
        queueMicrotask(() => {
          for (const effect of effects) {
            if (effect.type === "save") sync.save(effect.annotation.id, toAnnotationIn(effect.annotation));
            else sync.remove(effect.id);
          }
        });
        return state;
      });
    },
    [sync],
  );

  return {
    annotations: history?.annotations ?? [],
    loading: loaded.isPending,
    error: loaded.error,
    retry: () => void loaded.refetch(),
    sync: snapshot,
    canUndo: Boolean(history?.undo.length),
    canRedo: Boolean(history?.redo.length),
    perform: useCallback((operation: Operation) => run((state) => performOn(state, operation)), [run]),
    undo: useCallback(() => run(undoOn), [run]),
    redo: useCallback(() => run(redoOn), [run]),
  };
}
