import { lazy, Suspense, useId, useState, type FormEvent, type ReactNode } from "react";
import { useDeletePost, useFlagPost, usePostRevisions, type ForumPost } from "../../api/forum";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { TextAreaField } from "../../components/ui/Field";
import { FlagIcon, TrashIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { formatDateTime } from "../../lib/format";
import { HistoryIcon } from "../editor/icons";
import { forumErrorMessage } from "./forum-errors";

const ContentBody = lazy(() => import("../content/ContentBody"));

const MAX_FLAG_REASON = 500;

const FLAG_REASONS = [
  { value: "off_topic", label: "Off-topic", help: "It has nothing to do with this thread.", text: "Off-topic" },
  { value: "inappropriate", label: "Inappropriate", help: "Rude, offensive, harassing or abusive.", text: "Inappropriate" },
  { value: "spam", label: "Spam", help: "Advertising, or links posted for their own sake.", text: "Spam" },
  { value: "other", label: "Something else", help: "Tell the moderators what is wrong.", text: "" },
] as const;

type FlagChoice = (typeof FLAG_REASONS)[number]["value"];

function dialogIcon(tone: "danger" | "brand", children: ReactNode) {
  return (
    <span className={cn("flex size-10 items-center justify-center rounded-full", tone === "danger" ? "bg-rose-50 text-rose-600" : "bg-brand-50 text-brand-600")}>
      {children}
    </span>
  );
}

/** Reporting a post to the moderators, with a reason they read in their queue. */
export function FlagDialog({ post, onClose }: { post: ForumPost; onClose: () => void }) {
  const flag = useFlagPost(post.thread_id);
  const toast = useToast();
  const [choice, setChoice] = useState<FlagChoice | null>(null);
  const [details, setDetails] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const groupId = useId();
  const chosen = FLAG_REASONS.find((reason) => reason.value === choice);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) {
      setProblem("Choose what is wrong with the post.");
      return;
    }
    const extra = details.trim();
    if (chosen.value === "other" && !extra) {
      setProblem("Describe the problem for the moderators.");
      return;
    }
    const reason = chosen.text ? (extra ? `${chosen.text}: ${extra}` : chosen.text) : extra;
    setProblem(null);
    flag.mutate(
      { postId: post.id, reason: reason.slice(0, MAX_FLAG_REASON) },
      {
        onSuccess: (result) => {
          toast.success(
            "Thanks for flagging",
            result.hidden ? "Enough people flagged it: the post is hidden until a moderator decides." : "A moderator will take a look.",
          );
          onClose();
        },
        onError: (error) => setProblem(forumErrorMessage(error)),
      },
    );
  };

  return (
    <Modal
      open
      onClose={onClose}
      icon={dialogIcon("danger", <FlagIcon size={20} />)}
      title="Flag this post"
      description={`Post #${post.number}${post.author ? ` by ${post.author.name}` : ""}. Moderators see your reason; the author does not see who flagged it.`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={`${groupId}-form`} variant="danger" loading={flag.isPending}>
            Flag post
          </Button>
        </>
      }
    >
      <form id={`${groupId}-form`} onSubmit={submit} noValidate className="space-y-4">
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">What is wrong with it?</legend>
          <div className="space-y-2">
            {FLAG_REASONS.map((reason) => (
              <label
                key={reason.value}
                className={cn(
                  "flex cursor-pointer items-start gap-3 rounded-xl p-3 ring-1 ring-inset",
                  choice === reason.value ? "bg-brand-50/60 ring-brand-300" : "ring-slate-200 hover:bg-slate-50",
                )}
              >
                <input
                  type="radio"
                  name={`${groupId}-reason`}
                  value={reason.value}
                  checked={choice === reason.value}
                  onChange={() => {
                    setChoice(reason.value);
                    setProblem(null);
                  }}
                  className="mt-0.5 size-4 accent-brand-600"
                />
                <span>
                  <span className="block text-sm font-medium text-slate-900">{reason.label}</span>
                  <span className="block text-sm text-slate-500">{reason.help}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <TextAreaField
          label={choice === "other" ? "Reason" : "Details"}
          optional={choice !== "other"}
          rows={3}
          maxLength={MAX_FLAG_REASON - 20}
          value={details}
          onChange={(event) => {
            setDetails(event.target.value);
            setProblem(null);
          }}
        />
        {problem ? (
          <Alert tone="danger" role="alert">
            {problem}
          </Alert>
        ) : null}
      </form>
    </Modal>
  );
}

/** Every state the post has been in, newest first. */
export function RevisionsDialog({ post, onClose }: { post: ForumPost; onClose: () => void }) {
  const revisions = usePostRevisions(post.id);
  const items = [...(revisions.data?.items ?? [])].sort((a, b) => b.number - a.number);
  const latest = items[0]?.number;
  return (
    <Modal open onClose={onClose} size="lg" icon={dialogIcon("brand", <HistoryIcon size={20} />)} title={`Edit history of post #${post.number}`} description="Every version, newest first.">
      <div className="max-h-[60vh] overflow-y-auto pb-6">
        {revisions.isPending ? (
          <SkeletonText lines={5} />
        ) : revisions.isError ? (
          <ErrorState error={revisions.error} title="We couldn't load the history" onRetry={() => void revisions.refetch()} />
        ) : (
          <ol className="space-y-4" aria-label="Revisions">
            {items.map((revision) => (
              <li key={revision.number} className="rounded-xl p-4 ring-1 ring-slate-200">
                <p className="mb-2 flex flex-wrap items-baseline gap-x-2 text-xs text-slate-500">
                  <span className="font-semibold text-slate-800">
                    {revision.number === 1 ? "Original" : `Revision ${revision.number}`}
                    {revision.number === latest ? " (current)" : ""}
                  </span>
                  <time dateTime={revision.created_at}>{formatDateTime(revision.created_at)}</time>
                </p>
                {revision.title ? <p className="mb-2 text-sm font-semibold text-slate-900">Title: {revision.title}</p> : null}
                <Suspense fallback={<SkeletonText lines={2} />}>
                  <ContentBody html={revision.html} compact className="text-sm leading-6" />
                </Suspense>
              </li>
            ))}
          </ol>
        )}
      </div>
    </Modal>
  );
}

/** Deleting one's own post: a placeholder keeps the replies' context. */
export function DeletePostDialog({ post, onClose, onDeleted }: { post: ForumPost; onClose: () => void; onDeleted: () => void }) {
  const remove = useDeletePost(post.thread_id);
  const opening = post.number === 1;
  return (
    <Modal
      open
      size="sm"
      onClose={onClose}
      icon={dialogIcon("danger", <TrashIcon size={20} />)}
      title={opening ? "Delete this thread?" : "Delete this post?"}
      description={
        opening
          ? "This is the opening post: deleting it deletes the whole thread, replies included. This can't be undone."
          : "A placeholder stays so replies keep their context. This can't be undone."
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Keep it
          </Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate(post.id, { onSuccess: onDeleted })}>
            {opening ? "Delete thread" : "Delete post"}
          </Button>
        </>
      }
    >
      {remove.isError ? (
        <Alert tone="danger" role="alert">
          {forumErrorMessage(remove.error)}
        </Alert>
      ) : null}
    </Modal>
  );
}
