import { useState } from "react";
import { useUserAchievements, type Rank } from "../../api/gamification";
import { ChevronDownIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { cn } from "../../lib/cn";
import { BadgeShelf } from "./Badges";

export type Zone = "up" | "down" | null;

function LearnerBadges({ row, id }: { row: Rank; id: string }) {
  const achievements = useUserAchievements(row.user_id);
  return (
    <div id={id} className="px-5 pb-3 pl-15 sm:px-6 sm:pl-16">
      {achievements.isPending ? (
        <Skeleton className="h-6 w-48" />
      ) : achievements.isError ? (
        <p className="text-xs text-rose-700">We couldn't load {row.display_name}'s badges.</p>
      ) : (
        <BadgeShelf achievements={achievements.data} label={`${row.display_name}'s badges`} />
      )}
    </div>
  );
}

/**
 * Ranked learners; the viewer's row stands out. `zoneOf` marks promotion and demotion places.
 * A learner's name opens their badges.
 */
export function BoardTable({ rows, me, label, zoneOf }: { rows: Rank[]; me: Rank | null; label: string; zoneOf?: (rank: number) => Zone }) {
  const [open, setOpen] = useState<string | null>(null);
  const mine = me !== null && !rows.some((row) => row.user_id === me.user_id) ? [...rows, me] : rows;
  return (
    <ol aria-label={label} className="divide-y divide-slate-100">
      {mine.map((row) => {
        const zone = zoneOf?.(row.rank) ?? null;
        const isMe = me?.user_id === row.user_id;
        const expanded = open === row.user_id;
        const badgesId = `badges-${row.user_id}`;
        return (
          <li key={row.user_id} aria-current={isMe ? "true" : undefined} className={cn(isMe && "bg-brand-50/70")}>
            <div className="flex items-center gap-3 px-5 py-2.5 sm:px-6">
              <span
                className={cn(
                  "flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold tabular-nums",
                  zone === "up" ? "bg-emerald-100 text-emerald-800" : zone === "down" ? "bg-rose-100 text-rose-800" : "bg-slate-100 text-slate-700",
                )}
              >
                {row.rank}
              </span>
              <button
                type="button"
                aria-expanded={expanded}
                aria-controls={expanded ? badgesId : undefined}
                onClick={() => setOpen(expanded ? null : row.user_id)}
                className="flex min-w-0 flex-1 items-center gap-1 truncate text-left text-sm font-medium text-slate-900 hover:text-brand-700 focus-visible:outline-2 focus-visible:outline-brand-500"
              >
                <span className="truncate">{row.display_name}</span>
                {isMe ? <span className="text-xs font-normal text-brand-700">(you)</span> : null}
                <span className="sr-only">: show badges</span>
                <ChevronDownIcon size={14} className={cn("shrink-0 text-slate-400 transition-transform", expanded && "rotate-180")} />
              </button>
              {zone ? <span className="sr-only">{zone === "up" ? "promotion zone" : "demotion zone"}</span> : null}
              <span className="text-sm font-semibold text-slate-900 tabular-nums">{row.xp} XP</span>
            </div>
            {expanded ? <LearnerBadges row={row} id={badgesId} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
