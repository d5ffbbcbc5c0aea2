/**
 * Simulation embeds, checked the way the server checks them (`SimulationKind.check_url`), so
 * a refused address is explained before saving, with the server's own words.
 */

import type { components } from "../../api/schema";

export type SimulationHost = components["schemas"]["SimulationHost"];

/**
 * Sites the platform embeds from, with the names learners know them by. Typed on the server's
 * `SimulationHost` (its `SIMULATION_SITES`, through the OpenAPI document): a site added or
 * removed there fails the type check here until it follows.
 */
export const SIMULATION_SITES = {
  "phet.colorado.edu": "PhET Interactive Simulations",
  "www.desmos.com": "Desmos",
  "www.geogebra.org": "GeoGebra",
} as const satisfies Record<SimulationHost, string>;

/** The hosts, sorted as the server lists them. */
export const SIMULATION_HOSTS: readonly SimulationHost[] = (Object.keys(SIMULATION_SITES) as SimulationHost[]).sort();

/** "PhET Interactive Simulations, Desmos or GeoGebra": the sites, for a sentence. */
export const SIMULATION_SITE_NAMES = ((names: string[]) => (names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names.join("")))(
  SIMULATION_HOSTS.map((host) => SIMULATION_SITES[host]),
);

function isSimulationHost(host: string): host is SimulationHost {
  return Object.hasOwn(SIMULATION_SITES, host);
}

/** The server's refusal, word for word. */
export const SIMULATION_HOST_MESSAGE = `Embed from https://${SIMULATION_HOSTS.join(", https://")} only.`;

/** What the preview frame may do: run the simulation's scripts on its own origin, no more. */
export const PREVIEW_SANDBOX = "allow-scripts allow-same-origin";

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string; suggestion?: string };

const FORBIDDEN = /["'<>\\`]/;

/** The normalised embed address, or why it can't be embedded. */
export function checkSimulationUrl(raw: string): UrlCheck {
  const text = raw.trim();
  if (!text) return { ok: false, message: "Paste the simulation's address." };
  const refused: UrlCheck = { ok: false, message: SIMULATION_HOST_MESSAGE };
  if (text.length > 2000 || FORBIDDEN.test(text) || [...text].some((char) => char.charCodeAt(0) < 33 || char.charCodeAt(0) > 126)) {
    return refused;
  }
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return refused;
  }
  const host = parsed.hostname.toLowerCase();
  if (parsed.protocol !== "https:" || parsed.username || parsed.password || (parsed.port !== "" && parsed.port !== "443")) {
    return refused;
  }
  if (!isSimulationHost(host)) {
    // "geogebra.org/…" is a common paste; the embeddable address has the www.
    const www = `www.${host}`;
    if (isSimulationHost(www)) {
      return { ok: false, message: SIMULATION_HOST_MESSAGE, suggestion: `https://${www}${parsed.pathname}${parsed.search}${parsed.hash}` };
    }
    return refused;
  }
  return { ok: true, url: `https://${host}${parsed.pathname || "/"}${parsed.search}${parsed.hash}` };
}

/** The embeddable address and the site's name, or null for an address the server would refuse. */
export function simulationSource(raw: string): { url: string; provider: string } | null {
  const check = checkSimulationUrl(raw);
  if (!check.ok) return null;
  const host = new URL(check.url).hostname;
  return isSimulationHost(host) ? { url: check.url, provider: SIMULATION_SITES[host] } : null;
}
