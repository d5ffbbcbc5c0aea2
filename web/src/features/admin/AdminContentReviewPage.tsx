import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useLocation, useParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import { moderationKeys, useApproveContent, useRejectContent, useReviewDiff, useReviewItem, type ReviewItem } from "../../api/moderation";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { TextAreaField } from "../../components/ui/Field";
import { AlertTriangleIcon, ArrowLeftIcon, BadgeCheckIcon, ExternalLinkIcon, RefreshIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime, formatRelative } from "../../lib/format";
import { required, useFormErrors } from "../../lib/use-form-errors";
import { kindLabel } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { ContentHeader } from "../content/ContentHeader";
import { DiffView } from "../content/DiffView";
import { findTopic } from "../../lib/catalog";
import { MachineSuggestedBadge } from "../content/MachineSuggestedBadge";
import { ChangeBadge, ReviewStatusBadge } from "./ContentReviewBits";

// The preview renders lesson HTML and formulas: KaTeX and DOMPurify load with it.
const ContentView = lazy(() => import("../content/ContentView"));

const MAX_FEEDBACK = 2000;

function BackLink() {
  const location = useLocation();
  const from = (location.state as { from?: unknown } | null)?.from;
  const to = typeof from === "string" && from.startsWith("/admin/content") ? from : "/admin/content";
  return (
    <Link to={to} className="inline-flex items-center gap-1.5 rounded text-sm font-medium text-slate-500 hover:text-slate-800">
      <ArrowLeftIcon size={16} /> Content review
    </Link>
  );
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1 py-3 sm:flex-row sm:justify-between sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm font-medium text-slate-900 sm:text-right">{children}</dd>
    </div>
  );
}

/** What a 409 means here, in words a reviewer can act on. */
function conflictMessage(error: ApiError, item: ReviewItem): string {
  if (error.code === "concurrent_modification") {
    const latest = error.details?.latest_version;
    const newer = typeof latest === "number" ? `version ${latest}` : "a newer version";
    return `${item.mentor_name ?? "The mentor"} saved ${newer} while you were reviewing version ${item.latest_version}. Reload and review the new version before deciding.`;
  }
  return "This item is no longer waiting for review: the mentor withdrew it or another admin already decided. Reload to see where it stands.";
}

function isConflict(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 409;
}

function ConflictAlert({ error, item }: { error: ApiError; item: ReviewItem }) {
  return (
    <Alert tone="warning" role="alert" title="The item changed meanwhile">
      {conflictMessage(error, item)}
    </Alert>
  );
}

function useReload(id: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: moderationKeys.detail(id) }),
      queryClient.invalidateQueries({ queryKey: moderationKeys.diff(id) }),
      queryClient.invalidateQueries({ queryKey: moderationKeys.lists }),
    ]);
}

interface DecisionModalProps {
  item: ReviewItem;
  open: boolean;
  onClose: () => void;
}

function ApproveModal({ item, open, onClose }: DecisionModalProps) {
  const toast = useToast();
  const approve = useApproveContent();
  const reload = useReload(item.id);
  const confirm = useRef<HTMLButtonElement>(null);
  const conflict = isConflict(approve.error) ? approve.error : null;
  const close = () => {
    approve.reset();
    onClose();
  };
  return (
    <Modal
      open={open}
      onClose={close}
      initialFocus={confirm}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-emerald-100 text-emerald-600">
          <BadgeCheckIcon size={20} />
        </span>
      }
      title={`Publish version ${item.latest_version}?`}
      description={
        item.live_version != null
          ? `Students will see this version instead of version ${item.live_version} straight away. We'll let ${item.mentor_name ?? "the mentor"} know.`
          : `Students can open “${item.latest.title}” straight away. We'll let ${item.mentor_name ?? "the mentor"} know.`
      }
      footer={
        conflict ? (
          <>
            <Button variant="secondary" onClick={close}>
              Close
            </Button>
            <Button
              ref={confirm}
              icon={<RefreshIcon size={16} />}
              onClick={() => {
                void reload();
                close();
              }}
            >
              Reload the item
            </Button>
          </>
        ) : (
          <>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button
              ref={confirm}
              loading={approve.isPending}
              onClick={() =>
                // The promise, not mutate()'s callbacks: the decision changes the item's status,
                // which unmounts this dialog, and React Query drops per-call callbacks on unmount.
                approve.mutateAsync({ id: item.id, version: item.latest_version }).then(
                  (saved) => {
                    toast.success("Published", `Students now see “${saved.latest.title}”.`);
                    close();
                  },
                  (error: unknown) => {
                    if (isConflict(error)) return;
                    toast.error("Couldn't publish the item", errorMessage(error));
                    close();
                  },
                )
              }
            >
              Approve and publish
            </Button>
          </>
        )
      }
    >
      {conflict ? <ConflictAlert error={conflict} item={item} /> : null}
    </Modal>
  );
}

function RejectModal({ item, open, onClose }: DecisionModalProps) {
  const toast = useToast();
  const reject = useRejectContent();
  const reload = useReload(item.id);
  const [feedback, setFeedback] = useState("");
  const form = useFormErrors(["feedback"] as const);
  const { formRef } = form;
  const field = useRef<HTMLTextAreaElement>(null);
  const formId = useId();
  const conflict = isConflict(reject.error) ? reject.error : null;
  const close = () => {
    reject.reset();
    form.reset();
    onClose();
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ feedback: required(feedback, "Write what the mentor should change: they'll see exactly this.") })) return;
    // As for approving: the promise outlives this dialog, mutate()'s callbacks would not.
    reject.mutateAsync({ id: item.id, version: item.latest_version, feedback: feedback.trim() }).then(
      (saved) => {
        toast.success("Sent back to the mentor", `${saved.mentor_name ?? "The mentor"} can change it and submit again.`);
        setFeedback("");
        close();
      },
      (error: unknown) => {
        if (!isConflict(error)) form.fromApi(error);
      },
    );
  }

  return (
    <Modal
      open={open}
      onClose={close}
      initialFocus={field}
      size="lg"
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-amber-100 text-amber-600">
          <AlertTriangleIcon size={20} />
        </span>
      }
      title={`Send version ${item.latest_version} back?`}
      description={`${item.mentor_name ?? "The mentor"} gets your feedback by e-mail and in the app. ${
        item.live_version != null ? `Students keep seeing version ${item.live_version} meanwhile.` : "Students won't see the item until you approve it."
      }`}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          {conflict ? (
            <Button
              icon={<RefreshIcon size={16} />}
              onClick={() => {
                void reload();
                close();
              }}
            >
              Reload the item
            </Button>
          ) : (
            <Button variant="danger" type="submit" form={formId} loading={reject.isPending}>
              Send back
            </Button>
          )}
        </>
      }
    >
      <form id={formId} ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {conflict ? <ConflictAlert error={conflict} item={item} /> : null}
        {form.formError ? (
          <Alert tone="danger" role="alert">
            {form.formError}
          </Alert>
        ) : null}
        <TextAreaField
          ref={field}
          label="Feedback for the mentor"
          name="feedback"
          rows={6}
          maxLength={MAX_FEEDBACK}
          placeholder="e.g. The second worked example uses g = 10 m/s² but the text says 9.81. Please make them agree."
          value={feedback}
          onChange={(event) => {
            setFeedback(event.target.value);
            form.clearField("feedback");
          }}
          error={form.fieldErrors.feedback}
          hint={`Be specific and kind: say what to change and why. ${feedback.length.toLocaleString()} / ${MAX_FEEDBACK.toLocaleString()} characters.`}
        />
      </form>
    </Modal>
  );
}

function Actions({ item }: { item: ReviewItem }) {
  const [dialog, setDialog] = useState<"approve" | "reject" | null>(null);
  const close = () => setDialog(null);
  if (item.status !== "pending") return null;
  return (
    <>
      <Button variant="danger-soft" icon={<AlertTriangleIcon size={16} />} onClick={() => setDialog("reject")}>
        Send back
      </Button>
      <Button icon={<BadgeCheckIcon size={16} />} onClick={() => setDialog("approve")}>
        Approve v{item.latest_version}
      </Button>
      <ApproveModal item={item} open={dialog === "approve"} onClose={close} />
      <RejectModal item={item} open={dialog === "reject"} onClose={close} />
    </>
  );
}

function PreviewSkeleton() {
  return (
    <div aria-hidden="true" className="space-y-5">
      <SkeletonText lines={4} />
      <SkeletonText lines={3} />
    </div>
  );
}

type Shown = "latest" | "live";

function Preview({ item }: { item: ReviewItem }) {
  const [shown, setShown] = useState<Shown>("latest");
  const name = useId();
  const live = item.live && item.live.number !== item.latest.number ? item.live : null;
  const version = shown === "live" && live ? live : item.latest;
  const options: Array<{ value: Shown; label: string }> = live
    ? [
        { value: "latest", label: `${item.status === "pending" ? "Under review" : "Newest"} · v${item.latest.number}` },
        { value: "live", label: `Live now · v${live.number}` },
      ]
    : [];
  return (
    <Card>
      <CardHeader
        title="Preview"
        description="Exactly what students see. The answer key of a question is shown to reviewers only."
        action={
          options.length ? (
            <fieldset className="flex rounded-lg bg-slate-100 p-0.5">
              <legend className="sr-only">Version to preview</legend>
              {options.map((option) => (
                <label
                  key={option.value}
                  className={cn(
                    "cursor-pointer rounded-md px-3 py-1.5 text-xs font-semibold whitespace-nowrap transition-colors has-[input:focus-visible]:outline-2 has-[input:focus-visible]:outline-brand-600",
                    shown === option.value ? "bg-white text-slate-900 shadow-xs" : "text-slate-500 hover:text-slate-800",
                  )}
                >
                  <input type="radio" name={name} value={option.value} checked={shown === option.value} onChange={() => setShown(option.value)} className="sr-only" />
                  {option.label}
                </label>
              ))}
            </fieldset>
          ) : null
        }
      />
      <CardBody className="px-5 py-8 sm:px-10 sm:py-10">
        <div className="mx-auto max-w-3xl">
          <ContentHeader kind={item.kind} title={version.title} mentorName={item.mentor_name} updatedAt={version.created_at} level={2} />
          <Suspense
            fallback={
              <>
                <PreviewSkeleton />
                <span className="sr-only" role="status">
                  Loading the preview…
                </span>
              </>
            }
          >
            <ContentView key={`${item.id}-${version.number}`} body={version.body} itemId={item.id} title={version.title} review />
          </Suspense>
        </div>
      </CardBody>
    </Card>
  );
}

function Changes({ item }: { item: ReviewItem }) {
  const diff = useReviewDiff(item.id);
  const from = diff.data?.from_version ?? item.live_version;
  const to = diff.data?.to_version ?? item.latest_version;
  return (
    <Card>
      <CardHeader
        title="Changes"
        description={
          from != null
            ? `What approving changes for students: the live version ${from} against version ${to}.`
            : "A new item: nothing is published yet, so every block is new."
        }
      />
      <CardBody>
        {diff.isPending ? (
          <div aria-hidden="true">
            <SkeletonText lines={6} />
          </div>
        ) : diff.isError ? (
          <ErrorState error={diff.error} title="We couldn't load the changes" onRetry={() => void diff.refetch()} className="py-6" />
        ) : (
          <DiffView diff={diff.data} fromLabel={from != null ? `Version ${from}` : "Nothing published"} toLabel={`Version ${to}`} />
        )}
      </CardBody>
    </Card>
  );
}

function DetailSkeleton() {
  return (
    <div aria-hidden="true">
      <div className="mb-8 flex items-center gap-4">
        <Skeleton className="size-12 rounded-xl" />
        <div className="flex-1 space-y-2">
          <Skeleton className="h-6 w-72" />
          <Skeleton className="h-4 w-56" />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-6 lg:col-span-2">
          <SkeletonText lines={10} />
        </Card>
        <Card className="p-6">
          <SkeletonText lines={6} />
        </Card>
      </div>
    </div>
  );
}

/** One item under review: preview as students see it, the diff against the live version, decisions. */
export default function AdminContentReviewPage() {
  const { itemId = "" } = useParams();
  const query = useReviewItem(itemId);
  const catalog = useCatalog();
  const item = query.data;
  useDocumentTitle(item ? `Review: ${item.latest.title}` : "Content review");

  if (query.isPending) {
    return (
      <>
        <div className="mb-6">
          <BackLink />
        </div>
        <DetailSkeleton />
        <span className="sr-only" role="status">
          Loading the item…
        </span>
      </>
    );
  }
  if (query.isError || !item) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <>
        <div className="mb-6">
          <BackLink />
        </div>
        <Card>
          {missing ? (
            <EmptyState title="This item doesn't exist" description="The mentor may have deleted it." action={<ButtonLink to="/admin/content">Back to the queue</ButtonLink>} />
          ) : (
            <ErrorState error={query.error} title="We couldn't load this item" onRetry={() => void query.refetch()} />
          )}
        </Card>
      </>
    );
  }

  const place = findTopic(catalog.data, item.topic_id);
  const learnerPath = place ? `/learn/${place.subject.slug}/${place.topic.slug}/${item.id}` : null;
  return (
    <>
      <div className="mb-6">
        <BackLink />
      </div>
      <div className="mb-8 flex flex-col gap-5 lg:flex-row lg:items-center lg:justify-between">
        <div className="flex min-w-0 items-start gap-4">
          <KindTile kind={item.kind} />
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight text-balance text-slate-900">{item.latest.title}</h1>
            <p className="mt-1 text-sm text-slate-500">
              {kindLabel(item.kind)} by <span className="font-medium text-slate-700">{item.mentor_name ?? "an unknown mentor"}</span>
              {place ? (
                <>
                  {" "}
                  in {place.subject.name} › {place.topic.name}
                </>
              ) : null}
            </p>
            <div className="mt-2.5 flex flex-wrap gap-2">
              <ReviewStatusBadge status={item.status} />
              <ChangeBadge item={item} />
              <MachineSuggestedBadge item={item} />
              <Badge>Version {item.latest_version}</Badge>
              {item.submitted_at ? <Badge>Submitted {formatRelative(item.submitted_at)}</Badge> : null}
            </div>
          </div>
        </div>
        <div className="flex shrink-0 flex-wrap gap-3">
          <Actions item={item} />
        </div>
      </div>

      {item.status === "rejected" && item.feedback ? (
        <Alert tone="warning" title="Sent back for changes" className="mb-6">
          <span className="whitespace-pre-line">{item.feedback}</span>
        </Alert>
      ) : null}
      {item.status === "approved" ? (
        <Alert
          tone="success"
          title={`Published: students see version ${item.live_version ?? item.latest_version}`}
          className="mb-6"
          action={learnerPath ? <ButtonLink to={learnerPath} variant="secondary" size="sm" icon={<ExternalLinkIcon size={15} />}>View as a student</ButtonLink> : undefined}
        >
          <Link to="/admin/content" className="font-medium underline underline-offset-2">
            Back to the queue
          </Link>
        </Alert>
      ) : null}
      {item.status === "draft" ? (
        <Alert tone="info" className="mb-6">
          The mentor is still editing this item. You can decide once they send it for review.
        </Alert>
      ) : null}
      {item.status === "pending" && item.feedback ? (
        <Alert tone="info" title="Sent back before, now resubmitted" className="mb-6">
          <span className="whitespace-pre-line">Earlier feedback: {item.feedback}</span>
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Preview item={item} />
          <Changes item={item} />
        </div>
        <div className="space-y-6">
          <Card>
            <CardHeader title="Details" />
            <CardBody className="py-2">
              <dl className="divide-y divide-slate-100">
                <Detail label="Mentor">
                  <Link to={`/admin/mentors/${item.mentor_id}`} className="text-brand-700 hover:text-brand-800">
                    {item.mentor_name ?? "Open profile"}
                  </Link>
                </Detail>
                <Detail label="Topic">{place ? `${place.subject.name} › ${place.chapter.name} › ${place.topic.name}` : "—"}</Detail>
                <Detail label="Under review">Version {item.latest_version}</Detail>
                <Detail label="Live for students">{item.live_version != null ? `Version ${item.live_version}` : "Nothing yet"}</Detail>
                <Detail label="Submitted">{formatDateTime(item.submitted_at)}</Detail>
                <Detail label="Saved">{formatDateTime(item.latest.created_at)}</Detail>
                {item.reviewed_at ? <Detail label="Last decision">{formatDateTime(item.reviewed_at)}</Detail> : null}
              </dl>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Mentor's note" description="What they say changed in this version." />
            <CardBody>
              {item.latest.change_summary ? (
                <p className="text-sm leading-6 whitespace-pre-line text-slate-700">{item.latest.change_summary}</p>
              ) : (
                <p className="text-sm text-slate-500">No note for this version.</p>
              )}
            </CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
