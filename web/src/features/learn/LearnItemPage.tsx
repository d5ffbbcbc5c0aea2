import { lazy, Suspense } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/errors";
import { useLearnerContent, useTopicContent, type LearnerContent } from "../../api/learning";
import { useCatalog } from "../../api/marketplace";
import { Breadcrumbs, type Crumb } from "../../components/ui/Breadcrumbs";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { ArrowLeftIcon, ArrowRightIcon } from "../../components/ui/icons";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { askAboutPath, type AskTarget } from "../content/ask-about";
import { kindLabel, kindNoun } from "../content/kinds";
import { ContentHeader } from "../content/ContentHeader";
import { CompletionToggle, CourseBar, CourseNeighbours } from "../courses/CourseContext";
import { findSubject, findTopic } from "../../lib/catalog";
import { useStudyHeartbeat } from "../analytics/useStudyHeartbeat";
import { ReadToEnd } from "../progress/ReadToEnd";
import { Discussion } from "./Discussion";
import { groupContent, summarise } from "./summaries";

// KaTeX and DOMPurify load with the first lesson opened, not with the app.
const ContentView = lazy(() => import("../content/ContentView"));

function BodySkeleton() {
  return (
    <div aria-hidden="true" className="space-y-6">
      <SkeletonText lines={4} />
      <SkeletonText lines={5} />
      <SkeletonText lines={3} />
    </div>
  );
}

function Neighbours({ items: all, current, path }: { items: LearnerContent[]; current: string; path: (id: string) => string }) {
  // In the order the topic page lists them: notes, simulations, then questions.
  const items = groupContent(all).flatMap((group) => group.items);
  const index = items.findIndex((item) => item.id === current);
  if (index < 0) return null;
  const previous = items[index - 1];
  const next = items[index + 1];
  if (!previous && !next) return null;
  const link = "group flex min-w-0 flex-1 flex-col gap-1 rounded-2xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80 transition hover:shadow-md hover:ring-slate-300 sm:p-5";
  return (
    <nav aria-label="More in this topic" className="mt-8 flex flex-col gap-3 sm:flex-row">
      {previous ? (
        <Link to={path(previous.id)} className={link}>
          <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500">
            <ArrowLeftIcon size={14} /> Previous · {kindLabel(previous.kind)}
          </span>
          <span className="truncate font-medium text-slate-900 group-hover:text-brand-700">{previous.title}</span>
        </Link>
      ) : (
        <span className="hidden flex-1 sm:block" />
      )}
      {next ? (
        <Link to={path(next.id)} className={`${link} sm:items-end sm:text-right`}>
          <span className="inline-flex items-center gap-1.5 text-xs font-medium text-slate-500">
            Next · {kindLabel(next.kind)} <ArrowRightIcon size={14} />
          </span>
          <span className="max-w-full truncate font-medium text-slate-900 group-hover:text-brand-700">{next.title}</span>
        </Link>
      ) : (
        <span className="hidden flex-1 sm:block" />
      )}
    </nav>
  );
}

/** One note, question or simulation, as approved by the moderators. */
export default function LearnItemPage() {
  const { subjectSlug = "", topicSlug = "", itemId = "" } = useParams();
  const [search] = useSearchParams();
  // Opened from a course: the page shows where the item sits in it.
  const courseId = search.get("course") ?? "";
  const item = useLearnerContent(itemId);
  useStudyHeartbeat(item.data?.id);
  const catalog = useCatalog();
  const place = findTopic(catalog.data, item.data?.topic_id ?? topicSlug);
  const subject = place?.subject ?? findSubject(catalog.data, subjectSlug);
  const topicRef = place?.topic.slug ?? topicSlug;
  const siblings = useTopicContent(topicRef, 1);
  useDocumentTitle(item.data?.title ?? "Lesson");

  const subjectPath = `/learn/${subject?.slug ?? subjectSlug}`;
  const topicPath = `${subjectPath}/${topicRef}`;
  const crumbs: Crumb[] = [{ label: "Learn", to: "/learn" }];
  if (subject) crumbs.push({ label: subject.name, to: subjectPath });
  crumbs.push({ label: place?.topic.name ?? siblings.data?.topic.name ?? "Topic", to: topicPath });

  if (item.isPending) {
    return (
      <>
        <Breadcrumbs className="mb-6" items={crumbs.concat({ label: "Loading…" })} />
        <Card className="mx-auto max-w-3xl px-6 py-8 sm:px-10 sm:py-12">
          <div aria-hidden="true" className="mb-8 space-y-3">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-8 w-3/4" />
            <Skeleton className="h-4 w-48" />
          </div>
          <BodySkeleton />
        </Card>
        <span className="sr-only" role="status">
          Loading…
        </span>
      </>
    );
  }
  if (item.isError) {
    const missing = item.error instanceof ApiError && item.error.status === 404;
    return (
      <>
        <Breadcrumbs className="mb-6" items={crumbs.concat({ label: missing ? "Not available" : "Error" })} />
        <Card>
          {missing ? (
            <EmptyState
              title="This material isn't available"
              description="It may have been removed, or it is waiting for our team to check a new version."
              action={<ButtonLink to={topicPath}>Back to the topic</ButtonLink>}
            />
          ) : (
            <ErrorState error={item.error} title="We couldn't load this material" onRetry={() => void item.refetch()} />
          )}
        </Card>
      </>
    );
  }

  const data = item.data;
  const meta = data.kind === "note" ? summarise(data).meta : null;
  const ask: AskTarget = { itemId: data.id, topicId: data.topic_id, title: data.title };
  return (
    <>
      <div className="mx-auto max-w-3xl">
        <Breadcrumbs className="mb-6" items={crumbs.concat({ label: data.title })} />
        {courseId ? <CourseBar courseId={courseId} itemId={data.id} /> : null}
        <Card className="px-5 py-8 sm:px-10 sm:py-12">
          <article>
            <ContentHeader kind={data.kind} title={data.title} mentorName={data.mentor_name} updatedAt={data.updated_at} meta={meta} />
            <Suspense
              fallback={
                <>
                  <BodySkeleton />
                  <span className="sr-only" role="status">
                    Loading…
                  </span>
                </>
              }
            >
              <ContentView body={data.body} itemId={data.id} ask={ask} title={data.title} />
              {data.kind === "note" ? <ReadToEnd key={data.id} itemId={data.id} /> : null}
            </Suspense>
          </article>
          <CompletionToggle key={data.id} itemId={data.id} kind={data.kind} courseId={courseId} />
        </Card>
        {courseId ? (
          <CourseNeighbours
            courseId={courseId}
            itemId={data.id}
            fallback={siblings.data ? <Neighbours items={siblings.data.items} current={data.id} path={(id) => `${topicPath}/${id}`} /> : null}
          />
        ) : siblings.data ? (
          <Neighbours items={siblings.data.items} current={data.id} path={(id) => `${topicPath}/${id}`} />
        ) : null}
        <Discussion about={{ item: data.id }} askTo={askAboutPath(ask)} noun={kindNoun(data.kind)} />
      </div>
    </>
  );
}
