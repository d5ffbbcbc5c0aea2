import { useId, useState, type FormEvent, type ReactNode } from "react";
import { Link } from "react-router";
import { useMyBookingTerms, useSaveMyBookingTerms, type BookingTerms } from "../../api/bookings";
import { ApiError } from "../../api/errors";
import { useMyAvailability, useMyMentorProfile, useSaveAvailability } from "../../api/mentoring";
import type { Availability } from "../../api/types";
import { useUser } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { SelectField, TextField } from "../../components/ui/Field";
import { AlertCircleIcon, CheckCircleIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { FormPageSkeleton } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { ConflictAlert, SaveStatus } from "./EditorStatus";
import { useDocumentTitle } from "../../lib/document-title";
import { useLeaveGuard } from "../../lib/use-leave-guard";
import { useUnsavedChangesWarning } from "../../lib/use-unsaved-changes";
import { LeaveDialog } from "../editor/LeaveDialog";
import {
  availabilityPayload,
  draftFrom,
  LENGTH_CHOICES,
  LIMITS,
  rulesChanged,
  settingsErrorsFrom,
  settingsPreview,
  settingsProblems,
  termsChanged,
  termsPayload,
  TRIAL_LENGTHS,
  type SettingsDraft,
  type SettingsErrors,
  type SettingsField,
} from "./booking-settings-form";

const TITLE = "Booking settings";
const DESCRIPTION = "How and when students can book you, and what happens when plans change. New bookings follow these terms; sessions already booked keep theirs.";

type Update = (change: Partial<SettingsDraft>, field?: SettingsField) => void;

function LengthToggles({ draft, error, update }: { draft: SettingsDraft; error: string | undefined; update: Update }) {
  const id = useId();
  const lengths = [...new Set([...LENGTH_CHOICES, ...draft.sessionLengths])].sort((a, b) => a - b);
  return (
    <fieldset className="space-y-2" aria-describedby={`${id}-note`}>
      <legend className="text-sm font-medium text-slate-800">Session lengths</legend>
      <div className="flex flex-wrap gap-2">
        {lengths.map((minutes) => {
          const on = draft.sessionLengths.includes(minutes);
          return (
            <button
              key={minutes}
              type="button"
              aria-pressed={on}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? `${id}-note` : undefined}
              onClick={() =>
                update({ sessionLengths: on ? draft.sessionLengths.filter((value) => value !== minutes) : [...draft.sessionLengths, minutes].sort((a, b) => a - b) }, "session_lengths")
              }
              className={cn(
                "rounded-full px-3.5 py-1.5 text-sm font-medium ring-1 transition-colors ring-inset",
                on ? "bg-brand-600 text-white ring-brand-600 hover:bg-brand-700" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50",
                error && !on && "ring-rose-400",
              )}
            >
              {minutes} min
            </button>
          );
        })}
      </div>
      {error ? (
        <p id={`${id}-note`} className="flex items-start gap-1.5 text-sm text-rose-600">
          <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
          {error}
        </p>
      ) : (
        <p id={`${id}-note`} className="text-sm text-slate-500">
          Students choose one of these when they book. The price follows your hourly rate.
        </p>
      )}
    </fieldset>
  );
}

function NumberField({
  label,
  value,
  field,
  error,
  hint,
  decimal = false,
  update,
  make,
}: {
  label: string;
  value: string;
  field: SettingsField;
  error: string | undefined;
  hint: ReactNode;
  decimal?: boolean;
  update: Update;
  make: (text: string) => Partial<SettingsDraft>;
}) {
  return (
    <TextField
      label={label}
      value={value}
      inputMode={decimal ? "decimal" : "numeric"}
      autoComplete="off"
      onChange={(event) => update(make(event.target.value), field)}
      error={error}
      hint={hint}
      className="tabular-nums"
    />
  );
}

function Preview({ draft, hourlyRate, currency }: { draft: SettingsDraft; hourlyRate: number | null; currency: string }) {
  const lines = settingsPreview(draft, { hourlyRate, currency });
  return (
    <Card>
      <CardHeader title="What students read" description="Shown with your calendar and before they pay." />
      <CardBody>
        <ul className="space-y-2.5 text-sm leading-6 text-slate-700" aria-label="Terms as students read them" aria-live="polite">
          {lines.map((line) => (
            <li key={line} className="flex gap-2.5">
              <CheckCircleIcon size={16} className="mt-1 shrink-0 text-emerald-600" aria-hidden="true" />
              <span>{line}</span>
            </li>
          ))}
        </ul>
      </CardBody>
    </Card>
  );
}

function Editor({ availability, terms, onReload, reloading }: { availability: Availability; terms: BookingTerms; onReload: () => void; reloading: boolean }) {
  const user = useUser();
  const toast = useToast();
  const profile = useMyMentorProfile();
  const saveTerms = useSaveMyBookingTerms(user.id);
  const saveRules = useSaveAvailability();
  const [draft, setDraft] = useState(() => draftFrom(availability, terms));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const saving = saveTerms.isPending || saveRules.isPending;
  // Compared with what is stored now: after a save that got half-way, only the rest is unsaved.
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftFrom(availability, terms));
  useUnsavedChangesWarning(dirty);
  const leaving = useLeaveGuard(dirty && !saving);

  const update: Update = (change, field) => {
    setDraft((current) => ({ ...current, ...change }));
    if (field && errors[field]) {
      setErrors((current) => {
        const next = { ...current };
        delete next[field];
        return next;
      });
    }
  };

  function showProblems(fields: SettingsErrors, form: string | null) {
    setErrors(fields);
    setFormError(form);
    window.setTimeout(() => document.querySelector<HTMLElement>("main [aria-invalid='true']")?.focus(), 0);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems = settingsProblems(draft);
    if (Object.keys(problems).length) {
      showProblems(problems, null);
      return;
    }
    setErrors({});
    setFormError(null);
    const newTerms = termsPayload(draft);
    const rules = availabilityPayload(draft, availability);
    try {
      if (termsChanged(newTerms, terms)) await saveTerms.mutateAsync(newTerms);
      if (rulesChanged(rules, availability)) await saveRules.mutateAsync(rules);
      toast.success("Booking settings saved", "Students see the new terms straight away.");
    } catch (error) {
      if (error instanceof ApiError && (error.code === "concurrent_modification" || error.status === 409)) {
        setConflict(true);
        return;
      }
      const mapped = settingsErrorsFrom(error);
      showProblems(mapped.fields, mapped.form);
    }
  }

  const hourlyRate = profile.data?.hourly_rate_cents ?? null;
  const currency = profile.data?.currency ?? "EUR";
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label={TITLE}>
      <PageHeader
        eyebrow="Mentor"
        title={TITLE}
        description={DESCRIPTION}
        actions={<SaveStatus dirty={dirty} />}
      />
      {conflict ? (
        <ConflictAlert reloading={reloading} onReload={onReload}>
          Your hours or booking rules were saved in another tab or on another device after you opened this page. Reload to see the latest version; the changes you
          made here will be discarded.
        </ConflictAlert>
      ) : null}
      {formError ? (
        <Alert tone="danger" role="alert" title="The settings weren't saved" className="mb-6">
          {formError}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="min-w-0 space-y-6 lg:col-span-3">
          <Card>
            <CardHeader title="Sessions and timing" description="What students can book, and how far ahead." />
            <CardBody className="space-y-6">
              <LengthToggles draft={draft} error={errors.session_lengths} update={update} />
              <div className="grid gap-5 sm:grid-cols-2">
                <NumberField
                  label="Minimum notice (hours)"
                  value={draft.noticeHours}
                  field="min_notice_minutes"
                  error={errors.min_notice_minutes}
                  hint="How soon before a session students can still book it."
                  decimal
                  update={update}
                  make={(noticeHours) => ({ noticeHours })}
                />
                <NumberField
                  label="Booking window (days)"
                  value={draft.horizonDays}
                  field="horizon_days"
                  error={errors.horizon_days}
                  hint={`How far ahead students can book, up to ${LIMITS.horizonDays} days.`}
                  update={update}
                  make={(horizonDays) => ({ horizonDays })}
                />
                <NumberField
                  label="Break between sessions (minutes)"
                  value={draft.bufferMinutes}
                  field="buffer_minutes"
                  error={errors.buffer_minutes}
                  hint="Kept free after each session."
                  update={update}
                  make={(bufferMinutes) => ({ bufferMinutes })}
                />
                <NumberField
                  label="Sessions per day, at most"
                  value={draft.maxPerDay}
                  field="max_sessions_per_day"
                  error={errors.max_sessions_per_day}
                  hint="Once a day is full, its other times aren't offered."
                  update={update}
                  make={(maxPerDay) => ({ maxPerDay })}
                />
              </div>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Cancellation policy" description="If you cancel a session, the student always gets everything back." />
            <CardBody>
              <div className="grid gap-5 sm:grid-cols-2">
                <NumberField
                  label="Free cancellation until (hours before)"
                  value={draft.freeUntilHours}
                  field="free_until_hours"
                  error={errors.free_until_hours}
                  hint="Until then a student who cancels gets a full refund. 0: up to the start."
                  update={update}
                  make={(freeUntilHours) => ({ freeUntilHours })}
                />
                <NumberField
                  label="Refund after that (%)"
                  value={draft.lateRefundPercent}
                  field="late_refund_percent"
                  error={errors.late_refund_percent}
                  hint="What a student gets back for a later cancellation."
                  update={update}
                  make={(lateRefundPercent) => ({ lateRefundPercent })}
                />
              </div>
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Trial lesson" description="A shorter, cheaper first session, once per student." />
            <CardBody className="space-y-5">
              <label className="flex items-start gap-3 text-sm text-slate-800">
                <input
                  type="checkbox"
                  className="mt-0.5 size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600"
                  checked={draft.trial}
                  onChange={(event) => update({ trial: event.target.checked }, "trial_price_percent")}
                />
                <span>
                  <span className="font-medium">Offer a trial lesson</span>
                  <span className="block text-slate-500">New students can try a lesson with you before booking a full one.</span>
                </span>
              </label>
              {draft.trial ? (
                <div className="grid gap-5 sm:grid-cols-2">
                  <SelectField
                    label="Trial length"
                    value={draft.trialMinutes}
                    onChange={(event) => update({ trialMinutes: Number(event.target.value) }, "trial_minutes")}
                    error={errors.trial_minutes}
                  >
                    {TRIAL_LENGTHS.map((minutes) => (
                      <option key={minutes} value={minutes}>
                        {minutes} minutes
                      </option>
                    ))}
                  </SelectField>
                  <NumberField
                    label="Trial price (% of your rate)"
                    value={draft.trialPricePercent}
                    field="trial_price_percent"
                    error={errors.trial_price_percent}
                    hint="0 makes it free."
                    update={update}
                    make={(trialPricePercent) => ({ trialPricePercent })}
                  />
                </div>
              ) : null}
            </CardBody>
          </Card>
        </div>
        <div className="lg:col-span-2">
          <div className="space-y-4 lg:sticky lg:top-6">
            <Preview draft={draft} hourlyRate={hourlyRate} currency={currency} />
            <p className="px-1 text-sm text-slate-500">
              Your weekly hours and days off are on the{" "}
              <Link to="/mentor/availability" className="font-medium text-brand-700 hover:underline">
                availability page
              </Link>
              .
            </p>
          </div>
        </div>
      </div>
      {dirty ? (
        <div className="sticky bottom-0 z-10 -mx-4 mt-6 border-t border-slate-200 bg-white/90 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6 lg:-mx-10 lg:px-10">
          <div className="flex flex-wrap items-center justify-end gap-3">
            <p className="mr-auto text-sm text-slate-600">You have unsaved changes.</p>
            <Button
              variant="ghost"
              disabled={saving}
              onClick={() => {
                setDraft(draftFrom(availability, terms));
                setErrors({});
                setFormError(null);
              }}
            >
              Discard
            </Button>
            <Button type="submit" loading={saving} disabled={conflict}>
              Save settings
            </Button>
          </div>
        </div>
      ) : null}
      <LeaveDialog leaving={leaving} description="The booking settings you changed haven't been saved. If you leave now, the changes are lost." />
    </form>
  );
}

export default function BookingSettingsPage() {
  useDocumentTitle(TITLE);
  const availability = useMyAvailability();
  const terms = useMyBookingTerms();
  const [generation, setGeneration] = useState(0);
  const [reloading, setReloading] = useState(false);

  if (availability.isPending || terms.isPending) return <FormPageSkeleton label="Loading your booking settings…" columns="lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" />;
  if (availability.isError || terms.isError) {
    return (
      <>
        <PageHeader eyebrow="Mentor" title={TITLE} description={DESCRIPTION} />
        <Card>
          <ErrorState
            error={availability.error ?? terms.error}
            title="We couldn't load your booking settings"
            onRetry={() => {
              if (availability.isError) void availability.refetch();
              if (terms.isError) void terms.refetch();
            }}
          />
        </Card>
      </>
    );
  }

  async function reload() {
    setReloading(true);
    try {
      await Promise.all([availability.refetch(), terms.refetch()]);
      setGeneration((value) => value + 1);
    } finally {
      setReloading(false);
    }
  }

  return <Editor key={`${availability.data.version}-${generation}`} availability={availability.data} terms={terms.data} onReload={() => void reload()} reloading={reloading} />;
}
