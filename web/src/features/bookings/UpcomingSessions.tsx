import { Link } from "react-router";
import { UPCOMING_PREVIEW, useMySessions } from "../../api/bookings";
import { useUser } from "../../auth/session-context";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { ArrowRightIcon, CalendarIcon, CompassIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useViewerZone } from "../../lib/viewer-zone";
import { formatSessionTime } from "./booking-format";
import { OtherParty, OtherPartyPicture, SessionStatusBadge } from "./SessionBits";

/**
 * A card with the next few upcoming sessions and the way to all of them; with none, the way to
 * a mentor instead.
 */
export function UpcomingSessions({ className }: { className?: string }) {
  const user = useUser();
  const { zone, clock } = useViewerZone();
  const sessions = useMySessions(UPCOMING_PREVIEW);
  const total = sessions.data?.total ?? 0;

  let body;
  if (sessions.isError) {
    body = <ErrorState error={sessions.error} title="We couldn't load your sessions" onRetry={() => void sessions.refetch()} className="py-8" />;
  } else if (sessions.isPending) {
    body = (
      <ul aria-hidden="true" className="divide-y divide-slate-100">
        {[0, 1].map((row) => (
          <li key={row} className="flex items-center gap-3 px-5 py-4 sm:px-6">
            <Skeleton className="size-10 rounded-xl" />
            <Skeleton className="h-4 flex-1" />
          </li>
        ))}
      </ul>
    );
  } else if (total === 0) {
    body = (
      <EmptyState
        icon={<CompassIcon size={22} />}
        title="No upcoming sessions"
        description="Find a verified mentor and book a time that suits you, shown in your own time zone."
        action={
          <ButtonLink to="/mentors" icon={<CompassIcon size={16} />}>
            Find a mentor
          </ButtonLink>
        }
      />
    );
  } else {
    body = (
      <>
        <ul aria-label="Upcoming sessions" className="divide-y divide-slate-100">
          {sessions.data.items.map((session) => (
            <li key={session.id}>
              <Link to={`/sessions/${session.id}`} className="flex items-center gap-3 px-5 py-3.5 hover:bg-slate-50 sm:px-6">
                <OtherPartyPicture session={session} viewerId={user.id} />
                <div className="min-w-0 flex-1">
                  <p className="truncate text-sm font-semibold text-slate-900">
                    <OtherParty session={session} viewerId={user.id} />
                  </p>
                  <p className="truncate text-sm text-slate-600">{formatSessionTime(session.starts_at, session.ends_at, zone, clock)}</p>
                </div>
                <SessionStatusBadge status={session.status} />
              </Link>
            </li>
          ))}
        </ul>
        <div className="border-t border-slate-100 px-5 py-3 sm:px-6">
          <Link to="/sessions" className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:text-brand-800">
            {total > sessions.data.items.length ? `All ${total} upcoming sessions` : "All my sessions"} <ArrowRightIcon size={14} />
          </Link>
        </div>
      </>
    );
  }

  return (
    <Card className={className}>
      <CardHeader
        title="Upcoming sessions"
        description={total ? `${total} booked · times in your time zone` : "Sessions you book appear here, in your time zone."}
        action={
          total ? (
            <ButtonLink to="/mentors" variant="ghost" size="sm" icon={<CalendarIcon size={16} />}>
              Book another
            </ButtonLink>
          ) : null
        }
      />
      {body}
    </Card>
  );
}
