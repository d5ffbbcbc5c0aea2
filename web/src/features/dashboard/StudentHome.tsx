import { UPCOMING_PREVIEW, useMySessions } from "../../api/bookings";
import { useMyLearning } from "../../api/courses";
import { useUser } from "../../auth/session-context";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { AwardIcon, BookOpenIcon, MessageIcon, TargetIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { timezoneLabel } from "../../lib/timezones";
import { UpcomingSessions } from "../bookings/UpcomingSessions";
import { MyCoursesCard } from "../courses/MyCoursesCard";
import { ProgressWidget } from "../progress/ProgressWidget";
import { Checklist } from "./Checklist";
import { hasLearning } from "../courses/time";
import { ContinueLearning } from "./ContinueLearning";
import { firstName, greeting, hourIn } from "./greeting";
import { StatCard } from "./StatCard";

export function StudentHome() {
  const user = useUser();
  const learning = useMyLearning();
  const totals = learning.data?.totals;
  const started = hasLearning(learning.data);
  const inProgress = learning.data?.courses.filter((course) => course.next_item !== null).length ?? 0;
  const booked = (useMySessions(UPCOMING_PREVIEW).data?.total ?? 0) > 0;
  return (
    <>
      <PageHeader
        eyebrow="Student"
        title={`${greeting(hourIn(user.timezone))}, ${firstName(user.display_name)}`}
        description={started ? "Here's where your learning stands, and what comes next." : "Here's where your learning stands. Start a course, or find a mentor who fits your goals."}
      />
      <ProgressWidget className="mb-6" />
      <ContinueLearning />
      <div className="mt-6 grid gap-4 sm:grid-cols-3">
        <StatCard label="Courses in progress" value={String(inProgress)} loading={learning.isPending} icon={<BookOpenIcon size={18} />} to="/courses" hint={inProgress ? "Resume them above" : "Browse courses to start one"} />
        <StatCard label="Questions solved" value={String(totals?.questions_solved ?? 0)} loading={learning.isPending} icon={<TargetIcon size={18} />} hint={totals?.attempts ? `${totals.attempts} answers given` : "Answer questions in any lesson"} />
        <StatCard label="Certificates" value={String(totals?.certificates ?? 0)} loading={learning.isPending} icon={<AwardIcon size={18} />} hint="One for every course you finish" />
      </div>
      <MyCoursesCard className="mt-6" />
      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <UpcomingSessions className="lg:col-span-3" />
        <Card className="lg:col-span-2">
          <CardHeader title="Get started" description="A few steps to a great first session." />
          <Checklist
            label="Getting started progress"
            steps={[
              { title: "Create your account", description: "Welcome to Mentora.", state: "done" },
              {
                title: "Verify your e-mail",
                description: user.email_verified ? "Confirmed." : `Open the link we sent to ${user.email}.`,
                state: user.email_verified ? "done" : "current",
              },
              {
                title: "Check your time zone",
                description: timezoneLabel(user.timezone),
                state: "done",
                action: <ButtonLink to="/settings" size="sm" variant="ghost">Change</ButtonLink>,
              },
              {
                title: "Book a session",
                description: booked ? "Booked. See it under My sessions." : "Compare verified mentors and book a time that suits you.",
                state: booked ? "done" : user.email_verified ? "current" : "upcoming",
                action: <ButtonLink to="/mentors" size="sm" variant="ghost">Browse</ButtonLink>,
              },
            ]}
          />
        </Card>
      </div>
      <Card className="mt-6">
        <div className="flex flex-col gap-4 p-5 sm:flex-row sm:items-center sm:p-6">
          <span className="flex size-11 shrink-0 items-center justify-center rounded-xl bg-violet-50 text-violet-600">
            <MessageIcon size={20} />
          </span>
          <div className="min-w-0 flex-1">
            <p className="font-semibold text-slate-900">Know what you want to learn?</p>
            <p className="mt-0.5 text-sm text-slate-500">
              Search mentors by subject and topic, from mechanics to genetics. Every one of them is verified by our team.
            </p>
          </div>
          <ButtonLink to="/mentors" variant="secondary">
            Search mentors
          </ButtonLink>
        </div>
      </Card>
    </>
  );
}
