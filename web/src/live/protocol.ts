/** The live socket's frames and close codes (the server's are in src/adapters/http/live/protocol.py). */

export const CLOSE_UNAUTHENTICATED = 4401;
export const CLOSE_FORBIDDEN_ORIGIN = 4403;

/** Close codes after which reconnecting as is cannot help: the session ended, or the page is not the app's. */
export const FINAL_CLOSE_CODES: ReadonlySet<number> = new Set([CLOSE_UNAUTHENTICATED, CLOSE_FORBIDDEN_ORIGIN]);

export type ServerFrame =
  | { type: "ready"; user_id: string }
  | { type: "subscribed"; channel: string }
  | { type: "unsubscribed"; channel: string }
  | { type: "message"; channel: string; data: LiveMessage }
  | { type: "error"; code: string; channel?: string }
  | { type: "ping" }
  | { type: "pong" };

/** What a channel carries. Only says that something changed: the data itself is fetched from the API. */
export type LiveMessage = { type: "notification"; id: string } | { type: string; [key: string]: unknown };

export type ClientFrame = { type: "subscribe" | "unsubscribe"; channel: string } | { type: "ping" } | { type: "pong" };

export function parseFrame(text: unknown): ServerFrame | null {
  if (typeof text !== "string") return null;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string") {
      return value as ServerFrame;
    }
  } catch {
    // Not JSON: ignored like any frame this client does not know.
  }
  return null;
}

export function userChannel(userId: string): string {
  return `user:${userId}`;
}
