import type { GroupSession } from "../../api/group-sessions";
import { Badge } from "../../components/ui/Badge";
import { cn } from "../../lib/cn";
import { GROUP_STATUS_LABELS, GROUP_STATUS_TONES } from "./group-format";

export function GroupStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={GROUP_STATUS_TONES[status] ?? "neutral"} dot>
      {GROUP_STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

/** Seats taken out of the capacity, as a bar and in words. */
export function SeatMeter({ group, className }: { group: Pick<GroupSession, "capacity" | "seats_left">; className?: string }) {
  const taken = group.capacity - group.seats_left;
  const percent = group.capacity > 0 ? Math.round((taken / group.capacity) * 100) : 0;
  return (
    <div className={cn("flex items-center gap-2", className)}>
      <div
        role="meter"
        aria-label="Seats taken"
        aria-valuemin={0}
        aria-valuemax={group.capacity}
        aria-valuenow={taken}
        aria-valuetext={`${taken} of ${group.capacity} seats taken`}
        className="h-1.5 w-20 overflow-hidden rounded-full bg-slate-100"
      >
        <div className={cn("h-full rounded-full", group.seats_left === 0 ? "bg-amber-500" : "bg-brand-600")} style={{ width: `${percent}%` }} />
      </div>
      <span className="text-xs text-slate-600 tabular-nums">
        {taken}/{group.capacity}
      </span>
    </div>
  );
}
