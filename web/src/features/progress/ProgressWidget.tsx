import { Link } from "react-router";
import { useMyProgress } from "../../api/gamification";
import { Card } from "../../components/ui/Card";
import { FlameIcon, SnowflakeIcon, TrophyIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { cn } from "../../lib/cn";
import { goalShare, levelShare } from "./shares";


function Meter({ label, value, text, tone }: { label: string; value: number; text: string; tone: "brand" | "amber" }) {
  return (
    <div>
      <div className="flex items-baseline justify-between text-xs text-slate-500">
        <span>{label}</span>
        <span className="tabular-nums">{text}</span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value}
        aria-valuetext={text}
        className="mt-1.5 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={cn("h-full rounded-full transition-[width]", tone === "brand" ? "bg-brand-500" : "bg-amber-400")} style={{ width: `${value}%` }} />
      </div>
    </div>
  );
}

/** XP, level, streak and today's goal at a glance, for the learner's home page. */
export function ProgressWidget({ className }: { className?: string }) {
  const progress = useMyProgress();
  if (progress.isError) return null; // the rest of the page stands without it
  const data = progress.data;
  return (
    <Card className={cn("p-5 sm:p-6", className)}>
      <section aria-labelledby="progress-widget-title" aria-busy={progress.isPending}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="progress-widget-title" className="text-base font-semibold text-slate-900">
            Your progress
          </h2>
          <Link to="/leaderboards" className="text-sm font-medium text-brand-700 hover:text-brand-800">
            Leaderboards
          </Link>
        </div>
        {data ? (
          <div className="mt-4 grid gap-5 sm:grid-cols-[auto_1fr] sm:items-center">
            <dl className="flex gap-6">
              <div>
                <dt className="text-xs text-slate-500">Level</dt>
                <dd className="flex items-center gap-1.5 text-2xl font-semibold text-slate-900 tabular-nums">
                  <TrophyIcon size={18} className="text-violet-500" />
                  {data.level.level}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Streak</dt>
                <dd className="flex items-center gap-1.5 text-2xl font-semibold text-slate-900 tabular-nums">
                  <FlameIcon size={18} className={data.streak > 0 ? "text-orange-500" : "text-slate-300"} />
                  {data.streak}
                  <span className="sr-only">{data.streak === 1 ? "day" : "days"}</span>
                </dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Freezes</dt>
                <dd className="flex items-center gap-1.5 text-2xl font-semibold text-slate-900 tabular-nums">
                  <SnowflakeIcon size={18} className="text-sky-500" />
                  {data.freezes}
                </dd>
              </div>
            </dl>
            <div className="space-y-3">
              <Meter label={`Level ${data.level.level + 1}`} value={levelShare(data)} text={`${data.total_xp} / ${data.level.next_at} XP`} tone="brand" />
              <Meter label="Today's goal" value={goalShare(data)} text={`${data.today_xp} / ${data.daily_goal} XP`} tone="amber" />
            </div>
          </div>
        ) : (
          <div className="mt-4 grid gap-3 sm:grid-cols-2" aria-hidden="true">
            <Skeleton className="h-10 w-40" />
            <Skeleton className="h-10 w-full" />
          </div>
        )}
      </section>
    </Card>
  );
}
