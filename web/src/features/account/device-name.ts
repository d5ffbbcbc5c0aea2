import type { AccountSession } from "../../api/security";

// Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari".
const BROWSERS: ReadonlyArray<readonly [string, string]> = [
  ["Edg/", "Edge"],
  ["OPR/", "Opera"],
  ["Firefox/", "Firefox"],
  ["Chrome/", "Chrome"],
  ["Safari/", "Safari"],
];
const SYSTEMS: ReadonlyArray<readonly [string, string]> = [
  ["iPhone", "iPhone"],
  ["iPad", "iPad"],
  ["Android", "Android"],
  ["Windows", "Windows"],
  ["Mac OS X", "macOS"],
  ["Linux", "Linux"],
];

/** A short, human name for a user-agent string ("Firefox on Linux"). */
export function deviceName(userAgent: string | null | undefined, kind: AccountSession["kind"]): string {
  if (!userAgent) return kind === "browser" ? "Web browser" : "App";
  const browser = BROWSERS.find(([marker]) => userAgent.includes(marker))?.[1] ?? null;
  const system = SYSTEMS.find(([marker]) => userAgent.includes(marker))?.[1] ?? null;
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? userAgent.slice(0, 60);
}
