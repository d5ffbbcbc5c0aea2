import type { ContentSummary } from "../../api/content";
import { Badge } from "../../components/ui/Badge";
import { cn } from "../../lib/cn";
import { MachineSuggestedBadge } from "../content/MachineSuggestedBadge";
import { statusBadges } from "./status";

export function ContentStatusBadges({
  item,
  className,
}: {
  item: Pick<ContentSummary, "status" | "live_version" | "has_unpublished_changes"> & Partial<Pick<ContentSummary, "machine_suggested">>;
  className?: string;
}) {
  return (
    <span className={cn("inline-flex flex-wrap items-center gap-1.5", className)}>
      {statusBadges(item).map((badge) => (
        <span key={badge.label} title={badge.description} className="inline-flex">
          <Badge tone={badge.tone} dot className="whitespace-nowrap">
            {badge.label}
            <span className="sr-only">: {badge.description}</span>
          </Badge>
        </span>
      ))}
      <MachineSuggestedBadge item={item} />
    </span>
  );
}
