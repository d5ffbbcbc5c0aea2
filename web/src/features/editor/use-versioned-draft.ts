import { useState } from "react";
import { ApiError } from "../../api/errors";
import { useLeaveGuard } from "../../lib/use-leave-guard";
import { useUnsavedChangesWarning } from "../../lib/use-unsaved-changes";

/** A save refused because someone saved another version first (409 `concurrent_modification`). */
export interface Conflict<M> {
  error: ApiError;
  /** The newest version the server reported, if it said. */
  latest: number | null;
  /** What the page needs to explain the conflict (e.g. which action was refused). */
  meta: M;
}

export function isConcurrentModification(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409 && error.code === "concurrent_modification";
}

/** Content reports `latest_version`, courses `current_version`. */
function latestFrom(error: ApiError): number | null {
  const value = error.details?.latest_version ?? error.details?.current_version;
  return typeof value === "number" ? value : null;
}

interface State<T> {
  value: T;
  /** What the server holds at `version`, as far as this page knows: what "unsaved" compares with. */
  saved: T;
  version: number;
}

/**
 * The editing state of something saved in versions: the local draft, whether it differs from what
 * was last saved (`dirty`), the version the next save is based on (`base`), a refused save's
 * conflict, and the warnings before leaving with unsaved changes (closing the tab, and in-app
 * links through `leaving`).
 */
export function useVersionedDraft<T, M = undefined>({
  initial,
  version,
  same,
  saving = false,
}: {
  /** The value loaded from the server. */
  initial: T;
  /** The version `initial` was loaded at. */
  version: number;
  /** Whether two values would save the same (e.g. ignoring surrounding whitespace). */
  same: (a: T, b: T) => boolean;
  /** While a save is on its way, in-app links aren't held back. */
  saving?: boolean;
}) {
  const [state, setState] = useState<State<T>>(() => ({ value: initial, saved: initial, version }));
  const [conflict, setConflict] = useState<Conflict<M> | null>(null);
  const dirty = !same(state.value, state.saved);
  useUnsavedChangesWarning(dirty);
  const leaving = useLeaveGuard(dirty && !saving);

  return {
    value: state.value,
    dirty,
    base: state.version,
    conflict,
    leaving,
    setValue: (next: T | ((current: T) => T)) => {
      setState((current) => ({ ...current, value: typeof next === "function" ? (next as (current: T) => T)(current.value) : next }));
    },
    /** `sent` was saved as `version`: local edits made since then stay unsaved. */
    markSaved: (sent: T, version: number) => {
      setState((current) => ({ ...current, saved: sent, version }));
      setConflict(null);
    },
    /** Replaces the draft with the server's `next`, dropping local edits. */
    adopt: (next: T, version: number) => {
      setState({ value: next, saved: next, version });
      setConflict(null);
    },
    /** The server moved on to `next` (e.g. reloaded after a conflict): local edits stay, an untouched draft follows. */
    rebase: (next: T, version: number) => {
      setState((current) => ({ value: same(current.value, current.saved) ? next : current.value, saved: next, version }));
    },
    /** Records a conflict and returns true when `error` is one; false for any other error. */
    catchConflict: (error: unknown, ...meta: M extends undefined ? [] : [M]): boolean => {
      if (!isConcurrentModification(error)) return false;
      setConflict({ error, latest: latestFrom(error), meta: meta[0] as M });
      return true;
    },
    /** Updates what the page says about the current conflict (e.g. once the newest version is loaded). */
    updateConflict: (meta: M) => {
      setConflict((current) => (current ? { ...current, meta } : current));
    },
    clearConflict: () => {
      setConflict(null);
    },
  };
}
