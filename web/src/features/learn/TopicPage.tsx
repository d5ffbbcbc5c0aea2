import { useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useThreadCounts } from "../../api/forum-links";
import { useTopicContent } from "../../api/learning";
import { useCatalog } from "../../api/marketplace";
import { Breadcrumbs, type Crumb } from "../../components/ui/Breadcrumbs";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { BookOpenIcon, CompassIcon } from "../../components/ui/icons";
import { Pagination } from "../../components/ui/Pagination";
import { withPage } from "../../components/ui/pagination";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { findSubject, findTopic } from "../../lib/catalog";
import { Discussion } from "./Discussion";
import { ContentCard } from "./LearnBits";
import { groupContent, type ContentGroup } from "./summaries";
import { TopicProgress } from "./TopicProgress";

function pageFrom(params: URLSearchParams): number {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  return Number.isFinite(page) && page >= 1 ? page : 1;
}

function countLabel(group: ContentGroup): string {
  const count = group.items.length;
  switch (group.kind) {
    case "note":
      return `${count} note${count === 1 ? "" : "s"}`;
    case "question":
      return `${count} question${count === 1 ? "" : "s"}`;
    case "simulation":
      return `${count} simulation${count === 1 ? "" : "s"}`;
    default:
      return `${count} more`;
  }
}

function ListSkeleton() {
  return (
    <div className="space-y-8" role="status" aria-label="Loading the topic's material">
      {[3, 2].map((rows, section) => (
        <div key={section} aria-hidden="true" className="space-y-3">
          <Skeleton className="h-5 w-40" />
          {Array.from({ length: rows }, (_, index) => (
            <div key={index} className="flex gap-4 rounded-2xl bg-white p-5 shadow-xs ring-1 ring-slate-200/80">
              <Skeleton className="size-10 rounded-xl" />
              <div className="flex-1 space-y-2.5">
                <Skeleton className="h-4 w-56" />
                <Skeleton className="h-3.5 w-full max-w-lg" />
                <Skeleton className="h-3 w-32" />
              </div>
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

/** A topic's approved material (notes, simulations, questions), grouped by kind. */
export default function TopicPage() {
  const { subjectSlug = "", topicSlug = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const page = pageFrom(params);
  const catalog = useCatalog();
  const content = useTopicContent(topicSlug, page);
  const place = findTopic(catalog.data, topicSlug);
  const subject = place?.subject ?? findSubject(catalog.data, subjectSlug);
  const topic = content.data?.topic ?? place?.topic;
  const threadCounts = useThreadCounts(topic?.id ?? "");
  useDocumentTitle(topic ? topic.name : "Topic");

  const subjectPath = `/learn/${subject?.slug ?? subjectSlug}`;
  const crumbs: Crumb[] = [{ label: "Learn", to: "/learn" }];
  if (subject) crumbs.push({ label: subject.name, to: subjectPath });
  crumbs.push({ label: topic?.name ?? "Topic" });

  const missing = content.error instanceof ApiError && content.error.status === 404;
  if (missing) {
    return (
      <>
        <Breadcrumbs className="mb-6" items={crumbs.slice(0, -1).concat({ label: "Not found" })} />
        <Card>
          <EmptyState
            title="We couldn't find this topic"
            description="It may have been renamed or removed from the catalog."
            action={<ButtonLink to={subject ? subjectPath : "/learn"}>{subject ? `Back to ${subject.name}` : "All subjects"}</ButtonLink>}
          />
        </Card>
      </>
    );
  }

  const groups = groupContent(content.data?.items ?? []);
  const itemPath = (id: string) => `/learn/${subject?.slug ?? subjectSlug}/${topic?.slug ?? topicSlug}/${id}`;
  const mentorSearch = `/mentors?${new URLSearchParams({ ...(subject ? { subject: subject.slug } : {}), topic: topic?.slug ?? topicSlug }).toString()}`;

  return (
    <>
      <Breadcrumbs className="mb-6" items={crumbs} />
      <div className="mb-8 flex flex-col gap-4 sm:flex-row sm:items-end sm:justify-between">
        <div className="min-w-0 space-y-1.5">
          {place ? (
            <p className="text-sm font-medium text-brand-600">
              {place.subject.name} · {place.chapter.name}
            </p>
          ) : null}
          {topic ? (
            <h1 className="text-2xl font-semibold tracking-tight text-slate-900 sm:text-[1.75rem]">{topic.name}</h1>
          ) : (
            <Skeleton className="h-8 w-72" />
          )}
          {topic?.description ? <p className="max-w-2xl text-[0.95rem] leading-7 text-slate-600">{topic.description}</p> : null}
        </div>
        <ButtonLink to={mentorSearch} variant="secondary" icon={<CompassIcon size={16} />} className="shrink-0">
          Get help from a mentor
        </ButtonLink>
      </div>

      <TopicProgress topic={topic?.slug ?? topicSlug} itemPath={itemPath} subjectSlug={subject?.slug ?? subjectSlug} />

      {content.isPending ? (
        <ListSkeleton />
      ) : content.isError ? (
        <Card>
          <ErrorState error={content.error} title="We couldn't load this topic's material" onRetry={() => void content.refetch()} />
        </Card>
      ) : groups.length === 0 ? (
        <Card>
          <EmptyState
            icon={<BookOpenIcon size={22} />}
            title="No material here yet"
            description="Mentors are writing notes and questions for this topic. Meanwhile, a mentor can take you through it one-to-one."
            action={<ButtonLink to={mentorSearch}>Find a mentor</ButtonLink>}
          />
        </Card>
      ) : (
        <div className={cn("space-y-10 transition-opacity", content.isPlaceholderData && "opacity-60")} aria-busy={content.isFetching || undefined}>
          {groups.length > 1 ? (
            <nav aria-label="On this page" className="-mt-2 flex flex-wrap gap-2">
              {groups.map((group) => (
                <a
                  key={group.kind}
                  href={`#${group.kind}`}
                  className="rounded-full bg-white px-3 py-1 text-sm font-medium text-slate-600 ring-1 ring-slate-200 ring-inset hover:bg-slate-50 hover:text-slate-900"
                >
                  {countLabel(group)}
                </a>
              ))}
            </nav>
          ) : null}
          {groups.map((group) => (
            <section key={group.kind} id={group.kind} aria-labelledby={`${group.kind}-title`} className="scroll-mt-20">
              <div className="mb-3 flex items-baseline justify-between gap-4">
                <div>
                  <h2 id={`${group.kind}-title`} className="text-lg font-semibold tracking-tight text-slate-900">
                    {group.title}
                  </h2>
                  {group.description ? <p className="mt-0.5 text-sm text-slate-500">{group.description}</p> : null}
                </div>
                <span className="shrink-0 text-sm text-slate-500 tabular-nums">{group.items.length}</span>
              </div>
              <ul className="space-y-3">
                {group.items.map((item) => (
                  <li key={item.id}>
                    <ContentCard item={item} to={itemPath(item.id)} threads={threadCounts.data?.get(item.id)} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
          {content.data && content.data.total > content.data.page_size ? (
            <Pagination
              page={content.data.page}
              pageSize={content.data.page_size}
              total={content.data.total}
              noun="items"
              onPageChange={(next) => setParams((current) => withPage(current, next))}
            />
          ) : null}
        </div>
      )}

      {topic ? <Discussion about={{ topic: topic.id }} askTo={`/forum/new?${new URLSearchParams({ topic: topic.id }).toString()}`} noun="topic" /> : null}
    </>
  );
}
