import { Link, useNavigate, useSearchParams } from "react-router";
import { useMentorCourses, type CourseStatus, type MentorCoursesQuery, type MentorCourseSummary } from "../../api/courses";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { Select } from "../../components/ui/Field";
import { FilterIcon, PlusIcon, RouteIcon, XIcon } from "../../components/ui/icons";
import { FilterBar } from "../../components/ui/FilterBar";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { withPage } from "../../components/ui/pagination";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime, formatRelative } from "../../lib/format";
import { CourseStatusBadge } from "./CourseBits";
import { COURSE_STATUS_LABELS, plural } from "./status";

const PAGE_SIZE = 20;
const STATUSES: CourseStatus[] = ["draft", "published"];

function queryFrom(params: URLSearchParams): MentorCoursesQuery {
  const page = Number.parseInt(params.get("page") ?? "1", 10);
  const query: MentorCoursesQuery = { page: Number.isFinite(page) && page >= 1 ? page : 1, page_size: PAGE_SIZE };
  const status = STATUSES.find((option) => option === params.get("status"));
  if (status) query.status = status;
  return query;
}

function ItemCounts({ course }: { course: MentorCourseSummary }) {
  if (course.item_count === 0) return <span className="text-slate-400">No items yet</span>;
  const hidden = course.item_count - course.live_item_count;
  return (
    <span className="whitespace-nowrap">
      <span className="text-slate-800">{plural(course.item_count, "item")}</span>
      <span className={hidden ? "block text-xs text-amber-700" : "block text-xs text-slate-500"}>
        {hidden ? `${course.live_item_count} visible to learners` : "All visible to learners"}
      </span>
    </span>
  );
}

const columns: Array<Column<MentorCourseSummary>> = [
  {
    key: "title",
    header: "Course",
    className: "w-full max-w-0",
    cell: (course) => (
      <div className="min-w-0">
        <Link
          to={`/mentor/courses/${course.id}`}
          className="block truncate font-medium text-slate-900 hover:text-brand-700 focus-visible:rounded"
          onClick={(event) => event.stopPropagation()}
        >
          {course.title}
        </Link>
        <p className="truncate text-xs text-slate-500">{course.subject ? course.subject.name : "No subject"}</p>
        <CourseStatusBadge status={course.status} className="mt-1.5 sm:hidden" />
      </div>
    ),
  },
  { key: "status", header: "Status", hideBelow: "sm", cell: (course) => <CourseStatusBadge status={course.status} /> },
  { key: "items", header: "Items", hideBelow: "md", cell: (course) => <ItemCounts course={course} /> },
  {
    key: "learners",
    header: "Learners",
    hideBelow: "md",
    cell: (course) => <span className="whitespace-nowrap text-slate-700 tabular-nums">{course.enrolments.toLocaleString()}</span>,
  },
  {
    key: "updated",
    header: "Changed",
    hideBelow: "md",
    cell: (course) => (
      <span className="whitespace-nowrap text-slate-600" title={formatDateTime(course.updated_at)}>
        {formatRelative(course.updated_at)}
      </span>
    ),
  },
];

/** The mentor's courses: drafts and published ones, newest change first. */
export default function MentorCoursesPage() {
  useDocumentTitle("My courses");
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const query = queryFrom(params);
  const list = useMentorCourses(query);
  const total = list.data?.total ?? 0;
  const filtered = Boolean(query.status);

  function setStatus(value: string) {
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set("status", value);
      else next.delete("status");
      next.delete("page");
      return next;
    });
  }

  return (
    <>
      <PageHeader
        eyebrow="Teaching"
        title="My courses"
        description="Put your notes, questions and simulations in the order you'd teach them. Learners see a course once you publish it, with its approved items only."
        actions={
          <ButtonLink to="/mentor/courses/new" icon={<PlusIcon size={16} />}>
            New course
          </ButtonLink>
        }
      />
      <Card className="overflow-hidden">
        <FilterBar>
          <label className="sr-only" htmlFor="course-status-filter">
            Status
          </label>
          <Select id="course-status-filter" value={query.status ?? ""} onChange={(event) => setStatus(event.target.value)} className="sm:w-44">
            <option value="">All courses</option>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {COURSE_STATUS_LABELS[status]}
              </option>
            ))}
          </Select>
          {filtered ? (
            <Button variant="ghost" onClick={() => setStatus("")} icon={<XIcon size={16} />}>
              Clear filter
            </Button>
          ) : null}
        </FilterBar>
        {list.isError ? (
          <ErrorState error={list.error} title="We couldn't load your courses" onRetry={() => void list.refetch()} />
        ) : (
          <DataTable
            caption="My courses"
            columns={columns}
            rows={list.data?.items}
            rowKey={(course) => course.id}
            loading={list.isFetching}
            skeletonRows={4}
            onRowClick={(course) => void navigate(`/mentor/courses/${course.id}`)}
            empty={
              filtered ? (
                <EmptyState
                  icon={<FilterIcon size={22} />}
                  title={query.status === "published" ? "No published courses yet" : "No drafts"}
                  description="Clear the filter to see all your courses."
                  action={
                    <Button variant="secondary" onClick={() => setStatus("")}>
                      Clear filter
                    </Button>
                  }
                />
              ) : (
                <EmptyState
                  icon={<RouteIcon size={22} />}
                  title="Build your first course"
                  description="A course takes learners through your content in order, and shows them how far they've got. Start with a title; add items as you write them."
                  action={
                    <ButtonLink to="/mentor/courses/new" icon={<PlusIcon size={16} />}>
                      New course
                    </ButtonLink>
                  }
                />
              )
            }
          />
        )}
        <CardPagination data={list.data} noun={total === 1 ? "course" : "courses"} onPageChange={(page) => setParams((current) => withPage(current, page))} />
      </Card>
    </>
  );
}
