import { useState, type ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { PENDING_STATUSES, useBookedSession, useCancelSession, type BookedSession } from "../../api/bookings";
import { CHAT_STATUSES } from "../../api/chat";
import { ApiError } from "../../api/errors";
import { useCatalog, usePublicMentor } from "../../api/marketplace";
import { useUser } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { TextAreaField } from "../../components/ui/Field";
import { ArrowLeftIcon, DownloadIcon, ExternalLinkIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { SkeletonText } from "../../components/ui/Skeleton";
import { Spinner } from "../../components/ui/Spinner";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { findTopic } from "../../lib/catalog";
import { downloadText } from "../../lib/download";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { timezoneLabel } from "../../lib/timezones";
import { useViewerZone } from "../../lib/viewer-zone";
import { SessionChat } from "../chat/SessionChat";
import { formatCountdown, formatSessionTime, otherPartyName, sessionCalendar, useNow } from "./booking-format";
import { MeetingDetails } from "./MeetingDetails";
import { RescheduleDialog } from "./RescheduleDialog";
import { SessionOutcome } from "./SessionOutcome";
import { OtherParty, OtherPartyPicture, SessionStatusBadge } from "./SessionBits";
import { SessionReview } from "../reviews/SessionReview";

const CANCELLABLE = new Set(["held", "awaiting_payment", "confirmed"]);

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900 sm:col-span-2">{children}</dd>
    </div>
  );
}

function CancelDialog({ session, asStudent, onClose }: { session: BookedSession; asStudent: boolean; onClose: () => void }) {
  const cancel = useCancelSession(session.id);
  const toast = useToast();
  const [reason, setReason] = useState("");
  const pending = PENDING_STATUSES.has(session.status);
  const refund = formatMoney(session.refund_if_cancelled_now, session.currency);
  let preview: string;
  if (pending) preview = "Nothing has been charged, so nothing needs refunding. The time goes back on the mentor's calendar.";
  else if (asStudent) preview = `If you cancel now you get ${refund} back${session.refund_if_cancelled_now >= session.paid ? " (everything you paid)" : ` of the ${formatMoney(session.paid, session.currency)} you paid`}.`;
  else preview = `Your student gets ${refund} back, everything they paid.`;

  return (
    <Modal
      open
      onClose={onClose}
      title={pending ? "Give up this time?" : "Cancel this session?"}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={cancel.isPending}>
            Keep it
          </Button>
          <Button
            variant="danger"
            loading={cancel.isPending}
            onClick={() =>
              cancel.mutate(reason.trim(), {
                onSuccess: () => {
                  toast.success(pending ? "The time was released" : "Session cancelled", pending ? undefined : `${refund} will be refunded.`);
                  onClose();
                },
              })
            }
          >
            {pending ? "Give it up" : "Cancel session"}
          </Button>
        </>
      }
    >
      <p className="rounded-xl bg-slate-50 px-4 py-3 text-sm font-medium text-slate-900 ring-1 ring-slate-200 ring-inset" role="status" data-testid="refund-preview">
        {preview}
      </p>
      {pending ? null : (
        <TextAreaField label="Reason" optional hint="Shared with the other person." value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} containerClassName="mt-4" />
      )}
      {cancel.isError ? (
        <Alert tone="danger" role="alert" className="mt-4" title="We couldn't cancel it">
          {errorMessage(cancel.error)}
        </Alert>
      ) : null}
    </Modal>
  );
}

export default function SessionPage() {
  const { sessionId = "" } = useParams();
  const [params] = useSearchParams();
  const user = useUser();
  const { zone, clock } = useViewerZone();
  const query = useBookedSession(sessionId);
  // The student sees their mentor's photo (the public profile has it); names come with the session.
  const mentorPhoto = usePublicMentor(query.data?.mentor_id ?? "", query.data !== undefined && query.data.student_id === user.id).data?.photo_url;
  const [cancelling, setCancelling] = useState(false);
  const [moving, setMoving] = useState(false);
  const session = query.data;
  const catalog = useCatalog();
  const topicName = session?.topic_id ? findTopic(catalog.data, session.topic_id)?.topic.name : undefined;
  const pending = session ? PENDING_STATUSES.has(session.status) : false;
  const now = useNow(pending);
  useDocumentTitle("Session");

  const back = (
    <div className="mb-6">
      <Link to="/sessions" className="inline-flex items-center gap-1.5 rounded text-sm font-medium text-slate-500 hover:text-slate-800">
        <ArrowLeftIcon size={16} /> My sessions
      </Link>
    </div>
  );

  if (query.isPending) {
    return (
      <>
        {back}
        <Card className="p-6"><SkeletonText lines={6} /></Card>
        <span className="sr-only" role="status">Loading the session…</span>
      </>
    );
  }
  if (query.isError || !session) {
    const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    return (
      <>
        {back}
        <Card>
          {missing ? (
            <EmptyState title="We couldn't find this session" description="It may belong to another account, or the link is wrong." action={<ButtonLink to="/sessions">My sessions</ButtonLink>} />
          ) : (
            <ErrorState error={query.error} title="We couldn't load this session" onRetry={() => void query.refetch()} />
          )}
        </Card>
      </>
    );
  }

  const asStudent = session.student_id === user.id;
  const otherName = otherPartyName(session, user.id);
  const upcoming = new Date(session.starts_at).getTime() > now;
  const canCancel = CANCELLABLE.has(session.status) && upcoming;
  // Students may move a session until free cancellation ends, mentors until it starts.
  const canMove = session.status === "confirmed" && upcoming && (!asStudent || new Date(session.free_cancellation_until).getTime() > now);
  const holdLeft = formatCountdown(session.hold_expires_at, now);
  const holdOver = new Date(session.hold_expires_at).getTime() <= now;

  return (
    <>
      {back}
      <header className="mb-6 flex flex-col items-start gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex min-w-0 items-center gap-4">
          <OtherPartyPicture session={session} viewerId={user.id} photoUrl={mentorPhoto} size="md" />
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900">
              Session with <OtherParty session={session} viewerId={user.id} />
            </h1>
            <p className="mt-1 text-[0.95rem] text-slate-600">{formatSessionTime(session.starts_at, session.ends_at, zone, clock)}</p>
          </div>
        </div>
        <SessionStatusBadge status={session.status} />
      </header>

      <div className="space-y-4" aria-live="polite">
        {pending ? (
          <Alert
            tone={params.get("cancelled") ? "warning" : "info"}
            title={params.get("cancelled") ? "Payment cancelled" : params.get("paid") ? "Payment received — confirming your booking" : "Waiting for the payment"}
            action={<Spinner className="size-5 text-brand-600" label="Checking the payment" />}
          >
            {holdOver ? (
              "The time held for this booking has run out."
            ) : (
              <>
                The time is held for you for <span className="font-semibold tabular-nums" data-testid="hold-countdown">{holdLeft}</span>. This page updates by itself once the payment is confirmed.
              </>
            )}
          </Alert>
        ) : null}
        {session.status === "confirmed" ? (
          <Alert
            tone="success"
            role="status"
            title={asStudent ? "You're booked" : "Confirmed and paid"}
            action={
              <Button
                variant="secondary"
                size="sm"
                icon={<DownloadIcon size={16} />}
                onClick={() =>
                  downloadText(
                    "mentora-session.ics",
                    sessionCalendar(session, `Mentora session with ${otherName}`, `${window.location.origin}/sessions/${session.id}`),
                    "text/calendar;charset=utf-8",
                  )
                }
              >
                Add to calendar
              </Button>
            }
          >
            {asStudent ? "We've e-mailed you the details. Join from this page when it's time." : "The student has paid; the session is in your calendar."}
          </Alert>
        ) : null}
        {session.status === "expired" ? (
          <Alert tone="warning" title="This booking expired">
            It wasn't paid in time, so the slot was released and nothing was charged.
          </Alert>
        ) : null}
        {session.status === "cancelled" ? (
          <Alert tone="info" title="This session was cancelled">
            {session.refunded > 0 ? `${formatMoney(session.refunded, session.currency)} was refunded.` : "Nothing was charged or refunded."}
          </Alert>
        ) : null}
      </div>

      <div className={CHAT_STATUSES.has(session.status) ? "mt-6 grid items-start gap-6 lg:grid-cols-2" : "mt-6"}>
        <Card>
          <CardHeader
            title="Details"
            description={`Times in ${timezoneLabel(zone)}`}
            action={
              canCancel || canMove ? (
                <div className="flex flex-wrap gap-2">
                  {canMove ? (
                    <Button variant="secondary" size="sm" onClick={() => setMoving(true)}>
                      Reschedule
                    </Button>
                  ) : null}
                  {canCancel ? (
                    <Button
                      variant="danger-soft"
                      size="sm"
                      onClick={() => {
                        // The refund depends on the moment: ask again so the preview is today's.
                        void query.refetch();
                        setCancelling(true);
                      }}
                    >
                      {pending ? "Give up this time" : "Cancel session"}
                    </Button>
                  ) : null}
                </div>
              ) : null
            }
          />
          <CardBody>
            <dl className="-my-3 divide-y divide-slate-100">
              <Row label="When">{formatSessionTime(session.starts_at, session.ends_at, zone, clock)}</Row>
              <Row label="Length">{session.minutes} minutes{session.trial ? " (trial lesson)" : ""}</Row>
              {session.topic_id ? <Row label="Topic">{topicName ?? "A topic no longer in the catalog"}</Row> : null}
              <Row label="Price">
                <span className="font-medium tabular-nums">{formatMoney(session.price, session.currency)}</span>
                {session.paid > 0 ? <span className="text-slate-500"> · paid {formatMoney(session.paid, session.currency)}</span> : null}
                {session.refunded > 0 ? <span className="text-slate-500"> · refunded {formatMoney(session.refunded, session.currency)}</span> : null}
              </Row>
              <Row label="Cancellation">
                {new Date(session.free_cancellation_until).getTime() > now
                  ? `Free until ${formatDateTime(session.free_cancellation_until, zone)}${session.late_refund_percent < 100 ? `; after that ${session.late_refund_percent} % back` : ""}`
                  : `Free cancellation ended ${formatDateTime(session.free_cancellation_until, zone)}; ${session.late_refund_percent} % back now`}
              </Row>
              {session.status === "confirmed" && session.meeting_url ? (
                <Row label="Meeting">
                  <a href={session.meeting_url} target="_blank" rel="noreferrer" className="inline-flex items-center gap-1 font-medium text-brand-700 hover:underline">
                    Join the session <ExternalLinkIcon size={14} />
                  </a>
                </Row>
              ) : null}
              {session.notes ? (
                <Row label="Notes from the mentor">
                  <span className="whitespace-pre-line">{session.notes}</span>
                </Row>
              ) : null}
            </dl>
          </CardBody>
        </Card>
        {CHAT_STATUSES.has(session.status) ? <SessionChat session={session} now={now} /> : null}
      </div>
      <SessionOutcome session={session} viewerId={user.id} zone={zone} now={now} />
      {session.status === "confirmed" && upcoming && user.id === session.mentor_id ? <MeetingDetails session={session} /> : null}
      <SessionReview session={session} viewerId={user.id} />
      {moving ? <RescheduleDialog session={session} zone={zone} clock={clock} onClose={() => setMoving(false)} /> : null}
      {cancelling ? <CancelDialog session={session} asStudent={asStudent} onClose={() => setCancelling(false)} /> : null}
    </>
  );
}
