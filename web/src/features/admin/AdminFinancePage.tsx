import { useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import {
  financeCsvUrl,
  useDisputes,
  useFinanceReport,
  usePayoutBatches,
  useRunPayoutBatch,
  type FinanceFigures,
  type FinanceMonth,
  type FinanceReport,
  type PayoutBatch,
  type TopMentor,
} from "../../api/finance";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { buttonClasses } from "../../components/ui/button-classes";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { TextField } from "../../components/ui/Field";
import { BarChartIcon, DownloadIcon, ScaleIcon, SendIcon, UsersIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime } from "../../lib/format";
import { currencyLabel, formatMoney } from "../../lib/money";
import { monthLabel, niceMax, periodFrom, periodPresets, periodProblems, type Period } from "./finance";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";

// ---- period and currency ------------------------------------------------------------------------

function PeriodPicker({ period, onChange }: { period: Period; onChange: (period: Period) => void }) {
  const [draft, setDraft] = useState(period);
  const [errors, setErrors] = useState<{ from?: string; to?: string }>({});
  const presets = periodPresets();

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = periodProblems(draft);
    setErrors(problems);
    if (!problems.from && !problems.to) onChange(draft);
  }

  return (
    <div className="space-y-3">
      <form onSubmit={submit} noValidate aria-label="Report period" className="grid items-start gap-3 sm:flex sm:flex-wrap">
        <TextField
          type="month"
          label="From"
          value={draft.from}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          error={errors.from}
          containerClassName="sm:w-44"
        />
        <TextField
          type="month"
          label="To"
          value={draft.to}
          onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          error={errors.to}
          containerClassName="sm:w-44"
        />
        <Button type="submit" variant="secondary" className="sm:mt-7">
          Show
        </Button>
      </form>
      <div className="flex flex-wrap gap-2" aria-label="Quick periods" role="group">
        {presets.map((preset) => {
          const active = preset.period.from === period.from && preset.period.to === period.to;
          return (
            <button
              key={preset.label}
              type="button"
              aria-pressed={active}
              onClick={() => {
                setDraft(preset.period);
                setErrors({});
                onChange(preset.period);
              }}
              className={cn(
                "rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset transition-colors",
                active ? "bg-brand-50 text-brand-700 ring-brand-200" : "bg-white text-slate-600 ring-slate-200 hover:bg-slate-50",
              )}
            >
              {preset.label}
            </button>
          );
        })}
      </div>
    </div>
  );
}

function CurrencySwitch({ currencies, value, onChange }: { currencies: string[]; value: string; onChange: (currency: string) => void }) {
  return (
    <div role="radiogroup" aria-label="Currency" className="inline-flex flex-wrap self-start rounded-lg bg-slate-100 p-1 lg:self-auto">
      {currencies.map((currency) => (
        <button
          key={currency}
          type="button"
          role="radio"
          aria-checked={currency === value}
          title={currencyLabel(currency)}
          onClick={() => onChange(currency)}
          className={cn(
            "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
            currency === value ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900",
          )}
        >
          {currency}
        </button>
      ))}
    </div>
  );
}

// ---- figures ------------------------------------------------------------------------------------

function Kpi({ label, value, hint, className }: { label: string; value: string; hint?: string; className?: string }) {
  return (
    <Card className={cn("p-4 sm:p-5", className)}>
      <p className="text-sm font-medium text-slate-500">{label}</p>
      <p className="mt-1.5 text-xl font-semibold tracking-tight text-slate-900 tabular-nums sm:text-2xl">{value}</p>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </Card>
  );
}

function KpiCards({ totals, lastMonth }: { totals: FinanceFigures; lastMonth: string }) {
  const money = (amount: number) => formatMoney(amount, totals.currency);
  return (
    <section aria-label="Key figures" className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
      <Kpi label="Revenue" value={money(totals.gross)} hint="Paid by students" />
      <Kpi label="Commission" value={money(totals.commission - totals.commission_refunded)} hint={`Net revenue ${money(totals.net_revenue)} after fees`} />
      <Kpi label="Refunds" value={money(totals.refunds)} hint={totals.reversals ? `${money(totals.reversals)} recovered from mentors` : "Back to students"} />
      <Kpi label="Payouts" value={money(totals.payouts)} hint="Paid to mentors" />
      <Kpi
        label="Open payables"
        value={money(totals.open_payables)}
        hint={`End of ${monthLabel(lastMonth)} · ${money(totals.payables_available)} ready to pay`}
        className="col-span-2 lg:col-span-1"
      />
    </section>
  );
}

const CHART_HEIGHT = 180;
const SLOT = 40; // viewBox units per month; the chart stretches to the card's width

/** Every `step`-th month's short name under the bars (the others stay blank, keeping the columns aligned). */
function MonthLabels({ months, step, className }: { months: FinanceMonth[]; step: number; className?: string }) {
  return (
    <div className={cn("mt-1.5 text-center text-[10px] text-slate-500", className)} aria-hidden="true">
      {months.map((row, position) => (
        <span key={row.month} className="min-w-0 flex-1 whitespace-nowrap">
          {position % step === 0 ? monthLabel(row.month).split(" ")[0] : ""}
        </span>
      ))}
    </div>
  );
}

/** Payments and net revenue per month as bars; the table below carries the same figures for everyone. */
function MonthlyChart({ months, currency }: { months: FinanceMonth[]; currency: string }) {
  const top = niceMax(months.map((row) => Math.max(row.gross, row.net_revenue)));
  const width = months.length * SLOT;
  const bar = (value: number) => (Math.max(0, value) / top) * CHART_HEIGHT;
  return (
    <div className="px-5 pt-5 pb-3 sm:px-6">
      <div className="flex gap-3">
        <div className="flex shrink-0 flex-col justify-between text-right text-xs text-slate-400 tabular-nums" style={{ height: CHART_HEIGHT }} aria-hidden="true">
          <span className="-mt-1.5">{formatMoney(top, currency)}</span>
          <span>{formatMoney(top / 2, currency)}</span>
          <span className="-mb-1.5">0</span>
        </div>
        <div className="min-w-0 flex-1">
          <svg
            role="img"
            aria-label={`Payments and net revenue per month in ${currency}; the same figures are in the table below.`}
            viewBox={`0 0 ${width} ${CHART_HEIGHT}`}
            preserveAspectRatio="none"
            className="block w-full"
            style={{ height: CHART_HEIGHT }}
          >
            {[0, 0.5, 1].map((fraction) => (
              <line key={fraction} x1={0} x2={width} y1={CHART_HEIGHT * (1 - fraction)} y2={CHART_HEIGHT * (1 - fraction)} className="stroke-slate-200" strokeWidth={1} vectorEffect="non-scaling-stroke" />
            ))}
            {months.map((row, position) => {
              const x = position * SLOT + SLOT * 0.15;
              const barWidth = SLOT * 0.33;
              return (
                <g key={row.month}>
                  <title>{`${monthLabel(row.month, true)}: payments ${formatMoney(row.gross, currency)}, net revenue ${formatMoney(row.net_revenue, currency)}`}</title>
                  <rect x={x} y={CHART_HEIGHT - bar(row.gross)} width={barWidth} height={bar(row.gross)} className="fill-brand-500" />
                  <rect x={x + barWidth + SLOT * 0.04} y={CHART_HEIGHT - bar(row.net_revenue)} width={barWidth} height={bar(row.net_revenue)} className="fill-emerald-500" />
                </g>
              );
            })}
          </svg>
          <MonthLabels months={months} step={Math.ceil(months.length / 12)} className="hidden sm:flex" />
          <MonthLabels months={months} step={Math.ceil(months.length / 6)} className="flex sm:hidden" />
        </div>
      </div>
      <div className="mt-3 flex gap-4 text-xs text-slate-600" aria-hidden="true">
        <span className="inline-flex items-center gap-1.5"><span className="size-2.5 rounded-sm bg-brand-500" /> Payments</span>
        <span className="inline-flex items-center gap-1.5"><span className="size-2.5 rounded-sm bg-emerald-500" /> Net revenue</span>
      </div>
    </div>
  );
}

function monthColumns(currency: string): Array<Column<FinanceMonth>> {
  const money = (amount: number) => <span className="whitespace-nowrap tabular-nums">{formatMoney(amount, currency)}</span>;
  return [
    { key: "month", header: "Month", cell: (row) => <span className="font-medium whitespace-nowrap text-slate-900">{monthLabel(row.month)}</span> },
    { key: "gross", header: "Payments", cell: (row) => money(row.gross) },
    { key: "refunds", header: "Refunds", hideBelow: "sm", cell: (row) => money(row.refunds) },
    { key: "commission", header: "Commission", hideBelow: "md", cell: (row) => money(row.commission - row.commission_refunded) },
    { key: "net", header: "Net revenue", cell: (row) => money(row.net_revenue) },
    { key: "payouts", header: "Payouts", hideBelow: "md", cell: (row) => money(row.payouts) },
    { key: "payables", header: "Open payables", hideBelow: "lg", cell: (row) => money(row.open_payables) },
  ];
}

function topColumns(): Array<Column<TopMentor>> {
  return [
    {
      key: "mentor",
      header: "Mentor",
      className: "w-full max-w-0",
      cell: (mentor) => (
        <Link to={`/admin/mentors/${mentor.mentor_id}`} className="block truncate font-medium text-slate-900 hover:text-brand-700 focus-visible:rounded">
          {mentor.display_name}
        </Link>
      ),
    },
    { key: "sessions", header: "Sessions", hideBelow: "sm", cell: (mentor) => <span className="tabular-nums">{mentor.sessions}</span> },
    { key: "gross", header: "Paid", cell: (mentor) => <span className="whitespace-nowrap tabular-nums">{formatMoney(mentor.gross, mentor.currency)}</span> },
    { key: "refunds", header: "Refunded", hideBelow: "sm", cell: (mentor) => <span className="whitespace-nowrap tabular-nums">{formatMoney(mentor.refunds, mentor.currency)}</span> },
  ];
}

function DisputesSummary({ report }: { report: FinanceReport }) {
  const waiting = useDisputes(1, 1);
  const figures = [
    { label: "Reported", value: report.disputes.opened },
    { label: "Settled", value: report.disputes.settled },
    { label: "Still open", value: report.disputes.open },
  ];
  return (
    <Card>
      <CardHeader title="Disputes" description="Problems students reported with a session in this period." />
      <CardBody className="space-y-4">
        <dl className="grid grid-cols-3 gap-3 text-center">
          {figures.map((figure) => (
            <div key={figure.label} className="rounded-xl bg-slate-50 px-2 py-3">
              <dt className="text-xs font-medium text-slate-500">{figure.label}</dt>
              <dd className="mt-1 text-xl font-semibold text-slate-900 tabular-nums">{figure.value}</dd>
            </div>
          ))}
        </dl>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600" aria-live="polite">
            {waiting.data === undefined
              ? "\u00a0"
              : waiting.data.total === 0
                ? "Nothing is waiting for a decision."
                : `${waiting.data.total} waiting for a decision now.`}
          </p>
          <ButtonLink to="/admin/disputes" variant="secondary" size="sm" icon={<ScaleIcon size={16} />}>
            Open disputes
          </ButtonLink>
        </div>
      </CardBody>
    </Card>
  );
}

// ---- payouts ------------------------------------------------------------------------------------

function batchTotals(batch: PayoutBatch): string {
  const totals = new Map<string, number>();
  for (const payout of batch.payouts) totals.set(payout.currency, (totals.get(payout.currency) ?? 0) + payout.amount);
  return [...totals].map(([currency, amount]) => formatMoney(amount, currency)).join(" · ");
}

function RunBatchModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (batch: PayoutBatch) => void }) {
  const run = useRunPayoutBatch();
  const confirm = useRef<HTMLButtonElement>(null);
  return (
    <Modal
      open={open}
      onClose={onClose}
      initialFocus={confirm}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-brand-100 text-brand-600">
          <SendIcon size={20} />
        </span>
      }
      title="Pay mentors now?"
      description="Every mentor's available balance is paid out, one payout per mentor and currency, and recorded in the audit log. Money still in a complaint window stays put. Running it again pays nothing twice."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>Cancel</Button>
          <Button ref={confirm} loading={run.isPending} onClick={() => run.mutate(undefined, { onSuccess: onDone })}>
            Run payout batch
          </Button>
        </>
      }
    >
      {run.isError ? <Alert tone="danger" role="alert">{errorMessage(run.error)}</Alert> : null}
    </Modal>
  );
}

function PayoutBatches() {
  const toast = useToast();
  const [page, setPage] = useState(1);
  const [confirming, setConfirming] = useState(false);
  const [last, setLast] = useState<PayoutBatch | null>(null);
  const batches = usePayoutBatches(page);

  function done(batch: PayoutBatch) {
    setConfirming(false);
    setLast(batch);
    if (batch.payouts.length) toast.success("Payout batch paid", `${batch.payouts.length} payout(s): ${batchTotals(batch)}.`);
    else toast.info("Nothing to pay", "No mentor has an available balance right now.");
  }

  return (
    <Card>
      <CardHeader
        title="Payout batches"
        description="Mentors' available balances paid out together, the latest first."
        action={
          <Button size="sm" icon={<SendIcon size={16} />} onClick={() => setConfirming(true)}>
            Run payout batch
          </Button>
        }
      />
      {last ? (
        <div className="px-5 pt-4 sm:px-6">
          <Alert tone={last.payouts.length ? "success" : "info"} role="status" title={last.payouts.length ? `Paid ${last.payouts.length} payout(s)` : "Nothing to pay"}>
            {last.payouts.length ? batchTotals(last) : "No mentor had an available balance."}
          </Alert>
        </div>
      ) : null}
      {batches.isError ? (
        <ErrorState error={batches.error} title="We couldn't load the payout batches" onRetry={() => void batches.refetch()} />
      ) : !batches.data ? (
        <div className="space-y-3 px-5 py-5 sm:px-6" role="status" aria-label="Loading payout batches">
          {Array.from({ length: 3 }, (_, row) => (
            <Skeleton key={row} className="h-12 w-full" />
          ))}
        </div>
      ) : batches.data.items.length === 0 ? (
        <EmptyState icon={<SendIcon size={22} />} title="No payouts yet" description="Batches appear here once mentors have been paid." />
      ) : (
        <ul className="divide-y divide-slate-100" aria-label="Payout batches">
          {batches.data.items.map((batch) => (
            <li key={batch.at} className="px-5 py-4 sm:px-6">
              <details className="group">
                <summary className="flex cursor-pointer list-none flex-wrap items-baseline justify-between gap-2 rounded focus-visible:outline-2 focus-visible:outline-brand-600">
                  <span className="font-medium text-slate-900">{formatDateTime(batch.at)}</span>
                  <span className="text-sm text-slate-600">
                    {batch.payouts.length} payout{batch.payouts.length === 1 ? "" : "s"} · <span className="tabular-nums">{batchTotals(batch)}</span>
                  </span>
                </summary>
                <ul className="mt-3 space-y-1.5 text-sm">
                  {batch.payouts.map((payout) => (
                    <li key={payout.id} className="flex justify-between gap-3">
                      <Link to={`/admin/mentors/${payout.mentor_id}`} className="truncate text-slate-700 hover:text-brand-700">
                        {payout.mentor_name ?? "Deleted account"}
                      </Link>
                      <span className="tabular-nums text-slate-900">{formatMoney(payout.amount, payout.currency)}</span>
                    </li>
                  ))}
                </ul>
              </details>
            </li>
          ))}
        </ul>
      )}
      <CardPagination data={batches.data} noun="batches" onPageChange={setPage} />
      <RunBatchModal open={confirming} onClose={() => setConfirming(false)} onDone={done} />
    </Card>
  );
}

// ---- the page -----------------------------------------------------------------------------------

function ReportSkeleton() {
  return (
    <div role="status" aria-label="Loading the report" className="space-y-6">
      <div className="grid grid-cols-2 gap-3 sm:gap-4 lg:grid-cols-5">
        {Array.from({ length: 5 }, (_, index) => (
          <Card key={index} className="p-5">
            <Skeleton className="h-4 w-20" />
            <Skeleton className="mt-3 h-7 w-28" />
          </Card>
        ))}
      </div>
      <Card className="p-6">
        <Skeleton className="h-48 w-full" />
      </Card>
    </div>
  );
}

function Report({ report, currency }: { report: FinanceReport; currency: string }) {
  const months = report.months.filter((row) => row.currency === currency);
  const totals = report.totals.find((row) => row.currency === currency);
  const top = report.top_mentors.filter((mentor) => mentor.currency === currency);
  if (!totals) return null;
  return (
    <div className="space-y-6">
      <KpiCards totals={totals} lastMonth={report.last_month} />
      <Card className="overflow-hidden">
        <CardHeader title="By month" description={`${currencyLabel(currency)}: what came in and what the platform kept. Amounts are never converted between currencies.`} />
        <MonthlyChart months={months} currency={currency} />
        <DataTable caption={`Monthly figures in ${currency}`} columns={monthColumns(currency)} rows={months} rowKey={(row) => row.month} className="border-t border-slate-100" />
      </Card>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card className="overflow-hidden">
          <CardHeader title="Top mentors" description="By what students paid for their sessions in this period." />
          <DataTable
            caption={`Top mentors in ${currency}`}
            columns={topColumns()}
            rows={top}
            rowKey={(mentor) => mentor.mentor_id}
            empty={<EmptyState icon={<UsersIcon size={22} />} title="No paid sessions" description={`Nobody paid for a session in ${currency} in this period.`} />}
          />
        </Card>
        <DisputesSummary report={report} />
      </div>
    </div>
  );
}

export default function AdminFinancePage() {
  useDocumentTitle("Finance");
  const [params, setParams] = useSearchParamsUpdate();
  const period = periodFrom(params);
  const report = useFinanceReport(period);
  const currencies = report.data?.currencies ?? [];
  const wanted = params.get("currency");
  const currency = wanted && currencies.includes(wanted) ? wanted : currencies[0];

  function choose(next: Partial<Period> & { currency?: string }) {
    setParams((current) => {
      const updated = new URLSearchParams(current);
      if (next.from && next.to) {
        updated.set("from", next.from);
        updated.set("to", next.to);
      }
      if (next.currency) updated.set("currency", next.currency);
      return updated;
    });
  }

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Finance"
        description="The platform's books per month: payments, refunds, commission, payouts and what is still owed to mentors. Every figure comes from the ledger; months are in UTC."
        actions={
          <a href={financeCsvUrl(period)} download className={buttonClasses("secondary", "md", "gap-2")}>
            <DownloadIcon size={16} /> Download CSV
          </a>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardBody className="flex flex-col gap-5 lg:flex-row lg:items-end lg:justify-between">
            <PeriodPicker key={`${period.from}-${period.to}`} period={period} onChange={(next) => choose(next)} />
            {currencies.length > 1 && currency ? <CurrencySwitch currencies={currencies} value={currency} onChange={(next) => choose({ currency: next })} /> : null}
          </CardBody>
        </Card>
        {report.isError ? (
          <Card>
            <ErrorState error={report.error} title="We couldn't load the report" onRetry={() => void report.refetch()} />
          </Card>
        ) : !report.data ? (
          <ReportSkeleton />
        ) : !currency ? (
          <Card>
            <EmptyState
              icon={<BarChartIcon size={22} />}
              title="No money moved in this period"
              description={`Nothing was paid, refunded or owed between ${monthLabel(period.from)} and ${monthLabel(period.to)}.`}
            />
          </Card>
        ) : (
          <div className={cn("transition-opacity", report.isFetching && report.isPlaceholderData && "opacity-60")} aria-busy={report.isFetching || undefined}>
            <Report report={report.data} currency={currency} />
          </div>
        )}
        <PayoutBatches />
      </div>
    </>
  );
}
