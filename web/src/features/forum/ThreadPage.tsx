import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/errors";
import {
  POSTS_PER_PAGE,
  threadView,
  useEditPost,
  useForumThread,
  useReplyToThread,
  useWatchThread,
  type ForumPost,
  type ForumThread,
} from "../../api/forum";
import type { Me } from "../../api/types";
import { useSession } from "../../auth/session-context";
import { Badge } from "../../components/ui/Badge";
import { Breadcrumbs } from "../../components/ui/Breadcrumbs";
import { Button, ButtonLink } from "../../components/ui/Button";
import { ArrowDownIcon, ArrowLeftIcon, BellIcon, BellOffIcon, CheckCircleIcon, MessageIcon } from "../../components/ui/icons";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { Composer } from "./Composer";
import { RelativeTime, SignInPrompt, SolvedMark } from "./ForumBits";
import { forumErrorMessage } from "./forum-errors";
import { LinkedContent } from "./LinkedContent";
import { PostCard } from "./PostCard";
import { ThreadTitle } from "./ThreadTitle";
import { plainTitle } from "./title-text";
import { useThreadLive } from "./use-thread-live";

const EMPTY = { title: "", body: "", category: "" };

/** A `#post-N` link far into a thread opens the page at that post instead of at the start. */
function startFromHash(hash: string): number | null {
  const match = /^#post-(\d+)$/.exec(hash);
  const number = match ? Number(match[1]) : 0;
  return number > POSTS_PER_PAGE ? number : null;
}

/**
 * Who may mark the accepted answer: the thread's author, a verified mentor or an administrator.
 * The API sends no permission field for it; a mentor whose verification is not known from the
 * posts on screen is offered the button, and a refusal (403) is shown when it comes.
 */
function mayAccept(viewer: Me | null, thread: ForumThread, posts: ForumPost[]): boolean {
  if (!viewer) return false;
  if (viewer.role === "admin" || thread.author?.id === viewer.id) return true;
  if (viewer.role !== "mentor") return false;
  const own = posts.find((post) => post.author?.id === viewer.id)?.author;
  return own ? own.badges.includes("verified_mentor") : true;
}

/** Nesting as the API's `depth` says (1 to 3 for replies); narrower steps on a phone. */
const INDENT: Record<number, string> = {
  2: "ml-3 border-l-2 border-slate-200/70 pl-3 sm:ml-6 sm:pl-5",
  3: "ml-6 border-l-2 border-slate-200/70 pl-3 sm:ml-12 sm:pl-5",
};

// (Environments without layout have no scrollIntoView.)
function scrollToPost(number: number) {
  document.getElementById(`post-${number}`)?.scrollIntoView?.({ behavior: "smooth", block: "center" });
}

function WatchButton({ thread }: { thread: ForumThread }) {
  const watch = useWatchThread(thread.id);
  const toast = useToast();
  const watching = thread.watching === true;
  return (
    <Button
      variant={watching ? "subtle" : "secondary"}
      size="sm"
      aria-pressed={watching}
      loading={watch.isPending}
      icon={watching ? <BellIcon size={16} /> : <BellOffIcon size={16} />}
      title={watching ? "You hear of every new post. Select to mute the thread." : "Hear of every new post, in the app and by e-mail."}
      onClick={() =>
        watch.mutate(!watching, {
          onSuccess: (result) => toast.info(result.watching ? "Watching this thread" : "Thread muted", result.watching ? "You'll hear of every new post." : "You won't hear of new posts here."),
          onError: (error) => toast.error("We couldn't change that", forumErrorMessage(error)),
        })
      }
    >
      {watching ? "Watching" : "Watch"}
    </Button>
  );
}

function ThreadSkeleton() {
  return (
    <div role="status" aria-label="Loading the thread" className="space-y-4">
      <Skeleton className="h-4 w-40" />
      <Skeleton className="h-8 w-3/4" />
      <div className="rounded-2xl bg-white p-5 ring-1 ring-slate-200/80">
        <SkeletonText lines={5} />
      </div>
      <div className="rounded-2xl bg-white p-5 ring-1 ring-slate-200/80">
        <SkeletonText lines={3} />
      </div>
    </div>
  );
}

/** A thread: the opening post, the accepted answer, the replies as a tree, writing and live updates. */
export default function ThreadPage() {
  const { threadId = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { user } = useSession();
  const toast = useToast();
  const [start, setStart] = useState<number | null>(() => startFromHash(location.hash));
  const query = useForumThread(threadId, start);
  const view = threadView(query.data);
  const reply = useReplyToThread(threadId);
  const edit = useEditPost(threadId);
  const [replyTo, setReplyTo] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const bottom = useRef<HTMLElement>(null);
  const live = useThreadLive(threadId, start, Boolean(user && view), () => query.fetchNextPage());
  useDocumentTitle(view ? plainTitle(view.thread.title) : query.isError ? "Thread not found" : "Forum");

  // The browser scrolls to an anchor only if it exists when the page loads; posts come later.
  const arrived = view !== null;
  useEffect(() => {
    if (!arrived || !location.hash.startsWith("#post-")) return;
    document.getElementById(location.hash.slice(1))?.scrollIntoView?.({ block: "center" });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the posts first arrive
  }, [arrived]);

  if (query.isPending) return <ThreadSkeleton />;
  // A failed "load more" or live refresh keeps what is on screen; only a thread never loaded fails the page.
  if (!view) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return missing ? (
      <EmptyState
        icon={<MessageIcon size={22} />}
        title="This thread isn't here"
        description="It may have been deleted, or the link is wrong."
        action={
          <ButtonLink to="/forum" icon={<ArrowLeftIcon size={16} />}>
            Back to the forum
          </ButtonLink>
        }
      />
    ) : (
      <ErrorState error={query.error} title="We couldn't load this thread" onRetry={() => void query.refetch()} />
    );
  }

  const { thread, accepted, posts } = view;
  const opening = posts.find((post) => post.number === 1) ?? null;
  const replies = posts.filter((post) => post.number !== 1);
  const canAccept = mayAccept(user, thread, posts);
  const remaining = Math.max(0, view.total - posts.filter((post) => post.status === "visible").length);

  const replyComposer = (post: ForumPost) => (
    <Composer
      draftKey={`reply:${thread.id}:${post.id}`}
      initial={EMPTY}
      bodyLabel={`Reply to ${post.author?.name ?? `post #${post.number}`}`}
      submitLabel="Post reply"
      autoFocus
      onCancel={() => setReplyTo(null)}
      onSubmit={async ({ body }) => {
        const created = await reply.mutateAsync({ body, parentId: post.id });
        live.ownPost(created.id);
        setReplyTo(null);
        window.requestAnimationFrame(() => scrollToPost(created.number));
      }}
    />
  );

  const editComposer = (post: ForumPost) => (
    <Composer
      draftKey={null}
      initial={{ title: post.number === 1 ? thread.title : "", body: post.markdown ?? "", category: "" }}
      showTitle={post.number === 1}
      bodyLabel="Your post"
      submitLabel="Save changes"
      sendingLabel="Saving…"
      autoFocus
      onCancel={() => setEditing(null)}
      onSubmit={async ({ title, body }) => {
        await edit.mutateAsync({ postId: post.id, body, title: post.number === 1 && title !== thread.title ? title : undefined });
        setEditing(null);
        toast.success("Changes saved");
      }}
    />
  );

  const cardProps = {
    thread,
    viewer: user,
    canAccept,
    onReply: (post: ForumPost) => {
      setEditing(null);
      if (post.number === 1) {
        bottom.current?.scrollIntoView?.({ behavior: "smooth", block: "center" });
        bottom.current?.querySelector("textarea")?.focus();
      } else {
        setReplyTo(post.id);
      }
    },
    onEdit: (post: ForumPost) => {
      setReplyTo(null);
      setEditing(post.id);
    },
    onDeleted: (post: ForumPost) => {
      if (post.number === 1) {
        toast.success("Thread deleted");
        void navigate("/forum");
      } else {
        toast.success("Post deleted");
      }
    },
  };

  return (
    <div className="mx-auto max-w-4xl">
      <Breadcrumbs
        className="mb-4"
        items={[{ label: "Forum", to: "/forum" }, { label: thread.category.name, to: `/forum?category=${encodeURIComponent(thread.category.slug)}` }, { label: plainTitle(thread.title) }]}
      />
      <header className="mb-6">
        <div className="flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
          <h1 className="min-w-0 text-2xl font-semibold tracking-tight break-words text-slate-900 sm:text-[1.75rem] sm:leading-tight">
            <ThreadTitle title={thread.title} />
          </h1>
          {user ? (
            <div className="shrink-0">
              <WatchButton thread={thread} />
            </div>
          ) : null}
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-500">
          <Link to={`/forum?category=${encodeURIComponent(thread.category.slug)}`}>
            <Badge tone="neutral" className="hover:bg-slate-200">
              {thread.category.name}
            </Badge>
          </Link>
          {thread.solved ? <SolvedMark /> : null}
          <LinkedContent link={{ topic: thread.topic_id, item: thread.item_id }} />
          <span className="inline-flex items-center gap-1">
            <MessageIcon size={14} />
            {thread.reply_count} {thread.reply_count === 1 ? "reply" : "replies"}
          </span>
          <span aria-hidden="true">·</span>
          <span>
            Active <RelativeTime iso={thread.last_activity_at} midSentence />
          </span>
        </div>
      </header>

      {start !== null ? (
        <div className="mb-4 flex flex-wrap items-center justify-between gap-3 rounded-xl bg-brand-50 px-4 py-3 text-sm text-brand-900 ring-1 ring-brand-200">
          <span>You're reading from post #{start}.</span>
          <Button size="sm" variant="secondary" onClick={() => setStart(null)}>
            Read from the start
          </Button>
        </div>
      ) : null}

      <div className="space-y-4">
        {opening ? (
          <PostCard {...cardProps} post={opening} variant="opening" anchored editor={editing === opening.id ? editComposer(opening) : undefined} />
        ) : null}

        {accepted ? (
          <section aria-label="Solution">
            <PostCard {...cardProps} post={accepted} variant="accepted" anchored editor={editing === accepted.id ? editComposer(accepted) : undefined}>
              {replyTo === accepted.id ? replyComposer(accepted) : null}
            </PostCard>
          </section>
        ) : null}

        {replies.length > 0 ? (
          <section aria-labelledby="replies-heading">
            <h2 id="replies-heading" className="mt-8 mb-3 text-sm font-semibold tracking-wide text-slate-500 uppercase">
              {thread.reply_count} {thread.reply_count === 1 ? "reply" : "replies"}
            </h2>
            <ol className="space-y-3" aria-label="Replies">
              {replies.map((post) => (
                <li key={post.id} className={cn(INDENT[Math.min(post.depth, 3)])}>
                  {post.id === accepted?.id ? (
                    <a
                      href={`#post-${post.number}`}
                      className="flex items-center gap-2 rounded-2xl bg-emerald-50/70 px-4 py-3 text-sm text-emerald-800 ring-1 ring-emerald-200 hover:bg-emerald-50"
                    >
                      <CheckCircleIcon size={16} className="shrink-0" />
                      <span className="min-w-0">
                        <span className="font-semibold">Accepted answer</span> by {post.author?.name ?? "a former member"}, shown at the top
                      </span>
                    </a>
                  ) : (
                    <PostCard {...cardProps} post={post} variant="reply" anchored editor={editing === post.id ? editComposer(post) : undefined}>
                      {replyTo === post.id ? replyComposer(post) : null}
                    </PostCard>
                  )}
                </li>
              ))}
            </ol>
          </section>
        ) : opening ? (
          <p className="rounded-2xl border border-dashed border-slate-300 px-4 py-6 text-center text-sm text-slate-500">No replies yet. Be the first to help.</p>
        ) : null}

        {query.hasNextPage ? (
          <div className="flex justify-center pt-2">
            <Button variant="secondary" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {remaining > 0 ? `Load more replies (${remaining} more)` : "Load more replies"}
            </Button>
          </div>
        ) : null}
        {query.isFetchNextPageError ? (
          <p role="alert" className="text-center text-sm text-rose-600">
            {forumErrorMessage(query.error)}
          </p>
        ) : null}
      </div>

      <section ref={bottom} id="reply" aria-label="Reply to the thread" className="mt-8 scroll-mt-24">
        {user ? (
          <div className="rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 sm:p-5">
            <Composer
              draftKey={`reply:${thread.id}`}
              initial={EMPTY}
              bodyLabel="Your reply"
              placeholder="Share what you know. Be kind, be specific: formulas like $F = ma$ work."
              submitLabel="Post reply"
              onSubmit={async ({ body }) => {
                const created = await reply.mutateAsync({ body, parentId: null });
                live.ownPost(created.id);
                window.requestAnimationFrame(() => scrollToPost(created.number));
              }}
            />
          </div>
        ) : (
          <SignInPrompt title="Sign in to reply" description="Reading is open to everyone. To reply, vote or ask your own question, sign in or create a free account." />
        )}
      </section>

      {live.unseen.length > 0 ? (
        <div className="pointer-events-none fixed inset-x-0 bottom-6 z-30 flex justify-center px-4">
          <button
            type="button"
            className="pointer-events-auto inline-flex animate-fade-in items-center gap-2 rounded-full bg-brand-600 px-4 py-2 text-sm font-medium text-white shadow-lg shadow-brand-600/30 hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
            onClick={() => {
              const first = Math.min(...live.unseen);
              live.dismiss();
              scrollToPost(first);
            }}
          >
            <ArrowDownIcon size={16} />
            {live.unseen.length === 1 ? "1 new reply" : `${live.unseen.length} new replies`}
          </button>
        </div>
      ) : null}
    </div>
  );
}
