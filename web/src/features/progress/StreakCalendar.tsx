import { useStreakCalendar } from "../../api/gamification";
import { SnowflakeIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { calendarSpan, calendarWeeks, describeCell, intensity, type CalendarCell } from "./calendar";

const SHADES = ["bg-slate-100", "bg-amber-200", "bg-amber-300", "bg-amber-400", "bg-amber-500"] as const;
const ROW_LABELS = ["Mon", "", "Wed", "", "Fri", "", "Sun"];

function Square({ cell, goal }: { cell: CalendarCell; goal: number }) {
  if (cell.future) return <span aria-hidden="true" className="block size-3.5" />;
  const label = describeCell(cell);
  return (
    <>
      <span
        aria-hidden="true"
        title={label}
        className={cn(
          "flex size-3.5 items-center justify-center rounded-[3px]",
          cell.frozen ? "bg-sky-100 text-sky-600 ring-1 ring-sky-300" : SHADES[intensity(cell, goal)],
        )}
      >
        {cell.frozen ? <SnowflakeIcon size={10} /> : null}
      </span>
      <span className="sr-only">{label}</span>
    </>
  );
}

/**
 * The learner's last weeks, one square a local day: the deeper the colour, the nearer the
 * daily goal; blue squares are days a streak freeze kept. A table underneath for readers.
 */
export function StreakCalendar({ today, goal, weeks = 12, className }: { today: string; goal: number; weeks?: number; className?: string }) {
  const calendar = useStreakCalendar(calendarSpan(today, weeks));
  if (calendar.isPending) return <Skeleton className={cn("h-28 w-full", className)} />;
  if (calendar.isError) {
    return <ErrorState error={calendar.error} title="We couldn't load your streak calendar" onRetry={() => void calendar.refetch()} className={cn("py-4", className)} />;
  }
  const grid = calendarWeeks(calendar.data, today, weeks);
  const active = calendar.data.filter((d) => d.xp > 0).length;
  return (
    <figure className={className}>
      <div className="overflow-x-auto">
        <table className="border-separate border-spacing-[3px]">
          <caption className="sr-only">Your learning days, the last {weeks} weeks, Monday first</caption>
          <tbody>
            {ROW_LABELS.map((label, weekday) => (
              <tr key={weekday}>
                <th scope="row" className="pr-1.5 text-left text-[10px] leading-none font-normal text-slate-400">
                  <span aria-hidden="true">{label}</span>
                </th>
                {grid.map((week) => {
                  const cell = week[weekday]!;
                  return (
                    <td key={cell.day} className="p-0">
                      <Square cell={cell} goal={goal} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <figcaption className="mt-2 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
        <span>
          {active} active {active === 1 ? "day" : "days"} in {weeks} weeks
        </span>
        <span className="flex items-center gap-1" aria-hidden="true">
          Less
          {SHADES.map((shade) => (
            <span key={shade} className={cn("size-2.5 rounded-[2px]", shade)} />
          ))}
          More
          <span className="ml-2 flex size-2.5 items-center justify-center rounded-[2px] bg-sky-100 ring-1 ring-sky-300" />
          Freeze
        </span>
      </figcaption>
    </figure>
  );
}
