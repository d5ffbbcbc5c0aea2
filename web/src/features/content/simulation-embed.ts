/**
 * Simulations placed inside lesson text. The editor stores each as an empty placeholder,
 *
 *   <div data-type="simulation" data-src="https://phet.colorado.edu/…" data-title="Energy Skate Park"></div>
 *
 * which the server's sanitiser keeps only with an https address on one of the simulation hosts
 * (it drops `data-src` otherwise, and every raw <iframe>). Readers turn the placeholder into a
 * sandboxed frame (`ContentBody`), after checking the address again here.
 *
 * Small and free of heavy imports: the lazy editor and the lazy reader both use it.
 */
import { checkSimulationUrl } from "./simulation";

/** The `data-type` of the placeholder. */
export const SIMULATION_TYPE = "simulation";

/** The server keeps at most this many characters of `data-title`. */
export const MAX_SIMULATION_TITLE = 200;

/**
 * What an embedded simulation may do in a reader's page: the server's sandbox for simulation
 * embeds (`IFRAME_SANDBOX`): its own scripts on its own origin, its links and its forms.
 */
export const EMBED_SANDBOX = "allow-scripts allow-same-origin allow-popups allow-forms";

/**
 * The normalised address of a simulation that may be embedded (https, no credentials or port,
 * on phet.colorado.edu, www.geogebra.org or www.desmos.com), or null.
 */
export function embeddableSimulation(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const check = checkSimulationUrl(raw);
  return check.ok ? check.url : null;
}

/** The title as stored: one line, at most {@link MAX_SIMULATION_TITLE} characters. */
export function simulationTitle(raw: string | null | undefined): string {
  return (raw ?? "").replace(/\s+/g, " ").trim().slice(0, MAX_SIMULATION_TITLE);
}
