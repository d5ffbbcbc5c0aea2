/**
 * Simulation embeds, checked the way the server checks them (`SimulationKind.check_url`), so
 * a refused address is explained before saving, with the server's own words.
 */

/** Sites the platform embeds from, sorted as the server lists them. */
export const SIMULATION_HOSTS = ["phet.colorado.edu", "www.desmos.com", "www.geogebra.org"] as const;

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
  if (!(SIMULATION_HOSTS as readonly string[]).includes(host)) {
    // "geogebra.org/…" is a common paste; the embeddable address has the www.
    const www = `www.${host}`;
    if ((SIMULATION_HOSTS as readonly string[]).includes(www)) {
      return { ok: false, message: SIMULATION_HOST_MESSAGE, suggestion: `https://${www}${parsed.pathname}${parsed.search}${parsed.hash}` };
    }
    return refused;
  }
  return { ok: true, url: `https://${host}${parsed.pathname || "/"}${parsed.search}${parsed.hash}` };
}
