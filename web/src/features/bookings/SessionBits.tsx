import type { BookedSession } from "../../api/bookings";
import { usePublicMentor } from "../../api/marketplace";
import { Badge } from "../../components/ui/Badge";
import { STATUS_LABELS, STATUS_TONES } from "./booking-format";

export function SessionStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={STATUS_TONES[status] ?? "neutral"} dot>
      {STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

/** The other person in a session: the mentor's public name for the student; mentors see "Your student". */
export function OtherParty({ session, viewerId }: { session: BookedSession; viewerId: string }) {
  return session.student_id === viewerId ? <MentorName id={session.mentor_id} /> : <>Your student</>;
}

function MentorName({ id }: { id: string }) {
  const mentor = usePublicMentor(id);
  return <>{mentor.data?.display_name ?? "Your mentor"}</>;
}
