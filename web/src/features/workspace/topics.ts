import type { Catalog, Chapter, Subject, Topic } from "../../api/types";

export interface TopicPlace {
  topic: Topic;
  chapter: Chapter;
  subject: Subject;
}

/** Topic id -> the topic with its chapter and subject, for labels like "Physics › Newton's laws". */
export function topicIndex(catalog: Catalog | undefined): Map<string, TopicPlace> {
  const index = new Map<string, TopicPlace>();
  for (const subject of catalog?.subjects ?? []) {
    for (const chapter of subject.chapters) {
      for (const topic of chapter.topics) index.set(topic.id, { topic, chapter, subject });
    }
  }
  return index;
}
