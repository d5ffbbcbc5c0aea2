import { useId } from "react";
import { Link, useSearchParams } from "react-router";
import { useEarningsFile, useMyEarnings, type Earnings, type EarningsBalance, type EarningsFormat, type Payout, type SessionEarning } from "../../api/earnings";
import { Badge } from "../../components/ui/Badge";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { Select } from "../../components/ui/Field";
import { CalendarIcon, CheckCircleIcon, ClockIcon, DownloadIcon, FileTextIcon, TrendingUpIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { downloadBlob } from "../../lib/download";
import { errorMessage } from "../../lib/error-messages";
import { formatDate } from "../../lib/format";
import { formatMoney } from "../../lib/money";
import { timezoneLabel } from "../../lib/timezones";
import { useViewerZone } from "../../lib/viewer-zone";
import { formatSessionTime, STATUS_LABELS } from "../bookings/booking-format";
import { StatCard } from "../dashboard/StatCard";
import { monthChoices, monthLabel, monthOf, parseMonth, SHARE_LABELS, SHARE_TONES } from "./earnings-format";
import { PayoutAccountCard } from "./PayoutAccountCard";

const DESCRIPTION = "What students paid for your sessions, the platform's commission, and what is paid out to you.";

type BalanceField = "pending" | "available" | "paid";

/** Each currency's amount of one balance, the largest first; "—" when there is none. */
function BalanceAmounts({ balances, field }: { balances: EarningsBalance[]; field: BalanceField }) {
  const rows = [...balances].sort((a, b) => b[field] - a[field]);
  if (rows.length === 0) return <>—</>;
  const [first, ...rest] = rows;
  return (
    <>
      {first ? <span className="block">{formatMoney(first[field], first.currency)}</span> : null}
      {rest.map((row) => (
        <span key={row.currency} className="mt-1 block text-base font-medium text-slate-600">
          {formatMoney(row[field], row.currency)}
        </span>
      ))}
    </>
  );
}

function Balances({ earnings, loading }: { earnings: Earnings | undefined; loading: boolean }) {
  const balances = earnings?.balances ?? [];
  return (
    <section aria-label="Balances" className="grid gap-4 sm:grid-cols-3">
      <StatCard label="Pending" loading={loading} icon={<ClockIcon size={18} />} value={<BalanceAmounts balances={balances} field="pending" />} hint="Sessions not held yet, or within 48 hours after, when students may report a problem." />
      <StatCard label="Available" loading={loading} icon={<CheckCircleIcon size={18} />} value={<BalanceAmounts balances={balances} field="available" />} hint="Released to you: paid out in the next payout." />
      <StatCard label="Paid out" loading={loading} icon={<TrendingUpIcon size={18} />} value={<BalanceAmounts balances={balances} field="paid" />} hint="Sent to you so far." />
    </section>
  );
}

function ShareBadge({ row }: { row: SessionEarning }) {
  return (
    <div className="flex flex-col items-start gap-1">
      <Badge tone={SHARE_TONES[row.share] ?? "neutral"} dot>
        {SHARE_LABELS[row.share] ?? row.share}
      </Badge>
      <span className="text-xs text-slate-500">{STATUS_LABELS[row.status] ?? row.status}</span>
    </div>
  );
}

function sessionColumns(zone: string, clock: "12h" | "24h"): Array<Column<SessionEarning>> {
  const money = (value: number, row: SessionEarning) => formatMoney(value, row.currency);
  const right = "text-right tabular-nums whitespace-nowrap";
  return [
    {
      key: "date",
      header: "Session",
      cell: (row) => (
        <>
          {/* A paid seat of a group session: its row's id is the seat's, and group sessions are followed on their own page. */}
          <Link to={row.group_session_id ? "/mentor/group-sessions" : `/sessions/${row.session_id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
            {formatSessionTime(row.starts_at, new Date(new Date(row.starts_at).getTime() + row.minutes * 60_000).toISOString(), zone, clock)}
          </Link>
          {row.group_session_id && <span className="mt-0.5 block text-xs font-medium text-brand-700">Group session seat</span>}
          {/* Phones have no student column. */}
          <span className="mt-0.5 block text-xs text-slate-500 sm:hidden">{row.student_name}</span>
        </>
      ),
    },
    { key: "student", header: "Student", cell: (row) => row.student_name || "—", hideBelow: "sm" },
    { key: "length", header: "Length", cell: (row) => `${row.minutes} min`, hideBelow: "lg", className: "whitespace-nowrap" },
    { key: "gross", header: "Gross", cell: (row) => money(row.gross, row), hideBelow: "md", className: right },
    { key: "commission", header: "Commission", cell: (row) => `−${money(row.commission, row)}`, hideBelow: "md", className: right },
    { key: "refunds", header: "Refunds", cell: (row) => (row.refunds ? `−${money(row.refunds, row)}` : "—"), hideBelow: "lg", className: right },
    { key: "net", header: "Net", cell: (row) => <span className="font-semibold text-slate-900">{money(row.net, row)}</span>, className: right },
    { key: "state", header: "State", cell: (row) => <ShareBadge row={row} /> },
  ];
}

function MonthTotals({ earnings }: { earnings: Earnings }) {
  if (earnings.totals.length === 0) return null;
  return (
    <dl className="grid gap-3 border-t border-slate-100 bg-slate-50/60 px-5 py-4 text-sm sm:px-6" aria-label={`Totals for ${monthLabel(earnings.month)}`}>
      {earnings.totals.map((total) => (
        <div key={total.currency} className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
          <dt className="font-medium text-slate-700">Total {total.currency}</dt>
          <dd className="text-slate-600 tabular-nums">Gross {formatMoney(total.gross, total.currency)}</dd>
          <dd className="text-slate-600 tabular-nums">Commission −{formatMoney(total.commission, total.currency)}</dd>
          {total.refunds ? <dd className="text-slate-600 tabular-nums">Refunds −{formatMoney(total.refunds, total.currency)}</dd> : null}
          <dd className="font-semibold text-slate-900 tabular-nums">Net {formatMoney(total.net, total.currency)}</dd>
        </div>
      ))}
    </dl>
  );
}

function MonthReport({ earnings, month, onMonth, loading }: { earnings: Earnings | undefined; month: string; onMonth: (month: string) => void; loading: boolean }) {
  const id = useId();
  const toast = useToast();
  const { zone, clock } = useViewerZone();
  const file = useEarningsFile();
  const choices = monthChoices(monthOf(), 24, month);

  function download(format: EarningsFormat) {
    file.mutate(
      { format, month },
      {
        onSuccess: ({ fileName, blob }) => downloadBlob(fileName, blob),
        onError: (error) => toast.error(`We couldn't download the ${format.toUpperCase()} report`, errorMessage(error)),
      },
    );
  }
  const busy = (format: EarningsFormat) => file.isPending && file.variables?.format === format;

  return (
    <Card className="mt-6">
      <CardHeader
        title="Monthly report"
        description={`Sessions that started in the month (months run in UTC), with dates in ${timezoneLabel(zone)}.`}
        action={
          <div className="flex w-full flex-wrap items-center gap-2 sm:w-auto sm:flex-nowrap">
            <label htmlFor={`${id}-month`} className="sr-only">
              Month
            </label>
            <div className="w-full sm:w-48">
              <Select id={`${id}-month`} value={month} onChange={(event) => onMonth(event.target.value)}>
                {choices.map((choice) => (
                  <option key={choice} value={choice}>
                    {monthLabel(choice)}
                  </option>
                ))}
              </Select>
            </div>
            <Button variant="secondary" className="flex-1 sm:flex-none" icon={<DownloadIcon size={16} />} loading={busy("csv")} disabled={file.isPending} onClick={() => download("csv")} aria-label={`Download ${monthLabel(month)} as CSV`}>
              CSV
            </Button>
            <Button variant="secondary" className="flex-1 sm:flex-none" icon={<FileTextIcon size={16} />} loading={busy("pdf")} disabled={file.isPending} onClick={() => download("pdf")} aria-label={`Download ${monthLabel(month)} as PDF`}>
              PDF
            </Button>
          </div>
        }
      />
      <DataTable
        caption={`Sessions in ${monthLabel(month)}`}
        columns={sessionColumns(zone, clock)}
        rows={earnings?.sessions}
        rowKey={(row) => row.session_id}
        loading={loading}
        skeletonRows={3}
        empty={<EmptyState icon={<CalendarIcon size={22} />} title={`No paid sessions in ${monthLabel(month)}`} description="Choose another month, or see what's coming up in your calendar." action={<ButtonLink to="/mentor/calendar" variant="secondary">Open calendar</ButtonLink>} />}
      />
      {earnings && !loading ? <MonthTotals earnings={earnings} /> : null}
    </Card>
  );
}

function Payouts({ payouts, zone }: { payouts: Payout[]; zone: string }) {
  return (
    <Card className="mt-6">
      <CardHeader title="Payout history" description="Money sent to you, the latest first." />
      {payouts.length ? (
        <ul className="divide-y divide-slate-100" aria-label="Payouts">
          {payouts.map((payout) => (
            <li key={payout.id} className="flex items-center justify-between gap-4 px-5 py-3.5 sm:px-6">
              <span className="text-sm text-slate-700">{formatDate(payout.at, zone)}</span>
              <span className="text-sm font-semibold text-slate-900 tabular-nums">{formatMoney(payout.amount, payout.currency)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="px-5 py-6 text-sm text-slate-500 sm:px-6">No payouts yet. Once earnings are available, they are paid out to you.</p>
      )}
    </Card>
  );
}

/** Nothing earned and nothing paid, ever: a mentor before their first paid session. */
function isNew(earnings: Earnings): boolean {
  return earnings.balances.every((b) => b.pending === 0 && b.available === 0 && b.paid === 0) && earnings.payouts.length === 0 && earnings.sessions.length === 0;
}

export default function EarningsPage() {
  useDocumentTitle("Earnings");
  const { zone } = useViewerZone();
  const [params, setParams] = useSearchParams();
  const month = parseMonth(params.get("month")) ?? monthOf();
  const earnings = useMyEarnings(month);
  const loading = earnings.isPending || (earnings.isPlaceholderData && earnings.isFetching);

  const chooseMonth = (next: string) => {
    const search = new URLSearchParams(params);
    if (next === monthOf()) search.delete("month");
    else search.set("month", next);
    setParams(search, { replace: true });
  };

  const header = <PageHeader eyebrow="Mentor" title="Earnings" description={DESCRIPTION} />;

  if (earnings.isError && !earnings.data) {
    return (
      <>
        {header}
        <Card>
          <ErrorState error={earnings.error} title="We couldn't load your earnings" onRetry={() => void earnings.refetch()} />
        </Card>
      </>
    );
  }

  // Only a mentor who has never earned anything sees the introduction; once there is history, a
  // quiet month shows as an empty month.
  const fresh = earnings.data && !earnings.isPlaceholderData && month === monthOf() && isNew(earnings.data);

  return (
    <>
      {header}
      {/* Where the money goes comes first: payouts wait for an account that can take them. */}
      <PayoutAccountCard className="mb-6" />
      {fresh ? (
        <Card>
          <EmptyState
            icon={<TrendingUpIcon size={22} />}
            title="No earnings yet"
            description="When students book and pay for sessions with you, each one appears here: pending until it is held, then available and paid out to you."
            action={
              <>
                <ButtonLink to="/mentor/availability">Set your hours</ButtonLink>
                <ButtonLink to="/mentor/booking-settings" variant="secondary">
                  Booking settings
                </ButtonLink>
              </>
            }
          />
        </Card>
      ) : (
        <>
          <Balances earnings={earnings.data} loading={earnings.isPending} />
          <MonthReport earnings={earnings.data} month={month} onMonth={chooseMonth} loading={loading} />
          {earnings.data ? <Payouts payouts={earnings.data.payouts} zone={zone} /> : <Skeleton className="mt-6 h-32 w-full rounded-2xl" />}
        </>
      )}
    </>
  );
}
