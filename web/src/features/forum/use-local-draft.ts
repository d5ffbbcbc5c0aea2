import { useCallback, useEffect, useRef, useState } from "react";

const PREFIX = "mentora.forum.draft.";
/** A draft older than this is someone else's afternoon: start afresh. */
const KEEP_MS = 14 * 24 * 3600_000;
const SAVE_DELAY_MS = 400;

interface Stored<T> {
  value: T;
  savedAt: number;
}

function read<T extends object>(key: string, fallback: T): T {
  try {
    const raw = window.localStorage.getItem(PREFIX + key);
    if (!raw) return fallback;
    const stored = JSON.parse(raw) as Stored<Partial<T>>;
    if (typeof stored.savedAt !== "number" || Date.now() - stored.savedAt > KEEP_MS) return fallback;
    return { ...fallback, ...stored.value };
  } catch {
    return fallback;
  }
}

function write<T>(key: string, value: T | null): void {
  try {
    if (value === null) window.localStorage.removeItem(PREFIX + key);
    else window.localStorage.setItem(PREFIX + key, JSON.stringify({ value, savedAt: Date.now() } satisfies Stored<T>));
  } catch {
    // Private modes and full storage refuse: the draft then lives as long as the page.
  }
}

/**
 * Text being written, kept in this browser under `key` until it is sent (or `clear`ed), so a
 * reload, a closed tab or a crash loses nothing. Without a key the draft is not kept.
 * `isEmpty` says when there is nothing worth keeping (the key is then removed).
 */
export function useLocalDraft<T extends object>(key: string | null, initial: T, isEmpty: (value: T) => boolean) {
  const [value, setValue] = useState<T>(() => (key ? read(key, initial) : initial));
  const dirty = useRef(false);
  const latest = useRef({ isEmpty });
  useEffect(() => {
    latest.current = { isEmpty };
  });

  useEffect(() => {
    if (!key || !dirty.current) return undefined;
    const timer = window.setTimeout(() => write(key, latest.current.isEmpty(value) ? null : value), SAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [key, value]);

  const update = useCallback((change: T | ((current: T) => T)) => {
    dirty.current = true;
    setValue(change);
  }, []);

  const clear = useCallback(
    (next: T) => {
      dirty.current = false;
      if (key) write(key, null);
      setValue(next);
    },
    [key],
  );

  return [value, update, clear] as const;
}
