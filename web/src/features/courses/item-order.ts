import type { ContentSummary } from "../../api/content";
import type { MentorCourseItem } from "../../api/courses";
import type { TopicPlace } from "../../lib/catalog";

/** A content item chosen in the picker, shown as the server will show it once saved. */
export function fromSummary(item: ContentSummary, topics: Map<string, TopicPlace>): MentorCourseItem {
  const place = topics.get(item.topic_id);
  return {
    item_id: item.id,
    kind: item.kind,
    title: item.title,
    status: item.status,
    live: item.live_version !== null,
    live_version: item.live_version,
    live_title: null,
    topic: place ? { id: place.topic.id, slug: place.topic.slug, name: place.topic.name } : null,
  };
}

export function moved(ids: readonly string[], id: string, delta: -1 | 1): string[] {
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  next.splice(from, 1);
  next.splice(to, 0, id);
  return next;
}
