import { Link, useNavigate } from "react-router";
import { useMentorQueue, useMentorQueueCount } from "../../api/admin-marketplace";
import { useCatalog } from "../../api/marketplace";
import type { Catalog, MentorProfile, MentorStatus } from "../../api/types";
import { Card } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { CheckCircleIcon, UserCheckIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { withPage } from "../../components/ui/pagination";
import { Portrait } from "../../components/ui/Portrait";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { formatDateTime, formatRelative } from "../../lib/format";
import { useDocumentTitle } from "../../lib/document-title";
import { formatHourlyRate } from "../../lib/money";
import { Chip } from "../mentors/MentorBits";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";

const PAGE_SIZE = 20;

const TABS: ReadonlyArray<{ status: MentorStatus; label: string; empty: string; emptyText: string }> = [
  { status: "submitted", label: "To review", empty: "You're all caught up", emptyText: "New applications appear here as soon as mentors submit them." },
  { status: "rejected", label: "Changes requested", empty: "No applications waiting for changes", emptyText: "Applications you send back appear here until the mentor resubmits." },
  { status: "verified", label: "Verified", empty: "No verified mentors yet", emptyText: "Mentors you verify appear here." },
  { status: "draft", label: "Drafts", empty: "No drafts", emptyText: "Mentors who started but haven't submitted their application." },
];

function statusFrom(params: URLSearchParams): MentorStatus {
  return TABS.find((tab) => tab.status === params.get("status"))?.status ?? "submitted";
}

function pageFrom(params: URLSearchParams): number {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
}

/** The subjects an application's topics belong to, in catalog order. */
function subjectsOf(profile: MentorProfile, catalog: Catalog | undefined): string[] {
  const chapters = new Set(profile.topics.map((topic) => topic.chapter_id));
  return (catalog?.subjects ?? []).filter((subject) => subject.chapters.some((chapter) => chapters.has(chapter.id))).map((subject) => subject.name);
}

function TabCount({ status, active }: { status: MentorStatus; active: boolean }) {
  const count = useMentorQueueCount(status);
  if (count.data === undefined) return null;
  return (
    <span className={cn("ml-2 rounded-full px-2 py-0.5 text-xs font-semibold tabular-nums", active ? "bg-brand-100 text-brand-700" : "bg-slate-100 text-slate-600")}>
      {count.data}
    </span>
  );
}

function columns(status: MentorStatus, catalog: Catalog | undefined): Array<Column<MentorProfile>> {
  return [
    {
      key: "mentor",
      header: "Applicant",
      className: "w-full max-w-0",
      cell: (mentor) => (
        <div className="flex min-w-0 items-center gap-3">
          <Portrait name={mentor.display_name} seed={mentor.id} photoUrl={mentor.photo_url} size="sm" />
          <div className="min-w-0">
            <Link
              to={`/admin/mentors/${mentor.id}`}
              className="block truncate font-medium text-slate-900 hover:text-brand-700 focus-visible:rounded"
              onClick={(event) => event.stopPropagation()}
            >
              {mentor.display_name}
            </Link>
            <p className="truncate text-xs text-slate-500">{mentor.headline || mentor.email}</p>
            {status === "submitted" && mentor.submitted_at ? (
              <p className="mt-1 text-xs text-slate-500 sm:hidden">Submitted {formatRelative(mentor.submitted_at)}</p>
            ) : null}
          </div>
        </div>
      ),
    },
    {
      key: "subjects",
      header: "Subjects",
      hideBelow: "md",
      cell: (mentor) => {
        const subjects = subjectsOf(mentor, catalog);
        return subjects.length ? (
          <div className="flex flex-wrap gap-1">
            {subjects.map((subject) => (
              <Chip key={subject}>{subject}</Chip>
            ))}
          </div>
        ) : (
          <span className="text-slate-400">—</span>
        );
      },
    },
    {
      key: "documents",
      header: "Documents",
      hideBelow: "lg",
      cell: (mentor) => <span className="whitespace-nowrap text-slate-600 tabular-nums">{mentor.documents?.length ?? 0}</span>,
    },
    {
      key: "rate",
      header: "Rate",
      hideBelow: "lg",
      cell: (mentor) => <span className="whitespace-nowrap text-slate-600">{formatHourlyRate(mentor.hourly_rate_cents, mentor.currency) ?? "—"}</span>,
    },
    {
      key: "when",
      header: status === "verified" ? "Verified" : status === "draft" ? "Last change" : "Submitted",
      hideBelow: "sm",
      cell: (mentor) => {
        const at = status === "verified" ? mentor.verified_at : status === "draft" ? mentor.updated_at : mentor.submitted_at;
        return (
          <span className="whitespace-nowrap text-slate-600" title={formatDateTime(at)}>
            {at ? formatRelative(at) : "—"}
          </span>
        );
      },
    },
  ];
}

export default function AdminMentorsPage() {
  useDocumentTitle("Mentor applications");
  const [params, setParams] = useSearchParamsUpdate();
  const navigate = useNavigate();
  const status = statusFrom(params);
  const page = pageFrom(params);
  const queue = useMentorQueue({ status, page, page_size: PAGE_SIZE });
  const catalog = useCatalog();
  const tab = TABS.find((item) => item.status === status) ?? TABS[0];

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Mentor applications"
        description="Check each applicant's documents and topics, then verify them or ask for changes. The oldest submissions come first, so nobody waits too long."
      />
      <Card className="overflow-hidden">
        <nav aria-label="Application status" className="flex gap-1 overflow-x-auto border-b border-slate-100 px-3 sm:px-4">
          {TABS.map((item) => {
            const active = item.status === status;
            return (
              <Link
                key={item.status}
                to={item.status === "submitted" ? "/admin/mentors" : `/admin/mentors?status=${item.status}`}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "-mb-px inline-flex shrink-0 items-center border-b-2 px-3 py-3.5 text-sm font-medium whitespace-nowrap transition-colors",
                  active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
                )}
              >
                {item.label}
                <TabCount status={item.status} active={active} />
              </Link>
            );
          })}
        </nav>
        {queue.isError ? (
          <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
        ) : (
          <DataTable
            caption={`Mentor applications: ${tab?.label ?? ""}`}
            columns={columns(status, catalog.data)}
            rows={queue.data?.items}
            rowKey={(mentor) => mentor.id}
            loading={queue.isFetching}
            skeletonRows={5}
            onRowClick={(mentor) => void navigate(`/admin/mentors/${mentor.id}`)}
            empty={
              <EmptyState
                icon={status === "submitted" ? <CheckCircleIcon size={22} /> : <UserCheckIcon size={22} />}
                title={tab?.empty ?? "Nothing here"}
                description={tab?.emptyText}
              />
            }
          />
        )}
        <CardPagination data={queue.data} noun="applications" onPageChange={(next) => setParams((current) => withPage(current, next))} />
      </Card>
    </>
  );
}
