import { useUser } from "../../auth/session-context";
import { ButtonLink } from "../../components/ui/Button";
import { Badge } from "../../components/ui/Badge";
import { Card, CardHeader } from "../../components/ui/Card";
import { CalendarIcon, StarIcon, UserIcon, UsersIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { EmptyState } from "../../components/ui/States";
import { Checklist } from "./Checklist";
import { firstName, greeting, hourIn } from "./greeting";
import { StatCard } from "./StatCard";

export function MentorHome() {
  const user = useUser();
  return (
    <>
      <PageHeader
        eyebrow="Mentor"
        title={`${greeting(hourIn(user.timezone))}, ${firstName(user.display_name)}`}
        description="Thanks for applying to mentor on Mentora. Complete your profile so our team can review your application."
        actions={<Badge tone="warning" dot>Application in progress</Badge>}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <StatCard label="Upcoming sessions" value="0" icon={<CalendarIcon size={18} />} hint="Open once you're verified" />
        <StatCard label="Students" value="0" icon={<UsersIcon size={18} />} hint="Students you've taught" />
        <StatCard label="Rating" value="—" icon={<StarIcon size={18} />} hint="After your first reviews" />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <Card className="lg:col-span-3">
          <CardHeader title="Your mentor profile" description="What students see before they book you." />
          <EmptyState
            icon={<UserIcon size={22} />}
            title="Complete your mentor profile"
            description="Add your expertise, experience, languages and hourly rate. The profile editor opens soon; we'll e-mail you when it's ready so you can finish your application."
            action={<ButtonLink to="/settings" variant="secondary">Review your account</ButtonLink>}
          />
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader title="Application" description="From sign-up to your first student." />
          <Checklist
            label="Mentor application progress"
            steps={[
              { title: "Create your account", description: "Done. Welcome aboard.", state: "done" },
              {
                title: "Verify your e-mail",
                description: user.email_verified ? "Confirmed." : `Open the link we sent to ${user.email}.`,
                state: user.email_verified ? "done" : "current",
              },
              {
                title: "Complete your mentor profile",
                description: "Expertise, experience and rates.",
                state: user.email_verified ? "current" : "upcoming",
              },
              { title: "Verification review", description: "Our team checks your credentials, usually within 2 working days.", state: "upcoming" },
              { title: "Start mentoring", description: "Set your availability and accept bookings.", state: "upcoming" },
            ]}
          />
        </Card>
      </div>
    </>
  );
}
