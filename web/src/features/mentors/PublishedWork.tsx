import { useState } from "react";
import { Link } from "react-router";
import { useMentorPortfolio } from "../../api/discovery";
import { useCatalog } from "../../api/marketplace";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { LibraryIcon } from "../../components/ui/icons";
import { Pagination } from "../../components/ui/Pagination";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { kindLabel } from "../content/kinds";
import { KindTile } from "../content/KindTile";
import { plural } from "../courses/status";
import { findTopic } from "../../lib/catalog";
import { workSummary } from "./work-summary";

/** A mentor's published courses and approved lessons on their public profile. */
export function PublishedWork({ mentorId, name }: { mentorId: string; name: string }) {
  const [page, setPage] = useState(1);
  const portfolio = useMentorPortfolio(mentorId, page);
  const catalog = useCatalog();

  let body;
  if (portfolio.isPending) {
    body = <SkeletonText lines={4} />;
  } else if (portfolio.isError) {
    body = <ErrorState error={portfolio.error} title="We couldn't load this mentor's work" onRetry={() => void portfolio.refetch()} />;
  } else if (portfolio.data.courses.length === 0 && portfolio.data.lessons.total === 0) {
    body = <p className="text-sm text-slate-500">{name} hasn't published courses or lessons yet.</p>;
  } else {
    const { courses, lessons } = portfolio.data;
    body = (
      <div className="space-y-6">
        {courses.length ? (
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Courses</h3>
            <ul className="divide-y divide-slate-100">
              {courses.map((course) => (
                <li key={course.id}>
                  <Link to={`/courses/${course.id}`} className="-mx-2 flex items-center gap-3 rounded-lg px-2 py-3 hover:bg-slate-50">
                    <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
                      <LibraryIcon size={18} />
                    </span>
                    <span className="min-w-0">
                      <span className="block truncate font-medium text-slate-900">{course.title}</span>
                      <span className="block text-sm text-slate-500">{plural(course.lessons, "lesson")}</span>
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {lessons.total ? (
          <div>
            <h3 className="mb-2 text-sm font-semibold text-slate-900">Lessons</h3>
            <ul className="divide-y divide-slate-100">
              {lessons.items.map((lesson) => {
                const place = lesson.topic ? findTopic(catalog.data, lesson.topic.id) : undefined;
                const to = place ? `/learn/${place.subject.slug}/${place.topic.slug}/${lesson.id}` : null;
                const inner = (
                  <>
                    <KindTile kind={lesson.kind} size="sm" />
                    <span className="min-w-0">
                      <span className="block truncate font-medium text-slate-900">{lesson.title}</span>
                      <span className="block truncate text-sm text-slate-500">
                        {kindLabel(lesson.kind)}
                        {lesson.topic ? ` · ${lesson.topic.name}` : ""}
                      </span>
                    </span>
                  </>
                );
                return (
                  <li key={lesson.id}>
                    {to ? (
                      <Link to={to} className="-mx-2 flex items-center gap-3 rounded-lg px-2 py-2.5 hover:bg-slate-50">
                        {inner}
                      </Link>
                    ) : (
                      <div className="flex items-center gap-3 py-2.5">{inner}</div>
                    )}
                  </li>
                );
              })}
            </ul>
            {lessons.total > lessons.page_size ? (
              <Pagination className="mt-4" page={lessons.page} pageSize={lessons.page_size} total={lessons.total} noun="lessons" onPageChange={setPage} />
            ) : null}
          </div>
        ) : null}
      </div>
    );
  }

  const summary = portfolio.data ? workSummary(portfolio.data.work) : null;
  return (
    <section aria-labelledby="published-work-title">
      <Card>
        <CardHeader titleId="published-work-title" title="Published on Mentora" description={summary ?? "Courses and lessons, each reviewed before publication."} />
        <CardBody>{body}</CardBody>
      </Card>
    </section>
  );
}
