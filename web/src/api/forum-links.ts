/** The forum as lessons show it: the threads about a topic or an item, and how many each has. */
import { useQuery } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import { useForumThreads } from "./forum";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type LinkedThread = Schemas["ThreadOut"];
export type LinkedThreadPage = Schemas["ThreadPage"];
export type ThreadCounts = Schemas["ThreadCountsOut"];

/** What the threads are about: a topic (its items' threads included) or one item. */
export type ThreadSubject = { topic: string } | { item: string };

/** How many threads a lesson page lists before "See all". */
export const LINKED_THREADS_SHOWN = 5;

// Under the forum's own prefix, so whatever refreshes the forum after a new thread or a
// moderation decision refreshes these too.
export const forumLinkKeys = {
  all: ["forum", "links"] as const,
  counts: (topic: string) => ["forum", "links", "counts", topic] as const,
};

/** The most recently active threads about a topic or an item, with their total. */
export function useLinkedThreads(about: ThreadSubject, enabled = true) {
  return useForumThreads({ ...about, sort: "activity", page: 1, page_size: LINKED_THREADS_SHOWN }, enabled);
}

function perItem(counts: ThreadCounts): ReadonlyMap<string, number> {
  return new Map(counts.items.map((item) => [item.item_id, item.threads]));
}

/** Threads per item of a topic, for the badges on its item list; items without any are absent. */
export function useThreadCounts(topic: string, enabled = true) {
  return useQuery({
    queryKey: forumLinkKeys.counts(topic),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/forum/counts", { params: { query: { topic } }, signal })),
    select: perItem,
    enabled: enabled && topic !== "",
  });
}
