import { createContext, useContext } from "react";
import type { SessionEndReason } from "../api/session-events";
import type { Me } from "../api/types";

export const meQueryKey = ["me"] as const;

export interface SessionValue {
  /** The signed-in account, or null for a visitor. */
  user: Me | null;
  /** "loading" until the first GET /me answers; "error" when it could not be asked. */
  status: "loading" | "ready" | "error";
  error: unknown;
  /** Why the last session ended without the person signing out, if it did. */
  endedReason: SessionEndReason | null;
  signedIn: (user: Me) => void;
  signedOut: () => void;
  retry: () => void;
}

export const SessionContext = createContext<SessionValue | null>(null);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession must be used inside <SessionProvider>");
  return value;
}

/** The signed-in account, for screens behind <RequireAuth>. */
export function useUser(): Me {
  const { user } = useSession();
  if (!user) throw new Error("useUser needs a signed-in user (render it behind <RequireAuth>)");
  return user;
}
