import { useId, useMemo, useState, type ReactNode } from "react";
import { ApiError } from "../../api/errors";
import { useMyAvailability, useMyMentorProfile, useSaveAvailability } from "../../api/mentoring";
import type { Availability } from "../../api/types";
import { useUser } from "../../auth/session-context";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { AlertCircleIcon, CalendarIcon, CopyIcon, PlusIcon, TrashIcon, XIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { TimezoneSelect } from "../../components/ui/TimezoneSelect";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { addDays, calendarDay, todayIn } from "../../lib/datetime";
import { ConflictAlert, SaveStatus } from "./EditorStatus";
import { useDocumentTitle } from "../../lib/document-title";
import { errorMessage } from "../../lib/error-messages";
import { browserTimezone } from "../../lib/timezones";
import { useViewerZone } from "../../lib/viewer-zone";
import { WeekSlots } from "../mentors/WeekSlots";
import { useLeaveGuard } from "../../lib/use-leave-guard";
import { useUnsavedChangesWarning } from "../../lib/use-unsaved-changes";
import {
  copyHours,
  draftFromAvailability,
  hasErrors,
  localProblems,
  mapAvailabilityErrors,
  newKey,
  nextWindow,
  toPayload,
  WEEKDAYS,
  weeklyHours,
  type AvailabilityDraft,
  type DraftErrors,
  type OverrideRow,
  type RuleField,
  type WindowErrors,
  type WindowRow,
} from "./availability-form";

const NOTICES: Array<[number, string]> = [
  [0, "No minimum"],
  [60, "1 hour"],
  [120, "2 hours"],
  [240, "4 hours"],
  [720, "12 hours"],
  [1440, "24 hours"],
  [2880, "2 days"],
  [4320, "3 days"],
  [10080, "1 week"],
  [20160, "2 weeks"],
];
const NO_ERRORS: DraftErrors = { rules: {}, windows: {}, days: {}, general: [] };

const timeInput =
  "block h-10 min-w-0 flex-1 rounded-lg border-0 bg-white px-2.5 text-slate-900 tabular-nums shadow-xs ring-1 ring-inset focus:ring-2 focus:ring-inset focus:outline-none disabled:bg-slate-50 sm:text-sm/6";

function WindowEditor({ label, row, errors, onChange, onRemove }: { label: string; row: WindowRow; errors: WindowErrors | undefined; onChange: (row: WindowRow) => void; onRemove: () => void }) {
  const id = useId();
  const message = errors?.row ?? errors?.start ?? errors?.end;
  return (
    <li className="space-y-1">
      <div className="flex items-center gap-2">
        <input
          type="time"
          step={900}
          aria-label={`${label}, start`}
          value={row.start}
          required
          onChange={(event) => onChange({ ...row, start: event.target.value })}
          aria-invalid={errors?.start || errors?.row ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          className={cn(timeInput, "sm:w-36 sm:flex-none", errors?.start || errors?.row ? "ring-rose-400 focus:ring-rose-500" : "ring-slate-300 focus:ring-brand-600")}
        />
        <span className="text-sm text-slate-400" aria-hidden="true">
          –
        </span>
        <input
          type="time"
          step={900}
          aria-label={`${label}, end`}
          value={row.end}
          required
          onChange={(event) => onChange({ ...row, end: event.target.value })}
          aria-invalid={errors?.end || errors?.row ? true : undefined}
          aria-describedby={message ? `${id}-error` : undefined}
          className={cn(timeInput, "sm:w-36 sm:flex-none", errors?.end || errors?.row ? "ring-rose-400 focus:ring-rose-500" : "ring-slate-300 focus:ring-brand-600")}
        />
        <button type="button" onClick={onRemove} className="rounded-lg p-2 text-slate-400 hover:bg-slate-100 hover:text-rose-600" aria-label={`Remove ${label}`}>
          <TrashIcon size={16} />
        </button>
      </div>
      {message ? (
        <p id={`${id}-error`} className="flex items-start gap-1.5 text-sm text-rose-600">
          <AlertCircleIcon size={15} className="mt-0.5 shrink-0" />
          {message}
        </p>
      ) : null}
    </li>
  );
}

function WindowList({ label, rows, errors, onChange }: { label: string; rows: WindowRow[]; errors: DraftErrors; onChange: (rows: WindowRow[]) => void }) {
  return (
    <div className="flex flex-col items-start gap-2">
      {rows.length ? (
        <ul className="w-full space-y-2 sm:w-auto">
          {rows.map((row, index) => (
            <WindowEditor
              key={row.key}
              label={`${label}, window ${index + 1}`}
              row={row}
              errors={errors.windows[row.key]}
              onChange={(next) => onChange(rows.map((item) => (item.key === row.key ? next : item)))}
              onRemove={() => onChange(rows.filter((item) => item.key !== row.key))}
            />
          ))}
        </ul>
      ) : null}
      <Button variant="ghost" size="sm" className="-ml-2 text-brand-700" icon={<PlusIcon size={15} />} onClick={() => onChange([...rows, nextWindow(rows)])} aria-label={`Add hours on ${label}`}>
        Add hours
      </Button>
    </div>
  );
}

const WORKDAYS = [0, 1, 2, 3, 4];

function CopyHours({ day, weekday, onCopy }: { day: string; weekday: number; onCopy: (to: number[]) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<number[]>([]);
  const others = WEEKDAYS.map((name, index) => ({ name, index })).filter(({ index }) => index !== weekday);
  const toggle = (index: number) => setChosen((current) => (current.includes(index) ? current.filter((value) => value !== index) : [...current, index]));
  const close = () => {
    setOpen(false);
    setChosen([]);
  };
  return (
    <div className="sm:self-start">
      <Button
        variant="ghost"
        size="sm"
        className="text-slate-600"
        icon={<CopyIcon size={15} />}
        aria-label={`Copy ${day}'s hours to other days`}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Copy to…
      </Button>
      {open ? (
        <fieldset
          id={`${id}-panel`}
          onKeyDown={(event) => {
            if (event.key === "Escape") close();
          }}
          className="mt-2 w-full max-w-xs space-y-3 rounded-xl bg-white p-4 shadow-lg ring-1 ring-slate-200 sm:w-64"
        >
          <legend className="sr-only">Copy {day}'s hours to</legend>
          <p className="text-sm font-medium text-slate-900" aria-hidden="true">
            Copy {day}'s hours to
          </p>
          <ul className="space-y-1.5">
            {others.map(({ name, index }) => (
              <li key={name}>
                <label className="flex items-center gap-2.5 text-sm text-slate-700">
                  <input type="checkbox" className="size-4 rounded border-slate-300 text-brand-600 focus:ring-brand-600" checked={chosen.includes(index)} onChange={() => toggle(index)} />
                  {name}
                </label>
              </li>
            ))}
          </ul>
          <div className="flex flex-wrap gap-2 text-xs">
            <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => setChosen(WORKDAYS.filter((index) => index !== weekday))}>
              Weekdays
            </button>
            <button type="button" className="font-medium text-brand-700 hover:underline" onClick={() => setChosen(others.map(({ index }) => index))}>
              Every day
            </button>
          </div>
          <p className="text-xs text-slate-500">Replaces the hours those days have now.</p>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" size="sm" onClick={close}>
              Cancel
            </Button>
            <Button
              size="sm"
              disabled={chosen.length === 0}
              onClick={() => {
                onCopy(chosen);
                close();
              }}
            >
              Copy hours
            </Button>
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}

function WeeklyCard({ draft, errors, update }: { draft: AvailabilityDraft; errors: DraftErrors; update: (change: (draft: AvailabilityDraft) => AvailabilityDraft) => void }) {
  const hours = weeklyHours(draft);
  return (
    <Card>
      <CardHeader
        title="Weekly hours"
        description={
          hours > 0
            ? `${new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(hours)} hours a week, in ${draft.timezone.replaceAll("_", " ")} time.`
            : "When you're usually free to teach, in your own time zone."
        }
      />
      <ul className="divide-y divide-slate-100" aria-label="Weekly hours">
        {WEEKDAYS.map((day, weekday) => {
          const rows = draft.weekly[weekday] ?? [];
          return (
            <li key={day} className="flex flex-col gap-3 px-5 py-4 sm:flex-row sm:px-6">
              <div className="flex w-32 shrink-0 items-center gap-2.5 sm:h-10">
                <span className={cn("size-2 rounded-full", rows.length ? "bg-emerald-500" : "bg-slate-300")} aria-hidden="true" />
                <span className="text-sm font-medium text-slate-900">{day}</span>
              </div>
              <div className="min-w-0 flex-1">
                {rows.length === 0 ? <p className="mb-1 text-sm text-slate-400 sm:mb-0 sm:inline-block sm:h-10 sm:pr-3 sm:leading-10">Unavailable</p> : null}
                <WindowList
                  label={day}
                  rows={rows}
                  errors={errors}
                  onChange={(next) => update((current) => ({ ...current, weekly: current.weekly.map((items, index) => (index === weekday ? next : items)) }))}
                />
              </div>
              {rows.length ? <CopyHours day={day} weekday={weekday} onCopy={(to) => update((current) => copyHours(current, weekday, to))} /> : null}
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

function OverrideEditor({ row, errors, onChange, onRemove }: { row: OverrideRow; errors: DraftErrors; onChange: (row: OverrideRow) => void; onRemove: () => void }) {
  const label = row.day ? calendarDay(row.day).long : "New date";
  return (
    <li className="flex flex-col gap-4 px-5 py-4 sm:flex-row sm:px-6">
      <div className="flex items-start gap-2 sm:w-56">
        <TextField
          label="Date"
          hideLabel
          type="date"
          value={row.day}
          onChange={(event) => onChange({ ...row, day: event.target.value })}
          error={errors.days[row.key]}
          aria-label={`Exception date (${label})`}
          containerClassName="flex-1"
        />
        <button type="button" onClick={onRemove} className="mt-0.5 rounded-lg p-2 text-slate-400 hover:bg-slate-100 hover:text-rose-600 sm:hidden" aria-label={`Remove exception on ${label}`}>
          <XIcon size={16} />
        </button>
      </div>
      <div className="min-w-0 flex-1 space-y-3">
        <div role="radiogroup" aria-label={`${label}: hours`} className="inline-flex rounded-lg bg-slate-100 p-1">
          {(["off", "custom"] as const).map((mode) => (
            <button
              key={mode}
              type="button"
              role="radio"
              aria-checked={row.mode === mode}
              onClick={() => onChange({ ...row, mode, windows: mode === "custom" && row.windows.length === 0 ? [nextWindow([])] : row.windows })}
              className={cn("rounded-md px-3 py-1.5 text-sm font-medium", row.mode === mode ? "bg-white text-slate-900 shadow-sm" : "text-slate-600 hover:text-slate-900")}
            >
              {mode === "off" ? "Day off" : "Custom hours"}
            </button>
          ))}
        </div>
        {row.mode === "custom" ? <WindowList label={label} rows={row.windows} errors={errors} onChange={(windows) => onChange({ ...row, windows })} /> : <p className="text-sm text-slate-500">No sessions that day, whatever your weekly hours say.</p>}
      </div>
      <button type="button" onClick={onRemove} className="hidden self-start rounded-lg p-2 text-slate-400 hover:bg-slate-100 hover:text-rose-600 sm:block" aria-label={`Remove exception on ${label}`}>
        <XIcon size={16} />
      </button>
    </li>
  );
}

function OverridesCard({ draft, errors, update, zone }: { draft: AvailabilityDraft; errors: DraftErrors; update: (change: (draft: AvailabilityDraft) => AvailabilityDraft) => void; zone: string }) {
  function add() {
    const taken = new Set(draft.overrides.map((row) => row.day));
    let day = addDays(todayIn(zone), 1);
    while (taken.has(day)) day = addDays(day, 1);
    update((current) => ({ ...current, overrides: [...current.overrides, { key: newKey("o"), day, mode: "off", windows: [] }] }));
  }
  return (
    <Card>
      <CardHeader
        title="Exceptions"
        description="Days off and one-off hours. An exception replaces your weekly hours on that date."
        action={
          <Button variant="secondary" size="sm" icon={<PlusIcon size={15} />} onClick={add}>
            Add a date
          </Button>
        }
      />
      {draft.overrides.length ? (
        <ul className="divide-y divide-slate-100" aria-label="Exceptions">
          {draft.overrides.map((row) => (
            <OverrideEditor
              key={row.key}
              row={row}
              errors={errors}
              onChange={(next) => update((current) => ({ ...current, overrides: current.overrides.map((item) => (item.key === row.key ? next : item)) }))}
              onRemove={() => update((current) => ({ ...current, overrides: current.overrides.filter((item) => item.key !== row.key) }))}
            />
          ))}
        </ul>
      ) : (
        <CardBody>
          <p className="text-sm text-slate-500">No exceptions. Add one for holidays, exams or a day with different hours.</p>
        </CardBody>
      )}
    </Card>
  );
}

function RuleHint({ error, children }: { error: string | undefined; children: ReactNode }) {
  return error ? (
    <p className="flex items-start gap-1.5 text-sm text-rose-600">
      <AlertCircleIcon size={15} className="mt-0.5 shrink-0" />
      {error}
    </p>
  ) : (
    <p className="text-sm text-slate-500">{children}</p>
  );
}

function RulesCard({ draft, errors, update }: { draft: AvailabilityDraft; errors: DraftErrors; update: (change: (draft: AvailabilityDraft) => AvailabilityDraft) => void }) {
  const set = (change: Partial<AvailabilityDraft>) => update((current) => ({ ...current, ...change }));
  // Lengths, notice, window and break are booking terms: edited in one place, Booking settings.
  const ruleProblem = errors.rules.session_lengths ?? errors.rules.buffer_minutes ?? errors.rules.min_notice_minutes ?? errors.rules.horizon_days;
  return (
    <Card>
      <CardHeader title="Booking rules" description="How students may book your hours." />
      <CardBody className="space-y-6">
        <TimezoneSelect
          label="Your time zone"
          value={draft.timezone}
          onChange={(timezone) => set({ timezone })}
          error={errors.rules.timezone}
          hint="Your hours are in this zone, so summer time is handled for you."
        />
        <dl className="space-y-2 text-sm" aria-label="Current booking rules">
          <div className="flex justify-between gap-3"><dt className="text-slate-500">Session lengths</dt><dd className="font-medium text-slate-800">{draft.sessionLengths.map((minutes) => `${minutes} min`).join(", ") || "None"}</dd></div>
          <div className="flex justify-between gap-3"><dt className="text-slate-500">Break between sessions</dt><dd className="font-medium text-slate-800">{draft.bufferMinutes === 0 ? "No break" : `${draft.bufferMinutes} minutes`}</dd></div>
          <div className="flex justify-between gap-3"><dt className="text-slate-500">Minimum notice</dt><dd className="font-medium text-slate-800">{noticeLabel(draft.minNoticeMinutes)}</dd></div>
          <div className="flex justify-between gap-3"><dt className="text-slate-500">Booking window</dt><dd className="font-medium text-slate-800">{draft.horizonDays} days</dd></div>
        </dl>
        {ruleProblem ? <RuleHint error={ruleProblem}>{""}</RuleHint> : null}
        <ButtonLink to="/mentor/booking-settings" variant="secondary" size="sm">
          Change in Booking settings
        </ButtonLink>
      </CardBody>
    </Card>
  );
}

function noticeLabel(minutes: number): string {
  const known = NOTICES.find(([value]) => value === minutes);
  return known ? known[1] : `${minutes} minutes`;
}

function Preview({ verified }: { verified: boolean }) {
  const user = useUser();
  const { zone } = useViewerZone();
  return (
    <Card className="mt-6">
      <CardHeader
        title="What students see"
        description="Your saved hours as bookable slots over the next days, shown in the time zone of your account settings."
        action={verified ? <ButtonLink to={`/mentors/${user.id}`} variant="ghost" size="sm">Public profile</ButtonLink> : undefined}
      />
      <CardBody>
        {verified ? (
          <WeekSlots mentorId={user.id} zone={zone} compact emptyText="Add weekly hours and save to open slots." />
        ) : (
          <div className="flex items-start gap-3 rounded-xl bg-slate-50 px-4 py-4 text-sm text-slate-600">
            <CalendarIcon size={20} className="mt-0.5 shrink-0 text-slate-400" />
            <p>
              The preview appears once you're verified: until then your calendar isn't public. You can set your hours already, so you're bookable from the first
              day.
            </p>
          </div>
        )}
      </CardBody>
    </Card>
  );
}

const TITLE = "Availability";
const DESCRIPTION = "Set the hours students can book, in your own time zone. Students always see them converted to theirs.";

function Editor({ availability, verified, onReload, reloading }: { availability: Availability; verified: boolean; onReload: () => void; reloading: boolean }) {
  const toast = useToast();
  const save = useSaveAvailability();
  const zone = browserTimezone();
  const [draft, setDraft] = useState(() => draftFromAvailability(availability));
  const [errors, setErrors] = useState<DraftErrors>(NO_ERRORS);
  const [conflict, setConflict] = useState(false);
  const initial = useMemo(() => JSON.stringify(toPayload(draftFromAvailability(availability), availability.version).body), [availability]);
  const { body, layout } = toPayload(draft, availability.version);
  const dirty = JSON.stringify(body) !== initial;
  useUnsavedChangesWarning(dirty);
  const leaving = useLeaveGuard(dirty && !save.isPending);

  function update(change: (current: AvailabilityDraft) => AvailabilityDraft) {
    setDraft(change);
    if (hasErrors(errors)) setErrors(NO_ERRORS);
  }

  function submit() {
    const local = localProblems(body);
    if (local) {
      setErrors(mapAvailabilityErrors(local.fields, layout, local.code));
      focusFirstInvalid();
      return;
    }
    setErrors(NO_ERRORS);
    save.mutate(body, {
      onSuccess: () => toast.success("Availability saved", "Students see your new hours straight away."),
      onError: (error) => {
        if (error instanceof ApiError && (error.code === "concurrent_modification" || error.status === 409)) {
          setConflict(true);
          return;
        }
        const mapped = error instanceof ApiError ? mapAvailabilityErrors(error.fields, layout, error.code) : NO_ERRORS;
        setErrors(hasErrors(mapped) ? mapped : { ...NO_ERRORS, general: [errorMessage(error)] });
        focusFirstInvalid();
      },
    });
  }

  const ruleErrors = Object.entries(errors.rules) as Array<[RuleField, string]>;
  return (
    <>
      <PageHeader
        eyebrow="Mentor"
        title={TITLE}
        description={DESCRIPTION}
        actions={<SaveStatus dirty={dirty} />}
      />
      {conflict ? (
        <ConflictAlert reloading={reloading} onReload={onReload}>
          It was saved in another tab or on another device after you opened this page. Reload to see the latest version; the changes you made here will be
          discarded.
        </ConflictAlert>
      ) : null}
      {hasErrors(errors) ? (
        <Alert tone="danger" role="alert" title="Some hours need fixing" className="mb-6">
          {errors.general[0] ?? (ruleErrors.length ? ruleErrors[0]?.[1] : "Check the highlighted rows below.")}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-6 lg:col-span-2">
          <WeeklyCard draft={draft} errors={errors} update={update} />
          <OverridesCard draft={draft} errors={errors} update={update} zone={draft.timezone || zone} />
        </div>
        <div>
          <div className="lg:sticky lg:top-6">
            <RulesCard draft={draft} errors={errors} update={update} />
          </div>
        </div>
      </div>
      <Preview verified={verified} />
      {dirty ? (
        <div className="sticky bottom-0 z-10 -mx-4 mt-6 border-t border-slate-200 bg-white/90 px-4 py-3 backdrop-blur sm:-mx-6 sm:px-6 lg:-mx-10 lg:px-10">
          <div className="flex flex-wrap items-center justify-end gap-3">
            <p className="mr-auto text-sm text-slate-600">You have unsaved changes.</p>
            <Button
              variant="ghost"
              onClick={() => {
                setDraft(draftFromAvailability(availability));
                setErrors(NO_ERRORS);
              }}
            >
              Discard
            </Button>
            <Button onClick={submit} loading={save.isPending} disabled={conflict}>
              Save availability
            </Button>
          </div>
        </div>
      ) : null}
      <Modal
        open={leaving.pending !== null}
        onClose={leaving.stay}
        size="sm"
        title="Leave without saving?"
        description="The hours and rules you changed haven't been saved. If you leave now, the changes are lost."
        footer={
          <>
            <Button variant="secondary" onClick={leaving.stay}>
              Stay
            </Button>
            <Button variant="danger" onClick={leaving.leave}>
              Leave without saving
            </Button>
          </>
        }
      />
    </>
  );
}

function focusFirstInvalid() {
  window.setTimeout(() => document.querySelector<HTMLElement>("main [aria-invalid='true']")?.focus(), 0);
}

export default function AvailabilityPage() {
  useDocumentTitle("Availability");
  const availability = useMyAvailability();
  const profile = useMyMentorProfile();
  const [generation, setGeneration] = useState(0);
  const [reloading, setReloading] = useState(false);

  const header = <PageHeader eyebrow="Mentor" title={TITLE} description={DESCRIPTION} />;

  if (availability.isPending) {
    return (
      <>
        {header}
        <div aria-hidden="true" className="grid gap-6 lg:grid-cols-3">
          <Card className="p-6 lg:col-span-2">
            <div className="space-y-5">
              {WEEKDAYS.map((day) => (
                <div key={day} className="flex gap-6">
                  <Skeleton className="h-5 w-24" />
                  <Skeleton className="h-5 w-48" />
                </div>
              ))}
            </div>
          </Card>
          <Card className="p-6"><SkeletonText lines={6} /></Card>
        </div>
        <span className="sr-only" role="status">Loading your availability…</span>
      </>
    );
  }
  if (availability.isError) {
    return (
      <>
        {header}
        <Card>
          <ErrorState error={availability.error} title="We couldn't load your availability" onRetry={() => void availability.refetch()} />
        </Card>
      </>
    );
  }

  async function reload() {
    setReloading(true);
    try {
      await availability.refetch();
      setGeneration((value) => value + 1);
    } finally {
      setReloading(false);
    }
  }

  return (
    <>
      <Editor
        key={`${availability.data.version}-${generation}`}
        availability={availability.data}
        verified={profile.data?.status === "verified"}
        onReload={() => void reload()}
        reloading={reloading}
      />
    </>
  );
}
