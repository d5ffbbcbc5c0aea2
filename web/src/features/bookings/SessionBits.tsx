import type { BookedSession } from "../../api/bookings";
import { Avatar } from "../../components/ui/Avatar";
import { Badge } from "../../components/ui/Badge";
import { Portrait } from "../../components/ui/Portrait";
import { otherPartyName, STATUS_LABELS, STATUS_TONES } from "./booking-format";

export function SessionStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={STATUS_TONES[status] ?? "neutral"} dot>
      {STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

/** The other person in a session, by name: the mentor for the student, the student for the mentor. */
export function OtherParty({ session, viewerId }: { session: BookedSession; viewerId: string }) {
  return <>{otherPartyName(session, viewerId)}</>;
}

/** The other person's picture: the mentor's portrait (their photo where known), a student's initials. */
export function OtherPartyPicture({ session, viewerId, photoUrl, size = "sm" }: { session: BookedSession; viewerId: string; photoUrl?: string | null | undefined; size?: "sm" | "md" }) {
  if (session.student_id === viewerId) {
    return <Portrait name={session.mentor_name} seed={session.mentor_id} photoUrl={photoUrl} size={size} />;
  }
  return <Avatar name={session.student_name} seed={session.student_id} size={size === "md" ? "lg" : "md"} />;
}
