import { useState } from "react";
import { useMentorSlots } from "../../api/marketplace";
import type { Slot } from "../../api/types";
import { Button } from "../../components/ui/Button";
import { CalendarIcon, ChevronLeftIcon, ChevronRightIcon, GlobeIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { addDays, calendarDay, formatClock, formatDateRange, todayIn } from "../../lib/datetime";
import { timezoneLabel } from "../../lib/timezones";
import type { ClockStyle, ViewerZone } from "../../lib/viewer-zone";
import { TimezoneSwitcher } from "./TimezoneSwitcher";

const DAYS = 7;
const MAX_WEEKS_AHEAD = 12;
const VISIBLE_PER_DAY = 8;

export interface WeekSlotsProps {
  mentorId: string;
  /** The viewer's zone: slots come back in it and are shown in it. */
  zone: string;
  /** Shows a zone and 12/24-hour switcher above the calendar. */
  viewer?: ViewerZone;
  onPick?: (slot: Slot, date: string) => void;
  /** Compact: no session-length switch, smaller heading (e.g. a preview). */
  compact?: boolean;
  emptyText?: string;
}

function SessionLengthSwitch({ lengths, value, onChange }: { lengths: number[]; value: number; onChange: (minutes: number) => void }) {
  return (
    <div role="radiogroup" aria-label="Session length" className="inline-flex rounded-lg bg-slate-100 p-1">
      {lengths.map((minutes) => (
        <button
          key={minutes}
          type="button"
          role="radio"
          aria-checked={minutes === value}
          onClick={() => onChange(minutes)}
          className={cn(
            "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
            minutes === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
          )}
        >
          {minutes} min
        </button>
      ))}
    </div>
  );
}

function DayColumn({ date, slots, zone, clock, onPick }: { date: string; slots: Slot[]; zone: string; clock: ClockStyle | undefined; onPick?: WeekSlotsProps["onPick"] }) {
  const [expanded, setExpanded] = useState(false);
  const day = calendarDay(date);
  const visible = expanded ? slots : slots.slice(0, VISIBLE_PER_DAY);
  const hidden = slots.length - visible.length;
  return (
    <li className="min-w-0" aria-label={day.long}>
      <div className="mb-2 flex items-baseline gap-2 md:block md:text-center">
        <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{day.weekday}</p>
        <p className="text-sm font-medium text-slate-900">{day.short}</p>
      </div>
      {slots.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-200 px-2 py-2 text-center text-xs text-slate-400 md:py-3">No times</p>
      ) : (
        <ul className="grid grid-cols-3 gap-1.5 sm:grid-cols-4 md:grid-cols-1">
          {visible.map((slot) => (
            <li key={slot.start}>
              <button
                type="button"
                onClick={() => onPick?.(slot, date)}
                aria-label={`${day.long}, ${formatClock(slot.start, zone, clock)} to ${formatClock(slot.end, zone, clock)}`}
                className="w-full rounded-lg bg-white px-1 py-2 text-center text-sm font-medium text-brand-700 tabular-nums ring-1 ring-brand-200 transition-colors ring-inset hover:bg-brand-600 hover:text-white hover:ring-brand-600"
              >
                {formatClock(slot.start, zone, clock)}
              </button>
            </li>
          ))}
          {hidden > 0 ? (
            <li>
              <button type="button" onClick={() => setExpanded(true)} className="w-full rounded-lg px-1 py-2 text-center text-xs font-medium text-slate-500 hover:bg-slate-100 hover:text-slate-700">
                +{hidden} more
              </button>
            </li>
          ) : null}
        </ul>
      )}
    </li>
  );
}

/**
 * A mentor's bookable times for one week at a time, in the viewer's own time zone: the server
 * converts, so a slot is right across daylight-saving changes on either side.
 */
export function WeekSlots({ mentorId, zone, viewer, onPick, compact = false, emptyText }: WeekSlotsProps) {
  const today = todayIn(zone);
  const [start, setStart] = useState(today);
  // Another zone has another today: start its calendar there rather than on a stale date.
  const [startZone, setStartZone] = useState(zone);
  if (startZone !== zone) {
    setStartZone(zone);
    setStart(today);
  }
  const [minutes, setMinutes] = useState<number | undefined>(undefined);
  const slots = useMentorSlots(mentorId, { start, days: DAYS, timezone: zone, ...(minutes ? { session_minutes: minutes } : {}) });
  const dates = Array.from({ length: DAYS }, (_, index) => addDays(start, index));
  const byDate = new Map((slots.data?.days ?? []).map((day) => [day.date, day.slots]));
  const lengths = slots.data?.session_lengths ?? [];
  const total = [...byDate.values()].reduce((sum, list) => sum + list.length, 0);
  const lastStart = addDays(today, MAX_WEEKS_AHEAD * 7);

  return (
    <div>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex items-center gap-2">
          <Button variant="secondary" size="sm" className="px-2" aria-label="Previous week" disabled={start <= today} onClick={() => setStart((value) => (addDays(value, -DAYS) < today ? today : addDays(value, -DAYS)))}>
            <ChevronLeftIcon size={16} />
          </Button>
          <Button variant="secondary" size="sm" className="px-2" aria-label="Next week" disabled={start >= lastStart} onClick={() => setStart((value) => addDays(value, DAYS))}>
            <ChevronRightIcon size={16} />
          </Button>
          <p className={cn("ml-1 font-medium text-slate-900", compact ? "text-sm" : "text-sm sm:text-base")} aria-live="polite">
            {formatDateRange(dates[0] ?? start, dates[DAYS - 1] ?? start)}
          </p>
        </div>
        {!compact && lengths.length > 1 ? (
          <SessionLengthSwitch lengths={lengths} value={slots.data?.session_minutes ?? lengths[0] ?? 60} onChange={setMinutes} />
        ) : null}
      </div>
      {viewer ? (
        <TimezoneSwitcher
          className="mt-3"
          zone={zone}
          source={viewer.source}
          onZoneChange={viewer.setZone}
          clock={viewer.clock}
          onClockChange={viewer.setClock}
        />
      ) : (
        <p className="mt-2 inline-flex items-center gap-1.5 text-xs text-slate-500">
          <GlobeIcon size={14} /> Times in your time zone: {timezoneLabel(zone)}
          {!compact && slots.data ? ` · ${slots.data.session_minutes}-minute sessions` : null}
        </p>
      )}

      {slots.isError ? (
        <ErrorState error={slots.error} title="We couldn't load the calendar" onRetry={() => void slots.refetch()} className="py-8" />
      ) : slots.isPending ? (
        <div aria-hidden="true" className="mt-5 grid grid-cols-1 gap-3 md:grid-cols-7">
          {dates.map((date) => (
            <div key={date} className="space-y-2">
              <Skeleton className="mx-auto h-8 w-16" />
              <Skeleton className="h-9 w-full" />
              <Skeleton className="h-9 w-full" />
            </div>
          ))}
        </div>
      ) : (
        <div className={cn("relative mt-5 transition-opacity", slots.isPlaceholderData && "opacity-60")} aria-busy={slots.isFetching || undefined}>
          <ul className="grid grid-cols-1 gap-4 md:grid-cols-7 md:gap-2" aria-label="Available times">
            {dates.map((date) => (
              <DayColumn key={`${date}-${slots.data.session_minutes}`} date={date} slots={byDate.get(date) ?? []} zone={zone} clock={viewer?.clock} onPick={onPick} />
            ))}
          </ul>
          {total === 0 && !slots.isPlaceholderData ? (
            <div className="absolute inset-0 flex items-center justify-center">
              <div className="flex max-w-xs flex-col items-center rounded-2xl bg-white/95 px-6 py-5 text-center shadow-lg ring-1 ring-slate-200">
                <CalendarIcon size={22} className="text-brand-600" />
                <p className="mt-2 text-sm font-medium text-slate-900">{lengths.length === 0 ? "No availability published yet" : "No free times this week"}</p>
                <p className="mt-1 text-xs leading-5 text-slate-500">
                  {emptyText ?? (lengths.length === 0 ? "Check back later." : "Look at the following weeks.")}
                </p>
                {lengths.length > 0 && start < lastStart ? (
                  <Button size="sm" variant="subtle" className="mt-3" onClick={() => setStart((value) => addDays(value, DAYS))}>
                    Next week <ChevronRightIcon size={14} />
                  </Button>
                ) : null}
              </div>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}
