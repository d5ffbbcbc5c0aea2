import { useState } from "react";
import { useGroupSessionOutcome, useMyGroupSessions, type GroupSession } from "../../api/group-sessions";
import { Button } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { CheckIcon, UsersIcon } from "../../components/ui/icons";
import { Skeleton } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import type { ClockStyle } from "../../lib/viewer-zone";
import { formatSessionTime, useNow } from "../bookings/booking-format";
import { ConfirmDialog } from "./ConfirmDialog";
import { GroupStatusBadge, SeatMeter } from "./GroupBits";
import { canCallOff, canComplete, isUpcoming, seatErrorMessage, seatPriceLabel } from "./group-format";

type Tab = "upcoming" | "past";

function Row({ group, zone, clock, now, onCallOff }: { group: GroupSession; zone: string; clock?: ClockStyle | undefined; now: number; onCallOff: (group: GroupSession) => void }) {
  const outcome = useGroupSessionOutcome();
  const toast = useToast();
  const names = group.seats.map((seat) => seat.student_name);
  const markHeld = async () => {
    try {
      await outcome.mutateAsync({ groupId: group.id, outcome: "complete" });
    } catch (failure) {
      toast.error("We couldn't mark it held", seatErrorMessage(failure));
      return;
    }
    toast.success("Marked as held", group.title);
  };
  return (
    <li className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-start sm:px-6">
      <div className="min-w-0 flex-1">
        <p className="text-sm font-semibold text-slate-900">{group.title}</p>
        <p className="mt-0.5 text-sm text-slate-600">{formatSessionTime(group.starts_at, group.ends_at, zone, clock)}</p>
        <div className="mt-2 flex flex-wrap items-center gap-x-4 gap-y-1.5">
          <SeatMeter group={group} />
          <span className="text-xs text-slate-500">{seatPriceLabel(group)}</span>
        </div>
        <p className="mt-1.5 text-xs text-slate-500">{names.length ? `Students: ${names.join(", ")}` : "No students yet"}</p>
      </div>
      <div className="flex flex-wrap items-center gap-2 sm:justify-end">
        <GroupStatusBadge status={group.status} />
        {canComplete(group, now) ? (
          <Button size="sm" variant="subtle" icon={<CheckIcon size={14} />} loading={outcome.isPending} onClick={() => void markHeld()}>
            Mark as held
          </Button>
        ) : null}
        {canCallOff(group, now) ? (
          <Button size="sm" variant="danger-soft" onClick={() => onCallOff(group)}>
            Call off
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/** A mentor's own group sessions, upcoming or past, with the seats taken and who holds them. */
export function MentorGroupList({ zone, clock }: { zone: string; clock?: ClockStyle | undefined }) {
  const groups = useMyGroupSessions();
  const callOff = useGroupSessionOutcome();
  const toast = useToast();
  const [tab, setTab] = useState<Tab>("upcoming");
  const [cancelling, setCancelling] = useState<GroupSession | null>(null);
  // Ticking: a session that ends while the page is open moves on to "past" by itself.
  const now = useNow();
  const shown = groups.data?.filter((group) => isUpcoming(group, now) === (tab === "upcoming")) ?? [];
  // Past ones newest first: the one waiting to be marked held is on top.
  if (tab === "past") shown.reverse();

  const close = () => {
    callOff.reset();
    setCancelling(null);
  };
  const confirm = async () => {
    if (!cancelling) return;
    try {
      await callOff.mutateAsync({ groupId: cancelling.id, outcome: "cancel" });
    } catch {
      return;
    }
    toast.success("Group session called off", "Every seat was released.");
    setCancelling(null);
  };

  return (
    <Card>
      <CardHeader title="Your group sessions" />
      <div role="tablist" aria-label="Group sessions" className="flex gap-1 border-b border-slate-200 px-4 sm:px-6">
        {(["upcoming", "past"] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={tab === value}
            onClick={() => setTab(value)}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium",
              tab === value ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:text-slate-800",
            )}
          >
            {value === "upcoming" ? "Upcoming" : "Past"}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {groups.isError ? (
          <ErrorState error={groups.error} title="We couldn't load your group sessions" onRetry={() => void groups.refetch()} />
        ) : groups.isPending ? (
          <div aria-hidden="true" className="space-y-3 p-6">
            <Skeleton className="h-12 w-full" />
            <Skeleton className="h-12 w-full" />
          </div>
        ) : shown.length === 0 ? (
          <EmptyState
            icon={<UsersIcon size={22} />}
            title={tab === "upcoming" ? "No upcoming group sessions" : "No past group sessions yet"}
            description={tab === "upcoming" ? "Pick a free time above to schedule one." : "Sessions you have held or called off appear here."}
          />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={tab === "upcoming" ? "Upcoming group sessions" : "Past group sessions"}>
            {shown.map((group) => (
              <Row key={group.id} group={group} zone={zone} clock={clock} now={now} onCallOff={setCancelling} />
            ))}
          </ul>
        )}
      </div>
      <ConfirmDialog
        open={cancelling !== null}
        title="Call this group session off?"
        confirmLabel="Call it off"
        danger
        pending={callOff.isPending}
        error={callOff.isError ? seatErrorMessage(callOff.error) : null}
        onConfirm={() => void confirm()}
        onClose={close}
      >
        {cancelling ? (
          <p>
            <span className="font-medium text-slate-900">{cancelling.title}</span>, {formatSessionTime(cancelling.starts_at, cancelling.ends_at, zone, clock)}.{" "}
            {cancelling.seats.length
              ? `${cancelling.seats.length} student${cancelling.seats.length === 1 ? "" : "s"} will lose their seat.`
              : "Nobody has taken a seat yet."}{" "}
            The time becomes free on your calendar again.
          </p>
        ) : null}
      </ConfirmDialog>
    </Card>
  );
}
