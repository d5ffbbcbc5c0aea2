/**
 * A tiny channel from the API client to the session state: when any request learns that the
 * session is gone (401 with a session code), the session provider clears the cached user and
 * the route guards send the person to sign in again.
 */
export type SessionEndReason = "expired" | "suspended";

export interface SessionEnded {
  reason: SessionEndReason;
  code: string;
}

type Listener = (event: SessionEnded) => void;

const listeners = new Set<Listener>();

export const sessionEvents = {
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  },
  emit(event: SessionEnded): void {
    for (const listener of [...listeners]) listener(event);
  },
};

/** The 401 codes that mean "your session is over", as opposed to e.g. a wrong password. */
export function sessionEndReason(code: string | undefined): SessionEndReason | null {
  switch (code) {
    case "account_suspended":
      return "suspended";
    case "session_expired":
    case "not_authenticated":
      return "expired";
    default:
      return null;
  }
}
