import { useEffect } from "react";
import { sendStudyHeartbeat } from "../../api/analytics";

/** Every 15 s while the page is visible and the learner touched it within the last minute. */
export const HEARTBEAT_MS = 15_000;
export const IDLE_AFTER_MS = 60_000;
const ACTIVITY = ["pointerdown", "pointermove", "keydown", "wheel", "scroll", "touchstart"] as const;

/**
 * Reports study time on an item: a heartbeat on opening, then every 15 s while the tab is
 * visible (Page Visibility API) and the learner is active. The server credits the time
 * between a person's heartbeats by its own clock, whichever tab sent them, so two open tabs
 * count once and nothing here needs to be trusted.
 */
export function useStudyHeartbeat(itemId: string | undefined, now: () => number = Date.now) {
  useEffect(() => {
    if (!itemId) return undefined;
    let lastInput = now();
    const active = () => {
      lastInput = now();
    };
    const beat = () => {
      if (document.visibilityState !== "visible" || now() - lastInput > IDLE_AFTER_MS) return;
      // A lost heartbeat is a few seconds of study time: not worth telling the learner.
      void sendStudyHeartbeat(itemId).catch(() => undefined);
    };
    const shown = () => {
      if (document.visibilityState === "visible") {
        active();
        beat();
      }
    };
    for (const name of ACTIVITY) window.addEventListener(name, active, { passive: true });
    document.addEventListener("visibilitychange", shown);
    beat();
    const timer = window.setInterval(beat, HEARTBEAT_MS);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener("visibilitychange", shown);
      for (const name of ACTIVITY) window.removeEventListener(name, active);
    };
  }, [itemId, now]);
}
