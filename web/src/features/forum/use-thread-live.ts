import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { forumKeys, refetchThread, setPostScore, type ThreadData } from "../../api/forum";
import { useLiveChannel } from "../../live/use-live-channel";

/** How close to the end of the page counts as "reading the newest posts". */
const BOTTOM_SLACK_PX = 240;

function nearBottom(): boolean {
  const page = document.documentElement;
  return window.innerHeight + window.scrollY >= page.scrollHeight - BOTTOM_SLACK_PX;
}

/**
 * Keeps an open thread current. `thread:<id>` says only what changed (ids, a new score): a vote
 * is applied from the message itself; anything else re-reads the loaded pages, and when the
 * reader had reached the last page, the page after it too, so a new reply at the end appears.
 * New posts that arrive while the reader is further up are counted for a "new replies" button,
 * except the reader's own (`ownPost` registers those).
 */
export function useThreadLive(threadId: string, start: number | null, enabled: boolean, fetchNextPage: () => Promise<unknown>) {
  const queryClient = useQueryClient();
  const [unseen, setUnseen] = useState<number[]>([]);
  const own = useRef(new Set<string>());
  const next = useRef(fetchNextPage);
  useEffect(() => {
    next.current = fetchNextPage;
  });

  const catchUp = useCallback(async () => {
    const key = forumKeys.thread(threadId, start);
    const before = queryClient.getQueryData<ThreadData>(key);
    const hadAll = before !== undefined && !before.pages.at(-1)?.posts.next_cursor;
    await refetchThread(queryClient, threadId);
    const after = queryClient.getQueryData<ThreadData>(key);
    if (hadAll && after?.pages.at(-1)?.posts.next_cursor) await next.current();
  }, [queryClient, threadId, start]);

  useLiveChannel(enabled ? `thread:${threadId}` : null, {
    onSubscribed: () => void catchUp(),
    onMessage: (message) => {
      const fields: Record<string, unknown> = message;
      if (fields.thread_id !== threadId) return;
      const postId = typeof fields.post_id === "string" ? fields.post_id : null;
      if (message.type === "forum.post_voted" && postId && typeof fields.score === "number") {
        setPostScore(queryClient, threadId, postId, fields.score);
        // A re-read already on its way may have left before the vote: it would bring the old score back.
        if (queryClient.isFetching({ queryKey: forumKeys.threadAll(threadId) }) > 0) void catchUp();
        return;
      }
      void catchUp();
      if (message.type === "forum.post_created" && typeof fields.number === "number" && postId && !own.current.has(postId) && !nearBottom()) {
        const number = fields.number;
        setUnseen((list) => (list.includes(number) ? list : [...list, number]));
      }
    },
  });

  useEffect(() => {
    if (unseen.length === 0) return undefined;
    const onScroll = () => {
      if (nearBottom()) setUnseen([]);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => window.removeEventListener("scroll", onScroll);
  }, [unseen.length]);

  const ownPost = useCallback((postId: string) => own.current.add(postId), []);
  const dismiss = useCallback(() => setUnseen([]), []);
  return { unseen, dismiss, ownPost };
}
