import type { GroupSession } from "../../api/group-sessions";
import { ApiError } from "../../api/errors";
import { errorMessage } from "../../lib/error-messages";
import { formatMoney } from "../../lib/money";

/** "Free", or the price of one seat. */
export function seatPriceLabel(group: Pick<GroupSession, "seat_price" | "currency">): string {
  return group.seat_price > 0 ? formatMoney(group.seat_price, group.currency) : "Free";
}

/** "3 of 6 seats left", "Full". */
export function seatsLeftLabel(group: Pick<GroupSession, "seats_left" | "capacity">): string {
  if (group.seats_left <= 0) return "Full";
  return `${group.seats_left} of ${group.capacity} seat${group.capacity === 1 ? "" : "s"} left`;
}

/** Giving a seat back now counts as a late cancellation. */
export function isLate(group: Pick<GroupSession, "free_cancellation_until">, now: number): boolean {
  return now > new Date(group.free_cancellation_until).getTime();
}

/** Still to come (or under way): the rest is history, or waits to be marked held. */
export function isUpcoming(group: Pick<GroupSession, "status" | "ends_at">, now: number): boolean {
  return group.status === "scheduled" && new Date(group.ends_at).getTime() > now;
}

/** Over, and its mentor may say it was held. */
export function canComplete(group: Pick<GroupSession, "status" | "ends_at">, now: number): boolean {
  return group.status === "scheduled" && new Date(group.ends_at).getTime() <= now;
}

/** The mentor may call it off until it starts. */
export function canCallOff(group: Pick<GroupSession, "status" | "starts_at">, now: number): boolean {
  return group.status === "scheduled" && new Date(group.starts_at).getTime() > now;
}

/**
 * What taking a seat asks of the student next: nothing more for a free seat, paying at the
 * gateway's checkout for a seat held for payment (taking it again while held answers the same
 * checkout, so "Pay now" is the same call).
 */
export type SeatOutcome = { kind: "seated"; group: GroupSession } | { kind: "checkout"; url: string; group: GroupSession };

export function seatOutcome(group: GroupSession): SeatOutcome {
  if (group.my_seat === "held" && group.checkout_url) return { kind: "checkout", url: group.checkout_url, group };
  return { kind: "seated", group };
}

/** A seat held for payment whose hold is still ahead: it can be paid now. */
export function isAwaitingPayment(group: Pick<GroupSession, "my_seat" | "hold_expires_at">, now: number): boolean {
  return group.my_seat === "held" && group.hold_expires_at != null && new Date(group.hold_expires_at).getTime() > now;
}

/** A held seat that was never paid: lapsed by the API, or its hold over while the lapse is on its way. */
export function isUnpaidHoldOver(group: Pick<GroupSession, "my_seat" | "hold_expires_at">, now: number): boolean {
  return group.my_seat === "expired" || (group.my_seat === "held" && !isAwaitingPayment(group, now));
}

/** What the student paid for their seat, and what went back: "Paid €15.00 · refunded €7.50". */
export function seatMoneyLabel(group: Pick<GroupSession, "my_seat_paid" | "my_seat_refunded" | "currency">): string | null {
  const paid = group.my_seat_paid;
  const refunded = group.my_seat_refunded;
  if (paid <= 0) return null;
  if (refunded <= 0) return `Paid ${formatMoney(paid, group.currency)}`;
  if (refunded >= paid) return `Paid ${formatMoney(paid, group.currency)} · refunded in full`;
  return `Paid ${formatMoney(paid, group.currency)} · refunded ${formatMoney(refunded, group.currency)}`;
}

/**
 * What giving the seat back now does with the money. The API tells the deadline of a full
 * refund; the late share is in the terms copied onto the session, which it does not expose, so
 * a late refund is said to be partial without a figure.
 */
export type GiveBackRefund = { kind: "none" } | { kind: "unpaid" } | { kind: "full"; amount: number } | { kind: "partial"; paid: number };

export function giveBackRefund(group: Pick<GroupSession, "my_seat" | "my_seat_paid" | "my_seat_refunded" | "free_cancellation_until">, now: number): GiveBackRefund {
  if (group.my_seat === "held") return { kind: "unpaid" };
  const paid = group.my_seat_paid - group.my_seat_refunded;
  if (paid <= 0) return { kind: "none" };
  return isLate(group, now) ? { kind: "partial", paid } : { kind: "full", amount: paid };
}

/** Refusals of a seat, in plain words (the codes the API documents). */
export const SEAT_ERRORS: Readonly<Record<string, string>> = {
  group_session_full: "Every seat has just been taken. Other sessions of this mentor may still have room.",
  student_busy: "You already have a session at that time. Give that one up first if you'd rather join this one.",
  seat_already_taken: "You already hold a seat in this session.",
  group_session_not_found: "This session is no longer open.",
};

/** A refused seat move, in plain words; the API's own sentence for the rules it explains itself. */
export function seatErrorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const known = SEAT_ERRORS[error.code];
    if (known) return known;
    if (error.status >= 400 && error.status < 500 && error.status !== 401 && error.message) return error.message;
  }
  return errorMessage(error);
}

export const GROUP_STATUS_LABELS: Readonly<Record<string, string>> = {
  scheduled: "Scheduled",
  completed: "Held",
  cancelled: "Called off",
};

export const GROUP_STATUS_TONES: Readonly<Record<string, "neutral" | "brand" | "success">> = {
  scheduled: "success",
  completed: "brand",
  cancelled: "neutral",
};
