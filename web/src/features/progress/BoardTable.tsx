import type { Rank } from "../../api/gamification";
import { cn } from "../../lib/cn";

export type Zone = "up" | "down" | null;

/** Ranked learners; the viewer's row stands out. `zoneOf` marks promotion and demotion places. */
export function BoardTable({ rows, me, label, zoneOf }: { rows: Rank[]; me: Rank | null; label: string; zoneOf?: (rank: number) => Zone }) {
  const mine = me !== null && !rows.some((row) => row.user_id === me.user_id) ? [...rows, me] : rows;
  return (
    <ol aria-label={label} className="divide-y divide-slate-100">
      {mine.map((row) => {
        const zone = zoneOf?.(row.rank) ?? null;
        const isMe = me?.user_id === row.user_id;
        return (
          <li
            key={row.user_id}
            aria-current={isMe ? "true" : undefined}
            className={cn("flex items-center gap-3 px-5 py-2.5 sm:px-6", isMe && "bg-brand-50/70")}
          >
            <span
              className={cn(
                "flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold tabular-nums",
                zone === "up" ? "bg-emerald-100 text-emerald-800" : zone === "down" ? "bg-rose-100 text-rose-800" : "bg-slate-100 text-slate-700",
              )}
            >
              {row.rank}
            </span>
            <span className="min-w-0 flex-1 truncate text-sm font-medium text-slate-900">
              {row.display_name}
              {isMe ? <span className="ml-1.5 text-xs font-normal text-brand-700">(you)</span> : null}
            </span>
            {zone ? <span className="sr-only">{zone === "up" ? "promotion zone" : "demotion zone"}</span> : null}
            <span className="text-sm font-semibold text-slate-900 tabular-nums">{row.xp} XP</span>
          </li>
        );
      })}
    </ol>
  );
}
