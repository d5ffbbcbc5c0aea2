import { useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useDisputes, useSettleDispute, type DisputedSession } from "../../api/finance";
import type { BookedSession } from "../../api/bookings";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { BarChartIcon, CheckCircleIcon, ScaleIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { withPage } from "../../components/ui/pagination";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime, formatRelative } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { refundPercentProblem, settlementRefund } from "./finance";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";

const PAGE_SIZE = 10;

interface Settled {
  session: BookedSession;
  studentName: string;
}

function pageFrom(params: URLSearchParams): number {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
}

function timeRange(dispute: DisputedSession): string {
  const end = new Intl.DateTimeFormat(undefined, { timeStyle: "short" }).format(new Date(dispute.ends_at));
  return `${formatDateTime(dispute.starts_at)}–${end} (${dispute.minutes} min)`;
}

function SettleForm({ dispute, onSettled }: { dispute: DisputedSession; onSettled: (session: BookedSession) => void }) {
  const settle = useSettleDispute();
  const [mentorAbsent, setMentorAbsent] = useState(false);
  const [percent, setPercent] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const name = useId();
  const percentValue = refundPercentProblem(percent) ? 0 : Number(percent.trim());
  const refund = settlementRefund(dispute.paid, mentorAbsent, percentValue);
  const money = (amount: number) => formatMoney(amount, dispute.currency);

  function review(event: FormEvent) {
    event.preventDefault();
    const found = mentorAbsent ? null : refundPercentProblem(percent);
    setProblem(found);
    if (!found) {
      settle.reset();
      setConfirming(true);
    }
  }

  function send() {
    settle.mutate(
      { id: dispute.id, body: { mentor_absent: mentorAbsent, refund_percent: mentorAbsent ? 0 : percentValue } },
      {
        onSuccess: (session) => {
          setConfirming(false);
          onSettled(session);
        },
      },
    );
  }

  return (
    <>
      <form onSubmit={review} noValidate aria-label={`Settle the session of ${dispute.student_name}`} className="space-y-4">
        <fieldset className="space-y-2.5">
          <legend className="mb-2 text-sm font-medium text-slate-800">Decision</legend>
          <label className="flex items-start gap-3 text-sm text-slate-700">
            <input type="radio" name={name} checked={mentorAbsent} onChange={() => setMentorAbsent(true)} className="mt-0.5 size-4 accent-brand-600" />
            <span>
              <span className="font-medium text-slate-900">The mentor didn't come</span>
              <span className="block text-slate-500">Refund everything ({money(dispute.paid)}); the mentor gets nothing.</span>
            </span>
          </label>
          <label className="flex items-start gap-3 text-sm text-slate-700">
            <input type="radio" name={name} checked={!mentorAbsent} onChange={() => setMentorAbsent(false)} className="mt-0.5 size-4 accent-brand-600" />
            <span>
              <span className="font-medium text-slate-900">The session took place</span>
              <span className="block text-slate-500">Refund a share of the price; the rest goes to the mentor.</span>
            </span>
          </label>
        </fieldset>
        {mentorAbsent ? null : (
          <TextField
            label="Refund (%)"
            inputMode="numeric"
            autoComplete="off"
            placeholder="e.g. 50"
            value={percent}
            maxLength={3}
            onChange={(event) => {
              setPercent(event.target.value);
              setProblem(null);
            }}
            error={problem}
            hint="0 keeps the whole payment for the mentor; 100 gives it all back."
            containerClassName="max-w-md"
            className="max-w-32"
          />
        )}
        <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
          <p className="text-sm text-slate-600" aria-live="polite">
            Refund <span className="font-semibold text-slate-900 tabular-nums">{money(refund)}</span> to {dispute.student_name}
          </p>
          <Button type="submit" icon={<ScaleIcon size={16} />}>
            Settle…
          </Button>
        </div>
      </form>
      <Modal
        open={confirming}
        onClose={() => setConfirming(false)}
        initialFocus={confirm}
        icon={
          <span className="flex size-10 items-center justify-center rounded-full bg-amber-100 text-amber-600">
            <ScaleIcon size={20} />
          </span>
        }
        title={`Settle ${dispute.student_name}'s session?`}
        description={
          mentorAbsent
            ? `${money(refund)} goes back to ${dispute.student_name} and the session counts as a mentor no-show.`
            : `${money(refund)} goes back to ${dispute.student_name}; the session counts as completed and ${dispute.mentor_name} keeps their share of the rest.`
        }
        footer={
          <>
            <Button variant="secondary" onClick={() => setConfirming(false)}>Cancel</Button>
            <Button ref={confirm} loading={settle.isPending} onClick={send}>
              Settle dispute
            </Button>
          </>
        }
      >
        {settle.isError ? <Alert tone="danger" role="alert">{errorMessage(settle.error)}</Alert> : <p className="text-sm text-slate-600">The refund goes out through the payment gateway and the decision is recorded in the audit log. It can't be undone.</p>}
      </Modal>
    </>
  );
}

function DisputeCard({ dispute, onSettled }: { dispute: DisputedSession; onSettled: (session: BookedSession) => void }) {
  return (
    <Card className="p-5 sm:p-6">
      <article aria-label={`${dispute.student_name} with ${dispute.mentor_name}`} className="space-y-4">
        <header className="flex flex-wrap items-start justify-between gap-3">
          <div className="min-w-0">
            <h2 className="text-base font-semibold text-slate-900">
              {dispute.student_name} <span className="font-normal text-slate-400">with</span>{" "}
              <Link to={`/admin/mentors/${dispute.mentor_id}`} className="hover:text-brand-700">
                {dispute.mentor_name}
              </Link>
            </h2>
            <p className="mt-0.5 text-sm text-slate-500">{timeRange(dispute)}</p>
          </div>
          <Badge tone="warning" dot>
            Waiting for a decision
          </Badge>
        </header>
        <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-3">
          <div>
            <dt className="text-slate-500">Paid</dt>
            <dd className="font-medium text-slate-900 tabular-nums">{formatMoney(dispute.paid, dispute.currency)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Reported</dt>
            <dd className="text-slate-900" title={formatDateTime(dispute.reported_at)}>
              {formatRelative(dispute.reported_at)}
            </dd>
          </div>
          <div className="col-span-2 sm:col-span-1">
            <dt className="text-slate-500">Already refunded</dt>
            <dd className="text-slate-900 tabular-nums">{formatMoney(dispute.refunded, dispute.currency)}</dd>
          </div>
        </dl>
        <figure className="rounded-xl bg-slate-50 p-4">
          <figcaption className="text-xs font-semibold tracking-wide text-slate-500 uppercase">What {dispute.student_name} reported</figcaption>
          <blockquote className="mt-1.5 text-sm leading-6 whitespace-pre-line text-slate-800">{dispute.report_reason || "No reason given."}</blockquote>
        </figure>
        <div className="border-t border-slate-100 pt-4">
          <SettleForm dispute={dispute} onSettled={onSettled} />
        </div>
      </article>
    </Card>
  );
}

function Outcome({ settled }: { settled: Settled }) {
  const { session, studentName } = settled;
  const refund = formatMoney(session.refunded, session.currency);
  return (
    <Alert tone="success" role="status" title={`${studentName}'s session is settled`}>
      {session.status === "no_show_mentor"
        ? `${refund} refunded; the session counts as a mentor no-show.`
        : `${refund} refunded; the session counts as completed and the mentor is paid the rest after the complaint window.`}
    </Alert>
  );
}

export default function AdminDisputesPage() {
  useDocumentTitle("Disputes");
  const [params, setParams] = useSearchParamsUpdate();
  const page = pageFrom(params);
  const disputes = useDisputes(page, PAGE_SIZE);
  const [settled, setSettled] = useState<Settled[]>([]);

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Disputes"
        description="Sessions a student reported a problem with. They neither complete nor pay the mentor until you decide; the longest waiting come first."
        actions={
          <ButtonLink to="/admin/finance" variant="secondary" icon={<BarChartIcon size={16} />}>
            Finance
          </ButtonLink>
        }
      />
      <div className="space-y-4">
        {settled.map((item) => (
          <Outcome key={item.session.id} settled={item} />
        ))}
        {disputes.isError ? (
          <Card>
            <ErrorState error={disputes.error} title="We couldn't load the disputes" onRetry={() => void disputes.refetch()} />
          </Card>
        ) : !disputes.data ? (
          <div role="status" aria-label="Loading disputes" className="space-y-4">
            {Array.from({ length: 2 }, (_, index) => (
              <Card key={index} className="p-6">
                <SkeletonText lines={5} />
              </Card>
            ))}
          </div>
        ) : disputes.data.items.length === 0 ? (
          <Card>
            <EmptyState icon={<CheckCircleIcon size={22} />} title="No disputes waiting" description="When a student reports a problem with a session, it appears here for your decision." />
          </Card>
        ) : (
          <>
            {disputes.data.items.map((dispute) => (
              <DisputeCard
                key={dispute.id}
                dispute={dispute}
                onSettled={(session) => setSettled((current) => [{ session, studentName: dispute.student_name }, ...current])}
              />
            ))}
            {disputes.data.total > disputes.data.page_size || page > 1 ? (
              <Card>
                <CardPagination data={disputes.data} noun="disputes" onPageChange={(next) => setParams((current) => withPage(current, next))} />
              </Card>
            ) : null}
          </>
        )}
      </div>
    </>
  );
}
