/**
 * The forum: categories, thread lists, a thread with its posts (keyset pages), writing, votes,
 * the accepted answer, flags, watching, previews and images for posts.
 *
 * A thread lives in one infinite query: its first page is the thread itself (title, accepted
 * answer, first posts), the next ones are more posts by the API's cursor. Refetching it
 * re-reads every loaded page in order, which is what a live "something changed" needs: a reply
 * can land anywhere in the threaded order, not only at the end.
 */
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components, paths } from "./schema";
import { uploadFile, withQuery, type UploadProgress } from "./upload";

type Schemas = components["schemas"];

export type ForumCategory = Schemas["CategoryOut"];
export type ForumThread = Schemas["ThreadOut"];
export type ForumThreadPage = Schemas["ThreadPage"];
export type ForumPost = Schemas["PostOut"];
export type ForumAuthor = Schemas["AuthorOut"];
export type ForumBadge = ForumAuthor["badges"][number];
export type ForumThreadDetail = Schemas["ThreadDetailOut"];
export type ForumPostStream = Schemas["PostStreamOut"];
export type ForumRevision = Schemas["RevisionOut"];
export type ForumImage = Schemas["ContentImageOut"];
export type NewThread = Schemas["ThreadIn"];
export type VoteResult = Schemas["VoteOut"];
export type ThreadListQuery = NonNullable<paths["/api/v1/forum/threads"]["get"]["parameters"]["query"]>;
export type ThreadSort = NonNullable<ThreadListQuery["sort"]>;

/** Posts per page of a thread (the API's default; at most 100). */
export const POSTS_PER_PAGE = 50;
export const THREADS_PER_PAGE = 20;

export const forumKeys = {
  all: ["forum"] as const,
  categories: ["forum", "categories"] as const,
  lists: ["forum", "threads"] as const,
  list: (query: ThreadListQuery) => ["forum", "threads", query] as const,
  threads: ["forum", "thread"] as const,
  thread: (threadId: string, start: number | null = null) => ["forum", "thread", threadId, start ?? 1] as const,
  threadAll: (threadId: string) => ["forum", "thread", threadId] as const,
  revisions: (postId: string) => ["forum", "revisions", postId] as const,
  preview: (body: string) => ["forum", "preview", body] as const,
};

// ---- reading ------------------------------------------------------------------------------------

export function useForumCategories() {
  return useQuery({
    queryKey: forumKeys.categories,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/forum/categories", { signal })),
    staleTime: 60_000,
  });
}

export function useForumThreads(query: ThreadListQuery, enabled = true) {
  return useQuery({
    queryKey: forumKeys.list(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/forum/threads", { params: { query }, signal })),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One page of a thread: the first carries the thread and its accepted answer, later ones only posts. */
export interface ThreadChunk {
  thread: ForumThread | null;
  accepted: ForumPost | null;
  posts: ForumPostStream;
}

export type ThreadData = InfiniteData<ThreadChunk, string | null>;

async function fetchThreadChunk(threadId: string, cursor: string | null, start: number | null, signal: AbortSignal): Promise<ThreadChunk> {
  const path = { thread_id: threadId };
  if (cursor === null) {
    const query = start ? { limit: POSTS_PER_PAGE, start } : { limit: POSTS_PER_PAGE };
    const detail = await unwrap(api.GET("/api/v1/forum/threads/{thread_id}", { params: { path, query }, signal }));
    return { thread: detail.thread, accepted: detail.accepted, posts: detail.posts };
  }
  const posts = await unwrap(
    api.GET("/api/v1/forum/threads/{thread_id}/posts", { params: { path, query: { cursor, limit: POSTS_PER_PAGE } }, signal }),
  );
  return { thread: null, accepted: null, posts };
}

/** A thread and the posts loaded so far; `start` opens it at a post number (a `#post-N` link). */
export function useForumThread(threadId: string, start: number | null = null) {
  return useInfiniteQuery<ThreadChunk, Error, ThreadData, ReturnType<typeof forumKeys.thread>, string | null>({
    queryKey: forumKeys.thread(threadId, start),
    queryFn: ({ pageParam, signal }) => fetchThreadChunk(threadId, pageParam, start, signal),
    initialPageParam: null,
    getNextPageParam: (last) => last.posts.next_cursor ?? undefined,
  });
}

export interface ThreadView {
  thread: ForumThread;
  accepted: ForumPost | null;
  /** In the API's reading order, each once. */
  posts: ForumPost[];
  total: number;
}

/** The loaded pages as one thread; null before the first page arrived. */
export function threadView(data: ThreadData | undefined): ThreadView | null {
  if (!data) return null;
  const first = data.pages[0];
  if (!first?.thread) return null;
  const seen = new Set<string>();
  const posts: ForumPost[] = [];
  for (const page of data.pages) {
    for (const post of page.posts.items) {
      if (seen.has(post.id)) continue;
      seen.add(post.id);
      posts.push(post);
    }
  }
  return { thread: first.thread, accepted: first.accepted, posts, total: first.posts.total };
}

export function usePostRevisions(postId: string, enabled = true) {
  return useQuery({
    queryKey: forumKeys.revisions(postId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/forum/posts/{post_id}/revisions", {
          params: { path: { post_id: postId }, query: { page: 1, page_size: 100 } },
          signal,
        }),
      ),
    enabled,
  });
}

/** Markdown as a post would show it (the server's renderer and sanitiser); empty text renders nothing. */
export function usePostPreview(body: string, enabled = true) {
  return useQuery({
    queryKey: forumKeys.preview(body),
    queryFn: ({ signal }) => unwrap(api.POST("/api/v1/forum/preview", { body: { body }, signal })),
    enabled: enabled && body.trim().length > 0,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
}

// ---- the thread in the cache --------------------------------------------------------------------

type PostChange = (post: ForumPost) => ForumPost;

function patchThreadData(data: ThreadData | undefined, postId: string | null, change: PostChange | null, threadChange?: (thread: ForumThread) => ForumThread): ThreadData | undefined {
  if (!data) return data;
  const onPost = (post: ForumPost) => (change && post.id === postId ? change(post) : post);
  return {
    ...data,
    pages: data.pages.map((page) => ({
      thread: page.thread && threadChange ? threadChange(page.thread) : page.thread,
      accepted: page.accepted ? onPost(page.accepted) : null,
      posts: { ...page.posts, items: page.posts.items.map(onPost) },
    })),
  };
}

type Snapshot = Array<[readonly unknown[], ThreadData | undefined]>;

type ThreadChange = (data: ThreadData | undefined) => ThreadData | undefined;

/** Applies a change to every cached copy of the thread (it may be open at several starts); returns what was there. */
function setThread(queryClient: QueryClient, threadId: string, change: ThreadChange): Snapshot {
  const snapshot = queryClient.getQueriesData<ThreadData>({ queryKey: forumKeys.threadAll(threadId) });
  for (const [key, data] of snapshot) queryClient.setQueryData<ThreadData>(key, change(data));
  return snapshot;
}

/** The same before an optimistic change: a refetch in flight must not overwrite it with older data. */
async function patchThread(queryClient: QueryClient, threadId: string, change: ThreadChange): Promise<Snapshot> {
  await queryClient.cancelQueries({ queryKey: forumKeys.threadAll(threadId) });
  return setThread(queryClient, threadId, change);
}

function restore(queryClient: QueryClient, snapshot: Snapshot | undefined) {
  for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
}

function refreshThread(queryClient: QueryClient, threadId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: forumKeys.threadAll(threadId) }),
    queryClient.invalidateQueries({ queryKey: forumKeys.lists }),
  ]);
}

/** A post's score as the live channel reports it, without a round trip. */
export function setPostScore(queryClient: QueryClient, threadId: string, postId: string, score: number) {
  setThread(queryClient, threadId, (data) => {
    const opening = data?.pages[0]?.posts.items.find((post) => post.number === 1);
    return patchThreadData(data, postId, (post) => ({ ...post, score }), opening?.id === postId ? (thread) => ({ ...thread, score }) : undefined);
  });
}

/** Re-reads every loaded page of the thread (live messages say only what changed). */
export function refetchThread(queryClient: QueryClient, threadId: string) {
  return queryClient.refetchQueries({ queryKey: forumKeys.threadAll(threadId), type: "active" });
}

// ---- writing -------------------------------------------------------------------------------------

export function useCreateThread() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewThread) => unwrap(api.POST("/api/v1/forum/threads", { body })),
    onSuccess: (detail) => {
      queryClient.setQueryData<ThreadData>(forumKeys.thread(detail.thread.id), {
        pages: [{ thread: detail.thread, accepted: detail.accepted, posts: detail.posts }],
        pageParams: [null],
      });
      void queryClient.invalidateQueries({ queryKey: forumKeys.lists });
      void queryClient.invalidateQueries({ queryKey: forumKeys.categories });
    },
  });
}

export function useReplyToThread(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, parentId }: { body: string; parentId: string | null }) =>
      unwrap(
        api.POST("/api/v1/forum/threads/{thread_id}/posts", {
          params: { path: { thread_id: threadId } },
          body: { body, parent_id: parentId },
        }),
      ),
    onSuccess: () => refreshThread(queryClient, threadId),
  });
}

export function useEditPost(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, body, title }: { postId: string; body: string; title?: string }) =>
      unwrap(
        api.PATCH("/api/v1/forum/posts/{post_id}", {
          params: { path: { post_id: postId } },
          body: title === undefined ? { body } : { body, title },
        }),
      ),
    onSuccess: async (post) => {
      setThread(queryClient, threadId, (data) => patchThreadData(data, post.id, () => post));
      void queryClient.invalidateQueries({ queryKey: forumKeys.revisions(post.id) });
      await refreshThread(queryClient, threadId);
    },
  });
}

export function useDeletePost(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (postId: string) => unwrap(api.DELETE("/api/v1/forum/posts/{post_id}", { params: { path: { post_id: postId } } })),
    onSuccess: () => refreshThread(queryClient, threadId),
  });
}

function votedPost(post: ForumPost, value: number): ForumPost {
  const up = post.upvotes - (post.my_vote === 1 ? 1 : 0) + (value === 1 ? 1 : 0);
  const down = post.downvotes - (post.my_vote === -1 ? 1 : 0) + (value === -1 ? 1 : 0);
  return { ...post, my_vote: value, upvotes: up, downvotes: down, score: post.score - post.my_vote + value };
}

/** One vote per person: 1, -1, or 0 to take it back. Shown at once; put back if the server refuses. */
export function useVoteOnPost(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, value }: { postId: string; value: number }) =>
      unwrap(api.PUT("/api/v1/forum/posts/{post_id}/vote", { params: { path: { post_id: postId } }, body: { value } })),
    onMutate: async ({ postId, value }) => {
      const snapshot = await patchThread(queryClient, threadId, (data) => {
        const opening = data?.pages[0]?.posts.items.find((post) => post.number === 1);
        const isOpening = opening?.id === postId;
        return patchThreadData(
          data,
          postId,
          (post) => votedPost(post, value),
          isOpening && opening ? (thread) => ({ ...thread, score: votedPost(opening, value).score }) : undefined,
        );
      });
      return { snapshot };
    },
    onError: (_error, _variables, context) => restore(queryClient, context?.snapshot),
    onSuccess: (result) => {
      setThread(queryClient, threadId, (data) =>
        patchThreadData(data, result.post_id, (post) => ({
          ...post,
          score: result.score,
          upvotes: result.upvotes,
          downvotes: result.downvotes,
          my_vote: result.my_vote,
        })),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: forumKeys.lists }),
  });
}

function withAccepted(data: ThreadData | undefined, answer: ForumPost | null): ThreadData | undefined {
  if (!data) return data;
  const marked = answer ? { ...answer, accepted: true } : null;
  return {
    ...data,
    pages: data.pages.map((page, index) => ({
      thread: page.thread ? { ...page.thread, accepted_post_id: marked?.id ?? null, solved: marked !== null } : null,
      accepted: index === 0 ? marked : null,
      posts: { ...page.posts, items: page.posts.items.map((post) => ({ ...post, accepted: post.id === marked?.id })) },
    })),
  };
}

/** Marks (or, with null, takes back) the accepted answer; it moves to the top at once. */
export function useAcceptAnswer(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answer: ForumPost | null) =>
      answer
        ? unwrap(api.PUT("/api/v1/forum/threads/{thread_id}/accepted", { params: { path: { thread_id: threadId } }, body: { post_id: answer.id } }))
        : unwrap(api.DELETE("/api/v1/forum/threads/{thread_id}/accepted", { params: { path: { thread_id: threadId } } })),
    onMutate: async (answer) => ({ snapshot: await patchThread(queryClient, threadId, (data) => withAccepted(data, answer)) }),
    onError: (_error, _answer, context) => restore(queryClient, context?.snapshot),
    onSettled: () => refreshThread(queryClient, threadId),
  });
}

export function useFlagPost(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, reason }: { postId: string; reason: string }) =>
      unwrap(api.POST("/api/v1/forum/posts/{post_id}/flags", { params: { path: { post_id: postId } }, body: { reason } })),
    onSuccess: async (result, { postId }) => {
      setThread(queryClient, threadId, (data) => patchThreadData(data, postId, (post) => ({ ...post, flagged_by_me: true })));
      if (result.hidden) await refreshThread(queryClient, threadId);
    },
  });
}

/** true: hear of every new post; false: mute the thread. */
export function useWatchThread(threadId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (watching: boolean) =>
      unwrap(api.PUT("/api/v1/forum/threads/{thread_id}/watch", { params: { path: { thread_id: threadId } }, body: { watching } })),
    onSuccess: (result) => {
      setThread(queryClient, threadId, (data) => patchThreadData(data, null, null, (thread) => ({ ...thread, watching: result.watching })));
    },
  });
}

export interface ForumImageUpload {
  file: File;
  contentType: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** Stores an image for a post; the answer's `url` goes into the Markdown as `![description](url)`. */
export function uploadForumImage({ file, contentType, onProgress, signal }: ForumImageUpload): Promise<ForumImage> {
  return uploadFile<ForumImage>({
    method: "POST",
    url: withQuery("/api/v1/forum/images", { filename: file.name }),
    file,
    contentType,
    onProgress,
    signal,
  });
}
