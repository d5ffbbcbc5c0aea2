import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { fetchMe } from "../api/queries";
import { sessionEvents, type SessionEndReason } from "../api/session-events";
import type { Me } from "../api/types";
import { meQueryKey, SessionContext, type SessionValue } from "./session-context";

/**
 * Owns "who is signed in": asks GET /me once on boot (so a reload keeps the session), and
 * forgets the account as soon as any API call reports that the session ended.
 */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [endedReason, setEndedReason] = useState<SessionEndReason | null>(null);
  const me = useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000, retry: 1 });

  useEffect(
    () =>
      sessionEvents.subscribe(({ reason, code }) => {
        const hadUser = Boolean(queryClient.getQueryData<Me | null>(meQueryKey));
        // A visitor who never signed in is simply not signed in: nothing ended.
        if (code === "not_authenticated" && !hadUser) return;
        setEndedReason(reason);
        queryClient.setQueryData(meQueryKey, null);
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      }),
    [queryClient],
  );

  const signedIn = useCallback(
    (user: Me) => {
      setEndedReason(null);
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
      queryClient.setQueryData(meQueryKey, user);
    },
    [queryClient],
  );

  const signedOut = useCallback(() => {
    setEndedReason(null);
    queryClient.setQueryData(meQueryKey, null);
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meQueryKey[0] });
  }, [queryClient]);

  const { refetch } = me;
  const retry = useCallback(() => void refetch(), [refetch]);

  const status: SessionValue["status"] = me.isPending ? "loading" : me.data === undefined && me.isError ? "error" : "ready";
  const value = useMemo<SessionValue>(
    () => ({ user: me.data ?? null, status, error: me.error, endedReason, signedIn, signedOut, retry }),
    [me.data, status, me.error, endedReason, signedIn, signedOut, retry],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
