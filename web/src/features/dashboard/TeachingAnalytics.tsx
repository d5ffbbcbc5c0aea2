import { useId, useMemo, useState } from "react";
import { Link } from "react-router";
import {
  useCourseFunnel,
  useItemAnalytics,
  useItemDetail,
  useMyStudents,
  useTeachingOverview,
  type ItemAnalytics,
  type ItemOrder,
  type StudentAnalytics,
} from "../../api/analytics";
import { useMySessions } from "../../api/bookings";
import { useMentorCourses } from "../../api/courses";
import { useUser } from "../../auth/session-context";
import { Badge } from "../../components/ui/Badge";
import { Card, CardHeader } from "../../components/ui/Card";
import { DataTable, type Column } from "../../components/ui/DataTable";
import { AlertTriangleIcon, BookOpenIcon, CalendarIcon, ClockIcon, UsersIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { Pagination } from "../../components/ui/Pagination";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { formatDate } from "../../lib/format";
import { useViewerZone } from "../../lib/viewer-zone";
import { ChartFigure } from "../analytics/ChartFigure";
import { everyDay, formatDuration, formatPercent } from "../analytics/format";
import { formatSessionTime } from "../bookings/booking-format";
import { OtherParty } from "../bookings/SessionBits";
import { StatCard } from "./StatCard";

const PAGE_SIZE = 10;
const ORDERS: Array<{ value: ItemOrder; label: string }> = [
  { value: "hardest", label: "Hardest first" },
  { value: "attempts", label: "Most answered" },
  { value: "discrimination", label: "Least discriminating" },
  { value: "title", label: "Title" },
];
const DIFFICULTY_TONES = { easy: "success", medium: "neutral", hard: "danger" } as const;
const RISK_LABELS: Record<string, string> = { inactive: "Inactive", falling_accuracy: "Accuracy falling" };

function Overview() {
  const overview = useTeachingOverview();
  const data = overview.data;
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label="Students" value={String(data?.students ?? 0)} loading={overview.isPending} icon={<UsersIcon size={18} />} hint="In your courses or booked with you" />
        <StatCard label="At risk" value={String(data?.at_risk ?? 0)} loading={overview.isPending} icon={<AlertTriangleIcon size={18} />} hint="Inactive for a week, or answering worse" />
        <StatCard label="Items" value={String(data?.items ?? 0)} loading={overview.isPending} icon={<BookOpenIcon size={18} />} hint="Lessons and questions you wrote" />
        <StatCard label="Answers" value={(data?.attempts ?? 0).toLocaleString("en-GB")} loading={overview.isPending} icon={<ClockIcon size={18} />} hint="By your students to your questions" />
      </div>
      <Card className="mt-6">
        <CardHeader title="Study time on your content" description="Minutes learners spent on your lessons and questions, last 30 days." />
        <div className="px-5 py-4 sm:px-6">
          {overview.isError ? (
            <ErrorState error={overview.error} title="We couldn't load your study time" onRetry={() => void overview.refetch()} className="py-6" />
          ) : data ? (
            <ChartFigure
              title="Minutes learners studied your content per day, last 30 days"
              data={everyDay(data.first_day, data.last_day, data.study_by_day)}
              format={(minutes) => `${minutes} min`}
              labelHeader="Day"
              valueHeader="Minutes"
            />
          ) : (
            <SkeletonText lines={4} />
          )}
        </div>
      </Card>
    </>
  );
}

function ItemDialog({ itemId, onClose }: { itemId: string | null; onClose: () => void }) {
  const detail = useItemDetail(itemId);
  const data = detail.data;
  return (
    <Modal open={itemId !== null} onClose={onClose} title={data?.title ?? "Item"} description={data?.topic?.name} size="lg">
      {detail.isError ? (
        <ErrorState error={detail.error} title="We couldn't load this item" onRetry={() => void detail.refetch()} />
      ) : !data ? (
        <SkeletonText lines={4} />
      ) : (
        <div className="space-y-4 text-sm">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <div>
              <dt className="text-xs text-slate-500">Learners</dt>
              <dd className="font-semibold tabular-nums">{data.learners}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Right first time</dt>
              <dd className="font-semibold tabular-nums">{formatPercent(data.first.rate)}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Discrimination</dt>
              <dd className="font-semibold tabular-nums">{data.discrimination ?? "—"}</dd>
            </div>
            <div>
              <dt className="text-xs text-slate-500">Average time</dt>
              <dd className="font-semibold tabular-nums">{data.avg_time_ms === null ? "—" : `${Math.round(data.avg_time_ms / 1000)} s`}</dd>
            </div>
          </dl>
          {data.wrong_choices.length ? (
            <ChartFigure
              title="Wrong choices learners picked"
              data={data.wrong_choices.map((c) => ({ label: c.text || c.choice_id, value: c.count }))}
              format={(count) => `${count} ${count === 1 ? "answer" : "answers"}`}
              labelHeader="Choice"
              valueHeader="Wrong answers"
              height={Math.max(120, data.wrong_choices.length * 36)}
              horizontal
            />
          ) : (
            <p className="text-slate-500">No wrong choices picked{data.kind === "question" ? " yet" : " (not a choice question)"}.</p>
          )}
        </div>
      )}
    </Modal>
  );
}

function ContentPerformance() {
  const [order, setOrder] = useState<ItemOrder>("hardest");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const items = useItemAnalytics(order, page, PAGE_SIZE);
  const selectId = useId();
  const columns: Array<Column<ItemAnalytics>> = [
    {
      key: "title",
      header: "Item",
      cell: (row) => (
        <button type="button" onClick={() => setOpen(row.item_id)} className="max-w-64 truncate text-left font-medium text-slate-900 hover:text-brand-700">
          {row.title}
        </button>
      ),
    },
    { key: "attempts", header: "Answers", cell: (row) => <span className="tabular-nums">{row.attempts}</span> },
    { key: "accuracy", header: "Right first time", cell: (row) => <span className="tabular-nums">{formatPercent(row.first.rate)}</span> },
    {
      key: "difficulty",
      header: "Difficulty",
      cell: (row) => (row.difficulty ? <Badge tone={DIFFICULTY_TONES[row.difficulty as keyof typeof DIFFICULTY_TONES]}>{row.difficulty}</Badge> : <span className="text-slate-400">—</span>),
      hideBelow: "sm",
    },
    { key: "discrimination", header: "Discrimination", cell: (row) => <span className="tabular-nums">{row.discrimination ?? "—"}</span>, hideBelow: "md" },
    { key: "time", header: "Study time", cell: (row) => formatDuration(row.study_seconds), hideBelow: "lg" },
  ];
  return (
    <Card className="mt-6">
      <CardHeader
        title="Content performance"
        description="How learners do on each of your items. Discrimination under 0.2: the question does not tell strong learners from weak ones."
        action={
          <div className="flex items-center gap-2">
            <label htmlFor={selectId} className="text-sm text-slate-600">
              Sort
            </label>
            <select
              id={selectId}
              value={order}
              onChange={(event) => {
                setOrder(event.target.value as ItemOrder);
                setPage(1);
              }}
              className="rounded-lg border-0 py-1.5 pr-8 pl-3 text-sm ring-1 ring-slate-300 ring-inset"
            >
              {ORDERS.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        }
      />
      {items.isError ? (
        <ErrorState error={items.error} title="We couldn't load your items" onRetry={() => void items.refetch()} className="py-8" />
      ) : (
        <>
          <DataTable
            caption="Your items with their answers and difficulty"
            columns={columns}
            rows={items.data?.items}
            rowKey={(row) => row.item_id}
            loading={items.isFetching}
            empty={<EmptyState icon={<BookOpenIcon size={22} />} title="No items yet" description="Write a lesson or a question and its figures show up here." />}
          />
          {items.data && items.data.total > PAGE_SIZE ? (
            <Pagination className="border-t border-slate-100 px-5 py-3 sm:px-6" page={page} pageSize={PAGE_SIZE} total={items.data.total} onPageChange={setPage} noun="items" />
          ) : null}
        </>
      )}
      <ItemDialog itemId={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

function StudentProgress() {
  const [atRisk, setAtRisk] = useState(false);
  const [page, setPage] = useState(1);
  const students = useMyStudents(atRisk, page, PAGE_SIZE);
  const columns: Array<Column<StudentAnalytics>> = [
    {
      key: "name",
      header: "Student",
      cell: (row) => (
        <Link to={`/dashboard/students/${row.user_id}`} className="font-medium text-slate-900 hover:text-brand-700">
          {row.display_name}
        </Link>
      ),
    },
    { key: "progress", header: "Progress", cell: (row) => (row.items_total ? `${row.items_done} / ${row.items_total}` : "—") },
    { key: "accuracy", header: "Right first time", cell: (row) => formatPercent(row.first.rate), hideBelow: "sm" },
    { key: "weak", header: "Weak topics", cell: (row) => row.weak_topics.map((t) => t.name).join(", ") || "—", hideBelow: "md" },
    { key: "last", header: "Last activity", cell: (row) => (row.last_activity ? formatDate(row.last_activity) : "—"), hideBelow: "sm" },
    {
      key: "risk",
      header: "Status",
      cell: (row) =>
        row.at_risk.length ? (
          <span className="flex flex-wrap gap-1">
            {row.at_risk.map((reason) => (
              <Badge key={reason} tone="warning">
                {RISK_LABELS[reason] ?? reason}
              </Badge>
            ))}
          </span>
        ) : (
          <Badge tone="success">On track</Badge>
        ),
    },
  ];
  return (
    <Card className="mt-6">
      <CardHeader
        title="Student progress"
        description="Students in your courses or booked with you; those at risk first."
        action={
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <input
              type="checkbox"
              checked={atRisk}
              onChange={(event) => {
                setAtRisk(event.target.checked);
                setPage(1);
              }}
              className="size-4 rounded border-slate-300 text-brand-600"
            />
            Only at risk
          </label>
        }
      />
      {students.isError ? (
        <ErrorState error={students.error} title="We couldn't load your students" onRetry={() => void students.refetch()} className="py-8" />
      ) : (
        <>
          <DataTable
            caption="Your students with their progress and risk"
            columns={columns}
            rows={students.data?.items}
            rowKey={(row) => row.user_id}
            loading={students.isFetching}
            empty={<EmptyState icon={<UsersIcon size={22} />} title={atRisk ? "Nobody is at risk" : "No students yet"} description={atRisk ? "Everyone learned this week and answers as well as before." : "Students appear once they enrol in a course of yours or book a session."} />}
          />
          {students.data && students.data.total > PAGE_SIZE ? (
            <Pagination className="border-t border-slate-100 px-5 py-3 sm:px-6" page={page} pageSize={PAGE_SIZE} total={students.data.total} onPageChange={setPage} noun="students" />
          ) : null}
        </>
      )}
    </Card>
  );
}

function CourseDropOff() {
  const courses = useMentorCourses({ status: "published", page: 1, page_size: 50 });
  const [picked, setPicked] = useState<string | null>(null);
  const courseId = picked ?? courses.data?.items[0]?.id ?? null;
  const funnel = useCourseFunnel(courseId);
  const selectId = useId();
  if (courses.data && courses.data.items.length === 0) return null;
  return (
    <Card className="mt-6">
      <CardHeader
        title="Drop-off along a course"
        description="How many enrolled learners reached each item (opened, answered or finished it)."
        action={
          courses.data ? (
            <div className="flex items-center gap-2">
              <label htmlFor={selectId} className="text-sm text-slate-600">
                Course
              </label>
              <select id={selectId} value={courseId ?? ""} onChange={(event) => setPicked(event.target.value)} className="max-w-56 rounded-lg border-0 py-1.5 pr-8 pl-3 text-sm ring-1 ring-slate-300 ring-inset">
                {courses.data.items.map((course) => (
                  <option key={course.id} value={course.id}>
                    {course.title}
                  </option>
                ))}
              </select>
            </div>
          ) : undefined
        }
      />
      <div className="px-5 py-4 sm:px-6">
        {funnel.isError ? (
          <ErrorState error={funnel.error} title="We couldn't load this course" onRetry={() => void funnel.refetch()} />
        ) : funnel.data ? (
          <>
            <p className="mb-2 text-sm text-slate-600">{funnel.data.enrolled} enrolled</p>
            <ChartFigure
              title={`Learners who reached each item of ${funnel.data.title}`}
              data={funnel.data.steps.map((step) => ({ label: `${step.position + 1}. ${step.title}`, value: step.reached }))}
              format={(count) => `${count} of ${funnel.data.enrolled}`}
              labelHeader="Item"
              valueHeader="Reached"
              height={Math.min(600, Math.max(160, funnel.data.steps.length * 28))}
              horizontal
            />
          </>
        ) : (
          <SkeletonText lines={4} />
        )}
      </div>
    </Card>
  );
}

function startOfWeek(now: Date): Date {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  start.setDate(start.getDate() - ((start.getDay() + 6) % 7));
  return start;
}

function WeekCalendar() {
  const user = useUser();
  const { zone, clock } = useViewerZone();
  const [from, to] = useMemo(() => {
    const start = startOfWeek(new Date());
    const end = new Date(start);
    end.setDate(end.getDate() + 7);
    return [start.toISOString(), end.toISOString()];
  }, []);
  const sessions = useMySessions({ when: "all", from, to, page: 1, page_size: 100 });
  return (
    <Card className="mt-6">
      <CardHeader title="This week" description="Your sessions from Monday to Sunday, in your time zone." />
      {sessions.isError ? (
        <ErrorState error={sessions.error} title="We couldn't load your week" onRetry={() => void sessions.refetch()} className="py-8" />
      ) : sessions.isPending ? (
        <SkeletonText lines={3} className="p-6" />
      ) : sessions.data.items.length === 0 ? (
        <EmptyState icon={<CalendarIcon size={22} />} title="No sessions this week" description="Sessions students book with you appear here." />
      ) : (
        <ul aria-label="Sessions this week" className="divide-y divide-slate-100">
          {sessions.data.items.map((session) => (
            <li key={session.id}>
              <Link to={`/sessions/${session.id}`} className="flex items-center justify-between gap-3 px-5 py-3 text-sm hover:bg-slate-50 sm:px-6">
                <span className="font-medium text-slate-900">
                  <OtherParty session={session} viewerId={user.id} />
                </span>
                <span className="text-slate-600">{formatSessionTime(session.starts_at, session.ends_at, zone, clock)}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The teaching half of the mentor's dashboard: figures, content performance, students, drop-off, the week. */
export default function TeachingAnalytics() {
  return (
    <section aria-label="Teaching analytics" className="mt-8">
      <h2 className="mb-4 text-lg font-semibold text-slate-900">Your teaching</h2>
      <Overview />
      <WeekCalendar />
      <ContentPerformance />
      <StudentProgress />
      <CourseDropOff />
    </section>
  );
}
