import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useScheduleGroupSession } from "../../api/group-sessions";
import { ApiError } from "../../api/errors";
import { mentorKeys } from "../../api/marketplace";
import type { Slot } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { UsersIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { useToast } from "../../components/ui/toast-context";
import { currencySymbol, parseAmount } from "../../lib/money";
import { timezoneLabel } from "../../lib/timezones";
import { required, useFormErrors } from "../../lib/use-form-errors";
import type { ClockStyle } from "../../lib/viewer-zone";
import { formatSessionTime, SLOT_GONE } from "../bookings/booking-format";

const FIELDS = ["title", "capacity", "seat_price"] as const;
const FORM_ID = "schedule-group-session";

export interface ScheduleGroupDialogProps {
  /** The picked free slot, or null while the dialog is closed. */
  slot: Slot | null;
  mentorId: string;
  currency: string;
  zone: string;
  clock?: ClockStyle;
  onClose: () => void;
}

function minutesOf(slot: Slot): number {
  return Math.round((new Date(slot.end).getTime() - new Date(slot.start).getTime()) / 60_000);
}

/** A group session in one of the mentor's free slots: its title, how many seats and their price. */
export function ScheduleGroupDialog({ slot, mentorId, currency, zone, clock, onClose }: ScheduleGroupDialogProps) {
  const schedule = useScheduleGroupSession();
  const queryClient = useQueryClient();
  const toast = useToast();
  const first = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState("");
  const [capacity, setCapacity] = useState("6");
  const [price, setPrice] = useState("0");
  const { formRef, fieldErrors, formError, fromApi, check, clearField, reset } = useFormErrors(FIELDS);
  if (!slot) return null;

  const close = () => {
    schedule.reset();
    reset();
    setTitle("");
    setCapacity("6");
    setPrice("0");
    onClose();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const seatPrice = parseAmount(price, currency);
    const seats = Number(capacity);
    // Only the shape of the numbers is checked here; the API says what it accepts.
    const ok = check({
      title: required(title, "Give the session a title."),
      capacity: capacity.trim() && Number.isInteger(seats) ? null : "Enter a whole number of seats.",
      seat_price: seatPrice == null ? "Enter an amount, like 0 or 12.50." : null,
    });
    if (!ok || seatPrice == null) return;
    try {
      await schedule.mutateAsync({ title: title.trim(), starts_at: slot.start, minutes: minutesOf(slot), capacity: seats, seat_price: seatPrice });
    } catch (failure) {
      if (failure instanceof ApiError && SLOT_GONE.has(failure.code)) {
        void queryClient.invalidateQueries({ queryKey: [...mentorKeys.all, "slots", mentorId] });
        toast.error("That time was just taken", "A student booked it a moment ago. The calendar shows the times still free.");
        close();
        return;
      }
      fromApi(failure);
      return;
    }
    toast.success("Group session scheduled", `${title.trim()}, ${formatSessionTime(slot.start, slot.end, zone, clock)}.`);
    close();
  };

  return (
    <Modal
      open
      onClose={close}
      size="md"
      title="Schedule a group session"
      description={`${formatSessionTime(slot.start, slot.end, zone, clock)} · ${timezoneLabel(zone)}`}
      icon={
        <span className="flex size-10 items-center justify-center rounded-xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
          <UsersIcon size={20} />
        </span>
      }
      initialFocus={first}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Back to calendar
          </Button>
          <Button type="submit" form={FORM_ID} loading={schedule.isPending}>
            Schedule
          </Button>
        </>
      }
    >
      <form id={FORM_ID} ref={formRef} noValidate onSubmit={(event) => void submit(event)} className="space-y-4">
        <TextField
          ref={first}
          label="Title"
          hint="What the students will work on together."
          value={title}
          maxLength={120}
          onChange={(event) => {
            setTitle(event.target.value);
            clearField("title");
          }}
          error={fieldErrors.title}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Seats"
            type="number"
            inputMode="numeric"
            min={2}
            max={20}
            hint="From 2 to 20 students."
            value={capacity}
            onChange={(event) => {
              setCapacity(event.target.value);
              clearField("capacity");
            }}
            error={fieldErrors.capacity}
          />
          <TextField
            label={`Price per seat (${currencySymbol(currency)})`}
            inputMode="decimal"
            hint="0 for a free session."
            value={price}
            onChange={(event) => {
              setPrice(event.target.value);
              clearField("seat_price");
            }}
            error={fieldErrors.seat_price}
          />
        </div>
        <p className="text-sm text-slate-600">{minutesOf(slot)} minutes. The time leaves your public calendar once scheduled.</p>
        {formError ? (
          <Alert tone="danger" role="alert" title="We couldn't schedule it">
            {formError}
          </Alert>
        ) : null}
      </form>
    </Modal>
  );
}
