import type { ReactNode } from "react";
import { BadgeCheckIcon, StarIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import type { TopicGroup } from "./topics";

export function VerifiedBadge({ className }: { className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex items-center gap-1 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-700 ring-1 ring-emerald-600/20 ring-inset",
        className,
      )}
    >
      <BadgeCheckIcon size={13} /> Verified
    </span>
  );
}

const ratingFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "★ 4.8 (12 reviews)", or "New mentor" before the first review. */
export function RatingInline({ average, count, className }: { average: number; count: number; className?: string }) {
  if (count === 0) {
    return (
      <span className={cn("inline-flex items-center gap-1.5 text-sm text-slate-500", className)}>
        <StarIcon size={15} className="text-slate-300" fill="currentColor" stroke="none" />
        New mentor
      </span>
    );
  }
  return (
    <span className={cn("inline-flex items-center gap-1.5 text-sm text-slate-600", className)}>
      <StarIcon size={15} className="text-amber-400" fill="currentColor" stroke="none" />
      <span className="font-semibold text-slate-900">{ratingFormat.format(average)}</span>
      <span className="text-slate-500">
        ({count} review{count === 1 ? "" : "s"})
      </span>
    </span>
  );
}

export function Chip({ children, tone = "neutral" }: { children: ReactNode; tone?: "neutral" | "brand" }) {
  return (
    <span
      className={cn(
        "inline-flex items-center rounded-md px-2 py-1 text-xs font-medium",
        tone === "brand" ? "bg-brand-50 text-brand-700" : "bg-slate-100 text-slate-700",
      )}
    >
      {children}
    </span>
  );
}

export function TopicGroups({ groups, className }: { groups: TopicGroup[]; className?: string }) {
  return (
    <div className={cn("space-y-5", className)}>
      {groups.map((group) => (
        <div key={group.subject}>
          <h3 className="text-sm font-semibold text-slate-900">{group.subject}</h3>
          <dl className="mt-2 space-y-2.5">
            {group.chapters.map((chapter) => (
              <div key={chapter.chapter || "topics"} className="sm:flex sm:gap-4">
                {chapter.chapter ? <dt className="shrink-0 pt-1 text-sm text-slate-500 sm:w-44">{chapter.chapter}</dt> : null}
                <dd className="mt-1 flex flex-wrap gap-1.5 sm:mt-0">
                  {chapter.topics.map((topic) => (
                    <Chip key={topic.id} tone="brand">
                      {topic.name}
                    </Chip>
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </div>
  );
}
