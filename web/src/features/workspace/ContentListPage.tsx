import { Link, useNavigate } from "react-router";
import { useMyContentList, type ContentSummary } from "../../api/content";
import { useCatalog } from "../../api/marketplace";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { Select } from "../../components/ui/Field";
import { BookOpenIcon, FilterIcon, PlusIcon, XIcon } from "../../components/ui/icons";
import { FilterBar } from "../../components/ui/FilterBar";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime, formatRelative } from "../../lib/format";
import { ContentStatusBadges } from "./ContentStatusBadges";
import { contentQueryFromParams, withContentFilter } from "./filters";
import { isKind, KIND_LABELS, KIND_OPTIONS } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { STATUS_LABELS, STATUS_OPTIONS } from "./status";
import { topicIndex, type TopicPlace } from "../../lib/catalog";
import { useSearchParamsUpdate } from "../../lib/use-search-params-update";

function columns(topics: Map<string, TopicPlace>): Array<Column<ContentSummary>> {
  return [
    {
      key: "title",
      header: "Title",
      className: "w-full max-w-0",
      cell: (item) => {
        const kind = isKind(item.kind) ? item.kind : "note";
        const place = topics.get(item.topic_id);
        return (
          <div className="flex min-w-0 items-start gap-3">
            <KindTile kind={kind} size="sm" className="mt-0.5" />
            <div className="min-w-0">
              <Link
                to={`/mentor/content/${item.id}`}
                className="block truncate font-medium text-slate-900 hover:text-brand-700 focus-visible:rounded"
                onClick={(event) => event.stopPropagation()}
              >
                {item.title}
              </Link>
              <p className="truncate text-xs text-slate-500">
                {KIND_LABELS[kind]}
                <span className="lg:hidden">{place ? ` · ${place.topic.name}` : ""}</span>
              </p>
              {item.status === "rejected" && item.feedback ? (
                <p className="mt-1 line-clamp-1 text-xs text-rose-700">
                  <span className="font-medium">Reviewer:</span> {item.feedback}
                </p>
              ) : null}
              <ContentStatusBadges item={item} className="mt-1.5 sm:hidden" />
            </div>
          </div>
        );
      },
    },
    {
      key: "topic",
      header: "Topic",
      hideBelow: "lg",
      cell: (item) => {
        const place = topics.get(item.topic_id);
        return place ? (
          <div className="min-w-40">
            <p className="text-slate-800">{place.topic.name}</p>
            <p className="text-xs text-slate-500">{place.subject.name}</p>
          </div>
        ) : (
          <span className="text-slate-400">—</span>
        );
      },
    },
    { key: "status", header: "Status", hideBelow: "sm", cell: (item) => <ContentStatusBadges item={item} className="min-w-32" /> },
    {
      key: "version",
      header: "Version",
      hideBelow: "md",
      cell: (item) => <span className="whitespace-nowrap text-slate-600 tabular-nums">v{item.latest_version}</span>,
    },
    {
      key: "updated",
      header: "Changed",
      hideBelow: "md",
      cell: (item) => (
        <span className="whitespace-nowrap text-slate-600" title={formatDateTime(item.updated_at)}>
          {formatRelative(item.updated_at)}
        </span>
      ),
    },
  ];
}

export default function ContentListPage() {
  useDocumentTitle("My content");
  const [params, setParams] = useSearchParamsUpdate();
  const navigate = useNavigate();
  const query = contentQueryFromParams(params);
  const list = useMyContentList(query);
  const catalog = useCatalog();
  const topics = topicIndex(catalog.data);
  const filtered = Boolean(query.status || query.kind || query.topic_id);
  const total = list.data?.total ?? 0;

  const setFilter = (key: "status" | "kind" | "topic", value: string) => setParams((current) => withContentFilter(current, key, value || null));

  return (
    <>
      <PageHeader
        eyebrow="Teaching"
        title="My content"
        description="Notes, questions and simulations you write for your topics. Send them for review when they're ready; approved items are what learners see."
        actions={
          <ButtonLink to="/mentor/content/new" icon={<PlusIcon size={16} />}>
            New content
          </ButtonLink>
        }
      />
      <Card className="overflow-hidden">
        <FilterBar>
          <label className="sr-only" htmlFor="content-status-filter">
            Status
          </label>
          <Select id="content-status-filter" value={query.status ?? ""} onChange={(event) => setFilter("status", event.target.value)} className="sm:w-44">
            <option value="">All statuses</option>
            {STATUS_OPTIONS.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </Select>
          <label className="sr-only" htmlFor="content-kind-filter">
            Kind
          </label>
          <Select id="content-kind-filter" value={query.kind ?? ""} onChange={(event) => setFilter("kind", event.target.value)} className="sm:w-40">
            <option value="">All kinds</option>
            {KIND_OPTIONS.map((kind) => (
              <option key={kind} value={kind}>
                {KIND_LABELS[kind]}s
              </option>
            ))}
          </Select>
          <label className="sr-only" htmlFor="content-topic-filter">
            Topic
          </label>
          <Select id="content-topic-filter" value={query.topic_id ?? ""} onChange={(event) => setFilter("topic", event.target.value)} className="sm:w-64" disabled={!catalog.data}>
            <option value="">All topics</option>
            {(catalog.data?.subjects ?? []).map((subject) =>
              subject.chapters.map((chapter) =>
                chapter.topics.length ? (
                  <optgroup key={chapter.id} label={`${subject.name} › ${chapter.name}`}>
                    {chapter.topics.map((topic) => (
                      <option key={topic.id} value={topic.id}>
                        {topic.name}
                      </option>
                    ))}
                  </optgroup>
                ) : null,
              ),
            )}
          </Select>
          {filtered ? (
            <Button variant="ghost" onClick={() => setParams(() => new URLSearchParams())} icon={<XIcon size={16} />}>
              Clear filters
            </Button>
          ) : null}
        </FilterBar>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : (
          <DataTable
            caption="My content"
            columns={columns(topics)}
            rows={list.data?.items}
            rowKey={(item) => item.id}
            loading={list.isFetching}
            skeletonRows={5}
            onRowClick={(item) => void navigate(`/mentor/content/${item.id}`)}
            empty={
              filtered ? (
                <EmptyState
                  icon={<FilterIcon size={22} />}
                  title="Nothing matches these filters"
                  description="Try another status, kind or topic, or clear the filters to see everything you've written."
                  action={
                    <Button variant="secondary" onClick={() => setParams(() => new URLSearchParams())}>
                      Clear filters
                    </Button>
                  }
                />
              ) : (
                <EmptyState
                  icon={<BookOpenIcon size={22} />}
                  title="Write your first piece of content"
                  description="A short note that explains one idea well, a question that checks it, or a simulation to explore it. Reviewers approve it before learners see it."
                  action={
                    <ButtonLink to="/mentor/content/new" icon={<PlusIcon size={16} />}>
                      New content
                    </ButtonLink>
                  }
                />
              )
            }
          />
        )}
        <CardPagination data={list.data} noun={total === 1 ? "item" : "items"} onPageChange={(page) => setParams((current) => withContentFilter(current, "page", page))} />
      </Card>
    </>
  );
}
