import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useRescheduleSession, type BookedSession } from "../../api/bookings";
import { ApiError } from "../../api/errors";
import { mentorKeys, useMentorSlots } from "../../api/marketplace";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { Modal } from "../../components/ui/Modal";
import { Skeleton } from "../../components/ui/Skeleton";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { formatClock, todayIn } from "../../lib/datetime";
import { errorMessage } from "../../lib/error-messages";
import type { ClockStyle } from "../../lib/viewer-zone";
import { formatSessionTime, SLOT_GONE } from "./booking-format";

/** Moves a confirmed session: a day, then one of the mentor's free times that day, same length. */
export function RescheduleDialog({ session, zone, clock, onClose }: { session: BookedSession; zone: string; clock?: ClockStyle; onClose: () => void }) {
  const today = todayIn(zone);
  const [day, setDay] = useState(() => todayIn(zone, new Date(session.starts_at)));
  const [chosen, setChosen] = useState<string | null>(null);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= today;
  const slots = useMentorSlots(session.mentor_id, { start: valid ? day : today, days: 1, timezone: zone, session_minutes: session.minutes }, valid);
  const move = useRescheduleSession(session.id);
  const toast = useToast();
  const queryClient = useQueryClient();
  const free = (slots.data?.days ?? []).flatMap((entry) => entry.slots).filter((slot) => slot.start !== session.starts_at);
  const failure = move.error;

  const submit = () => {
    if (!chosen) return;
    move.mutate(chosen, {
      onSuccess: (moved) => {
        toast.success("Session moved", formatSessionTime(moved.starts_at, moved.ends_at, zone, clock));
        onClose();
      },
      onError: (error) => {
        if (error instanceof ApiError && SLOT_GONE.has(error.code)) {
          setChosen(null);
          void queryClient.invalidateQueries({ queryKey: [...mentorKeys.all, "slots", session.mentor_id] });
        }
      },
    });
  };

  return (
    <Modal
      open
      onClose={onClose}
      title="Move this session"
      description={`Now: ${formatSessionTime(session.starts_at, session.ends_at, zone, clock)}. Pick another free time of the same length; nothing more to pay.`}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={move.isPending}>
            Keep the time
          </Button>
          <Button onClick={submit} loading={move.isPending} disabled={!chosen}>
            Move session
          </Button>
        </>
      }
    >
      <TextField label="Day" type="date" value={day} min={today} onChange={(event) => { setDay(event.target.value); setChosen(null); }} error={valid ? undefined : "Choose today or a later day."} />
      <div className="mt-4" aria-busy={slots.isFetching || undefined}>
        {!valid ? null : slots.isPending ? (
          <div className="grid grid-cols-3 gap-2" aria-hidden="true">
            {[0, 1, 2].map((index) => <Skeleton key={index} className="h-9" />)}
          </div>
        ) : slots.isError ? (
          <Alert tone="danger" role="alert" title="We couldn't load the free times">{errorMessage(slots.error)}</Alert>
        ) : free.length === 0 ? (
          <p className="rounded-xl border border-dashed border-slate-200 px-4 py-3 text-center text-sm text-slate-500">No free times that day. Try another day.</p>
        ) : (
          <div role="radiogroup" aria-label="Free times" className="grid grid-cols-3 gap-2 sm:grid-cols-4">
            {free.map((slot) => (
              <button
                key={slot.start}
                type="button"
                role="radio"
                aria-checked={chosen === slot.start}
                aria-label={`${formatClock(slot.start, zone, clock)} to ${formatClock(slot.end, zone, clock)}`}
                onClick={() => setChosen(slot.start)}
                className={cn(
                  "rounded-lg px-1 py-2 text-center text-sm font-medium tabular-nums ring-1 ring-inset transition-colors",
                  chosen === slot.start ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-brand-700 ring-brand-200 hover:bg-brand-50",
                )}
              >
                {formatClock(slot.start, zone, clock)}
              </button>
            ))}
          </div>
        )}
      </div>
      {failure ? (
        <Alert tone="danger" role="alert" className="mt-4" title="We couldn't move it">
          {failure instanceof ApiError && SLOT_GONE.has(failure.code) ? "Someone just took that time. Pick another one." : errorMessage(failure)}
        </Alert>
      ) : null}
    </Modal>
  );
}
