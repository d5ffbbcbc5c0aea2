import { useParams } from "react-router";
import { useStudentDetail } from "../../api/analytics";
import { Badge } from "../../components/ui/Badge";
import { Breadcrumbs } from "../../components/ui/Breadcrumbs";
import { Card, CardHeader } from "../../components/ui/Card";
import { PageHeader } from "../../components/ui/PageHeader";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { TrendingUpIcon } from "../../components/ui/icons";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate } from "../../lib/format";
import { ChartFigure } from "../analytics/ChartFigure";
import { formatDuration, formatPercent } from "../analytics/format";

const RISK_LABELS: Record<string, string> = {
  inactive: "No learning for a week or more",
  falling_accuracy: "Answers worse than two weeks before",
};

/** One of the mentor's students: progress, risk, accuracy per topic on the mentor's questions, study time. */
export default function StudentAnalyticsPage() {
  const { studentId = "" } = useParams();
  const detail = useStudentDetail(studentId);
  const student = detail.data?.student;
  useDocumentTitle(student ? `${student.display_name} · Students` : "Student");
  const crumbs = [{ label: "Dashboard", to: "/dashboard" }, { label: student?.display_name ?? "Student" }];
  if (detail.isError) {
    return (
      <>
        <Breadcrumbs className="mb-6" items={crumbs} />
        <Card>
          <ErrorState error={detail.error} title="We couldn't load this student" onRetry={() => void detail.refetch()} />
        </Card>
      </>
    );
  }
  if (!detail.data || !student) return <SkeletonText lines={8} className="p-6" />;
  const studied = detail.data.study_by_day.map((d) => ({ label: d.day, value: Math.round(d.seconds / 60) }));
  return (
    <>
      <Breadcrumbs className="mb-6" items={crumbs} />
      <PageHeader
        eyebrow="Student"
        title={student.display_name}
        description={`Your student since ${formatDate(student.since)} · last activity ${student.last_activity ? formatDate(student.last_activity) : "none yet"}`}
        actions={
          student.at_risk.length ? (
            <Badge tone="warning" dot>
              At risk
            </Badge>
          ) : (
            <Badge tone="success" dot>
              On track
            </Badge>
          )
        }
      />
      {student.at_risk.length ? (
        <ul className="mb-6 space-y-1 rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200">
          {student.at_risk.map((reason) => (
            <li key={reason}>{RISK_LABELS[reason] ?? reason}</li>
          ))}
        </ul>
      ) : null}
      <dl className="grid gap-4 sm:grid-cols-4">
        {[
          ["Progress in your courses", student.items_total ? `${student.items_done} / ${student.items_total}` : "—"],
          ["Right first time", formatPercent(student.first.rate)],
          ["Last 14 days", formatPercent(student.recent.rate)],
          ["Study time on your items", formatDuration(student.study_seconds)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-2xl bg-white p-5 shadow-xs ring-1 ring-slate-200/80">
            <dt className="text-sm text-slate-500">{label}</dt>
            <dd className="mt-2 text-2xl font-semibold text-slate-900 tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="Topics" description="First-try accuracy on your questions, weakest first." />
          {detail.data.topics.length ? (
            <ul className="divide-y divide-slate-100">
              {detail.data.topics.map((topic) => (
                <li key={topic.topic?.id ?? topic.mentor_id} className="flex items-center justify-between gap-3 px-5 py-3 text-sm sm:px-6">
                  <span className="flex items-center gap-2 font-medium text-slate-900">
                    {topic.topic?.name ?? "A removed topic"}
                    {topic.weak ? <Badge tone="warning">Weak</Badge> : null}
                  </span>
                  <span className="text-slate-600 tabular-nums">
                    {formatPercent(topic.first.rate)} of {topic.first.first_tries}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <EmptyState icon={<TrendingUpIcon size={22} />} title="No answers yet" description="They haven't answered any of your questions." />
          )}
        </Card>
        <Card>
          <CardHeader title="Study time" description="Minutes per day, last 30 days (days with study only)." />
          <div className="px-5 py-4 sm:px-6">
            <ChartFigure
              title={`Minutes ${student.display_name} studied per day`}
              data={studied}
              format={(minutes) => `${minutes} min`}
              labelHeader="Day"
              valueHeader="Minutes"
              empty={<p className="text-sm text-slate-500">No study time in the last 30 days.</p>}
            />
          </div>
        </Card>
      </div>
    </>
  );
}
