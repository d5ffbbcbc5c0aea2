import { useId } from "react";
import { Link } from "react-router";
import { useLinkedThreads, type LinkedThread, type ThreadSubject } from "../../api/forum-links";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { ArrowRightIcon, CheckCircleIcon, MessageIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { formatDateTime, formatRelative } from "../../lib/format";
import { plural } from "../courses/status";

export interface DiscussionProps {
  /** The topic (its items' threads included) or the item the threads are about. */
  about: ThreadSubject;
  /** The new-thread form, filled in for this page. */
  askTo: string;
  /** "topic" or "lesson", for the invitation. */
  noun: string;
  className?: string;
}

/** The forum's list for the same filter: `/forum?topic=…` or `/forum?item=…`. */
function forumPath(about: ThreadSubject): string {
  return `/forum?${new URLSearchParams(about).toString()}`;
}

function ThreadRow({ thread, now }: { thread: LinkedThread; now: Date }) {
  return (
    <li className="group relative flex items-start gap-3 px-4 py-3.5 hover:bg-slate-50/70 sm:px-5">
      <span
        className={cn(
          "mt-0.5 flex size-8 shrink-0 items-center justify-center rounded-full",
          thread.solved ? "bg-emerald-50 text-emerald-600" : "bg-slate-100 text-slate-500",
        )}
      >
        {thread.solved ? <CheckCircleIcon size={16} /> : <MessageIcon size={15} />}
      </span>
      <div className="min-w-0 flex-1">
        <Link
          to={`/forum/t/${thread.id}`}
          className="font-medium text-slate-900 after:absolute after:inset-0 group-hover:text-brand-700 focus-visible:outline-none"
        >
          {thread.title}
        </Link>
        <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs text-slate-500">
          {thread.solved ? <span className="font-medium text-emerald-700">Solved</span> : null}
          {thread.solved ? <span aria-hidden="true">·</span> : null}
          <span>{plural(thread.reply_count, "reply", "replies")}</span>
          <span aria-hidden="true">·</span>
          <span title={formatDateTime(thread.last_activity_at)}>Active {formatRelative(thread.last_activity_at, now).toLowerCase()}</span>
        </p>
      </div>
    </li>
  );
}

function ListSkeleton() {
  return (
    <Card className="divide-y divide-slate-100">
      <span className="sr-only" role="status">
        Loading the discussion…
      </span>
      {[0, 1, 2].map((row) => (
        <div key={row} aria-hidden="true" className="flex gap-3 px-4 py-3.5 sm:px-5">
          <Skeleton className="size-8 rounded-full" />
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-2/3" />
            <Skeleton className="h-3 w-40" />
          </div>
        </div>
      ))}
    </Card>
  );
}

/**
 * The forum threads about a topic or a lesson (S30): the most recently active few, a way to all of
 * them in the forum, and the way to ask.
 */
export function Discussion({ about, askTo, noun, className }: DiscussionProps) {
  const titleId = useId();
  const threads = useLinkedThreads(about);
  const total = threads.data?.total ?? 0;
  const now = new Date();

  return (
    <section aria-labelledby={titleId} className={cn("mt-10", className)}>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id={titleId} className="text-lg font-semibold tracking-tight text-slate-900">
            Discussion
          </h2>
          <p className="mt-0.5 text-sm text-slate-500">Questions about this {noun} from learners, answered by the community and mentors.</p>
        </div>
        {total > 0 ? (
          <ButtonLink to={askTo} variant="secondary" size="sm" icon={<MessageIcon size={15} />}>
            Ask a question
          </ButtonLink>
        ) : null}
      </div>
      {threads.isPending ? (
        <ListSkeleton />
      ) : threads.isError ? (
        <Card>
          <ErrorState error={threads.error} title="We couldn't load the discussion" onRetry={() => void threads.refetch()} className="py-8" />
        </Card>
      ) : threads.data.items.length === 0 ? (
        <Card>
          <EmptyState
            icon={<MessageIcon size={22} />}
            title="No questions yet"
            description={`Stuck on something in this ${noun}? Ask, and other learners and the mentors can answer.`}
            action={<ButtonLink to={askTo}>Ask the first question</ButtonLink>}
            className="py-8"
          />
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <ul aria-label="Threads" className="divide-y divide-slate-100">
            {threads.data.items.map((thread) => (
              <ThreadRow key={thread.id} thread={thread} now={now} />
            ))}
          </ul>
          {total > threads.data.items.length ? (
            <Link
              to={forumPath(about)}
              className="flex items-center justify-center gap-1.5 border-t border-slate-100 px-4 py-3 text-sm font-medium text-brand-700 hover:bg-slate-50 hover:text-brand-800"
            >
              See all {total} discussions <ArrowRightIcon size={15} />
            </Link>
          ) : null}
        </Card>
      )}
    </section>
  );
}
