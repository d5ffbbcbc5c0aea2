import { useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type ReactNode } from "react";
import { useLocation, useNavigate } from "react-router";
import { useBookSession, useMentorBookingTerms } from "../../api/bookings";
import { ApiError } from "../../api/errors";
import { mentorKeys } from "../../api/marketplace";
import type { PublicMentor, Slot, Topic } from "../../api/types";
import { loginPath } from "../../auth/next";
import { useSession } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { CalendarIcon, ClockIcon, LockIcon, SparklesIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { Skeleton } from "../../components/ui/Skeleton";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { errorMessage } from "../../lib/error-messages";
import { formatMoney } from "../../lib/money";
import { timezoneLabel } from "../../lib/timezones";
import type { ClockStyle } from "../../lib/viewer-zone";
import { formatSessionTime, openUrl, policyText, sessionPrice, SLOT_GONE } from "./booking-format";

export interface BookingDialogProps {
  mentor: PublicMentor;
  /** The picked slot, or null while the dialog is closed. */
  slot: Slot | null;
  /** The viewer's zone, in which the slot was picked. */
  zone: string;
  clock?: ClockStyle;
  /** What the session is to be about, when the student came from a topic. */
  topic?: Topic | null;
  onClose: () => void;
}

function minutesOf(slot: Slot): number {
  return Math.round((new Date(slot.end).getTime() - new Date(slot.start).getTime()) / 60_000);
}

type SessionKind = "regular" | "trial";

function KindOption({ name, value, checked, onChange, title, detail }: { name: string; value: SessionKind; checked: boolean; onChange: (value: SessionKind) => void; title: string; detail: string }) {
  return (
    <label
      className={cn(
        "flex cursor-pointer items-start gap-3 rounded-xl px-4 py-3 ring-1 transition-colors ring-inset has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-brand-600",
        checked ? "bg-brand-50/60 ring-brand-300" : "ring-slate-200 hover:bg-slate-50",
      )}
    >
      <input type="radio" name={name} value={value} checked={checked} onChange={() => onChange(value)} className="mt-0.5 size-4 accent-brand-600" />
      <span className="min-w-0">
        <span className="block text-sm font-semibold text-slate-900">{title}</span>
        <span className="block text-xs text-slate-500">{detail}</span>
      </span>
    </label>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 py-3 sm:flex-row sm:justify-between sm:gap-6">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm font-medium text-slate-900 sm:text-right">{children}</dd>
    </div>
  );
}

/**
 * Confirms a picked slot before paying: the time in both people's zones, the price for its
 * length and the mentor's cancellation policy; "Continue to payment" holds the slot and opens
 * the checkout.
 */
export function BookingDialog({ mentor, slot, zone, clock, topic = null, onClose }: BookingDialogProps) {
  const { user } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const toast = useToast();
  const queryClient = useQueryClient();
  const terms = useMentorBookingTerms(mentor.id, slot !== null);
  const book = useBookSession();
  const confirm = useRef<HTMLButtonElement>(null);
  const [kind, setKind] = useState<SessionKind>("regular");
  const [aboutTopic, setAboutTopic] = useState(true);
  if (!slot) return null;
  const about = topic && aboutTopic ? topic : null;

  const rate = mentor.hourly_rate_cents;
  const offer = terms.data && terms.data.trial_minutes != null ? { minutes: terms.data.trial_minutes, percent: terms.data.trial_price_percent } : null;
  // Offered as a choice only when the server says it is still this student's to book.
  const trialChoice = offer && rate != null && user?.role === "student" && terms.data?.trial_available === true ? offer : null;
  const trial = trialChoice !== null && kind === "trial";
  const slotMinutes = minutesOf(slot);
  const minutes = trial ? trialChoice.minutes : slotMinutes;
  const end = trial ? new Date(new Date(slot.start).getTime() + minutes * 60_000).toISOString() : slot.end;
  const price = rate != null ? (trial ? sessionPrice(rate, minutes, trialChoice.percent) : sessionPrice(rate, minutes)) : null;
  const trialPrice = offer && rate != null ? sessionPrice(rate, offer.minutes, offer.percent) : null;
  const here = `${location.pathname}${location.search}`;
  const sameZone = zone === mentor.timezone;
  const error = book.error instanceof ApiError ? book.error : null;

  const close = () => {
    book.reset();
    setKind("regular");
    setAboutTopic(true);
    onClose();
  };

  const submit = async () => {
    // Awaited rather than per-call callbacks: a 401 ends the session, which re-renders the page
    // for a visitor and unmounts this dialog before its callbacks would run.
    let started;
    try {
      started = await book.mutateAsync({ mentor_id: mentor.id, minutes, starts_at: slot.start, trial, ...(about ? { topic_id: about.id } : {}) });
    } catch (failure) {
      if (!(failure instanceof ApiError)) return;
      if (SLOT_GONE.has(failure.code)) {
        void queryClient.invalidateQueries({ queryKey: [...mentorKeys.all, "slots", mentor.id] });
        toast.error("That time was just taken", "Someone booked it a moment ago. The calendar shows the times still free.");
        close();
      } else if (failure.status === 401) {
        void navigate(loginPath(here));
      }
      return;
    }
    openUrl(started.checkout_url, (path) => void navigate(path));
  };

  let body: ReactNode;
  if (!user) {
    body = (
      <Alert tone="info" title="Sign in to book">
        Booking needs a student account. You'll come straight back to this calendar.
      </Alert>
    );
  } else if (user.role !== "student") {
    body = (
      <Alert tone="warning" title="Only students book sessions">
        You're signed in as a {user.role}. Sign in with a student account to book {mentor.display_name}.
      </Alert>
    );
  }

  return (
    <Modal
      open
      onClose={close}
      size="md"
      title={`Book a session with ${mentor.display_name}`}
      description="Check the details, then pay to confirm. We hold the time for you while you pay."
      icon={
        <span className="flex size-10 items-center justify-center rounded-xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
          <CalendarIcon size={20} />
        </span>
      }
      initialFocus={confirm}
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Back to calendar
          </Button>
          {!user ? (
            <ButtonLink to={loginPath(here)}>Sign in to book</ButtonLink>
          ) : user.role === "student" ? (
            <Button ref={confirm} onClick={submit} loading={book.isPending} disabled={price == null} icon={<LockIcon size={16} />}>
              Continue to payment
            </Button>
          ) : null}
        </>
      }
    >
      {trialChoice && trialPrice != null ? (
        <fieldset className="mb-4">
          <legend className="mb-2 text-sm font-medium text-slate-800">Session type</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            <KindOption
              name="session-kind"
              value="regular"
              checked={!trial}
              onChange={setKind}
              title={`${slotMinutes}-minute session`}
              detail={formatMoney(sessionPrice(rate ?? 0, slotMinutes), mentor.currency)}
            />
            <KindOption
              name="session-kind"
              value="trial"
              checked={trial}
              onChange={setKind}
              title={`Trial lesson: ${trialChoice.minutes} min for ${formatMoney(trialPrice, mentor.currency)}`}
              detail={`Once with each mentor, at ${trialChoice.percent} % of the price.`}
            />
          </div>
        </fieldset>
      ) : null}
      <dl className="divide-y divide-slate-100 rounded-xl px-4 ring-1 ring-slate-200">
        <Row label="Your time">
          {formatSessionTime(slot.start, end, zone, clock)}
          <span className="block text-xs font-normal text-slate-500">{timezoneLabel(zone)}</span>
        </Row>
        {sameZone ? null : (
          <Row label={`${mentor.display_name}'s time`}>
            {formatSessionTime(slot.start, end, mentor.timezone, clock)}
            <span className="block text-xs font-normal text-slate-500">{timezoneLabel(mentor.timezone)}</span>
          </Row>
        )}
        {topic ? (
          <Row label="Topic">
            {about ? (
              <span className="inline-flex items-center gap-2">
                {about.name}
                <button type="button" aria-label={`Remove the topic ${about.name}`} onClick={() => setAboutTopic(false)} className="text-xs font-medium text-brand-700 hover:underline">
                  Remove
                </button>
              </span>
            ) : (
              <button type="button" onClick={() => setAboutTopic(true)} className="text-sm font-medium text-brand-700 hover:underline">
                Book it about {topic.name}
              </button>
            )}
          </Row>
        ) : null}
        <Row label="Length">
          <span className="inline-flex items-center gap-1.5">
            <ClockIcon size={14} className="text-slate-400" /> {minutes} minutes{trial ? " (trial lesson)" : ""}
          </span>
        </Row>
        <Row label="Price">
          {price != null ? (
            <>
              <span className="text-base font-semibold tabular-nums" data-testid="booking-price">{formatMoney(price, mentor.currency)}</span>
              <span className="block text-xs font-normal text-slate-500">
                {`${formatMoney(rate ?? 0, mentor.currency)} per hour × ${minutes} min${trial ? ` × ${trialChoice.percent} %` : ""}`}
              </span>
            </>
          ) : (
            "Rate on request"
          )}
        </Row>
        <Row label="Cancellation">
          {terms.isPending ? (
            <Skeleton className="ml-auto h-4 w-56" />
          ) : terms.data ? (
            <span data-testid="booking-policy">{policyText(terms.data)}</span>
          ) : (
            <span className="font-normal text-slate-500">We couldn't load the policy; it's shown again before you pay.</span>
          )}
        </Row>
      </dl>
      {offer && trialPrice != null && !user ? (
        <p className="mt-4 flex items-start gap-2 text-sm text-slate-600">
          <SparklesIcon size={16} className="mt-0.5 shrink-0 text-brand-600" />
          {`New students can start with a trial lesson: ${offer.minutes} min for ${formatMoney(trialPrice, mentor.currency)}.`}
        </p>
      ) : null}
      {body ? <div className="mt-4">{body}</div> : null}
      {error && !SLOT_GONE.has(error.code) && error.status !== 401 ? (
        <Alert tone="danger" role="alert" className="mt-4" title="We couldn't start the booking">
          {error.code === "only_students_book" ? "Sign in with a student account to book a session." : errorMessage(error)}
        </Alert>
      ) : null}
    </Modal>
  );
}
