import { Link, useSearchParams } from "react-router";
import { useMySessions } from "../../api/bookings";
import { useFeatures } from "../../api/platform";
import { useUser } from "../../auth/session-context";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { CalendarIcon, ChevronRightIcon, StarIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { CardPagination } from "../../components/ui/Pagination";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { formatMoney } from "../../lib/money";
import { timezoneLabel } from "../../lib/timezones";
import { useViewerZone } from "../../lib/viewer-zone";
import { formatSessionTime } from "./booking-format";
import { OtherParty, OtherPartyPicture, SessionStatusBadge } from "./SessionBits";

const PAGE_SIZE = 20;
const TABS = [
  { when: "upcoming", label: "Upcoming" },
  { when: "past", label: "Past" },
] as const;

/** A student's booked sessions, or a mentor's sessions with students: upcoming or past. */
export default function MySessionsPage() {
  const user = useUser();
  const { zone, clock } = useViewerZone();
  const [params, setParams] = useSearchParams();
  const when = params.get("when") === "past" ? "past" : "upcoming";
  const page = Math.max(1, Number(params.get("page")) || 1);
  const sessions = useMySessions({ when, page, page_size: PAGE_SIZE });
  const { group_sessions: groups } = useFeatures();
  useDocumentTitle("My sessions");

  const go = (next: { when?: string; page?: number }) => {
    const search = new URLSearchParams();
    const nextWhen = next.when ?? when;
    if (nextWhen !== "upcoming") search.set("when", nextWhen);
    if (next.page && next.page > 1) search.set("page", String(next.page));
    setParams(search);
  };

  return (
    <>
      <PageHeader
        title="My sessions"
        description={user.role === "mentor" ? "Your sessions with students." : "The sessions you've booked with mentors."}
        actions={user.role === "student" ? <ButtonLink to="/mentors" icon={<CalendarIcon size={16} />}>Book a session</ButtonLink> : null}
      />
      <nav aria-label="Sessions" className="mb-4 flex gap-1 border-b border-slate-200">
        {TABS.map((tab) => (
          <Link
            key={tab.when}
            to={tab.when === "upcoming" ? "/sessions" : "/sessions?when=past"}
            aria-current={tab.when === when ? "page" : undefined}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              tab.when === when ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800",
            )}
          >
            {tab.label}
          </Link>
        ))}
        {groups ? (
          <Link
            to={user.role === "mentor" ? "/mentor/group-sessions" : "/group-sessions"}
            className="-mb-px border-b-2 border-transparent px-3 py-2 text-sm font-medium text-slate-500 hover:text-slate-800"
          >
            Group sessions
          </Link>
        ) : null}
      </nav>
      <p className="mb-3 text-xs text-slate-500">Times in {timezoneLabel(zone)}</p>
      <Card>
        {sessions.isError ? (
          <ErrorState error={sessions.error} title="We couldn't load your sessions" onRetry={() => void sessions.refetch()} />
        ) : sessions.isPending ? (
          <ul aria-hidden="true" className="divide-y divide-slate-100">
            {[0, 1, 2].map((row) => (
              <li key={row} className="flex items-center gap-4 px-4 py-4 sm:px-6">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="h-4 flex-1" />
              </li>
            ))}
          </ul>
        ) : sessions.data.items.length === 0 ? (
          <EmptyState
            icon={<CalendarIcon size={22} />}
            title={when === "upcoming" ? "No upcoming sessions" : "No past sessions yet"}
            description={user.role === "student" ? "Find a mentor and pick a time that suits you." : "Sessions students book with you appear here."}
            action={user.role === "student" ? <ButtonLink to="/mentors">Find a mentor</ButtonLink> : null}
          />
        ) : (
          <ul className={cn("divide-y divide-slate-100", sessions.isPlaceholderData && "opacity-60")} aria-label={when === "upcoming" ? "Upcoming sessions" : "Past sessions"}>
            {sessions.data.items.map((session) => {
              const toReview = session.student_id === user.id && session.status === "completed" && !session.reviewed;
              return (
                // The row's link covers the row; "Leave a review" sits above it as a link of its own.
                <li key={session.id} className="relative flex flex-wrap items-center gap-x-4 gap-y-3 px-4 py-4 focus-within:bg-slate-50 hover:bg-slate-50 sm:flex-nowrap sm:px-6">
                  <Link
                    to={`/sessions/${session.id}`}
                    className="flex min-w-0 flex-1 items-center gap-4 after:absolute after:inset-0 focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-brand-600 focus-visible:after:ring-inset"
                  >
                    <OtherPartyPicture session={session} viewerId={user.id} />
                    <div className="min-w-0 flex-1">
                      <p className="truncate text-sm font-semibold text-slate-900">
                        <OtherParty session={session} viewerId={user.id} />
                        {session.trial ? <span className="ml-2 text-xs font-medium text-slate-500">Trial lesson</span> : null}
                      </p>
                      <p className="mt-0.5 text-sm text-slate-600">{formatSessionTime(session.starts_at, session.ends_at, zone, clock)}</p>
                    </div>
                    <span className="hidden text-sm text-slate-500 tabular-nums sm:block">{formatMoney(session.price, session.currency)}</span>
                    <SessionStatusBadge status={session.status} />
                  </Link>
                  {toReview ? (
                    <ButtonLink
                      to={`/sessions/${session.id}#review`}
                      variant="subtle"
                      size="sm"
                      icon={<StarIcon size={14} />}
                      className="relative z-10 order-last w-full sm:order-none sm:w-auto"
                    >
                      Leave a review
                    </ButtonLink>
                  ) : null}
                  <ChevronRightIcon size={16} className="hidden shrink-0 text-slate-400 sm:block" />
                </li>
              );
            })}
          </ul>
        )}
        <CardPagination data={sessions.data} noun="sessions" onPageChange={(next) => go({ page: next })} />
      </Card>
    </>
  );
}
