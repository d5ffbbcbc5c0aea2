import { Link, useSearchParams } from "react-router";
import { useCourses, type CourseCard, type CoursesQuery } from "../../api/courses";
import { ApiError } from "../../api/errors";
import { useCatalog } from "../../api/marketplace";
import { Badge } from "../../components/ui/Badge";
import { Button } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { Select } from "../../components/ui/Field";
import { ArrowRightIcon, LayersIcon, LibraryIcon, UserIcon, XIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Pagination } from "../../components/ui/Pagination";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { sortedSubjects } from "../../lib/catalog";
import { plural } from "./status";

const PAGE_SIZE = 18;

function queryFrom(params: URLSearchParams): CoursesQuery {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const query: CoursesQuery = { page: Number.isFinite(page) && page >= 1 ? page : 1, page_size: PAGE_SIZE };
  const subject = params.get("subject");
  if (subject && /^[a-z0-9-]{1,80}$/i.test(subject)) query.subject = subject;
  return query;
}

function CourseCardView({ course }: { course: CourseCard }) {
  return (
    <article className="group relative flex h-full flex-col rounded-2xl bg-white p-5 shadow-xs ring-1 ring-slate-200/80 transition hover:shadow-md hover:ring-slate-300 sm:p-6">
      <div className="flex items-start justify-between gap-4">
        <span className="flex size-11 items-center justify-center rounded-xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
          <LibraryIcon size={22} />
        </span>
        {course.subject ? <Badge tone="brand">{course.subject.name}</Badge> : null}
      </div>
      <h2 className="mt-4 text-lg font-semibold tracking-tight text-slate-900">
        <Link to={`/courses/${course.id}`} className="after:absolute after:inset-0 after:rounded-2xl focus-visible:outline-none group-focus-within:text-brand-700 hover:text-brand-700">
          {course.title}
        </Link>
      </h2>
      {course.description ? <p className="mt-1.5 line-clamp-3 text-sm leading-6 whitespace-pre-line text-slate-600">{course.description}</p> : null}
      <div className="mt-auto flex items-end justify-between gap-3 pt-5">
        <div className="min-w-0 space-y-1.5 text-sm">
          <p className="flex items-center gap-1.5 truncate text-slate-600">
            <UserIcon size={15} className="shrink-0 text-slate-400" />
            <span className="truncate">By {course.mentor_name}</span>
          </p>
          <p className="flex items-center gap-1.5 font-medium text-slate-700">
            <LayersIcon size={15} className="shrink-0 text-slate-400" />
            {plural(course.item_count, "item")}
            {course.enrolments > 0 ? <span className="font-normal text-slate-500">· {plural(course.enrolments, "learner")}</span> : null}
          </p>
        </div>
        <ArrowRightIcon size={18} className="mb-0.5 shrink-0 text-slate-300 transition group-hover:translate-x-0.5 group-hover:text-brand-600" />
      </div>
    </article>
  );
}

function CardSkeleton() {
  return (
    <div aria-hidden="true" className="rounded-2xl bg-white p-6 shadow-xs ring-1 ring-slate-200/80">
      <Skeleton className="size-11 rounded-xl" />
      <Skeleton className="mt-4 h-5 w-48" />
      <Skeleton className="mt-3 h-4 w-full" />
      <Skeleton className="mt-2 h-4 w-2/3" />
      <Skeleton className="mt-6 h-4 w-32" />
    </div>
  );
}

/** Published courses, newest first, filtered by subject. */
export default function CoursesPage() {
  useDocumentTitle("Courses");
  const [params, setParams] = useSearchParams();
  const query = queryFrom(params);
  const courses = useCourses(query);
  const catalog = useCatalog();
  const subjects = sortedSubjects(catalog.data);
  const subjectName = subjects.find((subject) => subject.slug === query.subject)?.name;
  const unknownSubject = courses.error instanceof ApiError && courses.error.code === "unknown_catalog_filter";

  function update(key: "subject" | "page", value: string | null) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value === null || value === "" || (key === "page" && value === "1")) next.delete(key);
      else next.set(key, value);
      if (key !== "page") next.delete("page");
      return next;
    });
  }

  const clear = (
    <Button variant="secondary" icon={<XIcon size={16} />} onClick={() => update("subject", null)}>
      Show all subjects
    </Button>
  );

  return (
    <>
      <PageHeader
        eyebrow="Learn"
        title="Courses"
        description="Mentors' own paths through their notes, questions and simulations, in the order they teach them. Enrol to keep track of your progress."
      />
      <div className="mb-6 flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex items-center gap-3">
          <label htmlFor="course-subject" className="text-sm font-medium text-slate-700">
            Subject
          </label>
          <Select id="course-subject" value={query.subject ?? ""} onChange={(event) => update("subject", event.target.value)} className="w-56" disabled={!catalog.data && !query.subject}>
            <option value="">All subjects</option>
            {query.subject && !subjectName ? <option value={query.subject}>{query.subject}</option> : null}
            {subjects.map((subject) => (
              <option key={subject.id} value={subject.slug}>
                {subject.name}
              </option>
            ))}
          </Select>
        </div>
        {courses.data ? (
          <p className="text-sm text-slate-500" aria-live="polite">
            {plural(courses.data.total, "course")}
            {subjectName ? ` in ${subjectName}` : ""}
          </p>
        ) : null}
      </div>

      {courses.isPending ? (
        <div className="grid gap-5 sm:grid-cols-2 lg:grid-cols-3" role="status" aria-label="Loading courses">
          {Array.from({ length: 6 }, (_, index) => (
            <CardSkeleton key={index} />
          ))}
        </div>
      ) : unknownSubject ? (
        <Card>
          <EmptyState icon={<LibraryIcon size={22} />} title="That subject isn't in the catalog" description="It may have been renamed or removed." action={clear} />
        </Card>
      ) : courses.isError ? (
        <Card>
          <ErrorState error={courses.error} title="We couldn't load the courses" onRetry={() => void courses.refetch()} />
        </Card>
      ) : courses.data.items.length === 0 ? (
        <Card>
          <EmptyState
            icon={<LibraryIcon size={22} />}
            title={query.subject ? `No courses in ${subjectName ?? "this subject"} yet` : "No courses yet"}
            description={query.subject ? "Try another subject, or browse the topics' material directly." : "Mentors are putting the first courses together. Meanwhile, browse the material by subject."}
            action={query.subject ? clear : undefined}
          />
        </Card>
      ) : (
        <>
          <ul className={cn("grid gap-5 transition-opacity sm:grid-cols-2 lg:grid-cols-3", courses.isPlaceholderData && "opacity-60")} aria-label="Courses" aria-busy={courses.isFetching || undefined}>
            {courses.data.items.map((course) => (
              <li key={course.id}>
                <CourseCardView course={course} />
              </li>
            ))}
          </ul>
          {courses.data.total > courses.data.page_size ? (
            <Pagination
              className="mt-8"
              page={courses.data.page}
              pageSize={courses.data.page_size}
              total={courses.data.total}
              noun="courses"
              onPageChange={(page) => update("page", String(page))}
            />
          ) : null}
        </>
      )}
    </>
  );
}
