import type { Catalog, Topic } from "../../api/types";

export interface TopicGroup {
  subject: string;
  chapters: Array<{ chapter: string; topics: Topic[] }>;
}

/**
 * Topics grouped under their subject and chapter, in catalog order. Topics the catalog doesn't
 * know (yet) are listed under "Other topics".
 */
export function groupTopics(topics: readonly Topic[], catalog: Catalog | undefined): TopicGroup[] {
  const chosen = new Map(topics.map((topic) => [topic.id, topic]));
  const groups: TopicGroup[] = [];
  const placed = new Set<string>();
  for (const subject of catalog?.subjects ?? []) {
    const chapters: TopicGroup["chapters"] = [];
    for (const chapter of subject.chapters) {
      const found = chapter.topics.filter((topic) => chosen.has(topic.id));
      if (found.length) {
        chapters.push({ chapter: chapter.name, topics: found });
        found.forEach((topic) => placed.add(topic.id));
      }
    }
    if (chapters.length) groups.push({ subject: subject.name, chapters });
  }
  const rest = topics.filter((topic) => !placed.has(topic.id));
  if (rest.length) groups.push({ subject: catalog ? "Other topics" : "Topics", chapters: [{ chapter: "", topics: rest }] });
  return groups;
}
