import { Link } from "react-router";
import { useMyLearning, type PracticeItem, type ResumeCourse } from "../../api/courses";
import { useCatalog } from "../../api/marketplace";
import type { Catalog } from "../../api/types";
import { Badge } from "../../components/ui/Badge";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { ArrowRightIcon, AwardIcon, ClockIcon, LibraryIcon, RefreshIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { ProgressBar } from "../courses/CourseBits";
import { courseItemPath } from "../courses/paths";
import { timeLeft } from "../courses/time";
import { learnItemPath } from "../../lib/catalog";

function ResumeRow({ course, catalog }: { course: ResumeCourse; catalog: Catalog | undefined }) {
  const next = course.next_item;
  return (
    <li className="px-5 py-4 sm:px-6">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:gap-6">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-baseline gap-x-2">
            <Link to={`/courses/${course.course_id}`} className="truncate font-medium text-slate-900 hover:text-brand-700">
              {course.title}
            </Link>
            <span className="text-sm text-slate-500">with {course.mentor_name}</span>
          </div>
          <ProgressBar progress={course.progress} label={`Progress in ${course.title}`} size="sm" className="mt-2" />
          {next ? (
            <p className="mt-2 flex flex-wrap items-center gap-x-2 text-sm text-slate-600">
              <span>
                Next: <span className="font-medium text-slate-800">{next.title}</span>
              </span>
              <span className="inline-flex items-center gap-1 text-slate-500">
                <ClockIcon size={14} aria-hidden="true" /> {timeLeft(course.remaining_minutes)}
              </span>
            </p>
          ) : null}
        </div>
        {next ? (
          <ButtonLink to={courseItemPath(catalog, course.course_id, { item_id: next.item_id, topic: null })} size="sm" icon={<ArrowRightIcon size={16} />} aria-label={`Resume ${course.title}`}>
            Resume
          </ButtonLink>
        ) : course.certificate_code ? (
          <ButtonLink to={`/certificates/${course.certificate_code}`} size="sm" variant="secondary" icon={<AwardIcon size={16} />}>
            Certificate
          </ButtonLink>
        ) : (
          <Badge tone="success">Completed</Badge>
        )}
      </div>
    </li>
  );
}

function PracticeList({ items, catalog }: { items: PracticeItem[]; catalog: Catalog | undefined }) {
  if (!items.length) return null;
  return (
    <div className="border-t border-slate-100 px-5 py-4 sm:px-6">
      <h3 className="flex items-center gap-1.5 text-sm font-semibold text-slate-900">
        <RefreshIcon size={15} aria-hidden="true" /> Worth another try
      </h3>
      <ul className="mt-2 space-y-1.5">
        {items.map((item) => (
          <li key={item.item_id} className="flex items-baseline justify-between gap-3 text-sm">
            <Link to={learnItemPath(catalog, item)} className="truncate text-brand-700 hover:underline">
              {item.title}
            </Link>
            <span className="shrink-0 text-xs text-slate-500">
              {item.attempts === 1 ? "1 try" : `${item.attempts} tries`}
              {item.topic ? ` · ${item.topic.name}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The dashboard's lead: where to resume each course, and questions worth another try. */
export function ContinueLearning({ className }: { className?: string }) {
  const learning = useMyLearning();
  const catalog = useCatalog();
  const data = learning.data;
  return (
    <Card className={className}>
      <CardHeader title="Continue learning" titleId="continue-learning-title" description="Pick up exactly where you left off." />
      {learning.isPending ? (
        <div role="status" aria-label="Loading what to continue" className="space-y-3 px-5 py-4 sm:px-6">
          <Skeleton className="h-4 w-56" />
          <Skeleton className="h-1.5 w-full" />
        </div>
      ) : learning.isError ? (
        <ErrorState error={learning.error} title="We couldn't load your learning" onRetry={() => void learning.refetch()} className="py-8" />
      ) : data && (data.courses.length || data.practice.length) ? (
        <>
          {data.courses.length ? (
            <ul aria-labelledby="continue-learning-title" className="divide-y divide-slate-100">
              {data.courses.map((course) => (
                <ResumeRow key={course.course_id} course={course} catalog={catalog.data} />
              ))}
            </ul>
          ) : null}
          <PracticeList items={data.practice} catalog={catalog.data} />
        </>
      ) : (
        <EmptyState
          icon={<LibraryIcon size={22} />}
          title="Start a course"
          description="Mentors' courses take you through a subject step by step; your next lesson will wait for you here."
          action={<ButtonLink to="/courses">Browse courses</ButtonLink>}
          className="py-10"
        />
      )}
    </Card>
  );
}
