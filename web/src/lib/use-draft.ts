import { useEffect, useRef, useState } from "react";

/**
 * A text input's draft for a value that lives elsewhere (e.g. the address): typing updates the
 * draft at once and commits it once typing pauses; an outside change (back button, "clear")
 * replaces the draft unless it only differs by what `normalize` strips.
 */
export function useDraft(
  value: string,
  commit: (value: string) => void,
  { delay = 350, normalize = (text: string) => text.trim() }: { delay?: number; normalize?: (text: string) => string } = {},
) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (normalize(draft) !== value) setDraft(value);
  }
  const latest = useRef({ commit, normalize });
  useEffect(() => {
    latest.current = { commit, normalize };
  });
  useEffect(() => {
    const next = latest.current.normalize(draft);
    if (next === value) return undefined;
    const timer = window.setTimeout(() => latest.current.commit(next), delay);
    return () => window.clearTimeout(timer);
  }, [draft, value, delay]);
  return [draft, setDraft] as const;
}
