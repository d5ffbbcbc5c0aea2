import { Link } from "react-router";
import { useMyLearningAnalytics, type LearnerAnalytics, type TopicAccuracy } from "../../api/analytics";
import { useCatalog } from "../../api/marketplace";
import { Badge } from "../../components/ui/Badge";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { CalendarIcon, ClockIcon, TrendingUpIcon } from "../../components/ui/icons";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { learnItemPath } from "../../lib/catalog";
import { ChartFigure } from "../analytics/ChartFigure";
import { bookOnTopicPath, everyDay, formatDuration, formatPercent } from "../analytics/format";

const DAYS = 30;

function StudyTime({ study }: { study: LearnerAnalytics["study"] }) {
  const days = everyDay(study.first_day, study.last_day, study.by_day);
  return (
    <div className="space-y-5 px-5 py-4 sm:px-6">
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{formatDuration(study.total_seconds)}</span> in the last {DAYS} days
      </p>
      <ChartFigure
        title={`Minutes studied per day, last ${DAYS} days`}
        data={days}
        format={(minutes) => `${minutes} min`}
        labelHeader="Day"
        valueHeader="Minutes"
        height={180}
      />
      {study.by_course.length ? (
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">By course</h3>
          <ul className="mt-2 divide-y divide-slate-100">
            {study.by_course.map((course) => (
              <li key={course.course_id} className="flex items-center justify-between gap-3 py-2 text-sm">
                <Link to={`/courses/${course.course_id}`} className="truncate text-slate-800 hover:text-brand-700">
                  {course.title}
                </Link>
                <span className="shrink-0 text-slate-600 tabular-nums">{formatDuration(course.seconds)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {study.by_topic.length ? (
        <div>
          <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">By topic</h3>
          <ul className="mt-2 flex flex-wrap gap-2">
            {study.by_topic.map((row) => (
              <li key={row.topic?.id ?? "removed"}>
                <Badge tone="neutral">
                  {row.topic?.name ?? "A removed topic"} · {formatDuration(row.seconds)}
                </Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function TopicRow({ topic }: { topic: TopicAccuracy }) {
  return (
    <li className="flex flex-col gap-2 px-5 py-3 sm:flex-row sm:items-center sm:justify-between sm:px-6">
      <div className="min-w-0">
        <p className="flex items-center gap-2 text-sm font-medium text-slate-900">
          {topic.topic?.name ?? "A removed topic"}
          {topic.weak ? <Badge tone="warning">Needs practice</Badge> : null}
        </p>
        <p className="text-xs text-slate-500">
          {formatPercent(topic.first.rate)} right the first time · {topic.first.first_tries} questions tried · {topic.solved} solved
        </p>
      </div>
      {topic.weak ? (
        <ButtonLink to={bookOnTopicPath(topic.mentor_id, topic.topic?.slug)} size="sm" variant="secondary" icon={<CalendarIcon size={16} />} className="shrink-0">
          Book a session on this topic
        </ButtonLink>
      ) : null}
    </li>
  );
}

function Topics({ analytics }: { analytics: LearnerAnalytics }) {
  const catalog = useCatalog();
  if (!analytics.topics.length) {
    return <EmptyState icon={<TrendingUpIcon size={22} />} title="No answers yet" description="Answer a few questions and you'll see how you do in each topic." />;
  }
  return (
    <>
      <ul aria-label="Accuracy per topic" className="divide-y divide-slate-100">
        {analytics.topics.map((topic) => (
          <TopicRow key={topic.topic?.id ?? topic.mentor_id} topic={topic} />
        ))}
      </ul>
      {analytics.practise.length ? (
        <div className="border-t border-slate-100 px-5 py-4 sm:px-6">
          <h3 className="text-sm font-semibold text-slate-900">Practise these</h3>
          <p className="text-xs text-slate-500">Questions from your weak topics: the ones you got wrong first, then ones you haven't tried.</p>
          <ul className="mt-2 divide-y divide-slate-100">
            {analytics.practise.map((question) => (
              <li key={question.item_id} className="flex items-center justify-between gap-3 py-2 text-sm">
                <Link to={learnItemPath(catalog.data, question)} className="truncate text-brand-700 hover:underline">
                  {question.title}
                </Link>
                <Badge tone={question.state === "wrong" ? "warning" : "neutral"}>{question.state === "wrong" ? "Try again" : "New"}</Badge>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

/** The learner's study time, accuracy per topic and what to practise. */
export function LearningInsights() {
  const analytics = useMyLearningAnalytics(DAYS);
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Card>
        <CardHeader title="Study time" description="Time with lessons and questions on screen while you were active." />
        {analytics.isPending ? (
          <SkeletonText lines={4} className="p-6" />
        ) : analytics.isError ? (
          <ErrorState error={analytics.error} title="We couldn't load your study time" onRetry={() => void analytics.refetch()} className="py-8" />
        ) : analytics.data.study.total_seconds === 0 ? (
          <EmptyState icon={<ClockIcon size={22} />} title="No study time yet" description="Open a lesson and your time shows up here." />
        ) : (
          <StudyTime study={analytics.data.study} />
        )}
      </Card>
      <Card>
        <CardHeader title="Topics" description="How you answer in each topic, weakest first." />
        {analytics.isPending ? (
          <SkeletonText lines={4} className="p-6" />
        ) : analytics.isError ? (
          <ErrorState error={analytics.error} title="We couldn't load your topics" onRetry={() => void analytics.refetch()} className="py-8" />
        ) : (
          <Topics analytics={analytics.data} />
        )}
      </Card>
    </div>
  );
}
