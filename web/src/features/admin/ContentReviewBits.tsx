import type { ReviewStatus, ReviewSummary } from "../../api/moderation";
import { Badge } from "../../components/ui/Badge";
import { STATUS_LABELS, STATUS_TONES } from "./content-review";

/** New item, or a new version of one students already see. */
export function ChangeBadge({ item }: { item: Pick<ReviewSummary, "live_version"> }) {
  if (item.live_version == null) return <Badge tone="sky">New</Badge>;
  return <Badge tone="violet">Edit of live v{item.live_version}</Badge>;
}

export function ReviewStatusBadge({ status }: { status: ReviewStatus }) {
  return (
    <Badge tone={STATUS_TONES[status]} dot>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
