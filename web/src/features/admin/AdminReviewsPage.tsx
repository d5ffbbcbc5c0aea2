import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import {
  useHideReview,
  useModerationCount,
  useModerationQueue,
  useRestoreReview,
  type ModeratedReview,
  type ModerationStatus,
} from "../../api/reviews";
import { Badge, type BadgeTone } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { CheckCircleIcon, EyeIcon, EyeOffIcon, InboxIcon, ShieldIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { ReasonDialog } from "../../components/ui/ReasonDialog";
import { LinkTabs } from "../../components/ui/LinkTabs";
import { CardPagination } from "../../components/ui/Pagination";
import { withPage } from "../../components/ui/pagination";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime, formatRelative } from "../../lib/format";
import { ReviewBody } from "../reviews/ReviewCard";

const PAGE_SIZE = 20;
/** The server's limit (edu_core.domain.reviews.MAX_HIDE_REASON). */
const MAX_HIDE_REASON = 1000;

const TABS: ReadonlyArray<{ status: ModerationStatus; label: string; empty: string; emptyText: string }> = [
  { status: "reported", label: "Reported", empty: "No reported reviews", emptyText: "Reviews people report appear here, the longest waiting first." },
  { status: "hidden", label: "Hidden", empty: "No hidden reviews", emptyText: "Reviews you hide appear here; you can publish them again." },
  { status: "any", label: "All reviews", empty: "No reviews yet", emptyText: "Reviews appear here as students write them, the most recently changed first." },
];

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  visible: { label: "Public", tone: "success" },
  reported: { label: "Reported", tone: "warning" },
  hidden: { label: "Hidden", tone: "danger" },
};

/** "Just now" inside a sentence. */
function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function statusFrom(params: URLSearchParams): ModerationStatus {
  return TABS.find((tab) => tab.status === params.get("status"))?.status ?? "reported";
}

function pageFrom(params: URLSearchParams): number {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
}

function TabCount({ status, active }: { status: ModerationStatus; active: boolean }) {
  const count = useModerationCount(status);
  if (count.data === undefined || status === "any") return null;
  return (
    <span className={cn("ml-2 rounded-full px-2 py-0.5 text-xs font-semibold tabular-nums", active ? "bg-brand-100 text-brand-700" : "bg-slate-100 text-slate-600")}>
      {count.data}
    </span>
  );
}

function HideDialog({ item, onClose }: { item: ModeratedReview; onClose: () => void }) {
  const hide = useHideReview();
  const toast = useToast();
  return (
    <ReasonDialog
      title="Hide this review"
      description={`It leaves ${item.mentor_name}'s profile and rating at once. ${item.review.author_name} is told, with your reason.`}
      hint="Shown to the review's author."
      maxLength={MAX_HIDE_REASON}
      requiredMessage="Give the author a reason."
      submitLabel="Hide review"
      submitIcon={<EyeOffIcon size={16} />}
      errorTitle="We couldn't hide the review"
      onSubmit={async (reason) => {
        await hide.mutateAsync({ reviewId: item.review.id, variables: reason });
        toast.success("Review hidden", `${item.review.author_name} will see your reason.`);
      }}
      onClose={onClose}
    />
  );
}

function ModeratedItem({ item, now, onHide }: { item: ModeratedReview; now: Date; onHide: () => void }) {
  const restore = useRestoreReview();
  const toast = useToast();
  const { review } = item;
  const open = item.reports.filter((report) => report.resolved_at === null);
  const status = STATUS[review.status] ?? { label: review.status, tone: "neutral" as const };

  const publish = () =>
    restore.mutate(
      { reviewId: review.id, variables: undefined },
      {
        onSuccess: () => toast.success(review.status === "hidden" ? "Review published again" : "Reports dismissed", "The review stays on the mentor's profile."),
        onError: (failure) => toast.error("We couldn't change the review", errorMessage(failure)),
      },
    );

  return (
    <li className="px-4 py-5 sm:px-6" aria-label={`Review by ${review.author_name} of ${item.mentor_name}`}>
      <div className="mb-3 flex flex-wrap items-center gap-x-3 gap-y-2 text-sm">
        <Badge tone={status.tone} dot>
          {status.label}
        </Badge>
        <span className="text-slate-600">
          Review of{" "}
          <Link to={`/mentors/${review.mentor_id}`} className="font-medium text-slate-900 hover:text-brand-700">
            {item.mentor_name}
          </Link>
        </span>
        {item.reported_at ? (
          <span className="text-slate-500" title={formatDateTime(item.reported_at)}>
            Reported {lowerFirst(formatRelative(item.reported_at, now))}
          </span>
        ) : null}
      </div>
      <ReviewBody review={review} replyLabel={`Reply from ${item.mentor_name}`} />
      {review.status === "hidden" && review.hidden_reason ? (
        <p className="mt-3 rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-900 ring-1 ring-rose-200 ring-inset">
          <span className="font-semibold">Hidden:</span> {review.hidden_reason}
        </p>
      ) : null}
      {item.reports.length ? (
        <div className="mt-4">
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
            {open.length ? `${open.length} open report${open.length === 1 ? "" : "s"}` : "Earlier reports"}
          </h3>
          <ul className="mt-2 space-y-2" aria-label="Reports">
            {(open.length ? open : item.reports).map((report) => (
              <li key={`${report.reporter_id}-${report.created_at}`} className="rounded-lg bg-amber-50/70 px-3 py-2 text-sm ring-1 ring-amber-200/70 ring-inset">
                <p className="break-words whitespace-pre-line text-slate-800">{report.reason}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {report.reporter_id === review.mentor_id ? `${report.reporter_name} (the mentor)` : report.reporter_name} ·{" "}
                  <span title={formatDateTime(report.created_at)}>{formatRelative(report.created_at, now)}</span>
                </p>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-2">
        {review.status !== "hidden" ? (
          <Button variant="danger-soft" size="sm" icon={<EyeOffIcon size={16} />} onClick={onHide}>
            Hide…
          </Button>
        ) : null}
        {review.status === "hidden" ? (
          <Button variant="secondary" size="sm" icon={<EyeIcon size={16} />} loading={restore.isPending} onClick={publish}>
            Publish again
          </Button>
        ) : review.status === "reported" ? (
          <Button variant="secondary" size="sm" icon={<CheckCircleIcon size={16} />} loading={restore.isPending} onClick={publish}>
            Keep it public
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/** Review moderation: reported reviews with the reports' reasons, hide with a reason for the author, restore. */
export default function AdminReviewsPage() {
  useDocumentTitle("Reviews");
  const [params, setParams] = useSearchParams();
  const status = statusFrom(params);
  const page = pageFrom(params);
  const queue = useModerationQueue({ status, page, page_size: PAGE_SIZE });
  const [hiding, setHiding] = useState<ModeratedReview | null>(null);
  const tab = TABS.find((item) => item.status === status) ?? TABS[0];
  const now = new Date();

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Reviews"
        description="Reported reviews stay public until you decide. Hide one with a reason its author is shown, or keep it and dismiss the reports."
      />
      <Card className="overflow-hidden">
        <LinkTabs
          label="Review status"
          className="border-b border-slate-100 px-3 sm:px-4"
          tabs={TABS.map((item) => ({
            key: item.status,
            to: { search: item.status === "reported" ? "" : `?status=${item.status}` },
            current: item.status === status,
            label: (
              <>
                {item.label}
                <TabCount status={item.status} active={item.status === status} />
              </>
            ),
          }))}
        />
        {queue.isError ? (
          <ErrorState error={queue.error} title="We couldn't load the reviews" onRetry={() => void queue.refetch()} />
        ) : queue.isPending ? (
          <div className="p-6">
            <SkeletonText lines={6} />
            <span className="sr-only" role="status">
              Loading reviews…
            </span>
          </div>
        ) : queue.data.items.length === 0 ? (
          <EmptyState icon={status === "reported" ? <ShieldIcon size={22} /> : <InboxIcon size={22} />} title={tab?.empty} description={tab?.emptyText} />
        ) : (
          <ul aria-label={tab?.label} className={cn("divide-y divide-slate-100", queue.isPlaceholderData && "opacity-60")}>
            {queue.data.items.map((item) => (
              <ModeratedItem key={item.review.id} item={item} now={now} onHide={() => setHiding(item)} />
            ))}
          </ul>
        )}
        <CardPagination data={queue.data} noun="reviews" onPageChange={(next) => setParams(withPage(params, next))} />
      </Card>
      {hiding ? <HideDialog item={hiding} onClose={() => setHiding(null)} /> : null}
    </>
  );
}
