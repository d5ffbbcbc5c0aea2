import { useState, type FormEvent } from "react";
import {
  STATUS_REFRESH_MS,
  useAuditSearch,
  useFailedJobs,
  useOperationsStatus,
  useRecordedErrors,
  useRetryFailedJob,
  useSlowRoutes,
  type AuditEntry,
  type Dependency,
  type FailedJob,
  type OperationsStatus,
  type RecordedError,
  type RouteTiming,
  type Worker,
} from "../../api/operations";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { DataTable, type Column, type DataTableProps } from "../../components/ui/DataTable";
import { TextField } from "../../components/ui/Field";
import { CheckCircleIcon, InboxIcon, RefreshIcon, SearchIcon, ShieldIcon, XIcon } from "../../components/ui/icons";
import { LinkTabs } from "../../components/ui/LinkTabs";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { withPage } from "../../components/ui/pagination";
import { EmptyState, ErrorState, LoadingState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";
import {
  AUDIT_FIELDS,
  OPERATIONS_TABS,
  auditFiltersFrom,
  auditProblems,
  auditQueryFrom,
  errorQueryFrom,
  formatAge,
  formatMs,
  tabFrom,
  tabHref,
  withSearch,
  type AuditFilters,
} from "./operations";

type Update = ReturnType<typeof useSearchParamsUpdate>[1];
interface ListQuery {
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

export default function AdminOperationsPage() {
  useDocumentTitle("Operations");
  const [params, setParams] = useSearchParamsUpdate();
  const tab = tabFrom(params);
  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Operations"
        description="How the platform is doing right now: its dependencies, background work, recent errors, slow routes and who changed what."
      />
      <LinkTabs
        label="Operations views"
        className="mb-6 border-b border-slate-200"
        tabs={OPERATIONS_TABS.map((t) => ({ key: t.key, label: t.label, to: tabHref(t.key), current: t.key === tab }))}
      />
      {tab === "health" ? <HealthPanel /> : null}
      {tab === "jobs" ? <FailedJobsPanel params={params} setParams={setParams} /> : null}
      {tab === "errors" ? <ErrorsPanel key={params.toString()} params={params} setParams={setParams} /> : null}
      {tab === "routes" ? <SlowRoutesPanel /> : null}
      {tab === "audit" ? <AuditPanel key={params.toString()} params={params} setParams={setParams} /> : null}
    </>
  );
}

/** A list's table, or what went wrong loading it (with a way to try again). */
function TableOrError<T>({ query, errorTitle, ...table }: { query: ListQuery; errorTitle: string } & Omit<DataTableProps<T>, "loading">) {
  if (query.isError) return <ErrorState error={query.error} title={errorTitle} onRetry={() => void query.refetch()} />;
  return <DataTable {...table} loading={query.isFetching} />;
}

function SearchButtons({ active, onClear, className }: { active: boolean; onClear: () => void; className?: string }) {
  return (
    <div className={cn("flex gap-2", className)}>
      <Button type="submit" icon={<SearchIcon size={16} />}>Search</Button>
      {active ? (
        <Button variant="ghost" icon={<XIcon size={16} />} onClick={onClear}>
          Clear
        </Button>
      ) : null}
    </div>
  );
}

// ---- health ---------------------------------------------------------------------------------

const dependencyColumns: Array<Column<Dependency>> = [
  { key: "name", header: "Dependency", cell: (d) => <span className="font-medium text-slate-900">{d.name}</span> },
  {
    key: "state",
    header: "State",
    cell: (d) => (d.ok ? <Badge tone="success" dot>OK</Badge> : <Badge tone="danger" dot>Failed</Badge>),
  },
  { key: "latency", header: "Latency", cell: (d) => <span className="tabular-nums">{formatMs(d.latency_ms)}</span> },
  {
    key: "detail",
    header: "Detail",
    className: "w-full max-w-0",
    cell: (d) => <span className={d.ok ? "text-slate-500" : "break-words text-rose-700"}>{d.detail}</span>,
  },
];

const workerColumns: Array<Column<Worker>> = [
  { key: "worker", header: "Worker", className: "max-w-0 w-full", cell: (w) => <span className="block truncate font-mono text-xs">{w.worker_id}</span> },
  { key: "host", header: "Host", hideBelow: "md", cell: (w) => `${w.hostname} (pid ${w.pid})` },
  { key: "seen", header: "Last heartbeat", cell: (w) => <time dateTime={w.last_heartbeat_at}>{formatRelative(w.last_heartbeat_at)}</time> },
  { key: "state", header: "State", cell: (w) => (w.alive ? <Badge tone="success" dot>Alive</Badge> : <Badge tone="warning" dot>Silent</Badge>) },
];

function HealthPanel() {
  const status = useOperationsStatus();
  if (status.isPending) return <Card><LoadingState label="Loading the platform's status" /></Card>;
  if (!status.data) return <Card><ErrorState error={status.error} title="We couldn't load the status" onRetry={() => void status.refetch()} /></Card>;
  const data = status.data;
  const failing = data.dependencies.filter((d) => !d.ok);
  return (
    <div className="space-y-6">
      {status.isError ? (
        <Alert tone="warning" role="alert" title="The last refresh failed">
          {errorMessage(status.error)} Showing the status checked {formatDateTime(data.checked_at)}.
        </Alert>
      ) : null}
      <div role="status" aria-live="polite">
        {failing.length === 0 ? (
          <Alert tone="success" title="Every dependency answers" />
        ) : (
          <Alert tone="danger" title={`${failing.length === 1 ? "1 dependency is" : `${failing.length} dependencies are`} failing: ${failing.map((d) => d.name).join(", ")}`} />
        )}
      </div>
      <Card className="overflow-hidden">
        <CardHeader
          title="Dependencies"
          description={`Checked ${formatDateTime(data.checked_at)} by ${data.process}; asked again every ${STATUS_REFRESH_MS / 1000} s.`}
          action={
            <Button variant="secondary" size="sm" loading={status.isFetching} onClick={() => void status.refetch()} icon={<RefreshIcon size={16} />}>
              Refresh
            </Button>
          }
        />
        <DataTable caption="Dependencies" columns={dependencyColumns} rows={data.dependencies} rowKey={(d) => d.name} />
      </Card>
      <BacklogCard status={data} />
      <Card className="overflow-hidden">
        <CardHeader
          title="Workers"
          description={`A worker silent for more than ${data.worker_stale_after_seconds} s is taken for gone.`}
        />
        <DataTable
          caption="Workers"
          columns={workerColumns}
          rows={data.workers}
          rowKey={(w) => w.worker_id}
          empty={<EmptyState title="No worker has reported" description="Background jobs wait until an `edu worker` process runs." />}
        />
      </Card>
    </div>
  );
}

function BacklogCard({ status }: { status: OperationsStatus }) {
  const backlog = status.backlog;
  const figures: Array<[string, string]> = backlog
    ? [
        ["Events not yet relayed", String(backlog.outbox_unrelayed)],
        ["Event deliveries due", String(backlog.deliveries_due)],
        ["Oldest due delivery waiting", formatAge(backlog.oldest_due_seconds)],
        ["Event deliveries parked", String(backlog.deliveries_failed)],
        ["Job retries waiting", String(backlog.job_retries_waiting)],
        ["Failed jobs not retried", String(backlog.dead_letters)],
      ]
    : [];
  figures.push(["Jobs queued", status.queued_jobs === null ? "unknown" : String(status.queued_jobs)]);
  figures.push(["Open WebSockets", String(status.open_websockets)]);
  return (
    <Card>
      <CardHeader
        title="Background work"
        description={backlog ? "Events and jobs waiting; sockets of the process that answered." : "The database did not answer: the backlog can't be counted."}
      />
      <dl className="grid grid-cols-2 gap-px bg-slate-100 sm:grid-cols-4">
        {figures.map(([label, value]) => (
          <div key={label} className="bg-white px-5 py-4">
            <dt className="text-xs font-medium text-slate-500">{label}</dt>
            <dd className="mt-1 text-lg font-semibold text-slate-900 tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

// ---- failed jobs ----------------------------------------------------------------------------

function FailedJobsPanel({ params, setParams }: { params: URLSearchParams; setParams: Update }) {
  const page = Number(params.get("page")) || 1;
  const jobs = useFailedJobs(page);
  const retry = useRetryFailedJob();
  const toast = useToast();
  const [retrying, setRetrying] = useState<number | null>(null);

  function retryJob(job: FailedJob) {
    setRetrying(job.id);
    retry.mutate(job.id, {
      onSuccess: (result) =>
        result.queued
          ? toast.success(`Queued ${job.job} again`, "A worker runs it shortly.")
          : toast.info("Already retried", "This job had been queued again before; nothing more was queued."),
      onError: (error) => toast.error("The job couldn't be queued", errorMessage(error)),
      onSettled: () => setRetrying(null),
    });
  }

  const columns: Array<Column<FailedJob>> = [
    { key: "id", header: "ID", cell: (j) => <span className="tabular-nums">{j.id}</span> },
    {
      key: "job",
      header: "Job",
      className: "w-full max-w-0",
      cell: (j) => (
        <div className="min-w-0">
          <p className="truncate font-medium text-slate-900">{j.job}</p>
          <p className="truncate text-xs text-slate-500" title={j.error}>{j.error}</p>
        </div>
      ),
    },
    { key: "key", header: "Key", hideBelow: "lg", cell: (j) => <span className="font-mono text-xs">{j.key}</span> },
    { key: "tries", header: "Tries", hideBelow: "sm", cell: (j) => j.attempts },
    { key: "failed", header: "Failed", hideBelow: "md", cell: (j) => <time dateTime={j.failed_at}>{formatDateTime(j.failed_at)}</time> },
    {
      key: "action",
      header: <span className="sr-only">Action</span>,
      cell: (j) =>
        j.retried_at ? (
          <span className="whitespace-nowrap text-xs text-slate-500">Retried {formatRelative(j.retried_at)}</span>
        ) : (
          <Button size="sm" variant="secondary" loading={retrying === j.id} onClick={() => retryJob(j)} aria-label={`Retry job ${j.id} (${j.job})`}>
            Retry
          </Button>
        ),
    },
  ];

  return (
    <Card className="overflow-hidden">
      <CardHeader title="Failed jobs" description="Background jobs that failed their last try, newest first. Retry queues a new series of tries, once." />
      <TableOrError
        query={jobs}
        errorTitle="We couldn't load the failed jobs"
        caption="Failed jobs"
        columns={columns}
        rows={jobs.data?.items}
        rowKey={(j) => String(j.id)}
        empty={<EmptyState icon={<CheckCircleIcon size={22} />} title="No failed jobs" description="Every background job finished or is still being tried." />}
      />
      <CardPagination data={jobs.data} noun="failed jobs" onPageChange={(next) => setParams((current) => withPage(current, next))} />
    </Card>
  );
}

// ---- recent errors --------------------------------------------------------------------------

const errorColumns: Array<Column<RecordedError>> = [
  { key: "when", header: "When", cell: (e) => <time className="whitespace-nowrap" dateTime={e.occurred_at}>{formatDateTime(e.occurred_at)}</time> },
  { key: "status", header: "Status", cell: (e) => (e.status ? <Badge tone={e.status >= 500 ? "danger" : "warning"}>{e.status}</Badge> : <Badge>log</Badge>) },
  {
    key: "what",
    header: "Error",
    className: "w-full max-w-0",
    cell: (e) => (
      <details className="min-w-0">
        <summary className="cursor-pointer truncate">
          <span className="font-medium text-slate-900">{e.exception_type ?? e.logger}</span>
          {e.route ? <span className="text-slate-500"> · {e.method} {e.route}</span> : null}
          <span className="text-slate-500"> · {e.message}</span>
        </summary>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-600">
          <dt>Request id</dt>
          <dd className="font-mono">{e.request_id ?? "—"}</dd>
          <dt>Process</dt>
          <dd>{e.process}</dd>
          <dt>Logger</dt>
          <dd>{e.logger}</dd>
        </dl>
        <pre className="mt-2 max-h-72 overflow-auto rounded-lg bg-slate-900 p-3 text-xs whitespace-pre-wrap text-slate-100">{e.excerpt}</pre>
      </details>
    ),
  },
  { key: "request", header: "Request id", hideBelow: "lg", cell: (e) => <span className="font-mono text-xs">{e.request_id ?? "—"}</span> },
];

function ErrorsPanel({ params, setParams }: { params: URLSearchParams; setParams: Update }) {
  const query = errorQueryFrom(params);
  const errors = useRecordedErrors(query);
  const [requestId, setRequestId] = useState(query.request_id ?? "");
  const [route, setRoute] = useState(query.route ?? "");
  const searching = Boolean(query.request_id || query.route);

  function search(event: FormEvent) {
    event.preventDefault();
    setParams((current) => withSearch(current, { request_id: requestId, route }));
  }

  return (
    <Card className="overflow-hidden">
      <CardHeader title="Recent errors" description="5xx answers and error-level log lines of every process, newest first. An error body's request id finds its request." />
      <form role="search" aria-label="Search errors" onSubmit={search} className="flex flex-col gap-3 border-b border-slate-100 p-4 sm:flex-row sm:items-end sm:p-5">
        <TextField label="Request id" value={requestId} onChange={(event) => setRequestId(event.target.value)} maxLength={64} containerClassName="flex-1" />
        <TextField label="Route starts with" placeholder="/api/v1/bookings" value={route} onChange={(event) => setRoute(event.target.value)} maxLength={300} containerClassName="flex-1" />
        <SearchButtons active={searching} onClear={() => setParams((current) => withSearch(current, {}))} />
      </form>
      <TableOrError
        query={errors}
        errorTitle="We couldn't load the errors"
        caption="Recent errors"
        columns={errorColumns}
        rows={errors.data?.items}
        rowKey={(e) => String(e.id)}
        empty={
          <EmptyState
            icon={searching ? <SearchIcon size={22} /> : <CheckCircleIcon size={22} />}
            title={searching ? "No error matches" : "No errors recorded"}
            description={searching ? "Check the request id, or search by route instead." : "Nothing failed recently."}
          />
        }
      />
      <CardPagination data={errors.data} noun="errors" onPageChange={(next) => setParams((current) => withPage(current, next))} />
    </Card>
  );
}

// ---- slow routes ----------------------------------------------------------------------------

const routeColumns: Array<Column<RouteTiming>> = [
  {
    key: "route",
    header: "Route",
    className: "w-full max-w-0",
    cell: (r) => (
      <span className="block truncate">
        <span className="font-mono text-xs text-slate-500">{r.method}</span> <span className="font-medium text-slate-900">{r.route}</span>
      </span>
    ),
  },
  { key: "requests", header: "Requests", cell: (r) => <span className="tabular-nums">{r.requests}</span> },
  { key: "statements", header: "Statements / request", hideBelow: "md", cell: (r) => <span className="tabular-nums">{(r.statements / Math.max(1, r.requests)).toFixed(1)}</span> },
  { key: "total", header: "DB total", cell: (r) => <span className="tabular-nums">{formatMs(r.db_ms_total)}</span> },
  { key: "mean", header: "DB mean", hideBelow: "sm", cell: (r) => <span className="tabular-nums">{formatMs(r.db_ms_mean)}</span> },
  { key: "p95", header: "DB p95", hideBelow: "sm", cell: (r) => <span className="tabular-nums">{formatMs(r.db_ms_p95)}</span> },
  { key: "max", header: "DB max", hideBelow: "lg", cell: (r) => <span className="tabular-nums">{formatMs(r.db_ms_max)}</span> },
  { key: "request", header: "Request mean", hideBelow: "lg", cell: (r) => <span className="tabular-nums">{formatMs(r.request_ms_mean)}</span> },
];

function SlowRoutesPanel() {
  const routes = useSlowRoutes();
  return (
    <Card className="overflow-hidden">
      <CardHeader
        title="Slow routes"
        description={
          routes.data
            ? `Database time per route in process ${routes.data.process}, since it started; most total time first.`
            : "Database time per route in the process that answers, since it started."
        }
        action={
          <Button variant="secondary" size="sm" loading={routes.isFetching} onClick={() => void routes.refetch()} icon={<RefreshIcon size={16} />}>
            Refresh
          </Button>
        }
      />
      <TableOrError
        query={routes}
        errorTitle="We couldn't load the routes"
        caption="Database time per route"
        columns={routeColumns}
        rows={routes.data?.routes}
        rowKey={(r) => `${r.method} ${r.route}`}
        empty={<EmptyState icon={<InboxIcon size={22} />} title="No requests yet" description="This process hasn't answered any request since it started." />}
      />
    </Card>
  );
}

// ---- audit log ------------------------------------------------------------------------------

const auditColumns: Array<Column<AuditEntry>> = [
  { key: "when", header: "When", cell: (e) => <time className="whitespace-nowrap" dateTime={e.occurred_at}>{formatDateTime(e.occurred_at)}</time> },
  { key: "action", header: "Action", cell: (e) => <span className="font-medium text-slate-900">{e.action}</span> },
  { key: "target", header: "Target", cell: (e) => <span className="font-mono text-xs">{e.target_type}:{e.target_id}</span> },
  { key: "actor", header: "Actor", hideBelow: "md", cell: (e) => <span className="font-mono text-xs">{e.actor_id ?? "system"}</span> },
  {
    key: "details",
    header: "Details",
    hideBelow: "lg",
    className: "w-full max-w-0",
    cell: (e) => <span className="block truncate font-mono text-xs text-slate-500" title={JSON.stringify(e.details)}>{JSON.stringify(e.details)}</span>,
  },
];

const AUDIT_LABELS: Record<keyof AuditFilters, string> = {
  actor_id: "Actor (user id)",
  action: "Action",
  target_type: "Target type",
  target_id: "Target id",
  from: "From",
  to: "Until",
};

function AuditPanel({ params, setParams }: { params: URLSearchParams; setParams: Update }) {
  const applied = auditFiltersFrom(params);
  const [filters, setFilters] = useState<AuditFilters>(applied);
  const [problems, setProblems] = useState<Partial<Record<keyof AuditFilters, string>>>({});
  const entries = useAuditSearch(auditQueryFrom(params));
  const filtered = AUDIT_FIELDS.some((name) => applied[name]);

  function search(event: FormEvent) {
    event.preventDefault();
    const found = auditProblems(filters);
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    setParams((current) => withSearch(current, { ...filters }));
  }

  return (
    <Card className="overflow-hidden">
      <CardHeader title="Audit log" description="Administrative actions: who did what to which record, newest first." />
      <form aria-label="Audit log filters" onSubmit={search} noValidate className="grid gap-3 border-b border-slate-100 p-4 sm:grid-cols-2 sm:p-5 lg:grid-cols-3">
        {AUDIT_FIELDS.map((name) => (
          <TextField
            key={name}
            label={AUDIT_LABELS[name]}
            type={name === "from" || name === "to" ? "datetime-local" : "text"}
            placeholder={name === "action" ? "user.suspend" : undefined}
            value={filters[name]}
            error={problems[name]}
            maxLength={name === "target_type" ? 32 : 64}
            onChange={(event) => setFilters((current) => ({ ...current, [name]: event.target.value }))}
          />
        ))}
        <SearchButtons active={filtered} onClear={() => setParams((current) => withSearch(current, {}))} className="sm:col-span-2 lg:col-span-3" />
      </form>
      <TableOrError
        query={entries}
        errorTitle="We couldn't search the audit log"
        caption="Audit log entries"
        columns={auditColumns}
        rows={entries.data?.items}
        rowKey={(e) => e.id}
        empty={
          <EmptyState
            icon={<ShieldIcon size={22} />}
            title={filtered ? "No entry matches" : "Nothing audited yet"}
            description={filtered ? "Widen the period or clear a filter." : "Administrative actions will appear here."}
          />
        }
      />
      <CardPagination data={entries.data} noun="entries" onPageChange={(next) => setParams((current) => withPage(current, next))} />
    </Card>
  );
}
