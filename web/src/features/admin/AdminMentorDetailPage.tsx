import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { useMentorApplication, useMentorDocumentLink, useRejectMentor, useVerifyMentor } from "../../api/admin-marketplace";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import type { MentorDocument, MentorProfile } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { TextAreaField } from "../../components/ui/Field";
import { AlertTriangleIcon, ArrowLeftIcon, BadgeCheckIcon, ExternalLinkIcon, FileTextIcon, ImageIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { Portrait } from "../../components/ui/Portrait";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatBytes, isImageType } from "../../lib/files";
import { formatDateTime } from "../../lib/format";
import { languageList } from "../../lib/languages";
import { formatHourlyRate } from "../../lib/money";
import { timezoneLabel } from "../../lib/timezones";
import { required, useFormErrors } from "../../lib/use-form-errors";
import { TopicGroups } from "../mentors/MentorBits";
import { PortfolioList } from "../mentors/PortfolioList";
import { groupTopics } from "../mentors/topics";
import { MENTOR_STATUS_LABELS, MENTOR_STATUS_TONES } from "../mentoring/onboarding";

function BackLink({ status }: { status?: string | undefined }) {
  return (
    <Link
      to={status && status !== "submitted" ? `/admin/mentors?status=${status}` : "/admin/mentors"}
      className="inline-flex items-center gap-1.5 rounded text-sm font-medium text-slate-500 hover:text-slate-800"
    >
      <ArrowLeftIcon size={16} /> Applications
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

function DocumentPreview({ mentorId, document }: { mentorId: string; document: MentorDocument }) {
  const link = useMentorDocumentLink(mentorId, document.id);
  const image = isImageType(document.content_type);
  const url = link.data?.url;
  return (
    <li className="overflow-hidden rounded-xl ring-1 ring-slate-200">
      {image ? (
        <div className="flex h-56 items-center justify-center bg-slate-50">
          {url ? (
            <a href={url} target="_blank" rel="noopener noreferrer" className="block h-full w-full" aria-label={`Open ${document.filename} full size`}>
              <img src={url} alt={`Preview of ${document.filename}`} className="h-full w-full object-contain" />
            </a>
          ) : link.isError ? (
            <p className="text-sm text-slate-500">Preview unavailable</p>
          ) : (
            <Skeleton className="h-40 w-3/4" />
          )}
        </div>
      ) : null}
      <div className="flex items-center gap-3 px-4 py-3">
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-slate-100 text-slate-500">
          {image ? <ImageIcon size={18} /> : <FileTextIcon size={18} />}
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900">{document.filename}</p>
          <p className="text-xs text-slate-500">
            {document.content_type === "application/pdf" ? "PDF" : document.content_type.replace("image/", "").toUpperCase()} · {formatBytes(document.size)} · uploaded{" "}
            {formatDateTime(document.uploaded_at)}
          </p>
        </div>
        {url ? (
          <a
            href={url}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex shrink-0 items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50"
            aria-label={`Open ${document.filename}`}
          >
            <ExternalLinkIcon size={15} /> Open
          </a>
        ) : (
          <span className="shrink-0 px-2.5 text-sm text-slate-400">{link.isError ? "Unavailable" : "Preparing…"}</span>
        )}
      </div>
    </li>
  );
}

function VerifyModal({ mentor, open, onClose }: { mentor: MentorProfile; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const verify = useVerifyMentor();
  const confirm = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      open={open}
      onClose={onClose}
      initialFocus={confirm}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-emerald-100 text-emerald-600">
          <BadgeCheckIcon size={20} />
        </span>
      }
      title={`Verify ${mentor.display_name}?`}
      description="Their profile becomes public at once: students can find them in search and see their availability. We'll let them know by e-mail."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button
            ref={confirm}
            loading={verify.isPending}
            onClick={() =>
              verify.mutate(
                { id: mentor.id, variables: undefined },
                {
                  onSuccess: (saved) => {
                    toast.success("Mentor verified", `${saved.display_name} is now public.`);
                    onClose();
                  },
                  onError: (error) => {
                    toast.error("Couldn't verify the mentor", errorMessage(error));
                    onClose();
                  },
                },
              )
            }
          >
            Verify mentor
          </Button>
        </>
      }
    />
  );
}

function RejectModal({ mentor, open, onClose }: { mentor: MentorProfile; open: boolean; onClose: () => void }) {
  const toast = useToast();
  const reject = useRejectMentor();
  const [reason, setReason] = useState("");
  const form = useFormErrors(["reason"] as const);
  const { formRef } = form;
  const field = useRef<HTMLTextAreaElement>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!form.check({ reason: required(reason, "Say what the mentor should fix: they'll see this.") })) return;
    reject.mutate(
      { id: mentor.id, variables: reason.trim() },
      {
        onSuccess: (saved) => {
          toast.success("Application sent back", `${saved.display_name} can fix it and submit again.`);
          setReason("");
          onClose();
        },
        onError: form.fromApi,
      },
    );
  }

  return (
    <Modal
      open={open}
      onClose={onClose}
      initialFocus={field}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-amber-100 text-amber-600">
          <AlertTriangleIcon size={20} />
        </span>
      }
      title={`Ask ${mentor.display_name} for changes?`}
      description="The application goes back to the mentor with your reason. They can fix it and submit again."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button variant="danger" type="submit" form="reject-form" loading={reject.isPending}>
            Send back
          </Button>
        </>
      }
    >
      <form id="reject-form" ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
        <TextAreaField
          ref={field}
          label="Reason"
          name="reason"
          rows={4}
          maxLength={1000}
          placeholder="e.g. The teaching certificate is unreadable. Please upload a clearer scan."
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            form.clearField("reason");
          }}
          error={form.fieldErrors.reason}
          hint="Be specific: the mentor sees exactly this."
        />
      </form>
    </Modal>
  );
}

function Actions({ mentor }: { mentor: MentorProfile }) {
  const [dialog, setDialog] = useState<"verify" | "reject" | null>(null);
  const close = () => setDialog(null);
  if (mentor.status === "verified") {
    return (
      <ButtonLink to={`/mentors/${mentor.id}`} variant="secondary" icon={<ExternalLinkIcon size={16} />}>
        Public profile
      </ButtonLink>
    );
  }
  if (mentor.status !== "submitted") return null;
  return (
    <>
      <Button variant="danger-soft" icon={<AlertTriangleIcon size={16} />} onClick={() => setDialog("reject")}>
        Ask for changes
      </Button>
      <Button icon={<BadgeCheckIcon size={16} />} onClick={() => setDialog("verify")}>
        Verify
      </Button>
      <VerifyModal mentor={mentor} open={dialog === "verify"} onClose={close} />
      <RejectModal mentor={mentor} open={dialog === "reject"} onClose={close} />
    </>
  );
}

function DetailSkeleton() {
  return (
    <div aria-hidden="true">
      <div className="mb-8 flex items-center gap-4">
        <Skeleton className="size-20 rounded-2xl" />
        <div className="flex-1 space-y-2">
          <Skeleton className="h-6 w-56" />
          <Skeleton className="h-4 w-72" />
        </div>
      </div>
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="p-6 lg:col-span-3"><SkeletonText lines={8} /></Card>
        <Card className="p-6 lg:col-span-2"><SkeletonText lines={6} /></Card>
      </div>
    </div>
  );
}

export default function AdminMentorDetailPage() {
  const { mentorId = "" } = useParams();
  const query = useMentorApplication(mentorId);
  const catalog = useCatalog();
  const mentor = query.data;
  useDocumentTitle(mentor ? `${mentor.display_name}: application` : "Application");

  if (query.isPending) {
    return (
      <>
        <div className="mb-6"><BackLink /></div>
        <DetailSkeleton />
        <span className="sr-only" role="status">Loading application…</span>
      </>
    );
  }
  if (query.isError || !mentor) {
    const missing = query.error instanceof ApiError && query.error.status === 404;
    return (
      <>
        <div className="mb-6"><BackLink /></div>
        <Card>
          {missing ? (
            <EmptyState title="This application doesn't exist" description="It may belong to an account that was deleted." action={<ButtonLink to="/admin/mentors">Back to applications</ButtonLink>} />
          ) : (
            <ErrorState error={query.error} title="We couldn't load this application" onRetry={() => void query.refetch()} />
          )}
        </Card>
      </>
    );
  }

  const documents = mentor.documents ?? [];
  const groups = groupTopics(mentor.topics, catalog.data);
  return (
    <>
      <div className="mb-6"><BackLink status={mentor.status} /></div>
      <div className="mb-8 flex flex-col gap-5 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 items-center gap-4">
          <Portrait name={mentor.display_name} seed={mentor.id} photoUrl={mentor.photo_url} size="lg" />
          <div className="min-w-0">
            <h1 className="truncate text-2xl font-semibold tracking-tight text-slate-900">{mentor.display_name}</h1>
            <p className="truncate text-sm text-slate-500">{mentor.email}</p>
            <div className="mt-2 flex flex-wrap gap-2">
              <Badge tone={MENTOR_STATUS_TONES[mentor.status]} dot>
                {MENTOR_STATUS_LABELS[mentor.status]}
              </Badge>
              {mentor.submitted_at ? <Badge>Submitted {formatDateTime(mentor.submitted_at)}</Badge> : null}
            </div>
          </div>
        </div>
        <div className="flex flex-wrap gap-3">
          <Actions mentor={mentor} />
        </div>
      </div>

      {mentor.status === "rejected" && mentor.rejection_reason ? (
        <Alert tone="warning" title="Sent back for changes" className="mb-6">
          <span className="whitespace-pre-line">{mentor.rejection_reason}</span>
        </Alert>
      ) : null}
      {mentor.status === "draft" ? (
        <Alert tone="info" className="mb-6">This mentor hasn't submitted the application yet. You can decide once they do.</Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="min-w-0 space-y-6 lg:col-span-3">
          <Card>
            <CardHeader title="Profile" description="What students will see once verified." />
            <CardBody className="space-y-4">
              <div>
                <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Headline</p>
                <p className="mt-1 text-sm text-slate-900">{mentor.headline || <span className="text-slate-400">Not written yet</span>}</p>
              </div>
              <div>
                <p className="text-xs font-semibold tracking-wide text-slate-500 uppercase">About</p>
                <p className="mt-1 text-sm leading-6 whitespace-pre-line text-slate-700">{mentor.bio || <span className="text-slate-400">Not written yet</span>}</p>
              </div>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Topics" description="Check them against the documents." />
            <CardBody>{groups.length ? <TopicGroups groups={groups} /> : <p className="text-sm text-slate-500">No topics chosen.</p>}</CardBody>
          </Card>
          <Card>
            <CardHeader title="Verification documents" description="Links are private and expire after a few minutes; this page keeps them fresh." />
            <CardBody>
              {documents.length ? (
                <ul className="space-y-3">
                  {documents.map((document) => (
                    <DocumentPreview key={document.id} mentorId={mentor.id} document={document} />
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-500">No documents attached.</p>
              )}
            </CardBody>
          </Card>
        </div>
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title="Details" />
            <CardBody className="py-2">
              <dl className="divide-y divide-slate-100">
                <Detail label="Rate">{formatHourlyRate(mentor.hourly_rate_cents, mentor.currency) ?? "Not set"}</Detail>
                <Detail label="Languages">{mentor.languages.length ? languageList(mentor.languages) : "None"}</Detail>
                <Detail label="Time zone">{timezoneLabel(mentor.timezone)}</Detail>
                <Detail label="Submitted">{formatDateTime(mentor.submitted_at)}</Detail>
                {mentor.verified_at ? <Detail label="Verified">{formatDateTime(mentor.verified_at)}</Detail> : null}
                <Detail label="Last change">{formatDateTime(mentor.updated_at)}</Detail>
                <Detail label="Account">
                  <Link to={`/admin/users/${mentor.id}`} className="text-brand-700 hover:text-brand-800">
                    Open in users
                  </Link>
                </Detail>
              </dl>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Portfolio" description="Public samples, not part of the review." />
            <CardBody>{mentor.portfolio.length ? <PortfolioList items={mentor.portfolio} /> : <p className="text-sm text-slate-500">No samples.</p>}</CardBody>
          </Card>
        </div>
      </div>
    </>
  );
}
