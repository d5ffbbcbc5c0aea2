import { lazy, Suspense, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useAcceptAnswer, useVoteOnPost, type ForumPost, type ForumThread } from "../../api/forum";
import type { Me } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Avatar } from "../../components/ui/Avatar";
import { Badge } from "../../components/ui/Badge";
import { CheckCircleIcon, ChevronDownIcon, ChevronUpIcon, FlagIcon, PencilIcon, ReplyIcon, TrashIcon } from "../../components/ui/icons";
import { SkeletonText } from "../../components/ui/Skeleton";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { AuthorBadges, RelativeTime, SignInLink } from "./ForumBits";
import { forumErrorMessage } from "./forum-errors";
import { DeletePostDialog, FlagDialog, RevisionsDialog } from "./PostDialogs";
import { AnnotationCard } from "../media/AnnotationCard";

const ContentBody = lazy(() => import("../content/ContentBody"));

export type PostVariant = "opening" | "reply" | "accepted";

const action =
  "inline-flex h-8 items-center gap-1.5 rounded-lg px-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 " +
  "focus-visible:outline-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-transparent";

function ActionButton({ label, icon, onClick, pressed, disabled, title, className }: { label: string; icon: ReactNode; onClick: () => void; pressed?: boolean; disabled?: boolean; title?: string; className?: string }) {
  return (
    <button type="button" className={cn(action, className)} onClick={onClick} aria-pressed={pressed} disabled={disabled} title={title ?? label}>
      {icon}
      <span className="sr-only sm:not-sr-only">{label}</span>
    </button>
  );
}

function VoteControl({ post, viewer, mine }: { post: ForumPost; viewer: Me | null; mine: boolean }) {
  const vote = useVoteOnPost(post.thread_id);
  const toast = useToast();
  const cast = (value: 1 | -1) => {
    vote.mutate(
      { postId: post.id, value: post.my_vote === value ? 0 : value },
      { onError: (error) => toast.error("Your vote didn't count", forumErrorMessage(error)) },
    );
  };
  const arrow = (value: 1 | -1) => {
    const label = value === 1 ? "Vote up" : "Vote down";
    const Icon = value === 1 ? ChevronUpIcon : ChevronDownIcon;
    const active = post.my_vote === value;
    const classes = cn(
      "flex size-8 items-center justify-center rounded-lg transition-colors focus-visible:outline-2 focus-visible:outline-brand-600",
      active ? (value === 1 ? "bg-brand-600 text-white hover:bg-brand-700" : "bg-rose-600 text-white hover:bg-rose-700") : "text-slate-500 hover:bg-slate-100 hover:text-slate-900",
      "disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-transparent",
    );
    if (!viewer) {
      return (
        <SignInLink label={`Sign in to ${value === 1 ? "vote up" : "vote down"}`} className={classes}>
          <Icon size={18} />
        </SignInLink>
      );
    }
    return (
      <button
        type="button"
        className={classes}
        aria-label={label}
        aria-pressed={active}
        disabled={mine}
        title={mine ? "You can't vote on your own post" : active ? "Take your vote back" : label}
        onClick={() => cast(value)}
      >
        <Icon size={18} />
      </button>
    );
  };
  return (
    <div role="group" aria-label="Votes" className="inline-flex items-center gap-0.5 rounded-xl bg-slate-50 p-0.5 ring-1 ring-slate-200/80">
      {arrow(1)}
      <span
        className={cn("min-w-7 text-center text-sm font-semibold tabular-nums", post.score > 0 ? "text-brand-700" : post.score < 0 ? "text-rose-600" : "text-slate-600")}
        title={`${post.upvotes} up, ${post.downvotes} down`}
        aria-live="polite"
      >
        {post.score}
      </span>
      {arrow(-1)}
    </div>
  );
}

function StatusNotice({ post, viewer }: { post: ForumPost; viewer: Me | null }) {
  if (post.status === "hidden" && post.in_review) {
    const admin = viewer?.role === "admin";
    return (
      <Alert
        tone="warning"
        title="Hidden — waiting for review"
        className="mb-3"
        action={
          admin ? (
            <Link to="/admin/forum" className="text-sm font-semibold text-amber-900 underline hover:no-underline">
              Review flags
            </Link>
          ) : undefined
        }
      >
        {admin
          ? "People flagged this post. Only its author and the moderators see it until someone decides."
          : "People flagged this post. Until a moderator looks at it, only you and the moderators can see it."}
      </Alert>
    );
  }
  if (post.status === "hidden") {
    return (
      <Alert tone="warning" title="Hidden by a moderator" className="mb-3">
        {post.moderation_reason ? `Reason: ${post.moderation_reason}` : "Only you and the moderators can see it."}
      </Alert>
    );
  }
  if (post.status === "removed") {
    return (
      <Alert tone="danger" title="Removed by a moderator" className="mb-3">
        {post.moderation_reason ? `Reason: ${post.moderation_reason}` : "Only you and the moderators can see it."}
      </Alert>
    );
  }
  return null;
}

export interface PostCardProps {
  post: ForumPost;
  thread: ForumThread;
  viewer: Me | null;
  canAccept: boolean;
  variant: PostVariant;
  /** The `#post-N` anchor sits on one copy of a post (the accepted answer shows twice). */
  anchored: boolean;
  onReply: (post: ForumPost) => void;
  onEdit: (post: ForumPost) => void;
  onDeleted: (post: ForumPost) => void;
  /** Shown in place of the text while the post is being edited. */
  editor?: ReactNode;
  /** The reply composer opened under this post. */
  children?: ReactNode;
}

/** One post: who wrote it (with badges), when, its text, and what the reader may do with it. */
export function PostCard({ post, thread, viewer, canAccept, variant, anchored, onReply, onEdit, onDeleted, editor, children }: PostCardProps) {
  const accept = useAcceptAnswer(thread.id);
  const toast = useToast();
  const [dialog, setDialog] = useState<"flag" | "history" | "delete" | null>(null);
  const mine = Boolean(viewer && post.author && post.author.id === viewer.id);
  const visible = post.status === "visible";
  const placeholder = post.status === "deleted" || post.html === null;
  const anchor = `post-${post.number}`;
  const name = post.author?.name ?? (post.status === "deleted" ? "Deleted post" : "Former member");

  const toggleAccepted = () =>
    accept.mutate(post.accepted ? null : post, {
      onError: (error) => toast.error(post.accepted ? "The answer is still accepted" : "We couldn't accept this answer", forumErrorMessage(error)),
    });

  return (
    <article
      id={anchored ? anchor : undefined}
      aria-label={variant === "accepted" ? "Accepted answer" : `Post #${post.number} by ${name}`}
      className={cn(
        "scroll-mt-24 rounded-2xl bg-white ring-1 transition-shadow target:ring-2 target:ring-brand-400",
        variant === "accepted" ? "ring-emerald-300 shadow-sm shadow-emerald-100" : "ring-slate-200/80 shadow-xs",
        placeholder && "bg-slate-50/70",
      )}
    >
      {variant === "accepted" ? (
        <p className="flex items-center gap-1.5 rounded-t-2xl border-b border-emerald-100 bg-emerald-50 px-4 py-2 text-sm font-semibold text-emerald-800 sm:px-5">
          <CheckCircleIcon size={16} />
          Accepted answer
        </p>
      ) : null}
      <div className="px-4 py-4 sm:px-5">
        <header className="flex items-start gap-3">
          <Avatar name={name} seed={post.author?.id ?? post.id} size="sm" className={cn(placeholder && "opacity-50")} />
          <div className="min-w-0 flex-1">
            <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
              <span className={cn("font-semibold", placeholder ? "text-slate-500" : "text-slate-900")}>{name}</span>
              {post.author ? <AuthorBadges author={post.author} /> : null}
              {post.accepted && variant !== "accepted" ? (
                <Badge tone="success" className="gap-1">
                  <CheckCircleIcon size={12} />
                  Accepted answer
                </Badge>
              ) : null}
            </p>
            <p className="mt-0.5 flex flex-wrap items-center gap-x-1.5 text-xs text-slate-500">
              <a href={`#${anchor}`} className="hover:text-slate-800 hover:underline" aria-label={`Link to post #${post.number}`}>
                <RelativeTime iso={post.created_at} />
              </a>
              {post.revision_count > 1 && !placeholder ? (
                <>
                  <span aria-hidden="true">·</span>
                  <button type="button" className="font-medium hover:text-slate-800 hover:underline" onClick={() => setDialog("history")}>
                    edited
                  </button>
                </>
              ) : null}
            </p>
          </div>
          <a href={`#${anchor}`} className="shrink-0 text-xs font-medium text-slate-400 tabular-nums hover:text-slate-700" aria-hidden="true" tabIndex={-1}>
            #{post.number}
          </a>
        </header>

        <div className="mt-3 sm:pl-11">
          {post.flattened && post.reply_to ? (
            <p className="mb-2 text-xs text-slate-500">
              <ReplyIcon size={13} className="mr-1 inline -scale-x-100 align-[-2px]" />
              replying to{" "}
              <a href={`#post-${post.reply_to.number}`} className="font-medium text-brand-700 hover:underline">
                #{post.reply_to.number}
                {post.reply_to.author_name ? ` ${post.reply_to.author_name}` : ""}
              </a>
            </p>
          ) : null}
          <StatusNotice post={post} viewer={viewer} />
          {editor ??
            (placeholder ? (
              <p className="text-sm text-slate-500 italic">{post.status === "deleted" ? "This post was deleted by its author." : "This post is not available."}</p>
            ) : (
              <Suspense fallback={<SkeletonText lines={3} />}>
                <ContentBody html={post.html ?? ""} compact={variant !== "opening"} className={variant === "opening" ? "text-[1rem] leading-7" : "text-[0.95rem] leading-7"} />
              </Suspense>
            ))}
          {!editor && !placeholder && post.annotation ? <AnnotationCard annotation={post.annotation} className="mt-3" /> : null}

          {!editor && !placeholder ? (
            <footer className="mt-3 flex flex-wrap items-center gap-1">
              {visible ? <VoteControl post={post} viewer={viewer} mine={mine} /> : null}
              {visible && viewer ? <ActionButton label="Reply" icon={<ReplyIcon size={16} />} onClick={() => onReply(post)} /> : null}
              {visible && !viewer ? (
                <SignInLink label="Sign in to reply" className={action}>
                  <ReplyIcon size={16} />
                  <span aria-hidden="true" className="hidden sm:inline">
                    Reply
                  </span>
                </SignInLink>
              ) : null}
              {visible && canAccept && post.number > 1 ? (
                <ActionButton
                  label={post.accepted ? "Unaccept" : "Accept answer"}
                  icon={<CheckCircleIcon size={16} />}
                  pressed={post.accepted}
                  disabled={accept.isPending}
                  onClick={toggleAccepted}
                  className={post.accepted ? "text-emerald-700 hover:text-emerald-800" : undefined}
                />
              ) : null}
              <span className="ml-auto flex items-center gap-1">
                {mine ? <ActionButton label="Edit" icon={<PencilIcon size={15} />} onClick={() => onEdit(post)} /> : null}
                {mine ? <ActionButton label="Delete" icon={<TrashIcon size={15} />} onClick={() => setDialog("delete")} className="hover:text-rose-700" /> : null}
                {viewer && visible && mine ? (
                  <ActionButton label="Flag" icon={<FlagIcon size={15} />} onClick={() => undefined} disabled title="You can't flag your own post: edit or delete it instead" />
                ) : null}
                {viewer && visible && !mine ? (
                  post.flagged_by_me ? (
                    <span className="inline-flex h-8 items-center gap-1.5 px-2 text-xs font-medium text-slate-500">
                      <FlagIcon size={14} />
                      You flagged this
                    </span>
                  ) : (
                    <ActionButton label="Flag" icon={<FlagIcon size={15} />} onClick={() => setDialog("flag")} className="hover:text-rose-700" />
                  )
                ) : null}
              </span>
            </footer>
          ) : null}
        </div>
      </div>
      {children ? <div className="border-t border-slate-100 px-4 py-4 sm:px-5">{children}</div> : null}
      {dialog === "flag" ? <FlagDialog post={post} onClose={() => setDialog(null)} /> : null}
      {dialog === "history" ? <RevisionsDialog post={post} onClose={() => setDialog(null)} /> : null}
      {dialog === "delete" ? (
        <DeletePostDialog
          post={post}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            setDialog(null);
            onDeleted(post);
          }}
        />
      ) : null}
    </article>
  );
}
