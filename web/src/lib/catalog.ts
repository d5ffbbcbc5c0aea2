import type { Catalog, Chapter, Subject, Topic } from "../api/types";

export interface TopicPlace {
  subject: Subject;
  chapter: Chapter;
  topic: Topic;
}

function byPosition<T extends { position: number; name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
}

export function sortedSubjects(catalog: Catalog | undefined): Subject[] {
  return byPosition(catalog?.subjects ?? []);
}

export function sortedChapters(subject: Subject): Chapter[] {
  return byPosition(subject.chapters);
}

export function sortedTopics(chapter: Chapter): Topic[] {
  return byPosition(chapter.topics);
}

export function topicCount(subject: Subject): number {
  return subject.chapters.reduce((sum, chapter) => sum + chapter.topics.length, 0);
}

export function findSubject(catalog: Catalog | undefined, slug: string): Subject | undefined {
  return catalog?.subjects.find((subject) => subject.slug === slug || subject.id === slug);
}

/** Where a topic (by slug or id) sits in the catalog. */
export function findTopic(catalog: Catalog | undefined, ref: string): TopicPlace | undefined {
  for (const subject of catalog?.subjects ?? []) {
    for (const chapter of subject.chapters) {
      const topic = chapter.topics.find((item) => item.slug === ref || item.id === ref);
      if (topic) return { subject, chapter, topic };
    }
  }
  return undefined;
}

export function topicPath(place: TopicPlace): string {
  return `/learn/${place.subject.slug}/${place.topic.slug}`;
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

/** Where a learner opens an item of a topic (a placeholder subject when the catalog does not place the topic). */
export function learnItemPath(catalog: Catalog | undefined, item: { item_id: string; topic?: { id: string; slug: string } | null }): string {
  const place = item.topic ? findTopic(catalog, item.topic.id) : undefined;
  const subject = place?.subject.slug ?? "practice";
  const topic = place?.topic.slug ?? item.topic?.slug ?? "question";
  return `/learn/${encodeURIComponent(subject)}/${encodeURIComponent(topic)}/${item.item_id}`;
}
