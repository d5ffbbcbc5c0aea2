/** Booked sessions: a mentor's booking terms, booking a slot, my sessions, cancelling and rescheduling, and the built-in test gateway's payment page. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type BookedSession = Schemas["BookedSessionOut"];
export type BookedSessionPage = Schemas["BookedSessionPage"];
export type BookingTerms = Schemas["BookingTermsIO"];
export type BookIn = Schemas["BookIn"];
export type TestCheckout = Schemas["TestCheckoutOut"];
export type TestOutcome = Schemas["TestOutcome"];
export type MySessionsQuery = NonNullable<paths["/api/v1/bookings"]["get"]["parameters"]["query"]>;

/** A session still waiting for its payment: its slot is held until `hold_expires_at`. */
export const PENDING_STATUSES: ReadonlySet<string> = new Set(["held", "awaiting_payment"]);

/** The largest page the list gives (the API's bound), for reading a whole range. */
const RANGE_PAGE = 100;

/** How often a session waiting for its payment is asked again: the gateway's webhook confirms it. */
export const PAYMENT_POLL_MS = 2000;

export const bookingKeys = {
  all: ["bookings"] as const,
  lists: ["bookings", "list"] as const,
  list: (query: MySessionsQuery) => ["bookings", "list", query] as const,
  range: (from: string, to: string) => ["bookings", "list", "range", from, to] as const,
  detail: (id: string) => ["bookings", "detail", id] as const,
  terms: (mentorId: string) => ["bookings", "terms", mentorId] as const,
  myTerms: ["bookings", "my-terms"] as const,
  checkout: (ref: string) => ["bookings", "checkout", ref] as const,
};

export function useMentorBookingTerms(mentorId: string, enabled = true) {
  return useQuery({
    queryKey: bookingKeys.terms(mentorId),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentors/{mentor_id}/booking-terms", { params: { path: { mentor_id: mentorId } }, signal })),
    staleTime: 5 * 60_000,
    enabled,
  });
}

/** The signed-in mentor's own terms, for editing: never refetched behind the form's back. */
export function useMyBookingTerms() {
  return useQuery({
    queryKey: bookingKeys.myTerms,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/booking-terms", { signal })),
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

/** Saves the signed-in mentor's terms; their public terms (`mentorId`) are read again. */
export function useSaveMyBookingTerms(mentorId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BookingTerms) => unwrap(api.PUT("/api/v1/mentor/booking-terms", { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(bookingKeys.myTerms, saved);
      void queryClient.invalidateQueries({ queryKey: bookingKeys.terms(mentorId) });
    },
  });
}

/** Every session of mine starting in [from, to), past and upcoming, soonest first (a calendar's week). */
export function useSessionsBetween(from: string, to: string) {
  return useQuery({
    queryKey: bookingKeys.range(from, to),
    queryFn: async ({ signal }) => {
      const items: BookedSession[] = [];
      // A week rarely fills one page; a mentor with more gets every page rather than a silent cut.
      for (let page = 1; ; page += 1) {
        const found = await unwrap(api.GET("/api/v1/bookings", { params: { query: { when: "all", from, to, page, page_size: RANGE_PAGE } }, signal }));
        items.push(...found.items);
        if (found.items.length === 0 || items.length >= found.total) return items;
      }
    },
    placeholderData: keepPreviousData,
  });
}

/** Holds the slot and opens the checkout; the answer says where to pay. */
export function useBookSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BookIn) => unwrap(api.POST("/api/v1/bookings", { body })),
    onSuccess: (started) => {
      queryClient.setQueryData(bookingKeys.detail(started.session.id), started.session);
      void queryClient.invalidateQueries({ queryKey: bookingKeys.lists });
      // A trial booked is no longer on offer to this student.
      if (started.session.trial) void queryClient.invalidateQueries({ queryKey: bookingKeys.terms(started.session.mentor_id) });
    },
  });
}

/** The first few upcoming sessions, as the home and profile pages show them (one request, shared). */
export const UPCOMING_PREVIEW: MySessionsQuery = { when: "upcoming", page: 1, page_size: 3 };

export function useMySessions(query: MySessionsQuery, enabled = true) {
  return useQuery({
    queryKey: bookingKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/bookings", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One session; asked again every {@link PAYMENT_POLL_MS} while its payment is pending. */
export function useBookedSession(id: string) {
  return useQuery({
    queryKey: bookingKeys.detail(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/bookings/{session_id}", { params: { path: { session_id: id } }, signal })),
    refetchInterval: (query) => (query.state.data && PENDING_STATUSES.has(query.state.data.status) ? PAYMENT_POLL_MS : false),
  });
}

export function useCancelSession(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST("/api/v1/bookings/{session_id}/cancel", { params: { path: { session_id: id } }, body: { reason } })),
    onSuccess: (session) => {
      queryClient.setQueryData(bookingKeys.detail(id), session);
      void queryClient.invalidateQueries({ queryKey: bookingKeys.lists });
      // A trial that will not take place is the student's to book again.
      if (session.trial) void queryClient.invalidateQueries({ queryKey: bookingKeys.terms(session.mentor_id) });
    },
  });
}

export function useTestCheckout(ref: string) {
  return useQuery({
    queryKey: bookingKeys.checkout(ref),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/payments/test-checkouts/{ref}", { params: { path: { ref } }, signal })),
  });
}

export function useSettleTestCheckout(ref: string) {
  return useMutation({
    mutationFn: (outcome: TestOutcome) =>
      unwrap(api.POST("/api/v1/payments/test-checkouts/{ref}/outcome", { params: { path: { ref } }, body: { outcome } })),
  });
}

/** Moves a confirmed session to another free slot of its mentor (no new payment). */
export function useRescheduleSession(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (startsAt: string) =>
      unwrap(api.POST("/api/v1/bookings/{session_id}/reschedule", { params: { path: { session_id: id } }, body: { starts_at: startsAt } })),
    onSuccess: (session) => {
      queryClient.setQueryData(bookingKeys.detail(id), session);
      void queryClient.invalidateQueries({ queryKey: bookingKeys.lists });
    },
  });
}

/** The mentor's meeting link and notes for an upcoming session. */
export function useSetSessionDetails(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { meeting_url?: string; notes?: string }) =>
      unwrap(api.PATCH("/api/v1/bookings/{session_id}", { params: { path: { session_id: id } }, body })),
    onSuccess: (session) => queryClient.setQueryData(bookingKeys.detail(id), session),
  });
}

export type SessionOutcome = { kind: "complete" } | { kind: "no-show" } | { kind: "report"; reason: string };

/** After the start: the mentor marks it held or the student absent; the student reports a problem. */
export function useSessionOutcome(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (outcome: SessionOutcome) => {
      const params = { path: { session_id: id } };
      if (outcome.kind === "complete") return unwrap(api.POST("/api/v1/bookings/{session_id}/complete", { params }));
      if (outcome.kind === "no-show") return unwrap(api.POST("/api/v1/bookings/{session_id}/no-show", { params }));
      return unwrap(api.POST("/api/v1/bookings/{session_id}/report", { params, body: { reason: outcome.reason } }));
    },
    onSuccess: (session) => {
      queryClient.setQueryData(bookingKeys.detail(id), session);
      void queryClient.invalidateQueries({ queryKey: bookingKeys.lists });
    },
  });
}
