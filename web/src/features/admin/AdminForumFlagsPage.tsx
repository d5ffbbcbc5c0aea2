import { lazy, Suspense, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { useDecideOnPost, useFlagQueue, type FlaggedPost, type ForumDecisionAction } from "../../api/forum-admin";
import { Badge, type BadgeTone } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import type { ButtonVariant } from "../../components/ui/button-classes";
import { Card } from "../../components/ui/Card";
import { AlertTriangleIcon, CheckCircleIcon, EyeIcon, EyeOffIcon, ShieldIcon, ShieldOffIcon, TrashIcon } from "../../components/ui/icons";
import { LinkTabs } from "../../components/ui/LinkTabs";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { withPage } from "../../components/ui/pagination";
import { ReasonDialog } from "../../components/ui/ReasonDialog";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";
import { ForumCategoriesPanel } from "./ForumCategoriesPanel";

// Post HTML goes through the lesson renderer (KaTeX, DOMPurify), loaded with the first post shown.
const ContentBody = lazy(() => import("../content/ContentBody"));

const PAGE_SIZE = 20;
/** The server's limit (edu_core.domain.forum.text.MAX_MODERATION_REASON). */
const MAX_REASON = 1000;

type View = "flags" | "categories";
const VIEWS: ReadonlyArray<{ view: View; label: string }> = [
  { view: "flags", label: "Flagged posts" },
  { view: "categories", label: "Categories" },
];

interface DecisionCopy {
  button: string;
  icon: ReactNode;
  variant: ButtonVariant;
  title: (author: string) => string;
  description: string;
  submit: string;
  done: string;
}

const DECISIONS: Record<ForumDecisionAction, DecisionCopy> = {
  restore: {
    button: "Restore",
    icon: <EyeIcon size={16} />,
    variant: "secondary",
    title: () => "Restore this post",
    description: "It shows in the thread again and its flags are closed. The author sees your note, if you write one.",
    submit: "Restore post",
    done: "Post restored",
  },
  hide: {
    button: "Hide…",
    icon: <EyeOffIcon size={16} />,
    variant: "danger-soft",
    title: () => "Hide this post",
    description: "Only its author and administrators see it from now on. The author is told why, in the app and by e-mail.",
    submit: "Hide post",
    done: "Post hidden",
  },
  warn: {
    button: "Warn author…",
    icon: <AlertTriangleIcon size={16} />,
    variant: "danger-soft",
    title: (author) => `Warn ${author}`,
    description: "The post is hidden and its author formally warned, with your reason, in the app and by e-mail.",
    submit: "Hide and warn",
    done: "Author warned",
  },
  delete: {
    button: "Delete…",
    icon: <TrashIcon size={16} />,
    variant: "danger-soft",
    title: () => "Delete this post",
    description: "It is removed for good; replies keep a placeholder. The author is told why, in the app and by e-mail.",
    submit: "Delete post",
    done: "Post deleted",
  },
  suspend: {
    button: "Suspend author…",
    icon: <ShieldOffIcon size={16} />,
    variant: "danger-soft",
    title: (author) => `Suspend ${author}`,
    description: "The post is removed and the author's account suspended. The suspension notice carries your reason.",
    submit: "Suspend author",
    done: "Author suspended",
  },
};

/** Restoring a post nobody hid yet only dismisses its flags. */
const KEEP: DecisionCopy = {
  button: "Keep visible",
  icon: <CheckCircleIcon size={16} />,
  variant: "secondary",
  title: () => "Keep this post visible",
  description: "Its flags are dismissed and it stays in the thread. The author sees your note, if you write one.",
  submit: "Dismiss flags",
  done: "Flags dismissed",
};

function copyFor(item: FlaggedPost, action: ForumDecisionAction): DecisionCopy {
  return action === "restore" && item.post.status === "visible" ? KEEP : DECISIONS[action];
}

/** What an administrator may decide on a post in its present state. */
function actionsFor(item: FlaggedPost): ForumDecisionAction[] {
  const visible = item.post.status === "visible";
  return visible ? ["restore", "hide", "warn", "delete", "suspend"] : ["restore", "warn", "delete", "suspend"];
}

function statusOf(item: FlaggedPost): { label: string; tone: BadgeTone } {
  const { post } = item;
  if (post.in_review) return { label: "Hidden by flags", tone: "danger" };
  switch (post.status) {
    case "visible":
      return { label: "Visible", tone: "warning" };
    case "hidden":
      return { label: "Hidden", tone: "danger" };
    default:
      return { label: "Removed", tone: "neutral" };
  }
}

function authorName(item: FlaggedPost): string {
  return item.post.author?.name ?? "a deleted account";
}

function DecisionDialog({ item, action, onClose }: { item: FlaggedPost; action: ForumDecisionAction; onClose: () => void }) {
  const decide = useDecideOnPost();
  const toast = useToast();
  const copy = copyFor(item, action);
  const name = authorName(item);
  return (
    <ReasonDialog
      title={copy.title(name)}
      description={copy.description}
      label={action === "restore" ? "Note to the author" : "Reason"}
      hint={`Shown to ${name}.`}
      maxLength={MAX_REASON}
      requiredMessage={action === "restore" ? undefined : "Give the author a reason."}
      submitLabel={copy.submit}
      submitIcon={copy.icon}
      submitVariant={action === "restore" ? "primary" : "danger"}
      errorTitle="We couldn't record the decision"
      onSubmit={async (reason) => {
        await decide.mutateAsync({ postId: item.post.id, decision: { action, reason } });
        toast.success(copy.done, `In “${item.thread_title}”.`);
      }}
      onClose={onClose}
    />
  );
}

function Flags({ item, now }: { item: FlaggedPost; now: Date }) {
  const open = item.flags.filter((flag) => flag.resolved_at === null);
  const shown = open.length ? open : item.flags;
  if (!shown.length) return null;
  return (
    <div className="mt-4">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
        {open.length ? `${open.length} open flag${open.length === 1 ? "" : "s"}` : "Earlier flags"}
      </h3>
      <ul className="mt-2 space-y-2" aria-label="Flags">
        {shown.map((flag) => (
          <li key={`${flag.flagger_id}-${flag.created_at}`} className="rounded-lg bg-amber-50/70 px-3 py-2 text-sm ring-1 ring-amber-200/70 ring-inset">
            <p className="break-words whitespace-pre-line text-slate-800">{flag.reason}</p>
            <p className="mt-1 text-xs text-slate-500">
              {flag.flagger_name ?? "A deleted account"} · <span title={formatDateTime(flag.created_at)}>{formatRelative(flag.created_at, now)}</span>
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

function FlaggedItem({ item, now, onDecide }: { item: FlaggedPost; now: Date; onDecide: (action: ForumDecisionAction) => void }) {
  const { post } = item;
  const status = statusOf(item);
  const name = authorName(item);
  return (
    <li className="px-4 py-5 sm:px-6" aria-label={`Post by ${name} in “${item.thread_title}”`}>
      <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
        <Badge tone={status.tone} dot>
          {status.label}
        </Badge>
        <span className="min-w-0 text-slate-600">
          #{post.number} in{" "}
          <Link to={`/forum/t/${post.thread_id}#post-${post.number}`} className="font-medium text-slate-900 hover:text-brand-700">
            {item.thread_title}
          </Link>
        </span>
        {item.flagged_at ? (
          <span className="text-slate-500" title={formatDateTime(item.flagged_at)}>
            Flagged {formatRelative(item.flagged_at, now).toLowerCase()}
          </span>
        ) : null}
      </div>
      <p className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-600">
        By{" "}
        {post.author ? (
          <Link to={`/admin/users/${post.author.id}`} className="font-medium text-slate-900 hover:text-brand-700">
            {post.author.name}
          </Link>
        ) : (
          <span>{name}</span>
        )}
        {post.author?.badges.includes("admin") ? <Badge tone="brand">Admin</Badge> : null}
        {post.author?.badges.includes("verified_mentor") ? <Badge tone="violet">Verified Mentor</Badge> : null}
        <span className="text-slate-400" title={formatDateTime(post.created_at)}>
          · {formatRelative(post.created_at, now)}
        </span>
      </p>
      <div className="max-h-56 overflow-y-auto rounded-xl bg-slate-50 px-4 py-3 ring-1 ring-slate-200/70 ring-inset">
        {post.html ? (
          <Suspense fallback={<SkeletonText lines={2} />}>
            <ContentBody html={post.html} compact className="text-[0.95rem] leading-6" />
          </Suspense>
        ) : (
          <p className="text-sm text-slate-500 italic">The text is no longer available.</p>
        )}
      </div>
      {post.moderation_reason ? (
        <p className="mt-3 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-900 ring-1 ring-rose-200 ring-inset">
          <span className="font-semibold">Moderator's reason:</span> {post.moderation_reason}
        </p>
      ) : null}
      <Flags item={item} now={now} />
      <div className="mt-4 flex flex-wrap gap-2">
        {actionsFor(item).map((action) => {
          const copy = copyFor(item, action);
          return (
            <Button key={action} variant={copy.variant} size="sm" icon={copy.icon} onClick={() => onDecide(action)}>
              {copy.button}
            </Button>
          );
        })}
      </div>
    </li>
  );
}

function viewFrom(params: URLSearchParams): View {
  return params.get("view") === "categories" ? "categories" : "flags";
}

function pageFrom(params: URLSearchParams): number {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
}

function FlagQueue({ page, onPage }: { page: number; onPage: (page: number) => void }) {
  const queue = useFlagQueue({ page, page_size: PAGE_SIZE });
  const [deciding, setDeciding] = useState<{ item: FlaggedPost; action: ForumDecisionAction } | null>(null);
  const now = new Date();
  return (
    <>
      {queue.isError ? (
        <ErrorState error={queue.error} title="We couldn't load the flagged posts" onRetry={() => void queue.refetch()} />
      ) : queue.isPending ? (
        <div className="p-6">
          <SkeletonText lines={6} />
          <span className="sr-only" role="status">
            Loading flagged posts…
          </span>
        </div>
      ) : queue.data.items.length === 0 ? (
        <EmptyState icon={<ShieldIcon size={22} />} title="No flagged posts" description="Posts people flag appear here, hidden ones first. Three flags hide a post until you decide." />
      ) : (
        <ul aria-label="Flagged posts" className={cn("divide-y divide-slate-100", queue.isPlaceholderData && "opacity-60")}>
          {queue.data.items.map((item) => (
            <FlaggedItem key={item.post.id} item={item} now={now} onDecide={(action) => setDeciding({ item, action })} />
          ))}
        </ul>
      )}
      <CardPagination data={queue.data} noun="posts" onPageChange={onPage} />
      {deciding ? <DecisionDialog item={deciding.item} action={deciding.action} onClose={() => setDeciding(null)} /> : null}
    </>
  );
}

/** Forum moderation (S29-S31): the flagged posts with the flags' reasons and a decision on each, and the categories. */
export default function AdminForumFlagsPage() {
  useDocumentTitle("Forum moderation");
  const [params, update] = useSearchParamsUpdate();
  const view = viewFrom(params);

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Forum moderation"
        description="Flagged posts wait here for your decision; three flags hide a post meanwhile. Every decision closes the post's flags and tells its author your reason."
      />
      <LinkTabs
        label="Forum administration"
        className="mb-4 border-b border-slate-200"
        tabs={VIEWS.map((item) => ({ key: item.view, label: item.label, to: { search: item.view === "flags" ? "" : `?view=${item.view}` }, current: item.view === view }))}
      />
      {view === "categories" ? (
        <ForumCategoriesPanel />
      ) : (
        <Card className="overflow-hidden">
          <FlagQueue page={pageFrom(params)} onPage={(next) => update((current) => withPage(current, next))} />
        </Card>
      )}
    </>
  );
}
