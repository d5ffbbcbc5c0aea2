/** A booked session as the API answers it, for the tests of every page that shows sessions. */
import type { BookedSession } from "../api/bookings";
import { MENTOR_ID } from "./marketplace-fixtures";

export interface SessionShape extends Partial<BookedSession> {
  /** When it starts; `starts_at`, `ends_at` and the cancellation deadline follow from it. */
  start: Date;
  minutes?: number;
}

/** A confirmed, paid hour with Amara Okafor unless `overrides` say otherwise. */
export function bookedSession({ start, minutes = 60, ...overrides }: SessionShape): BookedSession {
  const price = overrides.price ?? 4000;
  return {
    id: "60000000-0000-4000-8000-000000000001",
    mentor_id: MENTOR_ID,
    student_id: "70000000-0000-4000-8000-000000000001",
    mentor_name: "Amara Okafor",
    student_name: "Sam Taylor",
    reviewed: false,
    status: "confirmed",
    starts_at: start.toISOString(),
    ends_at: new Date(start.getTime() + minutes * 60_000).toISOString(),
    minutes,
    price,
    paid: price,
    refunded: 0,
    currency: "EUR",
    free_cancellation_until: new Date(start.getTime() - 86_400_000).toISOString(),
    late_refund_percent: 50,
    refund_if_cancelled_now: 0,
    hold_expires_at: start.toISOString(),
    meeting_url: "",
    notes: "",
    cancelled_by: null,
    sequence: 0,
    trial: false,
    topic_id: null,
    ...overrides,
  };
}

/** The next whole hour `days` from now (negative: in the past). */
export function hourFromNow(days: number): Date {
  const start = new Date(Date.now() + days * 86_400_000);
  start.setUTCMinutes(0, 0, 0);
  return start;
}
