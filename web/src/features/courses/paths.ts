import type { LearnerCourseItem } from "../../api/courses";
import type { Catalog } from "../../api/types";
import { findTopic } from "../../lib/catalog";

/**
 * An item's lesson page, opened from a course: `?course=` makes the page show where the item
 * sits in the course. The lesson page finds the item's real place in the catalog itself, so the
 * subject in the address only needs to be right for the address to read well.
 */
export function courseItemPath(catalog: Catalog | undefined, courseId: string, item: Pick<LearnerCourseItem, "item_id" | "topic">, fallbackSubject?: string): string {
  const place = item.topic ? findTopic(catalog, item.topic.id) : undefined;
  const subject = place?.subject.slug ?? fallbackSubject ?? "course";
  const topic = place?.topic.slug ?? item.topic?.slug ?? "item";
  return `/learn/${encodeURIComponent(subject)}/${encodeURIComponent(topic)}/${item.item_id}?${new URLSearchParams({ course: courseId }).toString()}`;
}
