import { useState } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { useMentorGroupSessions, useTakeSeat, type GroupSession } from "../../api/group-sessions";
import { useFeatures } from "../../api/platform";
import { loginPath } from "../../auth/next";
import { useSession } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { CheckCircleIcon, ClockIcon, UsersIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { formatDateTime } from "../../lib/format";
import { timezoneLabel } from "../../lib/timezones";
import type { ClockStyle } from "../../lib/viewer-zone";
import { formatSessionTime, openUrl, useNow } from "../bookings/booking-format";
import { isAwaitingPayment, seatErrorMessage, seatOutcome, seatPriceLabel, seatsLeftLabel } from "./group-format";

export interface OpenGroupSessionsProps {
  mentorId: string;
  mentorName: string;
  zone: string;
  clock?: ClockStyle;
}

function SeatAction({ group, canTake, onTake, sending, busy, now, signIn }: { group: GroupSession; canTake: boolean; onTake: () => void; sending: boolean; busy: boolean; now: number; signIn: string | null }) {
  if (group.my_seat === "taken") {
    return (
      <span className="inline-flex items-center gap-1.5 text-sm font-medium text-emerald-700">
        <CheckCircleIcon size={16} /> Your seat
      </span>
    );
  }
  if (signIn !== null) {
    return (
      <ButtonLink to={signIn} size="sm" variant="secondary" aria-label={`Sign in to take a seat: ${group.title}`}>
        Sign in to take a seat
      </ButtonLink>
    );
  }
  if (!canTake) return null;
  // Held for this student: the same call opens the same checkout again.
  if (isAwaitingPayment(group, now)) {
    return (
      <Button size="sm" onClick={onTake} loading={sending} disabled={busy} aria-label={`Pay now: ${group.title}`}>
        Pay now
      </Button>
    );
  }
  return (
    <Button size="sm" onClick={onTake} loading={sending} disabled={busy || group.seats_left <= 0} aria-label={`Take a seat: ${group.title}`}>
      {group.seats_left <= 0 ? "Full" : "Take a seat"}
    </Button>
  );
}

/**
 * A mentor's group sessions still open to seats, on their public page: visitors see them too,
 * with a way to sign in and come back; nothing at all while the feature is off.
 */
export function OpenGroupSessions({ mentorId, mentorName, zone, clock }: OpenGroupSessionsProps) {
  const { group_sessions: offered } = useFeatures();
  const { user } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const groups = useMentorGroupSessions(mentorId, offered);
  const take = useTakeSeat();
  const toast = useToast();
  const now = useNow();
  const [failed, setFailed] = useState<{ id: string; message: string } | null>(null);
  if (!offered) return null;
  // Nothing scheduled: the page stays as it was rather than showing an empty box.
  if (groups.isSuccess && groups.data.items.length === 0) return null;

  const student = user?.role === "student";
  const signIn = user === null ? loginPath(`${location.pathname}${location.search}`) : null;
  const onTake = async (group: GroupSession) => {
    setFailed(null);
    let seated: GroupSession;
    try {
      seated = await take.mutateAsync(group.id);
    } catch (failure) {
      setFailed({ id: group.id, message: seatErrorMessage(failure) });
      return;
    }
    const next = seatOutcome(seated);
    switch (next.kind) {
      case "seated":
        toast.success("You have a seat", `${next.group.title}, ${formatSessionTime(next.group.starts_at, next.group.ends_at, zone, clock)}.`);
        break;
      case "checkout":
        openUrl(next.url, (path) => void navigate(path));
        break;
    }
  };

  return (
    <section aria-labelledby="group-sessions-title">
      <Card>
        <CardHeader
          titleId="group-sessions-title"
          title="Group sessions"
          description={`Learn alongside other students with ${mentorName}. Times in ${timezoneLabel(zone)}.`}
        />
        <CardBody>
          {groups.isError ? (
            <ErrorState error={groups.error} title="We couldn't load the group sessions" onRetry={() => void groups.refetch()} />
          ) : groups.isPending ? (
            <div aria-hidden="true" className="space-y-3">
              <Skeleton className="h-16 w-full" />
              <Skeleton className="h-16 w-full" />
            </div>
          ) : (
            <ul className="divide-y divide-slate-100" aria-label="Open group sessions">
              {groups.data.items.map((group) => (
                <li key={group.id} className="py-4 first:pt-0 last:pb-0">
                  <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
                    <div className="min-w-0">
                      <p className="font-semibold text-slate-900">{group.title}</p>
                      <p className="mt-0.5 flex items-center gap-1.5 text-sm text-slate-600">
                        <ClockIcon size={14} className="shrink-0 text-slate-400" />
                        {formatSessionTime(group.starts_at, group.ends_at, zone, clock)}
                      </p>
                      <p className="mt-1.5 flex flex-wrap items-center gap-2 text-sm">
                        <Badge tone={group.seats_left > 0 ? "sky" : "warning"}>
                          <UsersIcon size={12} className="mr-1" />
                          {seatsLeftLabel(group)}
                        </Badge>
                        <span className="font-medium text-slate-900" data-testid="seat-price">{seatPriceLabel(group)}</span>
                      </p>
                      {isAwaitingPayment(group, now) && group.hold_expires_at ? (
                        <p className="mt-1.5 text-sm text-amber-800">Awaiting your payment: held for you until {formatDateTime(group.hold_expires_at, zone)}.</p>
                      ) : null}
                    </div>
                    <div className="shrink-0">
                      <SeatAction group={group} canTake={student} now={now} signIn={signIn} sending={take.isPending && take.variables === group.id} busy={take.isPending} onTake={() => void onTake(group)} />
                    </div>
                  </div>
                  {failed?.id === group.id ? (
                    <Alert tone="danger" role="alert" className="mt-3">
                      {failed.message}
                    </Alert>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {signIn !== null ? (
            <p className="mt-4 text-sm text-slate-500">Seats are for students: sign in, or create a free account, and you'll come back here.</p>
          ) : !student ? (
            <p className="mt-4 text-sm text-slate-500">Seats are for students: sign in with a student account to join one.</p>
          ) : (
            <p className="mt-4 text-sm">
              <Link to="/group-sessions" className="font-medium text-brand-700 hover:underline">
                My group sessions
              </Link>
            </p>
          )}
        </CardBody>
      </Card>
    </section>
  );
}
