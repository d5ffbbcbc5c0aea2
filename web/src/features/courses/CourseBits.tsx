import type { CourseProgress, CourseStatus } from "../../api/courses";
import { Badge } from "../../components/ui/Badge";
import { cn } from "../../lib/cn";
import { COURSE_STATUS_DESCRIPTIONS, COURSE_STATUS_LABELS, COURSE_STATUS_TONES, progressText, type ItemBadge } from "./status";

export function CourseStatusBadge({ status, className }: { status: CourseStatus; className?: string }) {
  return (
    <span title={COURSE_STATUS_DESCRIPTIONS[status]} className={cn("inline-flex", className)}>
      <Badge tone={COURSE_STATUS_TONES[status]} dot className="whitespace-nowrap">
        {COURSE_STATUS_LABELS[status]}
        <span className="sr-only">: {COURSE_STATUS_DESCRIPTIONS[status]}</span>
      </Badge>
    </span>
  );
}

export function ItemBadges({ badges, className }: { badges: ItemBadge[]; className?: string }) {
  return (
    <span className={cn("inline-flex flex-wrap items-center gap-1.5", className)}>
      {badges.map((badge) => (
        <span key={badge.label} title={badge.description} className="inline-flex">
          <Badge tone={badge.tone} dot className="whitespace-nowrap">
            {badge.label}
            <span className="sr-only">: {badge.description}</span>
          </Badge>
        </span>
      ))}
    </span>
  );
}

/**
 * How far a learner is through a course: "3 of 8 done" as text, and a bar that assistive
 * technology reads as a progress bar with its values.
 */
export function ProgressBar({ progress, label, size = "md", className }: { progress: CourseProgress; label: string; size?: "sm" | "md"; className?: string }) {
  const { completed, total } = progress;
  const percent = Math.max(0, Math.min(100, progress.percent));
  const finished = total > 0 && completed >= total;
  const text = progressText(progress);
  return (
    <div className={cn("space-y-1.5", className)}>
      <div className={cn("flex items-baseline justify-between gap-3", size === "sm" ? "text-xs" : "text-sm")}>
        <span className={cn("font-medium", finished ? "text-emerald-700" : "text-slate-700")}>
          {total === 0 ? "Nothing to do yet" : finished ? `All ${total} done` : text}
        </span>
        {total > 0 ? (
          <span aria-hidden="true" className="text-slate-500 tabular-nums">
            {percent}%
          </span>
        ) : null}
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={Math.min(completed, total)}
        aria-valuetext={`${text} (${percent}%)`}
        className={cn("overflow-hidden rounded-full bg-slate-100", size === "sm" ? "h-1.5" : "h-2")}
      >
        <div
          className={cn("h-full rounded-full transition-[width] duration-500 motion-reduce:transition-none", finished ? "bg-emerald-500" : "bg-brand-600")}
          style={{ width: `${percent}%` }}
        />
      </div>
    </div>
  );
}
