import type { ReviewStatus, ReviewSummary } from "../../api/moderation";
import { Badge } from "../../components/ui/Badge";
import { STATUS_LABELS, STATUS_TONES } from "./content-review";

/**
 * New item, a newer version of one students already see, or (once approved, when the newest
 * version is the live one) simply what is live.
 */
export function ChangeBadge({ item }: { item: Pick<ReviewSummary, "live_version" | "latest_version"> }) {
  if (item.live_version == null) return <Badge tone="sky">New</Badge>;
  if (item.live_version === item.latest_version) return <Badge tone="success">Live v{item.live_version}</Badge>;
  return <Badge tone="violet">Edit of live v{item.live_version}</Badge>;
}

export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  return (
    <Badge tone={STATUS_TONES[status]} dot>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
