import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from "react";
import { Link, useLocation } from "react-router";
import { useCatalog, useMentorSearch } from "../../api/marketplace";
import type { Catalog, MentorCard } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { Select, SelectField, TextField } from "../../components/ui/Field";
import { BookOpenIcon, ClockIcon, CompassIcon, FilterIcon, GlobeIcon, SearchIcon, XIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Pagination } from "../../components/ui/Pagination";
import { Portrait } from "../../components/ui/Portrait";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { formatNextAvailable } from "../../lib/datetime";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";
import { useDocumentTitle } from "../../lib/document-title";
import { languageList, languageOptions } from "../../lib/languages";
import { CURRENCIES, currencyLabel, formatApproxMoney, formatMoney, type Currency } from "../../lib/money";
import { useFocusTrap } from "../../lib/focus-trap";
import { timezoneLabel } from "../../lib/timezones";
import { useViewerZone } from "../../lib/viewer-zone";
import { useDraft } from "../../lib/use-draft";
import { Chip, RatingInline, VerifiedBadge } from "./MentorBits";
import {
  activeFilterCount,
  buildSearch,
  filterErrorsFromApi,
  filtersFromParams,
  hasFilters,
  preferredCurrency,
  RATING_OPTIONS,
  rememberCurrency,
  SORT_OPTIONS,
  withFilters,
  type FilterErrors,
  type MentorFilters,
} from "./search-filters";
import { workSummary } from "./work-summary";

type Change = (change: Partial<MentorFilters>) => void;

function PriceInput({ label, value, onCommit, error, disabled }: { label: string; value: string; onCommit: (value: string) => void; error?: string | undefined; disabled?: boolean }) {
  const [draft, setDraft] = useDraft(value, onCommit, { delay: 500 });
  return (
    <TextField
      label={label}
      inputMode="decimal"
      placeholder="Any"
      value={draft}
      disabled={disabled}
      onChange={(event) => setDraft(event.target.value)}
      error={error}
      maxLength={12}
    />
  );
}

/** A group of filters; `title` names groups of several related controls. */
function FilterSection({ title, children, hint }: { title?: string; children: ReactNode; hint?: ReactNode }) {
  const content = (
    <>
      {children}
      {hint ? <p className="text-xs leading-5 text-slate-500">{hint}</p> : null}
    </>
  );
  if (!title) return <div className="space-y-4 px-5 py-5">{content}</div>;
  return (
    <fieldset className="px-5 py-5">
      <legend className="mb-3 text-sm font-semibold text-slate-900">{title}</legend>
      <div className="space-y-3">{content}</div>
    </fieldset>
  );
}

function FilterPanel({ filters, errors, catalog, onChange, zone, currency }: { filters: MentorFilters; errors: FilterErrors; catalog: Catalog | undefined; onChange: Change; zone: string; currency: Currency }) {
  const subject = catalog?.subjects.find((item) => item.slug === filters.subject || item.id === filters.subject);
  const languages = useMemo(() => languageOptions(filters.language ? [filters.language] : []), [filters.language]);
  return (
    <div className="divide-y divide-slate-100">
      <FilterSection>
        <SelectField
          label="Subject"
          value={subject?.slug ?? filters.subject}
          onChange={(event) => onChange({ subject: event.target.value })}
          error={errors.subject}
        >
          <option value="">Any subject</option>
          {!subject && filters.subject ? <option value={filters.subject}>{filters.subject}</option> : null}
          {catalog?.subjects.map((item) => (
            <option key={item.id} value={item.slug}>
              {item.name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Topic"
          value={filters.topic}
          disabled={!subject && !filters.topic}
          onChange={(event) => onChange({ topic: event.target.value })}
          error={errors.topic}
          hint={!subject ? "Choose a subject to narrow it to one topic." : undefined}
        >
          <option value="">{subject ? `Any ${subject.name.toLowerCase()} topic` : "Any topic"}</option>
          {subject?.chapters.map((chapter) => (
            <optgroup key={chapter.id} label={chapter.name}>
              {chapter.topics.map((topic) => (
                <option key={topic.id} value={topic.slug}>
                  {topic.name}
                </option>
              ))}
            </optgroup>
          ))}
          {!subject && filters.topic ? <option value={filters.topic}>{filters.topic}</option> : null}
        </SelectField>
      </FilterSection>

      <FilterSection>
        <SelectField label="Teaches in" value={filters.language} onChange={(event) => onChange({ language: event.target.value })} error={errors.language}>
          <option value="">Any language</option>
          {languages.map((language) => (
            <option key={language.code} value={language.code}>
              {language.name}
            </option>
          ))}
        </SelectField>
      </FilterSection>

      <FilterSection title="Price per hour" hint="Mentors who charge in another currency are compared at approximate exchange rates.">
        <SelectField
          label="Show prices in"
          value={currency}
          onChange={(event) => {
            rememberCurrency(event.target.value);
            onChange({ currency: event.target.value });
          }}
          error={errors.currency}
        >
          {CURRENCIES.map((code) => (
            <option key={code} value={code}>
              {currencyLabel(code)}
            </option>
          ))}
        </SelectField>
        <div className="grid grid-cols-2 gap-3">
          <PriceInput label="Min" value={filters.minPrice} onCommit={(value) => onChange({ minPrice: value })} error={errors.minPrice} />
          <PriceInput label="Max" value={filters.maxPrice} onCommit={(value) => onChange({ maxPrice: value })} error={errors.maxPrice} />
        </div>
      </FilterSection>

      <FilterSection>
        <SelectField label="Minimum rating" value={filters.minRating} onChange={(event) => onChange({ minRating: event.target.value })} error={errors.minRating}>
          <option value="">Any rating</option>
          {RATING_OPTIONS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </SelectField>
      </FilterSection>

      <FilterSection
        title="Free between"
        hint={
          <span className="inline-flex items-start gap-1.5">
            <GlobeIcon size={14} className="mt-0.5 shrink-0" />
            <span>In your time zone, {timezoneLabel(zone)}.</span>
          </span>
        }
      >
        <TextField label="Day" type="date" value={filters.day} onChange={(event) => onChange({ day: event.target.value })} error={errors.day} />
        <div className="grid grid-cols-2 gap-3">
          <TextField label="From" type="time" step={900} value={filters.from} onChange={(event) => onChange({ from: event.target.value })} error={errors.from} />
          <TextField label="To" type="time" step={900} value={filters.to} onChange={(event) => onChange({ to: event.target.value })} error={errors.to} />
        </div>
      </FilterSection>
    </div>
  );
}

function ResultCard({ mentor, zone, viewerCurrency }: { mentor: MentorCard; zone: string; viewerCurrency: string }) {
  const location = useLocation();
  const approx = mentor.currency !== viewerCurrency && mentor.approx_rate_cents != null ? formatApproxMoney(mentor.approx_rate_cents, viewerCurrency) : null;
  const work = workSummary(mentor.work);
  return (
    <article className="group relative flex gap-4 rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 transition hover:shadow-md hover:ring-slate-300 sm:gap-5 sm:p-5">
      <Portrait name={mentor.display_name} seed={mentor.id} photoUrl={mentor.photo_url} size="lg" className="sm:size-24" />
      <div className="min-w-0 flex-1">
        <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <h3 className="text-base font-semibold text-slate-900">
                <Link to={`/mentors/${mentor.id}`} state={{ from: `${location.pathname}${location.search}` }} className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-brand-600 focus-visible:after:ring-offset-2 group-focus-within:text-brand-700 hover:text-brand-700">
                  {mentor.display_name}
                </Link>
              </h3>
              <VerifiedBadge />
            </div>
            <p className="mt-1 line-clamp-2 text-sm leading-6 text-slate-600">{mentor.headline}</p>
          </div>
          <div className="shrink-0 sm:text-right">
            {mentor.hourly_rate_cents != null ? (
              <p className="text-sm text-slate-500">
                <span className="text-lg font-semibold text-slate-900 tabular-nums">{formatMoney(mentor.hourly_rate_cents, mentor.currency)}</span>
                {approx ? (
                  <span className="ml-1.5 text-sm text-slate-500 tabular-nums" title={`Approximately, in ${currencyLabel(viewerCurrency)}`}>
                    {approx}
                  </span>
                ) : null}
                <span className="sm:block"> per hour</span>
              </p>
            ) : null}
          </div>
        </div>
        {mentor.subjects.length ? (
          <div className="mt-3 flex flex-wrap gap-1.5">
            {mentor.subjects.map((subject) => (
              <Chip key={subject} tone="brand">
                {subject}
              </Chip>
            ))}
          </div>
        ) : null}
        <div className="mt-3 flex flex-wrap items-center gap-x-5 gap-y-2 text-sm text-slate-600">
          <RatingInline average={mentor.rating_avg} count={mentor.rating_count} />
          {mentor.languages.length ? (
            <span className="inline-flex items-center gap-1.5">
              <GlobeIcon size={15} className="text-slate-400" />
              {languageList(mentor.languages)}
            </span>
          ) : null}
          {work ? (
            <span className="inline-flex items-center gap-1.5">
              <BookOpenIcon size={15} className="text-slate-400" />
              {work}
            </span>
          ) : null}
          <span className={cn("inline-flex items-center gap-1.5", mentor.next_available ? "font-medium text-emerald-700" : "text-slate-500")}>
            <ClockIcon size={15} className={mentor.next_available ? "text-emerald-600" : "text-slate-400"} />
            {mentor.next_available ? `Next available: ${formatNextAvailable(mentor.next_available, zone)}` : "No free time in the next 3 weeks"}
          </span>
        </div>
      </div>
    </article>
  );
}

/** While the phone sheet is open: focus stays inside, Escape closes it, and it closes by itself
 * when the window grows wide enough for the sidebar. */
function FilterSheetBehaviour({ sheet, onClose }: { sheet: RefObject<HTMLElement | null>; onClose: () => void }) {
  useFocusTrap(sheet, { onEscape: onClose });
  useEffect(() => {
    if (typeof window.matchMedia !== "function") return undefined;
    const wide = window.matchMedia("(min-width: 64rem)");
    const onWide = () => {
      if (wide.matches) onClose();
    };
    wide.addEventListener("change", onWide);
    return () => wide.removeEventListener("change", onWide);
  }, [onClose]);
  return null;
}

function ResultSkeleton() {
  return (
    <div aria-hidden="true" className="flex gap-5 rounded-2xl bg-white p-5 shadow-xs ring-1 ring-slate-200/80" data-testid="result-skeleton">
      <Skeleton className="size-20 rounded-2xl sm:size-24" />
      <div className="flex-1 space-y-3">
        <div className="flex justify-between gap-4">
          <Skeleton className="h-5 w-44" />
          <Skeleton className="h-5 w-16" />
        </div>
        <Skeleton className="h-4 w-full max-w-md" />
        <div className="flex gap-2">
          <Skeleton className="h-6 w-20" />
          <Skeleton className="h-6 w-24" />
        </div>
        <Skeleton className="h-4 w-64" />
      </div>
    </div>
  );
}

function NoResults({ filters, onChange, onClear }: { filters: MentorFilters; onChange: Change; onClear: () => void }) {
  if (!hasFilters(filters)) {
    return (
      <EmptyState
        icon={<CompassIcon size={22} />}
        title="No mentors yet"
        description="Our team is verifying the first mentors right now. Check back soon."
      />
    );
  }
  const tips: string[] = [];
  if (filters.day) tips.push("another day or a wider time window");
  if (filters.minPrice || filters.maxPrice) tips.push("a wider price range");
  if (filters.topic) tips.push("the whole subject instead of one topic");
  if (filters.language || filters.minRating) tips.push("fewer requirements");
  if (filters.q) tips.push("a shorter search");
  const tip = tips.length ? `Try ${new Intl.ListFormat("en", { type: "disjunction" }).format(tips)}.` : "Try fewer filters.";
  return (
    <EmptyState
      icon={<SearchIcon size={22} />}
      title="No mentors match all of these filters"
      description={tip}
      action={
        <>
          {filters.day ? (
            <Button variant="secondary" onClick={() => onChange({ day: "", from: "", to: "" })}>
              Any time
            </Button>
          ) : null}
          <Button variant={filters.day ? "ghost" : "secondary"} onClick={onClear}>
            Clear all filters
          </Button>
        </>
      }
    />
  );
}

export default function FindMentorPage() {
  useDocumentTitle("Find a mentor");
  const [params, updateParams] = useSearchParamsUpdate();
  const filters = filtersFromParams(params);
  const { zone } = useViewerZone();
  const [remembered] = useState(preferredCurrency);
  const currency: Currency = (filters.currency as Currency | "") || remembered;
  const plan = buildSearch(filters, zone, currency);
  const localErrors = plan.errors;
  const valid = Object.keys(localErrors).length === 0;
  const search = useMentorSearch(plan.query, valid);
  const catalog = useCatalog();
  const serverErrors = search.isError ? filterErrorsFromApi(search.error) : {};
  const errors: FilterErrors = { ...serverErrors, ...localErrors };
  const [filtersOpen, setFiltersOpen] = useState(false);
  const filterSheet = useRef<HTMLElement>(null);
  const closeFilters = () => setFiltersOpen(false);

  const change: Change = (update) => updateParams((current) => withFilters(current, update), { replace: Object.keys(update).every((key) => key === "q") });
  const clear = () => updateParams(() => new URLSearchParams(filters.sort !== "relevance" ? { sort: filters.sort } : {}));
  const [text, setText] = useDraft(filters.q, (value) => change({ q: value }));

  const count = activeFilterCount(filters);
  const data = search.data;
  const showSkeleton = valid && search.isPending;
  const filterProblem = Object.keys(errors).length > 0;
  const resultCount = data && valid && !search.isError && !search.isPlaceholderData ? data.total : null;

  return (
    <>
      <PageHeader
        eyebrow="Marketplace"
        title="Find a mentor"
        description="Every mentor on Mentora is verified by our team. Narrow it down by subject, language, price and when you're free."
      />

      <Card className="mb-6 p-3 sm:p-4">
        <div className="flex flex-col gap-3 sm:flex-row">
          <form role="search" aria-label="Mentors" className="flex-1" onSubmit={(event) => event.preventDefault()}>
            <TextField
              label="Search mentors"
              hideLabel
              type="search"
              placeholder="Search by name, subject or keyword"
              value={text}
              onChange={(event) => setText(event.target.value)}
              leading={<SearchIcon size={18} />}
              maxLength={200}
              error={errors.q}
            />
          </form>
          <div className="flex gap-3">
            <Button
              variant="secondary"
              className="flex-1 lg:hidden"
              icon={<FilterIcon size={16} />}
              aria-expanded={filtersOpen}
              aria-controls="mentor-filters"
              onClick={() => setFiltersOpen((open) => !open)}
            >
              Filters{count ? ` (${count})` : ""}
            </Button>
            <label className="sr-only" htmlFor="mentor-sort">
              Sort by
            </label>
            <Select id="mentor-sort" value={filters.sort} onChange={(event) => change({ sort: event.target.value as MentorFilters["sort"] })} className="sm:w-52">
              {SORT_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </Card>

      <div className="grid gap-6 lg:grid-cols-[18.5rem_minmax(0,1fr)]">
        {/* On phones the panel opens as a sheet over the results; from lg it is a sidebar. */}
        <aside
          id="mentor-filters"
          ref={filterSheet}
          aria-label="Filters"
          {...(filtersOpen ? { role: "dialog", "aria-modal": true } : {})}
          className={cn("lg:block", filtersOpen ? "fixed inset-0 z-40 flex flex-col bg-slate-900/30 lg:static lg:z-auto lg:bg-transparent" : "hidden")}
        >
          {filtersOpen ? <FilterSheetBehaviour sheet={filterSheet} onClose={closeFilters} /> : null}
          <Card className="flex max-h-full flex-1 flex-col overflow-hidden rounded-none sm:m-4 sm:rounded-2xl lg:sticky lg:top-6 lg:m-0 lg:max-h-none lg:flex-none lg:block">
            <div className="flex items-center justify-between gap-3 border-b border-slate-100 px-5 py-3.5">
              <h2 className="text-sm font-semibold text-slate-900">Filters</h2>
              <div className="flex items-center gap-3">
                {count ? (
                  <button type="button" onClick={clear} className="inline-flex items-center gap-1 rounded text-sm font-medium text-brand-600 hover:text-brand-700">
                    <XIcon size={14} /> Clear all
                  </button>
                ) : null}
                {filtersOpen ? (
                  <button type="button" onClick={closeFilters} aria-label="Close filters" className="rounded-lg p-1.5 text-slate-500 hover:bg-slate-100 hover:text-slate-700 lg:hidden">
                    <XIcon size={18} />
                  </button>
                ) : null}
              </div>
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto lg:overflow-visible">
              <FilterPanel filters={filters} errors={errors} catalog={catalog.data} onChange={change} zone={zone} currency={currency} />
            </div>
            {filtersOpen ? (
              <div className="border-t border-slate-100 bg-white px-5 py-3 lg:hidden">
                <Button className="w-full" onClick={closeFilters} aria-busy={search.isFetching || undefined}>
                  {resultCount === null ? "Show results" : `Show ${new Intl.NumberFormat().format(resultCount)} result${resultCount === 1 ? "" : "s"}`}
                </Button>
              </div>
            ) : null}
          </Card>
        </aside>

        <section aria-labelledby="results-title" className="min-w-0">
          <div className="mb-4 flex items-baseline justify-between gap-4">
            <h2 id="results-title" className="text-sm font-medium text-slate-600" aria-live="polite">
              {!valid || search.isError
                ? "Results"
                : data
                  ? `${new Intl.NumberFormat().format(data.total)} mentor${data.total === 1 ? "" : "s"}`
                  : "Searching…"}
            </h2>
            {filters.day ? (
              <p className="hidden text-xs text-slate-500 sm:block">Times in {timezoneLabel(zone)}</p>
            ) : null}
          </div>

          {filterProblem ? (
            <Alert tone="warning" title="Check the highlighted filters" className="mb-4" role="alert">
              {Object.values(errors)[0]}
            </Alert>
          ) : null}

          {search.isError && !Object.keys(serverErrors).length ? (
            <Card>
              <ErrorState error={search.error} title="We couldn't search mentors" onRetry={() => void search.refetch()} />
            </Card>
          ) : showSkeleton ? (
            <div className="space-y-4" role="status" aria-label="Loading mentors">
              {Array.from({ length: 4 }, (_, index) => (
                <ResultSkeleton key={index} />
              ))}
            </div>
          ) : data && valid && !search.isError ? (
            data.items.length ? (
              <>
                <div className={cn("space-y-4 transition-opacity", search.isPlaceholderData && "opacity-60")} aria-busy={search.isFetching || undefined}>
                  {data.items.map((mentor) => (
                    <ResultCard key={mentor.id} mentor={mentor} zone={zone} viewerCurrency={data.currency} />
                  ))}
                </div>
                {data.total > data.page_size ? (
                  <Pagination
                    className="mt-6"
                    page={data.page}
                    pageSize={data.page_size}
                    total={data.total}
                    noun="mentors"
                    onPageChange={(page) => {
                      change({ page });
                      window.scrollTo({ top: 0 });
                    }}
                  />
                ) : null}
              </>
            ) : (
              <Card>
                <NoResults filters={filters} onChange={change} onClear={clear} />
              </Card>
            )
          ) : null}
        </section>
      </div>
    </>
  );
}
