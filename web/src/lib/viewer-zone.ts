/**
 * The time zone and clock style that times are shown in. A signed-in person's zone is the one
 * saved in Settings, everywhere; a visitor starts from the browser's zone and may pick another,
 * which this browser remembers. The 12/24-hour choice is a display preference kept locally for
 * everyone.
 */
import { useCallback, useState } from "react";
import type { Me } from "../api/types";
import { useSession } from "../auth/session-context";
import { browserTimezone, listTimezones } from "./timezones";

export const ZONE_STORAGE_KEY = "mentora.viewer-zone";
export const CLOCK_STORAGE_KEY = "mentora.clock";

export type ClockStyle = "12h" | "24h";
export type ZoneSource = "account" | "chosen" | "browser";

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Private modes may refuse storage: the choice then lasts for this page only.
  }
}

function isKnownZone(zone: string): boolean {
  if (listTimezones().includes(zone)) return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone to show times in, and where it comes from. */
export function viewerZone(user: Pick<Me, "timezone"> | null): { zone: string; source: ZoneSource } {
  if (user?.timezone) return { zone: user.timezone, source: "account" };
  const chosen = read(ZONE_STORAGE_KEY);
  if (chosen && isKnownZone(chosen)) return { zone: chosen, source: "chosen" };
  return { zone: browserTimezone(), source: "browser" };
}

/** The locale's habit (en-US: 12-hour, most others: 24-hour) unless a choice was stored. */
export function clockStyle(): ClockStyle {
  const stored = read(CLOCK_STORAGE_KEY);
  if (stored === "12h" || stored === "24h") return stored;
  try {
    const cycle = new Intl.DateTimeFormat(undefined, { hour: "numeric" }).resolvedOptions().hourCycle;
    return cycle === "h11" || cycle === "h12" ? "12h" : "24h";
  } catch {
    return "24h";
  }
}

export interface ViewerZone {
  zone: string;
  source: ZoneSource;
  /** Shows times in another zone: remembered for visitors, for this page only when signed in. */
  setZone: (zone: string) => void;
  clock: ClockStyle;
  setClock: (clock: ClockStyle) => void;
}

export function useViewerZone(): ViewerZone {
  const { user } = useSession();
  const fallback = viewerZone(user);
  // A signed-in person's pick on one page must not outlive it: the saved zone wins elsewhere.
  const [picked, setPicked] = useState<{ zone: string; forUser: string | null } | null>(null);
  const [clock, setClockState] = useState<ClockStyle>(clockStyle);
  const userId = user?.id ?? null;
  const current = picked && picked.forUser === userId ? picked.zone : null;

  const setZone = useCallback(
    (zone: string) => {
      setPicked({ zone, forUser: userId });
      if (userId === null) write(ZONE_STORAGE_KEY, zone);
    },
    [userId],
  );
  const setClock = useCallback((next: ClockStyle) => {
    setClockState(next);
    write(CLOCK_STORAGE_KEY, next);
  }, []);

  if (current && current !== fallback.zone) return { zone: current, source: "chosen", setZone, clock, setClock };
  return { ...fallback, setZone, clock, setClock };
}
