import { Link } from "react-router";
import { useMyCourses } from "../../api/courses";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { LibraryIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { ProgressBar } from "./CourseBits";

const SHOWN = 5;

/** The courses I'm enrolled in, most recent first, each with my progress. */
export function MyCoursesCard({ className }: { className?: string }) {
  const mine = useMyCourses({ page: 1, page_size: SHOWN });
  const data = mine.data;
  return (
    <Card className={className}>
      <CardHeader
        title="My courses"
        titleId="my-courses-title"
        description="Pick up where you left off."
        action={
          data?.items.length ? (
            <ButtonLink to="/courses" variant="ghost" size="sm">
              Browse courses
            </ButtonLink>
          ) : undefined
        }
      />
      {mine.isPending ? (
        <div role="status" aria-label="Loading your courses" className="divide-y divide-slate-100">
          {Array.from({ length: 2 }, (_, index) => (
            <div key={index} aria-hidden="true" className="space-y-3 px-5 py-4 sm:px-6">
              <Skeleton className="h-4 w-56" />
              <Skeleton className="h-1.5 w-full" />
            </div>
          ))}
        </div>
      ) : mine.isError ? (
        <ErrorState error={mine.error} title="We couldn't load your courses" onRetry={() => void mine.refetch()} className="py-8" />
      ) : mine.data.items.length === 0 ? (
        <EmptyState
          icon={<LibraryIcon size={22} />}
          title="Join a course"
          description="Mentors' courses take you through a subject step by step, and show how far you've got."
          action={<ButtonLink to="/courses">Browse courses</ButtonLink>}
          className="py-10"
        />
      ) : (
        <>
          <ul aria-labelledby="my-courses-title" className="divide-y divide-slate-100">
            {mine.data.items.map((course) => (
              <li key={course.id} className="group relative px-5 py-4 transition hover:bg-slate-50/70 sm:px-6">
                <div className="mb-2.5 flex items-baseline justify-between gap-3">
                  <div className="min-w-0">
                    <Link
                      to={`/courses/${course.id}`}
                      className="block truncate font-medium text-slate-900 after:absolute after:inset-0 focus-visible:outline-none group-focus-within:text-brand-700 hover:text-brand-700"
                    >
                      {course.title}
                    </Link>
                    <p className="truncate text-xs text-slate-500">
                      By {course.mentor_name}
                      {course.subject ? ` · ${course.subject.name}` : ""}
                    </p>
                  </div>
                </div>
                <ProgressBar progress={course.progress} label={`Progress in ${course.title}`} size="sm" />
              </li>
            ))}
          </ul>
          {mine.data.total > mine.data.items.length ? (
            <p className="border-t border-slate-100 px-5 py-3 text-xs text-slate-500 sm:px-6">
              The {SHOWN} you joined most recently, of {mine.data.total}.
            </p>
          ) : null}
        </>
      )}
    </Card>
  );
}
