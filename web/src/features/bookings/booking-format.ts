import { useEffect, useState } from "react";
import type { BookedSession, BookingTerms } from "../../api/bookings";
import { formatClock } from "../../lib/datetime";
import type { ClockStyle } from "../../lib/viewer-zone";

/**
 * The price of `minutes` at an hourly rate (minor units), at `percent` of it (a trial lesson),
 * rounded half to even like the server (edu_core.domain.bookings.policy.session_price), so the
 * screens show what will be charged.
 */
export function sessionPrice(hourlyRate: number, minutes: number, percent = 100): number {
  const divisor = 60 * 100;
  const scaled = hourlyRate * minutes * percent;
  const whole = Math.floor(scaled / divisor);
  const twiceRest = 2 * (scaled - whole * divisor);
  if (twiceRest > divisor || (twiceRest === divisor && whole % 2 === 1)) return whole + 1;
  return whole;
}

/** The cancellation policy in one plain sentence: "Free cancellation until 24 h before; after that 50 % back". */
export function policyText(terms: Pick<BookingTerms, "free_until_hours" | "late_refund_percent">): string {
  const free = terms.free_until_hours > 0 ? `Free cancellation until ${terms.free_until_hours} h before` : "Free cancellation until the start";
  if (terms.free_until_hours === 0 || terms.late_refund_percent >= 100) return free;
  const late = terms.late_refund_percent > 0 ? `after that ${terms.late_refund_percent} % back` : "after that no refund";
  return `${free}; ${late}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(zone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long", timeZone: zone });
    } catch {
      format = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" });
    }
    dayFormats.set(zone, format);
  }
  return format;
}

/** "Tuesday 24 March, 14:30–15:30" of a session, in a zone. */
export function formatSessionTime(start: string, end: string, zone: string, clock?: ClockStyle): string {
  return `${dayFormat(zone).format(new Date(start))}, ${formatClock(start, zone, clock)}–${formatClock(end, zone, clock)}`;
}

/** "9:05" or "1:02:03" left until `deadline`; "0:00" once it has passed. */
export function formatCountdown(deadline: string, now: number): string {
  const seconds = Math.max(0, Math.floor((new Date(deadline).getTime() - now) / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** The current time, updated every second while `active`. */
export function useNow(active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, [active]);
  return now;
}

/** The other person in a session: the mentor for its student, the student for anyone else. */
export function otherPartyName(session: Pick<BookedSession, "student_id" | "student_name" | "mentor_name">, viewerId: string): string {
  return session.student_id === viewerId ? session.mentor_name : session.student_name;
}

/** The errors of a time someone else took meanwhile (or that is no longer free). */
export const SLOT_GONE: ReadonlySet<string> = new Set(["slot_taken", "slot_unavailable"]);

/** Opens `url`: a page of this app through the router, anything else (the payment provider) by loading it. */
export function openUrl(url: string, navigate: (path: string) => void): void {
  const target = new URL(url, window.location.origin);
  if (target.origin === window.location.origin) navigate(`${target.pathname}${target.search}${target.hash}`);
  else window.location.assign(target.href);
}

export const STATUS_LABELS: Record<string, string> = {
  held: "Awaiting payment",
  awaiting_payment: "Awaiting payment",
  confirmed: "Confirmed",
  completed: "Completed",
  cancelled: "Cancelled",
  expired: "Expired",
  no_show_student: "Student absent",
  no_show_mentor: "Mentor absent",
  disputed: "Problem reported",
};

export const STATUS_TONES: Record<string, "neutral" | "brand" | "success" | "warning" | "danger"> = {
  held: "warning",
  awaiting_payment: "warning",
  confirmed: "success",
  completed: "brand",
  cancelled: "neutral",
  expired: "neutral",
  no_show_student: "danger",
  no_show_mentor: "danger",
  disputed: "danger",
};

function icsText(value: string): string {
  return value.replace(/[\\;,]/g, (char) => `\\${char}`).replace(/\r?\n/g, "\\n");
}

function icsInstant(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
}

/**
 * An iCalendar file with the session as one event, in UTC (every calendar converts it). The UID
 * and SEQUENCE stay those of the session, so importing a moved session updates the event.
 */
export function sessionCalendar(
  session: Pick<BookedSession, "id" | "starts_at" | "ends_at" | "sequence" | "meeting_url">,
  title: string,
  pageUrl: string,
  now: Date = new Date(),
): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Mentora//Sessions//EN",
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:${session.id}@mentora`,
    `SEQUENCE:${session.sequence}`,
    `DTSTAMP:${icsInstant(now.toISOString())}`,
    `DTSTART:${icsInstant(session.starts_at)}`,
    `DTEND:${icsInstant(session.ends_at)}`,
    `SUMMARY:${icsText(title)}`,
    `DESCRIPTION:${icsText(`Details and changes: ${pageUrl}`)}`,
    `URL:${pageUrl}`,
    ...(session.meeting_url ? [`LOCATION:${icsText(session.meeting_url)}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.join("\r\n")}\r\n`;
}
