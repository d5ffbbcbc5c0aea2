import { useEffect, useMemo, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useSessionsBetween, type BookedSession } from "../../api/bookings";
import { useMyAvailability } from "../../api/mentoring";
import type { Availability } from "../../api/types";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { ChevronLeftIcon, ChevronRightIcon, ClockIcon, SettingsIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { addDays, calendarDay, formatClock, formatDateRange, isIsoDate, todayIn, wallTimeIn } from "../../lib/datetime";
import { useDocumentTitle } from "../../lib/document-title";
import { timezoneLabel } from "../../lib/timezones";
import { useViewerZone, type ClockStyle } from "../../lib/viewer-zone";
import { STATUS_LABELS } from "../bookings/booking-format";
import {
  availabilityIntervals,
  dayBlocks,
  mondayOf,
  sessionItems,
  visibleHours,
  weekDates,
  weekRange,
  type DayBlock,
  type Interval,
} from "./calendar-week";

const HOUR_PX = 48;

/** Colour and words per session status: the colour is never the only signal. */
const SESSION_STYLES: Record<string, string> = {
  held: "bg-amber-50 text-amber-900 ring-amber-300",
  awaiting_payment: "bg-amber-50 text-amber-900 ring-amber-300",
  confirmed: "bg-brand-600 text-white ring-brand-700",
  completed: "bg-slate-100 text-slate-700 ring-slate-300",
  disputed: "bg-rose-50 text-rose-800 ring-rose-300",
  no_show_student: "bg-slate-100 text-slate-600 ring-slate-300",
  no_show_mentor: "bg-rose-50 text-rose-800 ring-rose-300",
};

const LEGEND = [
  { label: "Open for booking", swatch: "bg-emerald-100 ring-emerald-300" },
  { label: "Awaiting payment", swatch: "bg-amber-50 ring-amber-300" },
  { label: "Confirmed", swatch: "bg-brand-600 ring-brand-700" },
  { label: "Completed", swatch: "bg-slate-100 ring-slate-300" },
];

type SessionBlock = DayBlock<BookedSession>;
type OpenBlock = DayBlock<null>;

function timeRange(interval: Interval, zone: string, clock: ClockStyle): string {
  return `${formatClock(new Date(interval.start).toISOString(), zone, clock)}–${formatClock(new Date(interval.end).toISOString(), zone, clock)}`;
}

function sessionLabel(session: BookedSession, zone: string, clock: ClockStyle, day: string): string {
  const status = STATUS_LABELS[session.status] ?? session.status;
  return `${status}: ${session.minutes} minutes with ${session.student_name}, ${calendarDay(day).long}, ${timeRange({ start: new Date(session.starts_at).getTime(), end: new Date(session.ends_at).getTime() }, zone, clock)}`;
}

function clockLabel(hour: number, clock: ClockStyle): string {
  if (clock === "24h") return `${String(hour % 24).padStart(2, "0")}:00`;
  const h = hour % 12 === 0 ? 12 : hour % 12;
  return `${h} ${hour % 24 < 12 ? "AM" : "PM"}`;
}

/** The current time, updated every minute: enough for the line that marks it. */
function useMinute(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 60_000);
    return () => window.clearInterval(timer);
  }, []);
  return now;
}

function WeekGrid({ days, open, sessions, today, zone, clock }: { days: string[]; open: OpenBlock[]; sessions: SessionBlock[]; today: string; zone: string; clock: ClockStyle }) {
  const now = useMinute();
  const { first, last } = visibleHours([...open, ...sessions]);
  const height = (last - first) * HOUR_PX;
  const y = (minutes: number) => ((minutes - first * 60) / 60) * HOUR_PX;
  const current = wallTimeIn(now, zone);
  const hours = Array.from({ length: last - first }, (_, index) => first + index);
  return (
    <div className="hidden md:block" data-testid="week-grid">
      <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))] border-b border-slate-200">
        <div />
        {days.map((day) => {
          const label = calendarDay(day);
          return (
            <div key={day} className="px-2 py-3 text-center">
              <p className={cn("text-xs font-medium uppercase", day === today ? "text-brand-700" : "text-slate-500")}>{label.weekday}</p>
              <p className={cn("mt-0.5 text-sm font-semibold", day === today ? "text-brand-700" : "text-slate-900")}>{label.short}</p>
            </div>
          );
        })}
      </div>
      <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]">
        <div className="relative" style={{ height }} aria-hidden="true">
          {hours.map((hour) => (
            <span key={hour} className="absolute right-2 -translate-y-1/2 text-[11px] text-slate-400 tabular-nums" style={{ top: y(hour * 60) }}>
              {hour === first ? null : clockLabel(hour, clock)}
            </span>
          ))}
        </div>
        {days.map((day) => (
          <ul key={day} aria-label={calendarDay(day).long} className={cn("relative border-l border-slate-100", day === today && "bg-brand-50/30")} style={{ height }}>
            {hours.map((hour) => (
              <li key={hour} aria-hidden="true" className="absolute inset-x-0 border-t border-slate-100" style={{ top: y(hour * 60) }} />
            ))}
            {open
              .filter((block) => block.date === day)
              .map((block) => (
                <li
                  key={`open-${block.interval.start}`}
                  className="absolute inset-x-0.5 overflow-hidden rounded-md border-l-2 border-emerald-400 bg-emerald-50 px-1.5 py-1 text-[11px] leading-4 text-emerald-800"
                  style={{ top: y(block.top), height: y(block.bottom) - y(block.top) }}
                >
                  <span className="font-medium">Open</span> <span className="tabular-nums">{timeRange(block.interval, zone, clock)}</span>
                </li>
              ))}
            {sessions
              .filter((block) => block.date === day)
              .map((block) => {
                const tall = y(block.bottom) - y(block.top);
                const status = STATUS_LABELS[block.item.status] ?? block.item.status;
                const time = timeRange(block.interval, zone, clock);
                return (
                  <li key={`session-${block.item.id}`} className="absolute inset-x-1.5 z-10" style={{ top: y(block.top), height: Math.max(tall, 18) }}>
                    <Link
                      to={`/sessions/${block.item.id}`}
                      aria-label={sessionLabel(block.item, zone, clock, day)}
                      title={`${block.item.student_name}, ${time}, ${status}`}
                      className={cn(
                        "block h-full overflow-hidden rounded-lg px-1.5 py-0.5 text-[11px] leading-[14px] shadow-sm ring-1 ring-inset hover:brightness-95",
                        SESSION_STYLES[block.item.status],
                      )}
                    >
                      {/* As much as the block's height holds: name, then time, then status. */}
                      <span className="block truncate font-semibold">
                        {block.item.student_name}
                        {tall < 32 ? <span className="font-normal"> · {status}</span> : null}
                      </span>
                      {tall >= 32 ? <span className="block truncate tabular-nums opacity-90">{time}</span> : null}
                      {tall >= 46 ? <span className="block truncate opacity-90">{status}</span> : null}
                    </Link>
                  </li>
                );
              })}
            {day === today && current.date === day && current.minutes >= first * 60 && current.minutes <= last * 60 ? (
              <li aria-hidden="true" className="absolute inset-x-0 z-20 border-t-2 border-rose-500" style={{ top: y(current.minutes) }}>
                <span className="absolute -top-[5px] -left-1 size-2 rounded-full bg-rose-500" />
              </li>
            ) : null}
          </ul>
        ))}
      </div>
    </div>
  );
}

function DayList({ days, open, sessions, today, zone, clock }: { days: string[]; open: OpenBlock[]; sessions: SessionBlock[]; today: string; zone: string; clock: ClockStyle }) {
  return (
    <ol className="divide-y divide-slate-100 md:hidden" data-testid="day-list">
      {days.map((day) => {
        const items = [
          ...open.filter((block) => block.date === day).map((block) => ({ at: block.top, kind: "open" as const, block })),
          ...sessions.filter((block) => block.date === day).map((block) => ({ at: block.top, kind: "session" as const, block })),
        ].sort((a, b) => a.at - b.at || (a.kind === "session" ? 1 : -1));
        const label = calendarDay(day);
        return (
          <li key={day} className="px-4 py-4">
            <h3 className={cn("text-sm font-semibold", day === today ? "text-brand-700" : "text-slate-900")}>
              {label.long}
              {day === today ? <span className="ml-2 text-xs font-medium text-brand-600">Today</span> : null}
            </h3>
            {items.length === 0 ? (
              <p className="mt-1 text-sm text-slate-400">Nothing open or booked</p>
            ) : (
              <ul className="mt-2 space-y-2" aria-label={label.long}>
                {items.map((entry) =>
                  entry.kind === "open" ? (
                    <li key={`open-${entry.block.interval.start}`} className="flex items-center gap-2 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200 ring-inset">
                      <span className="font-medium">Open for booking</span>
                      <span className="ml-auto tabular-nums">{timeRange(entry.block.interval, zone, clock)}</span>
                    </li>
                  ) : (
                    <li key={`session-${entry.block.item.id}`}>
                      <Link
                        to={`/sessions/${entry.block.item.id}`}
                        aria-label={sessionLabel(entry.block.item, zone, clock, day)}
                        className={cn("flex flex-wrap items-center gap-x-3 gap-y-0.5 rounded-lg px-3 py-2 text-sm ring-1 ring-inset", SESSION_STYLES[entry.block.item.status])}
                      >
                        <span className="font-semibold">{entry.block.item.student_name}</span>
                        <span className="tabular-nums">{timeRange(entry.block.interval, zone, clock)}</span>
                        <span className="ml-auto text-xs font-medium">{STATUS_LABELS[entry.block.item.status] ?? entry.block.item.status}</span>
                      </Link>
                    </li>
                  ),
                )}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function Legend() {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1.5 text-xs text-slate-600" aria-label="Legend">
      {LEGEND.map((entry) => (
        <li key={entry.label} className="inline-flex items-center gap-1.5">
          <span className={cn("size-3 rounded ring-1 ring-inset", entry.swatch)} aria-hidden="true" />
          {entry.label}
        </li>
      ))}
    </ul>
  );
}

function Week({ availability, monday, zone, clock }: { availability: Availability; monday: string; zone: string; clock: ClockStyle }) {
  const range = weekRange(monday, zone);
  const sessions = useSessionsBetween(new Date(range.start).toISOString(), new Date(range.end).toISOString());
  const days = weekDates(monday);
  const today = todayIn(zone);
  const open = useMemo(() => dayBlocks(availabilityIntervals(availability, monday).map((interval) => ({ interval, item: null })), monday, zone), [availability, monday, zone]);
  const booked = useMemo(() => dayBlocks(sessionItems(sessions.data ?? []), monday, zone), [sessions.data, monday, zone]);

  if (sessions.isError && !sessions.data) {
    return <ErrorState error={sessions.error} title="We couldn't load this week's sessions" onRetry={() => void sessions.refetch()} />;
  }
  if (sessions.isPending) {
    return (
      <div className="space-y-3 p-5" aria-hidden="true">
        <Skeleton className="h-6 w-full" />
        <Skeleton className="h-64 w-full" />
        <span className="sr-only" role="status">
          Loading the week…
        </span>
      </div>
    );
  }
  const nothing = open.length === 0 && booked.length === 0;
  return (
    <div className={cn(sessions.isPlaceholderData && "opacity-60 transition-opacity")}>
      {nothing ? (
        <p className="border-b border-slate-100 px-5 py-3 text-sm text-slate-600">
          Nothing open or booked this week.{" "}
          <Link to="/mentor/availability" className="font-medium text-brand-700 hover:underline">
            Add weekly hours
          </Link>{" "}
          so students can book you.
        </p>
      ) : null}
      <WeekGrid days={days} open={open} sessions={booked} today={today} zone={zone} clock={clock} />
      <DayList days={days} open={open} sessions={booked} today={today} zone={zone} clock={clock} />
    </div>
  );
}

/** The mentor's week: open hours and booked sessions together, in their own time zone. */
export default function MentorCalendarPage() {
  useDocumentTitle("Calendar");
  const { zone, clock } = useViewerZone();
  const [params, setParams] = useSearchParams();
  const today = todayIn(zone);
  const asked = params.get("week");
  const monday = mondayOf(asked && isIsoDate(asked) ? asked : today);
  const availability = useMyAvailability();

  const go = (week: string) => {
    const search = new URLSearchParams(params);
    if (week === mondayOf(today)) search.delete("week");
    else search.set("week", week);
    setParams(search, { replace: true });
  };

  const hoursZone = availability.data?.timezone;
  return (
    <>
      <PageHeader
        eyebrow="Mentor"
        title="Calendar"
        description="Your week at a glance: the hours students can book and the sessions they booked."
        actions={
          <>
            <ButtonLink to="/mentor/availability" variant="secondary" icon={<ClockIcon size={16} />}>
              Edit hours
            </ButtonLink>
            <ButtonLink to="/mentor/booking-settings" variant="ghost" icon={<SettingsIcon size={16} />}>
              Booking settings
            </ButtonLink>
          </>
        }
      />
      <Card>
        <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-3 sm:px-5">
          <div className="flex items-center gap-1">
            <Button variant="ghost" size="sm" aria-label="Previous week" onClick={() => go(addDays(monday, -7))} icon={<ChevronLeftIcon size={16} />} />
            <Button variant="secondary" size="sm" onClick={() => go(mondayOf(today))} disabled={monday === mondayOf(today)}>
              Today
            </Button>
            <Button variant="ghost" size="sm" aria-label="Next week" onClick={() => go(addDays(monday, 7))} icon={<ChevronRightIcon size={16} />} />
          </div>
          <h2 className="text-base font-semibold text-slate-900" aria-live="polite">
            {formatDateRange(monday, addDays(monday, 6))}
          </h2>
          <p className="text-xs text-slate-500 sm:ml-auto">Times in {timezoneLabel(zone)}</p>
        </div>
        <div className="border-b border-slate-100 px-4 py-2.5 sm:px-5">
          <Legend />
          {hoursZone && hoursZone !== zone ? (
            <p className="mt-1.5 text-xs text-slate-500">
              Your weekly hours are set in {timezoneLabel(hoursZone)}; they are shown here in your own time zone.
            </p>
          ) : null}
        </div>
        {availability.isError ? (
          <ErrorState error={availability.error} title="We couldn't load your hours" onRetry={() => void availability.refetch()} />
        ) : availability.isPending ? (
          <div className="space-y-3 p-5" aria-hidden="true">
            <Skeleton className="h-6 w-full" />
            <Skeleton className="h-64 w-full" />
          </div>
        ) : (
          <Week availability={availability.data} monday={monday} zone={zone} clock={clock} />
        )}
      </Card>
    </>
  );
}
