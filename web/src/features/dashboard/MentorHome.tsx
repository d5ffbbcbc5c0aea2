import { lazy, Suspense } from "react";
import { useMySessions } from "../../api/bookings";
import { useTeachingSummary } from "../../api/courses";
import { useMyMentorProfile } from "../../api/mentoring";
import type { MentorProfile } from "../../api/types";
import { useUser } from "../../auth/session-context";
import { Badge } from "../../components/ui/Badge";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { BadgeCheckIcon, CalendarIcon, ClockIcon, ExternalLinkIcon, StarIcon, UserIcon, UsersIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState } from "../../components/ui/States";
import { formatNextAvailable } from "../../lib/datetime";
import { useViewerZone } from "../../lib/viewer-zone";
import { MENTOR_STATUS_LABELS, MENTOR_STATUS_TONES } from "../mentoring/onboarding";
import { Checklist, type ChecklistStep } from "./Checklist";
import { EarningsSummary } from "./EarningsSummary";
import { firstName, greeting, hourIn } from "./greeting";
import { StatCard } from "./StatCard";

const TeachingAnalytics = lazy(() => import("./TeachingAnalytics"));

function ProfileCard({ profile }: { profile: MentorProfile | undefined }) {
  if (!profile) return <SkeletonText lines={4} className="p-6" />;
  switch (profile.status) {
    case "submitted":
      return (
        <EmptyState
          icon={<ClockIcon size={22} />}
          title="Your application is under review"
          description="Our team is checking your documents and topics, usually within 2 working days. We'll e-mail you the decision."
          action={<ButtonLink to="/mentor/onboarding" variant="secondary">View your application</ButtonLink>}
        />
      );
    case "rejected":
      return (
        <EmptyState
          icon={<UserIcon size={22} />}
          title="Our team asked for changes"
          description={profile.rejection_reason ?? "Update your application and submit it again."}
          action={<ButtonLink to="/mentor/onboarding">Update your application</ButtonLink>}
        />
      );
    case "verified":
      return (
        <EmptyState
          icon={<BadgeCheckIcon size={22} />}
          title="Your profile is live"
          description="Students can find you in search. Keep your weekly hours up to date so they can pick a time."
          action={
            <>
              <ButtonLink to="/mentor/availability">Set availability</ButtonLink>
              <ButtonLink to={`/mentors/${profile.id}`} variant="secondary" icon={<ExternalLinkIcon size={16} />}>
                Public profile
              </ButtonLink>
            </>
          }
        />
      );
    default:
      return (
        <EmptyState
          icon={<UserIcon size={22} />}
          title="Complete your mentor profile"
          description="Add your expertise, languages and hourly rate, choose the topics you teach and upload proof of your qualifications. You can stop at any time and continue later."
          action={<ButtonLink to="/mentor/onboarding">{profile.headline ? "Continue your application" : "Start your application"}</ButtonLink>}
        />
      );
  }
}

export function MentorHome() {
  const user = useUser();
  const query = useMyMentorProfile();
  const profile = query.data;
  const status = profile?.status ?? "draft";
  const decided = status === "submitted" || status === "verified";
  const teaching = useTeachingSummary();
  const verified = status === "verified";
  const { zone } = useViewerZone();
  // The soonest one tells its time; the page's total is the count.
  const upcoming = useMySessions({ when: "upcoming", page: 1, page_size: 1 }, verified);
  const next = upcoming.data?.items[0];
  let upcomingHint = "Open once you're verified";
  if (verified) upcomingHint = next ? `Next: ${formatNextAvailable(next.starts_at, zone)} · see your calendar` : "None booked yet · see your calendar";
  const learners = teaching.data?.learners ?? 0;
  const hasLearners = learners > 0;
  let startState: ChecklistStep["state"] = "upcoming";
  if (hasLearners) startState = "done";
  else if (status === "verified") startState = "current";
  const steps: ChecklistStep[] = [
    { title: "Create your account", description: "Done. Welcome aboard.", state: "done" },
    {
      title: "Verify your e-mail",
      description: user.email_verified ? "Confirmed." : `Open the link we sent to ${user.email}.`,
      state: user.email_verified ? "done" : "current",
    },
    {
      title: "Complete your mentor profile",
      description: "Expertise, subjects, documents and rates.",
      state: decided ? "done" : user.email_verified ? "current" : "upcoming",
    },
    {
      title: "Verification review",
      description: status === "rejected" ? "Changes requested: update and resubmit." : "Our team checks your credentials, usually within 2 working days.",
      state: status === "verified" ? "done" : status === "submitted" ? "current" : "upcoming",
    },
    {
      title: "Welcome your first student",
      description: hasLearners
        ? `${learners === 1 ? "1 student is" : `${learners} students are`} learning in your courses.`
        : "Publish a course or set your availability so students can start learning with you.",
      state: startState,
      action:
        startState === "current" ? (
          <ButtonLink to="/mentor/courses" size="sm" variant="ghost">
            Courses
          </ButtonLink>
        ) : undefined,
    },
  ];
  return (
    <>
      <PageHeader
        eyebrow="Mentor"
        title={`${greeting(hourIn(user.timezone))}, ${firstName(user.display_name)}`}
        description={
          status === "verified"
            ? "You're a verified mentor. Here's what's happening with your teaching."
            : "Thanks for applying to mentor on Mentora. Complete your profile so our team can review your application."
        }
        actions={
          profile ? (
            <Badge tone={MENTOR_STATUS_TONES[status]} dot>
              {status === "draft" ? "Application in progress" : MENTOR_STATUS_LABELS[status]}
            </Badge>
          ) : undefined
        }
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard
          label="Upcoming sessions"
          value={String(upcoming.data?.total ?? 0)}
          loading={verified && upcoming.isPending}
          icon={<CalendarIcon size={18} />}
          to={verified ? "/mentor/calendar" : undefined}
          hint={upcomingHint}
        />
        <StatCard
          label="Students"
          value={String(learners)}
          loading={teaching.isPending}
          icon={<UsersIcon size={18} />}
          hint={teaching.data ? `In your ${teaching.data.published_courses === 1 ? "published course" : `${teaching.data.published_courses} published courses`}` : "Learners in your courses"}
        />
        <StatCard label="Rating" value="—" icon={<StarIcon size={18} />} hint="After your first reviews" />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-3">
          <CardHeader title="Your mentor profile" description="What students see before they book you." />
          {query.isError ? (
            <EmptyState
              icon={<UserIcon size={22} />}
              title="Complete your mentor profile"
              description="We couldn't load your application just now."
              action={<ButtonLink to="/mentor/onboarding">Open your application</ButtonLink>}
            />
          ) : (
            <ProfileCard profile={profile} />
          )}
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader title="Application" description="From sign-up to your first student." />
          <Checklist label="Mentor application progress" steps={steps} />
        </Card>
      </div>
      {verified ? <EarningsSummary className="mt-6" /> : null}
      {verified ? (
        <Suspense fallback={<SkeletonText lines={6} className="mt-8" />}>
          <TeachingAnalytics />
        </Suspense>
      ) : null}
    </>
  );
}
