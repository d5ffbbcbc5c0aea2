import { Link } from "react-router";
import { useContentPreview } from "../../api/discovery";
import { useForumCategories, useForumThreads, type ForumCategory, type ForumThread } from "../../api/forum";
import { useCatalog } from "../../api/marketplace";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { Select } from "../../components/ui/Field";
import { ArrowUpIcon, CheckCircleIcon, MessageIcon, PlusIcon, XIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { findTopic } from "../../lib/catalog";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";
import { AuthorBadges, RelativeTime } from "./ForumBits";
import {
  filtersFromParams,
  newThreadPath,
  SOLVED_OPTIONS,
  SORT_OPTIONS,
  threadPath,
  toThreadQuery,
  withFilters,
  type ForumFilters,
} from "./forum-filters";
import { LinkedContent } from "./LinkedContent";
import { ThreadTitle } from "./ThreadTitle";

function CategoryNav({ categories, active, params }: { categories: ForumCategory[]; active: string; params: URLSearchParams }) {
  const link = (slug: string) => `/forum?${withFilters(params, { category: slug }).toString()}`.replace(/\?$/, "");
  const item = (selected: boolean) =>
    cn(
      "flex shrink-0 items-center justify-between gap-3 rounded-full px-3 py-1.5 text-sm font-medium whitespace-nowrap ring-1 ring-inset lg:rounded-lg lg:ring-0",
      selected ? "bg-brand-50 text-brand-700 ring-brand-200" : "bg-white text-slate-700 ring-slate-200 hover:bg-slate-50 hover:text-slate-900 lg:bg-transparent",
    );
  return (
    <nav aria-label="Categories" className="-mx-4 overflow-x-auto px-4 pb-1 sm:mx-0 sm:px-0 lg:overflow-visible">
      <ul className="flex gap-2 lg:flex-col lg:gap-0.5">
        <li>
          <Link to={link("")} aria-current={!active ? "page" : undefined} className={item(!active)}>
            All categories
          </Link>
        </li>
        {categories.map((category) => {
          const selected = active === category.slug || active === category.id;
          return (
            <li key={category.id}>
              <Link to={link(category.slug)} aria-current={selected ? "page" : undefined} className={item(selected)} title={category.description || undefined}>
                <span className="truncate">{category.name}</span>
                <span className={cn("text-xs tabular-nums", selected ? "text-brand-600" : "text-slate-400")}>{category.thread_count}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

function FilterChip({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <span className="inline-flex max-w-full items-center gap-1 rounded-full bg-brand-50 py-0.5 pr-1 pl-2.5 text-xs font-medium text-brand-800 ring-1 ring-brand-200 ring-inset">
      <span className="truncate">{label}</span>
      <button type="button" onClick={onRemove} className="rounded-full p-0.5 text-brand-600 hover:bg-brand-100 hover:text-brand-900" aria-label={`Remove filter: ${label}`}>
        <XIcon size={12} />
      </button>
    </span>
  );
}

/** The topic and lesson the list is narrowed to, by name, each removable. */
function LinkFilters({ filters, onChange }: { filters: ForumFilters; onChange: (change: Partial<ForumFilters>) => void }) {
  const catalog = useCatalog();
  const lesson = useContentPreview(filters.item, Boolean(filters.item));
  const topic = filters.topic ? findTopic(catalog.data, filters.topic)?.topic.name ?? filters.topic : null;
  if (!topic && !filters.item) return null;
  return (
    <div className="flex flex-wrap gap-2">
      {topic ? <FilterChip label={`Topic: ${topic}`} onRemove={() => onChange({ topic: "" })} /> : null}
      {filters.item ? <FilterChip label={`About: ${lesson.data?.title ?? "a lesson"}`} onRemove={() => onChange({ item: "" })} /> : null}
    </div>
  );
}

function Stat({ value, label, highlight }: { value: number; label: string; highlight?: boolean }) {
  return (
    <div className={cn("flex w-14 flex-col items-center rounded-lg py-1", highlight ? "bg-emerald-50 text-emerald-700 ring-1 ring-emerald-200" : "text-slate-600")}>
      <span className="text-sm font-semibold tabular-nums">{value}</span>
      <span className="text-[0.7rem] text-slate-500">{label}</span>
    </div>
  );
}

function ThreadRow({ thread, params }: { thread: ForumThread; params: URLSearchParams }) {
  const categoryLink = `/forum?${withFilters(params, { category: thread.category.slug }).toString()}`;
  return (
    <li className="group relative flex gap-4 px-4 py-4 transition-colors hover:bg-slate-50/70 sm:px-5">
      <div className="min-w-0 flex-1">
        <h3 className="flex items-start gap-2 text-[0.95rem] leading-6 font-semibold text-slate-900">
          {thread.solved ? (
            <span className="mt-1 shrink-0 text-emerald-600" title="Solved">
              <CheckCircleIcon size={16} />
              <span className="sr-only">Solved: </span>
            </span>
          ) : null}
          <Link to={threadPath(thread.id)} className="min-w-0 break-words after:absolute after:inset-0 focus-visible:outline-none group-focus-within:text-brand-700 hover:text-brand-700">
            <ThreadTitle title={thread.title} />
          </Link>
        </h3>
        {thread.excerpt ? <p className="mt-1 line-clamp-2 text-sm leading-6 text-slate-600">{thread.excerpt}</p> : null}
        <div className="mt-2 flex flex-wrap items-center gap-x-2 gap-y-1.5 text-xs text-slate-500">
          <Link to={categoryLink} className="relative z-10 rounded-full bg-slate-100 px-2 py-0.5 font-medium text-slate-700 hover:bg-slate-200">
            {thread.category.name}
          </Link>
          {thread.author ? (
            <span className="inline-flex flex-wrap items-center gap-1">
              <span className="font-medium text-slate-700">{thread.author.name}</span>
              <AuthorBadges author={thread.author} />
            </span>
          ) : null}
          <LinkedContent link={{ topic: thread.topic_id, item: thread.item_id }} />
          <span className="inline-flex items-center gap-2 sm:hidden">
            <span className="inline-flex items-center gap-0.5">
              <ArrowUpIcon size={12} />
              {thread.score}
            </span>
            <span className="inline-flex items-center gap-0.5">
              <MessageIcon size={12} />
              {thread.reply_count}
            </span>
          </span>
          <span>
            Active <RelativeTime iso={thread.last_activity_at} midSentence />
          </span>
        </div>
      </div>
      <div className="hidden shrink-0 items-start gap-1 sm:flex" aria-hidden="true">
        <Stat value={thread.score} label="votes" />
        <Stat value={thread.reply_count} label={thread.reply_count === 1 ? "reply" : "replies"} highlight={thread.solved} />
      </div>
      <p className="sr-only">
        {thread.score} votes, {thread.reply_count} {thread.reply_count === 1 ? "reply" : "replies"}
      </p>
    </li>
  );
}

function ListSkeleton() {
  return (
    <ul aria-hidden="true" className="divide-y divide-slate-100">
      {Array.from({ length: 6 }, (_, index) => (
        <li key={index} className="flex gap-4 px-4 py-4 sm:px-5">
          <div className="flex-1 space-y-2">
            <Skeleton className="h-4 w-3/4" />
            <Skeleton className="h-3 w-full" />
            <Skeleton className="h-3 w-1/3" />
          </div>
          <Skeleton className="hidden h-10 w-28 sm:block" />
        </li>
      ))}
    </ul>
  );
}

/** The forum's front page: categories, and threads filtered and sorted as the address says. */
export default function ForumIndexPage() {
  const [params, update] = useSearchParamsUpdate();
  const filters = filtersFromParams(params);
  const categories = useForumCategories();
  const threads = useForumThreads(toThreadQuery(filters));
  const change = (next: Partial<ForumFilters>) => update((current) => withFilters(current, next));
  const category = categories.data?.find((item) => item.slug === filters.category || item.id === filters.category);
  useDocumentTitle(category ? `${category.name} · Forum` : "Forum");

  return (
    <div>
      <PageHeader
        eyebrow="Community"
        title={category ? category.name : "Forum"}
        description={category?.description || "Ask about a lesson, help someone who is stuck, and learn from mentors' answers."}
        actions={
          <ButtonLink to={newThreadPath(filters)} icon={<PlusIcon size={16} />}>
            New thread
          </ButtonLink>
        }
      />
      <div className="grid gap-6 lg:grid-cols-[13rem_minmax(0,1fr)] lg:gap-8">
        <aside className="min-w-0">
          {categories.isPending ? (
            <div className="flex gap-2 lg:flex-col" aria-hidden="true">
              {Array.from({ length: 4 }, (_, index) => (
                <Skeleton key={index} className="h-8 w-28 lg:w-full" />
              ))}
            </div>
          ) : categories.isError ? (
            <p className="text-sm text-slate-500">Categories are unavailable right now.</p>
          ) : (
            <CategoryNav categories={categories.data} active={filters.category} params={params} />
          )}
        </aside>

        <div className="min-w-0 space-y-4">
          <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
            <div role="group" aria-label="Show" className="inline-flex self-start rounded-lg bg-slate-100 p-0.5 text-sm">
              {SOLVED_OPTIONS.map((option) => (
                <button
                  key={option.value || "all"}
                  type="button"
                  aria-pressed={filters.solved === option.value}
                  onClick={() => change({ solved: option.value })}
                  className={cn(
                    "rounded-md px-3 py-1.5 font-medium transition-colors",
                    filters.solved === option.value ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-900",
                  )}
                >
                  {option.label}
                </button>
              ))}
            </div>
            <label className="flex items-center gap-2 text-sm text-slate-600">
              <span className="shrink-0">Sort by</span>
              <Select value={filters.sort} onChange={(event) => change({ sort: event.target.value as ForumFilters["sort"] })} className="w-44">
                {SORT_OPTIONS.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </Select>
            </label>
          </div>
          <LinkFilters filters={filters} onChange={change} />

          <Card className="overflow-hidden">
            {threads.isPending ? (
              <ListSkeleton />
            ) : threads.isError ? (
              <ErrorState error={threads.error} title="We couldn't load the threads" onRetry={() => void threads.refetch()} />
            ) : threads.data.items.length === 0 ? (
              <EmptyState
                icon={<MessageIcon size={22} />}
                title={filters.solved || filters.topic || filters.item || filters.category ? "No threads match" : "No threads yet"}
                description="Start the conversation: ask a question about a lesson, or share something that helped you."
                action={
                  <ButtonLink to={newThreadPath(filters)} icon={<PlusIcon size={16} />}>
                    New thread
                  </ButtonLink>
                }
              />
            ) : (
              <ul aria-label="Threads" aria-busy={threads.isPlaceholderData || undefined} className={cn("divide-y divide-slate-100 transition-opacity", threads.isPlaceholderData && "opacity-60")}>
                {threads.data.items.map((thread) => (
                  <ThreadRow key={thread.id} thread={thread} params={params} />
                ))}
              </ul>
            )}
            <CardPagination data={threads.data} noun="threads" onPageChange={(page) => change({ page })} />
          </Card>
        </div>
      </div>
    </div>
  );
}
