import type { CourseProgress, CourseStatus, MentorCourseItem } from "../../api/courses";
import type { ContentStatus } from "../../api/content";
import type { BadgeTone } from "../../components/ui/Badge";
import { STATUS_LABELS } from "../workspace/status";

export const COURSE_STATUS_LABELS: Record<CourseStatus, string> = { draft: "Draft", published: "Published" };
export const COURSE_STATUS_TONES: Record<CourseStatus, BadgeTone> = { draft: "neutral", published: "success" };
export const COURSE_STATUS_DESCRIPTIONS: Record<CourseStatus, string> = {
  draft: "Only you can see it.",
  published: "Learners can find it and enrol.",
};

export interface ItemBadge {
  label: string;
  tone: BadgeTone;
  description: string;
}

function isContentStatus(value: string): value is ContentStatus {
  return value in STATUS_LABELS;
}

/**
 * Where a course item stands with review. Learners see an item's approved (live) version only:
 * an approved item being edited again stays visible, at its live version.
 */
export function itemBadges(item: Pick<MentorCourseItem, "status" | "live" | "live_version">): ItemBadge[] {
  const label = isContentStatus(item.status) ? STATUS_LABELS[item.status] : item.status;
  if (item.live) {
    if (item.status === "approved") return [{ label: "Approved", tone: "success", description: "Learners see it." }];
    const live: ItemBadge = { label: `Live v${item.live_version ?? "?"}`, tone: "success", description: `Learners see version ${item.live_version ?? "?"}.` };
    switch (item.status) {
      case "pending":
        return [live, { label: "Edit pending review", tone: "warning", description: "A newer version is waiting for review." }];
      case "rejected":
        return [live, { label: "Edit rejected", tone: "danger", description: "The reviewer asked for changes to the newer version." }];
      default:
        return [live, { label: "Unsubmitted edit", tone: "neutral", description: "A newer version is saved but not sent for review." }];
    }
  }
  switch (item.status) {
    case "pending":
      return [{ label, tone: "warning", description: "Hidden from learners until a reviewer approves it." }];
    case "rejected":
      return [{ label, tone: "danger", description: "Hidden from learners: the reviewer asked for changes." }];
    default:
      return [{ label, tone: "neutral", description: "Hidden from learners until you submit it and it is approved." }];
  }
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function progressText(progress: Pick<CourseProgress, "completed" | "total">): string {
  return `${progress.completed} of ${progress.total} done`;
}
