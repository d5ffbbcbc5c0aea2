import { useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useGiveSeatBack, useMyGroupSessions, useTakeSeat, type GroupSession } from "../../api/group-sessions";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
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
import { useViewerZone, type ClockStyle } from "../../lib/viewer-zone";
import { formatMoney } from "../../lib/money";
import { formatSessionTime, openUrl, useNow } from "../bookings/booking-format";
import { ConfirmDialog } from "./ConfirmDialog";
import { GroupStatusBadge } from "./GroupBits";
import { giveBackRefund, isAwaitingPayment, isLate, isUnpaidHoldOver, isUpcoming, seatErrorMessage, seatMoneyLabel, seatOutcome, seatPriceLabel } from "./group-format";

/** What the student's seat says when the session is not simply ahead of them. */
function seatNote(group: GroupSession, now: number): string | null {
  if (isUnpaidHoldOver(group, now)) return "Not paid in time: the seat was freed and nothing was charged";
  if (group.my_seat === "cancelled") return "You gave your seat back";
  if (group.my_seat === "released" || group.status === "cancelled") return "Called off by the mentor";
  return null;
}

/** Back from the gateway's checkout (`?session=<id>&paid=1` or `&cancelled=1`): how it went. */
function CheckoutReturn({ group, cancelled, zone, clock, now }: { group: GroupSession | undefined; cancelled: boolean; zone: string; clock: ClockStyle; now: number }) {
  if (!group) return null;
  if (group.my_seat === "taken") {
    return (
      <Alert tone="success" title="Payment received: the seat is yours" className="mb-4">
        {group.title}, {formatSessionTime(group.starts_at, group.ends_at, zone, clock)}.
      </Alert>
    );
  }
  if (isAwaitingPayment(group, now)) {
    return cancelled ? (
      <Alert tone="warning" title="Payment cancelled" className="mb-4">
        Your seat is still held until {formatDateTime(group.hold_expires_at, zone)}: pay before then to keep it.
      </Alert>
    ) : (
      <Alert tone="info" title="Payment received — confirming your seat" className="mb-4">
        This takes a few seconds; the page updates by itself.
      </Alert>
    );
  }
  if (isUnpaidHoldOver(group, now)) {
    return (
      <Alert tone="warning" title="The seat wasn't paid for" className="mb-4">
        It was freed for other students and nothing was charged. You can take a seat again from the mentor's page while there is room.
      </Alert>
    );
  }
  return null;
}

/** The refund of a seat given back now, as the API's figures allow. */
function RefundNote({ group, now, zone }: { group: GroupSession; now: number; zone: string }) {
  const refund = giveBackRefund(group, now);
  switch (refund.kind) {
    case "unpaid":
      return <p>You haven't paid for this seat yet, so nothing is charged or refunded.</p>;
    case "none":
      // A free seat: no money, though a late one still counts as a late cancellation.
      return isLate(group, now) ? (
        <Alert tone="warning" title="This counts as a late cancellation">
          Free cancellation ended {formatDateTime(group.free_cancellation_until, zone)}.
        </Alert>
      ) : (
        <p className="flex items-center gap-1.5">
          <CalendarIcon size={14} className="shrink-0 text-slate-400" />
          Free to cancel until {formatDateTime(group.free_cancellation_until, zone)}.
        </p>
      );
    case "full":
      return (
        <p className="flex items-center gap-1.5" data-testid="refund-note">
          <CalendarIcon size={14} className="shrink-0 text-slate-400" />
          You get the full {formatMoney(refund.amount, group.currency)} back: free cancellation until {formatDateTime(group.free_cancellation_until, zone)}.
        </p>
      );
    case "partial":
      return (
        <Alert tone="warning" title="This counts as a late cancellation">
          <span data-testid="refund-note">
            Free cancellation ended {formatDateTime(group.free_cancellation_until, zone)}, so only part of the {formatMoney(refund.paid, group.currency)} you paid comes back, by the late-cancellation share of the mentor's terms for this session.
          </span>
        </Alert>
      );
  }
}

/** The group sessions a student took a seat in, with "Give my seat back" before they start. */
export default function MyGroupSeatsPage() {
  const { zone, clock } = useViewerZone();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const returned = params.get("session");
  const groups = useMyGroupSessions(true, params.get("paid") ? returned : null);
  const giveBack = useGiveSeatBack();
  const pay = useTakeSeat();
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

  // Held again, the same checkout opens: paying later goes back to where it was left.
  const payNow = async (group: GroupSession) => {
    let held: GroupSession;
    try {
      held = await pay.mutateAsync(group.id);
    } catch (failure) {
      toast.error("We couldn't open the payment", seatErrorMessage(failure));
      return;
    }
    const next = seatOutcome(held);
    if (next.kind === "checkout") openUrl(next.url, (path) => void navigate(path));
    else toast.success("You have a seat", `${next.group.title}.`);
  };

  const upcoming = groups.data?.filter((group) => isUpcoming(group, now) && (group.my_seat === "taken" || isAwaitingPayment(group, now))) ?? [];
  const rest = groups.data?.filter((group) => !upcoming.includes(group)) ?? [];

  return (
    <>
      <PageHeader
        title="My group sessions"
        description="Sessions you share with other students."
        actions={<ButtonLink to="/mentors" icon={<UsersIcon size={16} />}>Find a group session</ButtonLink>}
      />
      <p className="mb-3 text-xs text-slate-500">Times in {timezoneLabel(zone)}</p>
      {returned ? <CheckoutReturn group={groups.data?.find((group) => group.id === returned)} cancelled={params.get("cancelled") !== null} zone={zone} clock={clock} now={now} /> : null}
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
                      const note = seatNote(group, now);
                      const money = seatMoneyLabel(group);
                      const ahead = part.items === upcoming;
                      const awaiting = isAwaitingPayment(group, now);
                      return (
                        <li key={group.id} className="flex flex-col gap-3 px-4 py-4 sm:flex-row sm:items-center sm:px-6">
                          <div className="min-w-0 flex-1">
                            <p className="text-sm font-semibold break-words text-slate-900">{group.title}</p>
                            <p className="mt-0.5 text-sm text-slate-600">{formatSessionTime(group.starts_at, group.ends_at, zone, clock)}</p>
                            <p className="mt-0.5 text-xs text-slate-500">
                              with <Link to={`/mentors/${group.mentor_id}`} className="font-medium text-brand-700 hover:underline">{group.mentor_name}</Link> · {seatPriceLabel(group)}
                              {money ? ` · ${money}` : ""}
                              {note ? ` · ${note}` : ""}
                            </p>
                            {awaiting && group.hold_expires_at ? (
                              <p className="mt-1 text-xs font-medium text-amber-800">Held for you until {formatDateTime(group.hold_expires_at, zone)}: pay by then to keep the seat.</p>
                            ) : null}
                          </div>
                          <div className="flex flex-wrap items-center gap-3">
                            {awaiting ? (
                              <Badge tone="warning" dot>
                                Awaiting payment
                              </Badge>
                            ) : isUnpaidHoldOver(group, now) ? (
                              <Badge tone="neutral" dot>
                                Expired
                              </Badge>
                            ) : (
                              <GroupStatusBadge status={group.status} />
                            )}
                            {awaiting ? (
                              <Button size="sm" onClick={() => void payNow(group)} loading={pay.isPending && pay.variables === group.id} disabled={pay.isPending} aria-label={`Pay now: ${group.title}`}>
                                Pay now
                              </Button>
                            ) : null}
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
            <RefundNote group={leaving} now={now} zone={zone} />
          </>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
