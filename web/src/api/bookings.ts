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

/** How often a session waiting for its payment is asked again: the gateway's webhook confirms it. */
export const PAYMENT_POLL_MS = 2000;

export const bookingKeys = {
  all: ["bookings"] as const,
  lists: ["bookings", "list"] as const,
  list: (query: MySessionsQuery) => ["bookings", "list", query] as const,
  detail: (id: string) => ["bookings", "detail", id] as const,
  terms: (mentorId: string) => ["bookings", "terms", mentorId] as const,
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

/** Holds the slot and opens the checkout; the answer says where to pay. */
export function useBookSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BookIn) => unwrap(api.POST("/api/v1/bookings", { body })),
    onSuccess: (started) => {
      queryClient.setQueryData(bookingKeys.detail(started.session.id), started.session);
      void queryClient.invalidateQueries({ queryKey: bookingKeys.lists });
    },
  });
}

export function useMySessions(query: MySessionsQuery) {
  return useQuery({
    queryKey: bookingKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/bookings", { params: { query }, signal })),
    placeholderData: keepPreviousData,
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
