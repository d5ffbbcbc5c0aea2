import { useState } from "react";
import { Link } from "react-router";
import { useGiveSeatBack, useMyGroupSessions, type GroupSession } from "../../api/group-sessions";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { CalendarIcon, UsersIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDateTime } from "../../lib/format";
import { timezoneLabel } from "../../lib/timezones";
import { useViewerZone } from "../../lib/viewer-zone";
import { formatSessionTime, useNow } from "../bookings/booking-format";
import { ConfirmDialog } from "./ConfirmDialog";
import { GroupStatusBadge } from "./GroupBits";
import { isLate, isUpcoming, seatErrorMessage, seatPriceLabel } from "./group-format";

/** What the student's seat says when the session is not simply ahead of them. */
function seatNote(group: GroupSession): string | null {
  if (group.my_seat === "cancelled") return "You gave your seat back";
  if (group.my_seat === "released" || group.status === "cancelled") return "Called off by the mentor";
  return null;
}

/** The group sessions a student took a seat in, with "Give my seat back" before they start. */
export default function MyGroupSeatsPage() {
  const { zone, clock } = useViewerZone();
  const groups = useMyGroupSessions();
  const giveBack = useGiveSeatBack();
  const toast = useToast();
  const [leaving, setLeaving] = useState<GroupSession | null>(null);
  useDocumentTitle("My group sessions");
  // Ticking: a session that ends while the page is open moves on to "past" by itself.
  const now = useNow();

  const close = () => {
    giveBack.reset();
    setLeaving(null);
  };
  const confirm = async () => {
    if (!leaving) return;
    try {
      await giveBack.mutateAsync(leaving.id);
    } catch {
      return;
    }
    toast.success("Seat given back", `${leaving.title} is free for someone else.`);
    setLeaving(null);
  };

  const upcoming = groups.data?.filter((group) => isUpcoming(group, now) && group.my_seat === "taken") ?? [];
  const rest = groups.data?.filter((group) => !upcoming.includes(group)) ?? [];

  return (
    <>
      <PageHeader
        title="My group sessions"
        description="Sessions you share with other students."
        actions={<ButtonLink to="/mentors" icon={<UsersIcon size={16} />}>Find a group session</ButtonLink>}
      />
      <p className="mb-3 text-xs text-slate-500">Times in {timezoneLabel(zone)}</p>
      <Card>
        {groups.isError ? (
          <ErrorState error={groups.error} title="We couldn't load your group sessions" onRetry={() => void groups.refetch()} />
        ) : groups.isPending ? (
          <ul aria-hidden="true" className="divide-y divide-slate-100">
            {[0, 1].map((row) => (
              <li key={row} className="flex items-center gap-4 px-4 py-4 sm:px-6">
                <Skeleton className="h-4 w-40" />
                <Skeleton className="h-4 flex-1" />
              </li>
            ))}
          </ul>
        ) : groups.data.length === 0 ? (
          <EmptyState
            icon={<UsersIcon size={22} />}
            title="No group sessions yet"
            description="Mentors list their group sessions on their profile. Take a seat in one and it appears here."
            action={<ButtonLink to="/mentors">Find a mentor</ButtonLink>}
          />
        ) : (
          <>
            {[
              { label: "Upcoming", items: upcoming },
              { label: "Earlier", items: rest },
            ].map((part) =>
              part.items.length ? (
                <section key={part.label} aria-label={`${part.label} group sessions`}>
                  <h2 className="border-b border-slate-100 bg-slate-50/60 px-4 py-2 text-xs font-semibold tracking-wide text-slate-500 uppercase sm:px-6">{part.label}</h2>
                  <ul className="divide-y divide-slate-100">
                    {part.items.map((group) => {
                      const note = seatNote(group);
                      const ahead = part.items === upcoming;
                      return (
                        <li key={group.id} className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:px-6">
                          <div className="min-w-0 flex-1">
                            <p className="truncate text-sm font-semibold text-slate-900">{group.title}</p>
                            <p className="mt-0.5 text-sm text-slate-600">{formatSessionTime(group.starts_at, group.ends_at, zone, clock)}</p>
                            <p className="mt-0.5 text-xs text-slate-500">
                              with <Link to={`/mentors/${group.mentor_id}`} className="font-medium text-brand-700 hover:underline">{group.mentor_name}</Link> · {seatPriceLabel(group)}
                              {note ? ` · ${note}` : ""}
                            </p>
                          </div>
                          <div className="flex items-center gap-3">
                            <GroupStatusBadge status={group.status} />
                            {ahead ? (
                              <Button variant="danger-soft" size="sm" onClick={() => setLeaving(group)}>
                                Give my seat back
                              </Button>
                            ) : null}
                          </div>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ) : null,
            )}
          </>
        )}
      </Card>
      <ConfirmDialog
        open={leaving !== null}
        title="Give your seat back?"
        confirmLabel="Give my seat back"
        cancelLabel="Keep my seat"
        danger
        pending={giveBack.isPending}
        error={giveBack.isError ? seatErrorMessage(giveBack.error) : null}
        onConfirm={() => void confirm()}
        onClose={close}
      >
        {leaving ? (
          <>
            <p>
              <span className="font-medium text-slate-900">{leaving.title}</span>, {formatSessionTime(leaving.starts_at, leaving.ends_at, zone, clock)}. Your seat goes to the next student who wants it.
            </p>
            {isLate(leaving, now) ? (
              <Alert tone="warning" title="This counts as a late cancellation">
                Free cancellation ended {formatDateTime(leaving.free_cancellation_until, zone)}.
              </Alert>
            ) : (
              <p className="flex items-center gap-1.5">
                <CalendarIcon size={14} className="shrink-0 text-slate-400" />
                Free to cancel until {formatDateTime(leaving.free_cancellation_until, zone)}.
              </p>
            )}
          </>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
