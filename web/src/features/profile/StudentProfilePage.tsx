import type { ReactNode } from "react";
import { Link } from "react-router";
import { useMyLearning, type LearningOverview } from "../../api/courses";
import { useMyAchievements, useMyProgress } from "../../api/gamification";
import { useUser } from "../../auth/session-context";
import { Avatar } from "../../components/ui/Avatar";
import { Badge } from "../../components/ui/Badge";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { SettingsIcon, TrendingUpIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate } from "../../lib/format";
import { localTime, timezoneLabel } from "../../lib/timezones";
import { ProgressBar } from "../courses/CourseBits";
import { hasLearning } from "../courses/time";
import { UpcomingSessions } from "../bookings/UpcomingSessions";
import { BadgeShelf } from "../progress/Badges";
import { StreakCalendar } from "../progress/StreakCalendar";
import { LearningInsights } from "./LearningInsights";
import { RewardsSlot, type Rewards } from "./RewardsSlot";

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1 py-3 sm:flex-row sm:justify-between sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm font-medium text-slate-900 sm:text-right">{children}</dd>
    </div>
  );
}

function Totals({ overview }: { overview: LearningOverview }) {
  const { totals } = overview;
  const figures = [
    { label: "Lessons done", value: totals.items_marked },
    { label: "Questions solved", value: totals.questions_solved },
    { label: "Certificates", value: totals.certificates },
  ];
  return (
    <dl className="grid grid-cols-3 divide-x divide-slate-100 border-b border-slate-100">
      {figures.map((figure) => (
        <div key={figure.label} className="px-3 py-3 text-center">
          <dt className="text-xs text-slate-500">{figure.label}</dt>
          <dd className="mt-0.5 text-xl font-semibold text-slate-900 tabular-nums">{figure.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function ProgressSection() {
  const learning = useMyLearning();
  if (learning.isPending) return <SkeletonText lines={3} className="p-6" />;
  if (learning.isError) return <ErrorState error={learning.error} title="We couldn't load your progress" onRetry={() => void learning.refetch()} className="py-8" />;
  const overview = learning.data;
  if (!hasLearning(overview)) {
    return (
      <EmptyState
        icon={<TrendingUpIcon size={22} />}
        title="Nothing to track yet"
        description="Your progress starts with your first lesson or session."
        action={<ButtonLink to="/mentors" variant="ghost" className="text-brand-700">Browse mentors</ButtonLink>}
      />
    );
  }
  return (
    <div>
      <Totals overview={overview} />
      {overview.courses.length ? (
        <ul aria-label="Course progress" className="divide-y divide-slate-100">
          {overview.courses.map((course) => (
            <li key={course.course_id} className="px-5 py-3 sm:px-6">
              <Link to={`/courses/${course.course_id}`} className="block truncate text-sm font-medium text-slate-900 hover:text-brand-700">
                {course.title}
              </Link>
              <ProgressBar progress={course.progress} label={`Progress in ${course.title}`} size="sm" className="mt-1.5" />
            </li>
          ))}
        </ul>
      ) : (
        <p className="px-5 py-4 text-sm text-slate-500 sm:px-6">
          Lessons you finish outside courses count here too. <Link to="/courses" className="font-medium text-brand-700 hover:underline">Browse courses</Link>
        </p>
      )}
    </div>
  );
}

function MyBadges() {
  const achievements = useMyAchievements();
  if (achievements.isPending) return <SkeletonText lines={1} />;
  if (achievements.isError) return <p className="text-xs text-rose-700">We couldn't load your badges.</p>;
  return <BadgeShelf achievements={achievements.data} label="My badges" />;
}

/** XP, level, streak, league and badges once the learner has earned any; before that the slot
 * says how they are earned. */
function useRewards(): Rewards | undefined {
  const progress = useMyProgress().data;
  if (!progress || (progress.total_xp === 0 && progress.achievements === 0)) return undefined;
  const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;
  return {
    xp: progress.total_xp,
    level: progress.level.level,
    content: (
      <div className="px-5 pb-5 sm:px-6">
        <dl className="divide-y divide-slate-100">
          <Detail label="Streak">{days(progress.streak)} (longest {days(progress.longest_streak)})</Detail>
          <Detail label="Streak freezes">{progress.freezes} of 2</Detail>
          <Detail label="This week's league">
            {progress.tier_name.charAt(0).toUpperCase() + progress.tier_name.slice(1)}
            {progress.league ? ` · rank ${progress.league.rank}` : ""}
          </Detail>
          <Detail label="Achievements">{progress.achievements} unlocked</Detail>
        </dl>
        <h3 className="mt-4 mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Streak calendar</h3>
        <StreakCalendar today={progress.today} goal={progress.daily_goal} />
        <h3 className="mt-4 mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Badges</h3>
        <MyBadges />
        <Link to="/leaderboards" className="mt-3 inline-block text-sm font-medium text-brand-700 hover:underline">
          Leaderboards and achievements
        </Link>
      </div>
    ),
  };
}

export default function StudentProfilePage() {
  useDocumentTitle("My profile");
  const rewards = useRewards();
  const user = useUser();
  const now = localTime(user.timezone);
  return (
    <>
      <PageHeader
        eyebrow="Student"
        title="My profile"
        description="Your details, sessions and progress in one place."
        actions={
          <ButtonLink to="/settings" variant="secondary" icon={<SettingsIcon size={16} />}>
            Edit details
          </ButtonLink>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6">
          <Card>
            <CardBody className="flex flex-col items-center pt-8 text-center">
              <Avatar name={user.display_name} seed={user.id} src={user.avatar_url} size="lg" className="size-20 text-2xl" />
              <h2 className="mt-4 text-lg font-semibold text-slate-900">{user.display_name}</h2>
              <p className="text-sm text-slate-500">{user.email}</p>
              <div className="mt-3 flex flex-wrap justify-center gap-2">
                <Badge tone="sky">Student</Badge>
                {user.email_verified ? <Badge tone="success">E-mail verified</Badge> : <Badge tone="warning">E-mail not verified</Badge>}
              </div>
            </CardBody>
            <div className="border-t border-slate-100 px-5 py-2 sm:px-6">
              <dl className="divide-y divide-slate-100">
                <Detail label="Time zone">{timezoneLabel(user.timezone)}</Detail>
                {now ? <Detail label="Your local time">{now}</Detail> : null}
                <Detail label="Member since">{formatDate(user.created_at)}</Detail>
              </dl>
            </div>
          </Card>
        </div>

        <div className="min-w-0 space-y-6 lg:col-span-2">
          <UpcomingSessions />

          <div className="grid gap-6 md:grid-cols-2">
            <Card>
              <CardHeader title="Progress" description="Courses, lessons and questions you've worked on." />
              <ProgressSection />
            </Card>
            <RewardsSlot rewards={rewards} />
          </div>

          <LearningInsights />
        </div>
      </div>
    </>
  );
}
