import { useContentPreview } from "../../api/discovery";
import { useCatalog } from "../../api/marketplace";
import { findTopic, topicPath } from "../../lib/catalog";

export interface ContentLink {
  /** A topic's id or slug. */
  topic: string | null;
  item: string | null;
}

/** Names and addresses of the topic and lesson a thread is about (the thread carries ids only). */
export function useLinkedContent({ topic, item }: ContentLink) {
  const catalog = useCatalog();
  const lesson = useContentPreview(item ?? "", Boolean(item));
  const place = findTopic(catalog.data, lesson.data?.topic?.id ?? topic ?? "") ?? undefined;
  const lessonHref = lesson.data && place ? `${topicPath(place)}/${lesson.data.id}` : null;
  return {
    topic: place?.topic ?? null,
    topicHref: place ? topicPath(place) : null,
    lesson: lesson.data ?? null,
    lessonHref,
    lessonPending: Boolean(item) && lesson.isPending,
  };
}
