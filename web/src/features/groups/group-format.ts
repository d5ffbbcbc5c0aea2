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
 * What taking a seat asks of the student next. Only a taken seat comes back today; a seat held
 * for payment will carry where to pay, and become a `{ kind: "checkout", url }` here.
 */
export type SeatOutcome = { kind: "seated"; group: GroupSession };

export function seatOutcome(group: GroupSession): SeatOutcome {
  return { kind: "seated", group };
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
