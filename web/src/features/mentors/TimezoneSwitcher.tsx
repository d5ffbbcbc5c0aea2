import { useId, useMemo } from "react";
import { cn } from "../../lib/cn";
import { listTimezones, timezoneLabel } from "../../lib/timezones";
import type { ClockStyle, ZoneSource } from "../../lib/viewer-zone";
import { GlobeIcon } from "../../components/ui/icons";

export interface TimezoneSwitcherProps {
  zone: string;
  source: ZoneSource;
  onZoneChange: (zone: string) => void;
  clock: ClockStyle;
  onClockChange: (clock: ClockStyle) => void;
  className?: string;
}

const HINTS: Record<ZoneSource, string> = {
  account: "Your time zone from Settings.",
  chosen: "Shown in the time zone you picked.",
  browser: "Detected from this browser.",
};

/** The zone a calendar is shown in and its 12/24-hour clock, both switchable in place. */
export function TimezoneSwitcher({ zone, source, onZoneChange, clock, onClockChange, className }: TimezoneSwitcherProps) {
  const id = useId();
  const zones = useMemo(() => {
    const all = listTimezones();
    return all.includes(zone) ? all : [zone, ...all];
  }, [zone]);
  return (
    <div className={cn("flex flex-wrap items-center gap-x-3 gap-y-2 text-xs text-slate-500", className)}>
      <div className="flex min-w-0 items-center gap-1.5">
        <GlobeIcon size={14} className="shrink-0" />
        <label htmlFor={`${id}-zone`} className="sr-only">
          Time zone
        </label>
        <select
          id={`${id}-zone`}
          value={zone}
          onChange={(event) => onZoneChange(event.target.value)}
          aria-describedby={`${id}-hint`}
          className="max-w-[16rem] min-w-0 truncate rounded-md border-0 bg-transparent py-1 pr-7 pl-1 text-xs font-medium text-slate-700 ring-1 ring-slate-200 ring-inset hover:ring-slate-300 focus:ring-2 focus:ring-brand-600 focus:outline-none"
        >
          {zones.map((option) => (
            <option key={option} value={option}>
              {timezoneLabel(option)}
            </option>
          ))}
        </select>
      </div>
      <div role="radiogroup" aria-label="Clock" className="inline-flex rounded-md bg-slate-100 p-0.5">
        {(["12h", "24h"] as const).map((style) => (
          <button
            key={style}
            type="button"
            role="radio"
            aria-checked={clock === style}
            onClick={() => onClockChange(style)}
            className={cn(
              "rounded px-2 py-0.5 text-xs font-medium transition-colors",
              clock === style ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
            )}
          >
            {style}
          </button>
        ))}
      </div>
      <span id={`${id}-hint`}>{HINTS[source]}</span>
    </div>
  );
}
