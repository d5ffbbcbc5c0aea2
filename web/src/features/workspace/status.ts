import type { ContentStatus, ContentSummary } from "../../api/content";
import type { BadgeTone } from "../../components/ui/Badge";

export const STATUS_LABELS: Record<ContentStatus, string> = {
  draft: "Draft",
  pending: "Pending review",
  approved: "Approved",
  rejected: "Rejected",
};

export const STATUS_OPTIONS: ContentStatus[] = ["draft", "pending", "approved", "rejected"];

export interface StatusBadgeSpec {
  label: string;
  tone: BadgeTone;
  /** Read after the label by screen readers (and shown as a tooltip). */
  description: string;
}

type StatusFacts = Pick<ContentSummary, "status" | "live_version" | "has_unpublished_changes">;

/**
 * The badges for an item's state. An approved item that is being edited keeps its approved
 * version live: it shows "Live" and, beside it, where the edit stands.
 */
export function statusBadges({ status, live_version: live, has_unpublished_changes: changed }: StatusFacts): StatusBadgeSpec[] {
  if (live !== null && changed) {
    const liveBadge: StatusBadgeSpec = { label: `Live v${live}`, tone: "success", description: `Learners see version ${live}.` };
    switch (status) {
      case "pending":
        return [liveBadge, { label: "Edit pending review", tone: "warning", description: "A newer version is waiting for review." }];
      case "rejected":
        return [liveBadge, { label: "Edit rejected", tone: "danger", description: "The reviewer asked for changes to the newer version." }];
      default:
        return [liveBadge, { label: "Unsubmitted edit", tone: "neutral", description: "A newer version is saved but not sent for review." }];
    }
  }
  switch (status) {
    case "approved":
      return [{ label: "Approved", tone: "success", description: "Live: learners can see it." }];
    case "pending":
      return [{ label: "Pending review", tone: "warning", description: "Waiting for a reviewer's decision." }];
    case "rejected":
      return [{ label: "Rejected", tone: "danger", description: "The reviewer asked for changes." }];
    default:
      return [{ label: "Draft", tone: "neutral", description: "Only you can see it." }];
  }
}

/** Whether saving is possible now (the server locks an item while it is reviewed). */
export function isLocked(status: ContentStatus): boolean {
  return status === "pending";
}

/** Whether "Submit for review" applies: drafts and rejected items, never while reviewed or live. */
export function canSubmit(status: ContentStatus): boolean {
  return status === "draft" || status === "rejected";
}
