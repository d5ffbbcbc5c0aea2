import { useState } from "react";
import { useMyMentorProfile } from "../../api/mentoring";
import type { Slot } from "../../api/types";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { UserCheckIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useDocumentTitle } from "../../lib/document-title";
import { useViewerZone } from "../../lib/viewer-zone";
import { MentorGroupList } from "../groups/MentorGroupList";
import { ScheduleGroupDialog } from "../groups/ScheduleGroupDialog";
import { WeekSlots } from "../mentors/WeekSlots";

/**
 * A mentor's group sessions: schedule one in a free slot of their own calendar (the slots
 * students see, in the lengths they offer), and follow the ones scheduled.
 */
export default function GroupSessionsPage() {
  const viewer = useViewerZone();
  const { zone, clock } = viewer;
  const profile = useMyMentorProfile();
  const [picked, setPicked] = useState<Slot | null>(null);
  useDocumentTitle("Group sessions");

  let schedule;
  if (profile.isError) {
    schedule = <ErrorState error={profile.error} title="We couldn't load your mentor profile" onRetry={() => void profile.refetch()} />;
  } else if (profile.isPending) {
    schedule = <Skeleton className="h-48 w-full" />;
  } else if (profile.data.status !== "verified") {
    schedule = (
      <EmptyState
        icon={<UserCheckIcon size={22} />}
        title="Group sessions open once you're verified"
        description="Students can only find and join the sessions of verified mentors."
        action={<ButtonLink to="/mentor/onboarding">Open my mentor profile</ButtonLink>}
      />
    );
  } else {
    schedule = <WeekSlots mentorId={profile.data.id} zone={zone} viewer={viewer} onPick={(slot) => setPicked(slot)} />;
  }

  return (
    <>
      <PageHeader title="Group sessions" description="Teach several students at once, each on a seat of their own." />
      <div className="flex flex-col gap-6">
        <Card>
          <CardHeader title="Schedule a group session" description="Pick one of your free times. It then leaves your calendar like a booking." />
          <CardBody>{schedule}</CardBody>
        </Card>
        {/* On a phone the week of free times is a long scroll: the mentor's sessions come first. */}
        <div className="order-first sm:order-none">
          <MentorGroupList zone={zone} clock={clock} />
        </div>
      </div>
      {profile.data ? (
        <ScheduleGroupDialog slot={picked} mentorId={profile.data.id} currency={profile.data.currency} zone={zone} clock={clock} onClose={() => setPicked(null)} />
      ) : null}
    </>
  );
}
