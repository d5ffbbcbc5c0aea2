import { useMemo, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { useMentorQueue } from "../../api/admin-marketplace";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import { useReviewQueue, useReviewQueueCount, type ReviewStatus, type ReviewSummary } from "../../api/moderation";
import type { Catalog } from "../../api/types";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { SelectField } from "../../components/ui/Field";
import { CheckCircleIcon, FilterIcon, InboxIcon, XIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime, formatRelative } from "../../lib/format";
import { kindLabel } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { MachineSuggestedBadge } from "../content/MachineSuggestedBadge";
import { ChangeBadge } from "./ContentReviewBits";
import { findSubject, findTopic, sortedChapters, sortedSubjects, sortedTopics } from "../../lib/catalog";
import {
  AGE_OPTIONS,
  hasReviewFilters,
  KIND_OPTIONS,
  queueQuery,
  REVIEW_TABS,
  reviewFiltersFromParams,
  waitingDays,
  waitingTone,
  withReviewFilter,
  type ReviewFilterKey,
  type ReviewFilters,
} from "./content-review";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";

function TabCount({ status, active }: { status: ReviewStatus; active: boolean }) {
  const count = useReviewQueueCount(status);
  if (count.data === undefined) return null;
  return (
    <span className={cn("ml-2 rounded-full px-2 py-0.5 text-xs font-semibold tabular-nums", active ? "bg-brand-100 text-brand-700" : "bg-slate-100 text-slate-600")}>
      {count.data}
    </span>
  );
}

const AGE_TEXT = { neutral: "text-slate-600", warning: "font-medium text-amber-700", danger: "font-medium text-rose-700" } as const;

function When({ item, status, now }: { item: ReviewSummary; status: ReviewStatus; now: Date }) {
  if (status === "pending") {
    const days = waitingDays(item, now);
    const tone = waitingTone(days);
    return (
      <span className={cn("whitespace-nowrap", AGE_TEXT[tone])} title={formatDateTime(item.submitted_at)}>
        {item.submitted_at ? formatRelative(item.submitted_at, now) : "—"}
        {tone !== "neutral" ? <span className="sr-only"> (waiting long)</span> : null}
      </span>
    );
  }
  const at = item.reviewed_at ?? item.updated_at;
  return (
    <span className="whitespace-nowrap text-slate-600" title={formatDateTime(at)}>
      {formatRelative(at, now)}
    </span>
  );
}

function topicLabel(catalog: Catalog | undefined, topicId: string): string | null {
  const place = findTopic(catalog, topicId);
  return place ? `${place.subject.name} › ${place.topic.name}` : null;
}

function columns(status: ReviewStatus, catalog: Catalog | undefined, now: Date, from: string): Array<Column<ReviewSummary>> {
  return [
    {
      key: "item",
      header: "Item",
      className: "w-full max-w-0",
      cell: (item) => (
        <div className="flex min-w-0 items-center gap-3">
          <KindTile kind={item.kind} size="sm" />
          <div className="min-w-0">
            <div className="flex min-w-0 items-center gap-2">
              <Link
                to={`/admin/content/${item.id}`}
                state={{ from }}
                className="truncate font-medium text-slate-900 hover:text-brand-700 focus-visible:rounded"
                onClick={(event) => event.stopPropagation()}
              >
                {item.title}
              </Link>
              <span className="flex shrink-0 gap-1.5">
                <ChangeBadge item={item} />
                <MachineSuggestedBadge item={item} />
              </span>
            </div>
            <p className="truncate text-xs text-slate-500">
              {kindLabel(item.kind)} · v{item.latest_version}
              <span className="lg:hidden"> · {item.mentor_name ?? "Unknown mentor"}</span>
            </p>
          </div>
        </div>
      ),
    },
    {
      key: "topic",
      header: "Topic",
      hideBelow: "md",
      cell: (item) => {
        const label = topicLabel(catalog, item.topic_id);
        return (
          <span className="block max-w-56 truncate text-slate-600" title={label ?? undefined}>
            {label ?? "—"}
          </span>
        );
      },
    },
    {
      key: "mentor",
      header: "Mentor",
      hideBelow: "lg",
      cell: (item) => <span className="whitespace-nowrap text-slate-600">{item.mentor_name ?? "—"}</span>,
    },
    {
      key: "when",
      header: status === "pending" ? "Submitted" : status === "approved" ? "Approved" : "Sent back",
      hideBelow: "sm",
      cell: (item) => <When item={item} status={status} now={now} />,
    },
  ];
}

function Filters({ filters, catalog, onChange }: { filters: ReviewFilters; catalog: Catalog | undefined; onChange: (key: ReviewFilterKey, value: string | number | null) => void }) {
  const mentors = useMentorQueue({ status: "verified", page: 1, page_size: 100 });
  const subject = findSubject(catalog, filters.subject);
  const topicPlace = filters.topic ? findTopic(catalog, filters.topic) : undefined;
  const mentorOptions = mentors.data?.items ?? [];
  return (
    <div className={cn("grid gap-3 border-b border-slate-100 px-4 py-4 sm:grid-cols-2 sm:px-6", filters.status === "pending" ? "lg:grid-cols-5" : "lg:grid-cols-4")}>
      <SelectField label="Kind" value={filters.kind} onChange={(event) => onChange("kind", event.target.value)}>
        <option value="">All kinds</option>
        {KIND_OPTIONS.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </SelectField>
      <SelectField label="Subject" value={subject?.slug ?? filters.subject} onChange={(event) => onChange("subject", event.target.value)}>
        <option value="">All subjects</option>
        {!subject && filters.subject ? <option value={filters.subject}>{filters.subject}</option> : null}
        {sortedSubjects(catalog).map((item) => (
          <option key={item.id} value={item.slug}>
            {item.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Topic" value={filters.topic} disabled={!subject && !filters.topic} onChange={(event) => onChange("topic", event.target.value)}>
        <option value="">{subject ? `All ${subject.name} topics` : "Choose a subject first"}</option>
        {subject
          ? sortedChapters(subject).map((chapter) => (
              <optgroup key={chapter.id} label={chapter.name}>
                {sortedTopics(chapter).map((topic) => (
                  <option key={topic.id} value={topic.slug}>
                    {topic.name}
                  </option>
                ))}
              </optgroup>
            ))
          : null}
        {!subject && filters.topic ? <option value={filters.topic}>{topicPlace?.topic.name ?? filters.topic}</option> : null}
      </SelectField>
      <SelectField label="Mentor" value={filters.mentor} onChange={(event) => onChange("mentor", event.target.value)}>
        <option value="">All mentors</option>
        {filters.mentor && !mentorOptions.some((mentor) => mentor.id === filters.mentor) ? <option value={filters.mentor}>Selected mentor</option> : null}
        {mentorOptions.map((mentor) => (
          <option key={mentor.id} value={mentor.id}>
            {mentor.display_name}
          </option>
        ))}
      </SelectField>
      {filters.status === "pending" ? (
        <SelectField label="Waiting" value={filters.age ? String(filters.age) : ""} onChange={(event) => onChange("age", event.target.value ? Number(event.target.value) : null)}>
          <option value="">Any time</option>
          {AGE_OPTIONS.map((option) => (
            <option key={option.days} value={option.days}>
              {option.label}
            </option>
          ))}
        </SelectField>
      ) : null}
    </div>
  );
}

/** The content moderation queue: oldest submission first, filtered by kind, place, mentor and wait. */
export default function AdminContentQueuePage() {
  useDocumentTitle("Content review");
  const [params, setParams] = useSearchParamsUpdate();
  const location = useLocation();
  const navigate = useNavigate();
  const filters = reviewFiltersFromParams(params);
  const queue = useReviewQueue(queueQuery(filters));
  const catalog = useCatalog();
  const [filtersOpen, setFiltersOpen] = useState(hasReviewFilters(filters));
  // One clock per render of the list, so every row's age agrees.
  const now = useMemo(() => new Date(), [queue.dataUpdatedAt]); // eslint-disable-line react-hooks/exhaustive-deps
  const tab = REVIEW_TABS.find((item) => item.status === filters.status) ?? REVIEW_TABS[0];
  const from = `${location.pathname}${location.search}`;

  const change = (key: ReviewFilterKey | "status", value: string | number | null) => setParams((current) => withReviewFilter(current, key, value));
  const clear = () => setParams(() => (filters.status === "pending" ? new URLSearchParams() : new URLSearchParams({ status: filters.status })));
  const unknownPlace = queue.error instanceof ApiError && queue.error.code === "unknown_catalog_filter";
  const active = hasReviewFilters(filters);

  return (
    <>
      <PageHeader
        eyebrow="Administration"
        title="Content review"
        description="Notes, questions and simulations mentors sent for review. Preview each as students will see it, check what changed, then publish it or send it back with feedback."
      />
      <Card className="overflow-hidden">
        <div className="flex items-end justify-between gap-3 border-b border-slate-100 px-3 sm:px-4">
          <nav aria-label="Review status" className="flex gap-1 overflow-x-auto">
            {REVIEW_TABS.map((item) => {
              const current = item.status === filters.status;
              return (
                <Link
                  key={item.status}
                  to={{ search: withReviewFilter(params, "status", item.status).toString() }}
                  aria-current={current ? "page" : undefined}
                  className={cn(
                    "-mb-px inline-flex shrink-0 items-center border-b-2 px-3 py-3.5 text-sm font-medium whitespace-nowrap transition-colors",
                    current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
                  )}
                >
                  {item.label}
                  <TabCount status={item.status} active={current} />
                </Link>
              );
            })}
          </nav>
          <div className="flex shrink-0 items-center gap-1 pb-2">
            {active ? (
              <button type="button" onClick={clear} className="inline-flex items-center gap-1 rounded px-2 py-1 text-sm font-medium text-brand-600 hover:text-brand-700">
                <XIcon size={14} /> Clear<span className="hidden sm:inline"> filters</span>
              </button>
            ) : null}
            <Button
              variant={filtersOpen ? "subtle" : "ghost"}
              size="sm"
              icon={<FilterIcon size={16} />}
              aria-expanded={filtersOpen}
              aria-controls="review-filters"
              onClick={() => setFiltersOpen((open) => !open)}
            >
              Filters
            </Button>
          </div>
        </div>
        <div id="review-filters" hidden={!filtersOpen}>
          <Filters filters={filters} catalog={catalog.data} onChange={change} />
        </div>
        {filters.age && queue.data ? (
          <p className="border-b border-slate-100 bg-amber-50/60 px-4 py-2.5 text-sm text-amber-900 sm:px-6" role="status">
            Showing items waiting {AGE_OPTIONS.find((option) => option.days === filters.age)?.label.toLowerCase()} for review.
          </p>
        ) : null}
        {unknownPlace ? (
          <EmptyState
            icon={<FilterIcon size={22} />}
            title="That subject or topic no longer exists"
            description="It may have been renamed or removed from the catalog."
            action={<Button variant="secondary" onClick={clear}>Clear filters</Button>}
          />
        ) : queue.isError ? (
          <ErrorState error={queue.error} title="We couldn't load the queue" onRetry={() => void queue.refetch()} />
        ) : (
          <DataTable
            caption={`Content review: ${tab?.label ?? ""}`}
            columns={columns(filters.status, catalog.data, now, from)}
            rows={queue.data?.items}
            rowKey={(item) => item.id}
            loading={queue.isFetching}
            skeletonRows={5}
            onRowClick={(item) => void navigate(`/admin/content/${item.id}`, { state: { from } })}
            empty={
              active ? (
                <EmptyState
                  icon={<FilterIcon size={22} />}
                  title="Nothing matches these filters"
                  description="Try fewer filters."
                  action={
                    <Button variant="secondary" onClick={clear}>
                      Clear filters
                    </Button>
                  }
                />
              ) : (
                <EmptyState
                  icon={filters.status === "pending" ? <CheckCircleIcon size={22} /> : <InboxIcon size={22} />}
                  title={tab?.empty ?? "Nothing here"}
                  description={tab?.emptyText}
                />
              )
            }
          />
        )}
        <CardPagination data={queue.data} noun="items" onPageChange={(next) => change("page", next)} />
      </Card>
    </>
  );
}
