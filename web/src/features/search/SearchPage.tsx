import { useState, type FormEvent } from "react";
import { Link } from "react-router";
import { useCatalog } from "../../api/marketplace";
import { ApiError } from "../../api/errors";
import { useContentSearch, type SearchHit } from "../../api/search";
import type { Role } from "../../api/types";
import { useSession } from "../../auth/session-context";
import { Badge, type BadgeTone } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { SelectField, TextField } from "../../components/ui/Field";
import { AlertTriangleIcon, BookOpenIcon, RefreshIcon, SearchIcon, XIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Pagination } from "../../components/ui/Pagination";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { sortedSubjects } from "../../lib/catalog";
import { CourseAndMentorMatches } from "./CourseAndMentorMatches";
import { Highlighted } from "./Highlighted";
import {
  canSearchWorkspace,
  filtersFromParams,
  groupByKind,
  hasCriteria,
  hasFilters,
  hitHref,
  hitMoment,
  KIND_SECTIONS,
  KINDS,
  manageHref,
  MAX_QUERY_LENGTH,
  resultCount,
  toSearchQuery,
  withFilters,
  type SearchFilters,
} from "./search-params";
import { SearchTips } from "./SearchTips";

type Change = (change: Partial<SearchFilters>) => void;

const STATUS_BADGES: Record<string, { label: string; tone: BadgeTone }> = {
  draft: { label: "Draft", tone: "neutral" },
  pending: { label: "Pending review", tone: "warning" },
  approved: { label: "Approved", tone: "success" },
  rejected: { label: "Rejected", tone: "danger" },
};

/** Codes about the query itself: the server's message says what to change. */
const QUERY_ERRORS = new Set(["search_query_required", "invalid_search_query", "unknown_catalog_filter", "unknown_content_kind", "validation_error"]);

function QueryForm({ value, onSubmit }: { value: string; onSubmit: (q: string) => void }) {
  const [draft, setDraft] = useState(value);
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    // Back button, header search: the address wins over what was typed.
    setSeen(value);
    setDraft(value);
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSubmit(draft.trim());
  };
  return (
    <form role="search" aria-label="Content" className="flex gap-2" onSubmit={submit}>
      <TextField
        label="Search notes, questions and simulations"
        hideLabel
        type="search"
        name="q"
        containerClassName="min-w-0 flex-1"
        placeholder="Search notes, questions and simulations"
        value={draft}
        maxLength={MAX_QUERY_LENGTH}
        onChange={(event) => setDraft(event.target.value)}
        leading={<SearchIcon size={18} />}
      />
      <Button type="submit">Search</Button>
    </form>
  );
}

function Filters({ filters, role, onChange }: { filters: SearchFilters; role: Role | undefined; onChange: Change }) {
  const catalog = useCatalog();
  const subjects = sortedSubjects(catalog.data);
  const selected = subjects.find((subject) => subject.slug === filters.subject || subject.id === filters.subject);
  const toggleKind = (kind: (typeof KINDS)[number], checked: boolean) =>
    onChange({ kinds: checked ? [...filters.kinds, kind] : filters.kinds.filter((item) => item !== kind) });
  return (
    <div className="divide-y divide-slate-100">
      <fieldset className="px-5 py-5">
        <legend className="mb-3 text-sm font-semibold text-slate-900">Type</legend>
        <div className="space-y-2.5">
          {KINDS.map((kind) => (
            <label key={kind} className="flex items-center gap-2.5 text-sm text-slate-700">
              <input
                type="checkbox"
                className="size-4 rounded accent-brand-600"
                checked={filters.kinds.includes(kind)}
                onChange={(event) => toggleKind(kind, event.target.checked)}
              />
              {KIND_SECTIONS[kind].title}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="px-5 py-5">
        <SelectField label="Subject" value={selected?.slug ?? filters.subject} onChange={(event) => onChange({ subject: event.target.value, topic: "" })}>
          <option value="">Any subject</option>
          {!selected && filters.subject ? <option value={filters.subject}>{filters.subject}</option> : null}
          {subjects.map((subject) => (
            <option key={subject.id} value={subject.slug}>
              {subject.name}
            </option>
          ))}
        </SelectField>
      </div>
      {filters.topic || filters.mentor ? (
        <div className="flex flex-wrap gap-2 px-5 py-4">
          {filters.topic ? <FilterChip label={`Topic: ${filters.topic}`} onRemove={() => onChange({ topic: "" })} /> : null}
          {filters.mentor ? <FilterChip label="One mentor's content" onRemove={() => onChange({ mentor: "" })} /> : null}
        </div>
      ) : null}
      {canSearchWorkspace(role) ? (
        <div className="px-5 py-5">
          <label className="flex items-start gap-2.5 text-sm">
            <input
              type="checkbox"
              className="mt-0.5 size-4 rounded accent-brand-600"
              checked={filters.workspace}
              onChange={(event) => onChange({ workspace: event.target.checked })}
            />
            <span>
              <span className="font-medium text-slate-900">{role === "admin" ? "Include everything" : "Include my drafts"}</span>
              <span className="mt-0.5 block text-xs leading-5 text-slate-500">
                {role === "admin"
                  ? "Every item in its newest version, whatever its review state."
                  : "Your own items in any state, in their newest version."}
              </span>
            </span>
          </label>
        </div>
      ) : null}
    </div>
  );
}

function FilterChip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-2.5 text-xs font-medium text-slate-700">
      {label}
      <button type="button" onClick={onRemove} className="rounded-full p-0.5 text-slate-500 hover:bg-slate-200 hover:text-slate-800" aria-label={`Remove ${label}`}>
        <XIcon size={12} />
      </button>
    </span>
  );
}

function ResultCard({ hit, role }: { hit: SearchHit; role: Role | undefined }) {
  const status = hit.status ? (STATUS_BADGES[hit.status] ?? { label: hit.status, tone: "neutral" as const }) : null;
  const manage = manageHref(hit, role);
  const moment = hitMoment(hit);
  return (
    <article className="group relative rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 transition hover:shadow-md hover:ring-slate-300 sm:p-5">
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <h3 className="min-w-0 text-base font-semibold text-slate-900">
          <Link
            to={hitHref(hit, role)}
            className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none group-focus-within:text-brand-700 hover:text-brand-700"
          >
            <Highlighted segments={hit.title_highlight} fallback={hit.title} />
          </Link>
        </h3>
        {status ? (
          <div className="flex shrink-0 flex-wrap gap-1.5">
            {hit.is_live ? <Badge tone="success">Live</Badge> : null}
            <Badge tone={status.tone} dot>
              {status.label}
            </Badge>
          </div>
        ) : null}
      </div>
      <p className="mt-1 text-xs text-slate-500">{`${hit.subject.name} › ${hit.chapter.name} › ${hit.topic.name}`}</p>
      {moment ? <p className="mt-1 text-xs font-medium text-brand-700">Said {moment}</p> : null}
      {hit.snippet.length ? (
        <p className="mt-2 line-clamp-3 text-sm leading-6 text-slate-600">
          <Highlighted segments={hit.snippet} />
        </p>
      ) : null}
      <div className="mt-3 flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
        <span>By {hit.mentor.name}</span>
        {manage ? (
          <Link to={manage} className="relative z-10 font-medium text-brand-600 hover:text-brand-700">
            {role === "admin" ? "Open in review" : "Open in my content"}
          </Link>
        ) : null}
      </div>
    </article>
  );
}

function ResultsSkeleton() {
  return (
    <div className="space-y-4" role="status" aria-label="Loading results">
      <Skeleton className="h-5 w-28" />
      {Array.from({ length: 4 }, (_, index) => (
        <div key={index} aria-hidden="true" className="space-y-3 rounded-2xl bg-white p-5 shadow-xs ring-1 ring-slate-200/80">
          <Skeleton className="h-5 w-2/3" />
          <Skeleton className="h-3 w-48" />
          <Skeleton className="h-4 w-full" />
          <Skeleton className="h-4 w-5/6" />
        </div>
      ))}
    </div>
  );
}

function SearchError({ error, onRetry, onClear, filtered }: { error: unknown; onRetry: () => void; onClear: () => void; filtered: boolean }) {
  const aboutQuery = error instanceof ApiError && QUERY_ERRORS.has(error.code);
  const message = aboutQuery && error.message ? error.message : errorMessage(error);
  return (
    <div role="alert" className="flex flex-col items-center px-6 py-12 text-center">
      <div className="mb-4 flex size-12 items-center justify-center rounded-2xl bg-rose-50 text-rose-600 ring-1 ring-rose-100">
        <AlertTriangleIcon size={22} />
      </div>
      <h3 className="text-base font-semibold text-slate-900">{aboutQuery ? "We couldn't run this search" : "Search isn't working right now"}</h3>
      <p className="mt-1.5 max-w-md text-sm leading-6 text-slate-500">{message}</p>
      <div className="mt-5 flex flex-wrap justify-center gap-3">
        {aboutQuery ? (
          filtered ? (
            <Button variant="secondary" onClick={onClear}>
              Clear filters
            </Button>
          ) : null
        ) : (
          <Button variant="secondary" onClick={onRetry} icon={<RefreshIcon size={16} />}>
            Try again
          </Button>
        )}
      </div>
      {aboutQuery ? <SearchTips className="mt-6 w-full max-w-md" /> : null}
    </div>
  );
}

export default function SearchPage() {
  const [params, updateParams] = useSearchParamsUpdate();
  const filters = filtersFromParams(params);
  const { user } = useSession();
  const role = user?.role;
  const ready = hasCriteria(filters);
  const search = useContentSearch(toSearchQuery(filters, role), ready);
  useDocumentTitle(filters.q ? `Search: ${filters.q}` : "Search");

  const change: Change = (update) => updateParams((current) => withFilters(current, update));
  const clearFilters = () => change({ kinds: [], subject: "", topic: "", mentor: "" });
  const data = ready ? search.data : undefined;
  const groups = data ? groupByKind(data.items) : [];

  let body;
  if (!ready) {
    body = (
      <Card>
        <EmptyState
          icon={<BookOpenIcon size={22} />}
          title="Search notes, questions and simulations"
          description="Type a few words, or pick a type or a subject to browse."
          action={<SearchTips className="w-full max-w-md" />}
        />
      </Card>
    );
  } else if (search.isError) {
    body = (
      <Card>
        <SearchError error={search.error} filtered={hasFilters(filters)} onRetry={() => void search.refetch()} onClear={clearFilters} />
      </Card>
    );
  } else if (!data) {
    body = <ResultsSkeleton />;
  } else if (data.items.length === 0) {
    body = (
      <Card>
        <EmptyState
          icon={<SearchIcon size={22} />}
          title={filters.q ? `Nothing matches “${filters.q}”` : "Nothing matches these filters"}
          description={hasFilters(filters) ? "Try fewer filters, other words, or the search syntax below." : "Try other or fewer words, or the search syntax below."}
          action={
            <div className="flex w-full flex-col items-center gap-4">
              <SearchTips className="w-full max-w-md" />
              {hasFilters(filters) ? (
                <Button variant="secondary" onClick={clearFilters}>
                  Clear filters
                </Button>
              ) : null}
            </div>
          }
        />
      </Card>
    );
  } else {
    body = (
      <>
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-2">
          <p className="text-sm font-medium text-slate-600" aria-live="polite">
            {resultCount(data.total, data.total_exact)}
            {data.scope === "workspace" ? <span className="font-normal text-slate-500"> · including {role === "admin" ? "every state" : "your drafts"}</span> : null}
          </p>
          {groups.length > 1 ? (
            <nav aria-label="Result types" className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
              {groups.map((group) => (
                <a key={group.kind} href={`#results-${group.kind}`} className="font-medium text-brand-600 hover:text-brand-700">
                  {group.title} ({group.hits.length})
                </a>
              ))}
            </nav>
          ) : null}
        </div>
        <div className={cn("space-y-8 transition-opacity", search.isPlaceholderData && "opacity-60")} aria-busy={search.isFetching || undefined}>
          {groups.map((group) => (
            <section key={group.kind} aria-labelledby={`results-${group.kind}`} className="scroll-mt-24">
              <h2 id={`results-${group.kind}`} className="mb-3 flex items-center gap-2 text-sm font-semibold tracking-wide text-slate-900 uppercase">
                {group.title}
                <span className="rounded-full bg-slate-200/70 px-2 py-0.5 text-xs font-medium tracking-normal text-slate-600 normal-case">
                  <span aria-hidden="true">{group.hits.length}</span>
                  <span className="sr-only">{`, ${group.hits.length} on this page`}</span>
                </span>
              </h2>
              <div className="space-y-3">
                {group.hits.map((hit) => (
                  <ResultCard key={hit.item_id} hit={hit} role={role} />
                ))}
              </div>
            </section>
          ))}
        </div>
        {data.total > data.page_size ? (
          <Pagination
            className="mt-8"
            page={data.page}
            pageSize={data.page_size}
            total={data.total}
            totalLabel={data.total_exact ? undefined : `${new Intl.NumberFormat("en").format(data.total)}+`}
            onPageChange={(page) => {
              change({ page });
              window.scrollTo({ top: 0 });
            }}
          />
        ) : null}
        {!data.total_exact ? (
          <p className="mt-4 text-center text-xs text-slate-500">Only the best 1,000 matches can be paged through: add words or filters to narrow the search.</p>
        ) : null}
      </>
    );
  }

  return (
    <>
      <PageHeader eyebrow="Learn" title="Search" description="Find lessons, courses and mentors across every subject." />
      <Card className="mb-6 p-3 sm:p-4">
        <QueryForm value={filters.q} onSubmit={(q) => change({ q })} />
      </Card>
      <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
        <aside aria-label="Filters">
          <Card className="overflow-hidden lg:sticky lg:top-6">
            <div className="flex items-center justify-between border-b border-slate-100 px-5 py-3.5">
              <h2 className="text-sm font-semibold text-slate-900">Filters</h2>
              {hasFilters(filters) ? (
                <button type="button" onClick={clearFilters} className="inline-flex items-center gap-1 rounded text-sm font-medium text-brand-600 hover:text-brand-700">
                  <XIcon size={14} /> Clear
                </button>
              ) : null}
            </div>
            <Filters filters={filters} role={role} onChange={change} />
          </Card>
        </aside>
        <section aria-label="Results" className="min-w-0">
          {filters.q && filters.page <= 1 ? <CourseAndMentorMatches q={filters.q} /> : null}
          {body}
        </section>
      </div>
    </>
  );
}
