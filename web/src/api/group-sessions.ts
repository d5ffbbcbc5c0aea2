/** Group sessions: a mentor's sessions for several students, each on a seat of their own. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PAYMENT_POLL_MS } from "./bookings";
import { api } from "./client";
import { unwrap } from "./errors";
import { mentorKeys } from "./marketplace";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type GroupSession = Schemas["GroupSessionOut"];
export type ScheduleGroupIn = Schemas["ScheduleIn"];

/** The largest page the lists give (the API's bound), for reading a whole list. */
const LIST_PAGE = 100;

export const groupKeys = {
  all: ["group-sessions"] as const,
  mine: ["group-sessions", "mine"] as const,
  ofMentor: (mentorId: string) => ["group-sessions", "mentor", mentorId] as const,
};

/**
 * Every group session of mine (a mentor's own, or those a student took a seat in), soonest
 * first. A person holds a handful at a time, so the screens split them into upcoming and past
 * themselves; more than a page is read page by page rather than cut silently. Back from a
 * checkout, `paying` names the session whose seat is paid for: the list is read again every
 * {@link PAYMENT_POLL_MS} while that seat is still held (the gateway's word may come later).
 */
export function useMyGroupSessions(enabled = true, paying: string | null = null) {
  return useQuery({
    queryKey: groupKeys.mine,
    queryFn: async ({ signal }) => {
      const items: GroupSession[] = [];
      for (let page = 1; ; page += 1) {
        const found = await unwrap(api.GET("/api/v1/group-sessions", { params: { query: { page, page_size: LIST_PAGE } }, signal }));
        items.push(...found.items);
        if (found.items.length === 0 || items.length >= found.total) return items;
      }
    },
    enabled,
    refetchInterval: (query) =>
      paying !== null && query.state.data?.some((group) => group.id === paying && group.my_seat === "held") ? PAYMENT_POLL_MS : false,
  });
}

/** A mentor's group sessions still open to seats (full ones included), soonest first. */
export function useMentorGroupSessions(mentorId: string, enabled = true) {
  return useQuery({
    queryKey: groupKeys.ofMentor(mentorId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentors/{mentor_id}/group-sessions", { params: { path: { mentor_id: mentorId }, query: { page: 1, page_size: LIST_PAGE } }, signal })),
    enabled,
  });
}

/** Puts a changed session into every list that shows it, then has them read again. */
function useSettle() {
  const queryClient = useQueryClient();
  return (group: GroupSession) => {
    queryClient.setQueryData<GroupSession[]>(groupKeys.mine, (old) => old?.map((item) => (item.id === group.id ? group : item)));
    void queryClient.invalidateQueries({ queryKey: groupKeys.all });
  };
}

export function useScheduleGroupSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ScheduleGroupIn) => unwrap(api.POST("/api/v1/group-sessions", { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: groupKeys.all });
      // The session took the mentor's time: it leaves their public calendar.
      void queryClient.invalidateQueries({ queryKey: [...mentorKeys.all, "slots"] });
    },
  });
}

export function useTakeSeat() {
  const settle = useSettle();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (groupId: string) =>
      unwrap(api.POST("/api/v1/group-sessions/{group_id}/seat", { params: { path: { group_id: groupId } } })),
    onSuccess: settle,
    // A refusal (full, started) means the seats on screen are out of date.
    onError: () => void queryClient.invalidateQueries({ queryKey: groupKeys.all }),
  });
}

export function useGiveSeatBack() {
  const settle = useSettle();
  return useMutation({
    mutationFn: (groupId: string) =>
      unwrap(api.POST("/api/v1/group-sessions/{group_id}/seat/cancel", { params: { path: { group_id: groupId } } })),
    onSuccess: settle,
  });
}

/** The mentor's moves on one of their sessions: call it off, or mark it held after its end. */
export function useGroupSessionOutcome() {
  const settle = useSettle();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ groupId, outcome }: { groupId: string; outcome: "cancel" | "complete" }) => {
      const params = { path: { group_id: groupId } };
      return outcome === "cancel"
        ? unwrap(api.POST("/api/v1/group-sessions/{group_id}/cancel", { params }))
        : unwrap(api.POST("/api/v1/group-sessions/{group_id}/complete", { params }));
    },
    onSuccess: (group, { outcome }) => {
      settle(group);
      // Called off, its time is free again on the mentor's calendar.
      if (outcome === "cancel") void queryClient.invalidateQueries({ queryKey: [...mentorKeys.all, "slots"] });
    },
  });
}
