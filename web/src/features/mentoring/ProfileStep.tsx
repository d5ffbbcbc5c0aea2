import { useState, type FormEvent } from "react";
import { useUpdateMyMentorProfile } from "../../api/mentoring";
import type { MentorProfile } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { SelectField, TextAreaField, TextField } from "../../components/ui/Field";
import { ArrowRightIcon } from "../../components/ui/icons";
import { TimezoneSelect } from "../../components/ui/TimezoneSelect";
import { amountText, CURRENCIES, currencyLabel, currencySymbol, isCurrency, minorDigits, parseAmount } from "../../lib/money";
import { browserTimezone, initialTimezone } from "../../lib/timezones";
import { useFormErrors } from "../../lib/use-form-errors";
import { LanguagePicker } from "./LanguagePicker";
import { StepFrame } from "./StepFrame";

const FIELDS = ["headline", "bio", "languages", "timezone", "hourly_rate_cents", "currency"] as const;
const MAX_BIO = 5000;

export interface StepProps {
  profile: MentorProfile;
  locked: boolean;
  onNext: () => void;
  onBack?: () => void;
}

export function ProfileStep({ profile, locked, onNext, onBack }: StepProps) {
  const save = useUpdateMyMentorProfile();
  const [headline, setHeadline] = useState(profile.headline);
  const [bio, setBio] = useState(profile.bio);
  const [languages, setLanguages] = useState<string[]>(profile.languages);
  // A fresh draft starts from the browser's zone; a saved profile keeps its own.
  const [timezone, setTimezone] = useState(() =>
    profile.steps?.profile || profile.headline ? profile.timezone : initialTimezone("UTC", browserTimezone()),
  );
  const [rate, setRate] = useState(amountText(profile.hourly_rate_cents, profile.currency));
  const [currency, setCurrency] = useState(isCurrency(profile.currency) ? profile.currency : "EUR");
  const form = useFormErrors(FIELDS);
  const { formRef } = form;
  const cents = parseAmount(rate, currency);
  const unit = 10 ** minorDigits(currency);
  const dirty =
    headline !== profile.headline ||
    bio !== profile.bio ||
    languages.join() !== profile.languages.join() ||
    timezone !== profile.timezone ||
    cents !== profile.hourly_rate_cents ||
    currency !== profile.currency;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (locked) {
      onNext();
      return;
    }
    const ok = form.check({
      headline: headline.trim() ? null : "Write a one-line headline: it's the first thing students read.",
      bio: bio.trim() ? null : "Tell students about your experience and how you teach.",
      languages: languages.length ? null : "Add at least one language.",
      hourly_rate_cents: !rate.trim()
        ? "Set your hourly rate."
        : cents === null || cents < unit
          ? unit === 1
            ? "Enter a whole amount of at least 1, like 4500."
            : "Enter an amount of at least 1, like 45 or 45.50."
          : cents > 100_000 * unit
            ? "Choose a rate of at most 100,000."
            : null,
    });
    if (!ok) return;
    if (!dirty) {
      onNext();
      return;
    }
    save.mutate(
      { headline: headline.trim(), bio: bio.trim(), languages, timezone, hourly_rate_cents: cents ?? undefined, currency },
      {
        // Moving on, with the step ticked off, says it was saved.
        onSuccess: onNext,
        onError: form.fromApi,
      },
    );
  }

  return (
    <StepFrame
      title="Your profile"
      description="What students read before they book you. Be specific about what you teach and for whom."
      onSubmit={submit}
      formRef={formRef}
      onBack={onBack}
      note={dirty && !locked ? "Unsaved changes" : undefined}
      actions={
        <Button type="submit" loading={save.isPending}>
          {locked || !dirty ? "Continue" : "Save and continue"} <ArrowRightIcon size={16} />
        </Button>
      }
    >
      {form.formError ? <Alert tone="danger" role="alert">{form.formError}</Alert> : null}
      <fieldset disabled={locked} className="space-y-6">
        <legend className="sr-only">Profile</legend>
        <TextField
          label="Headline"
          name="headline"
          maxLength={120}
          placeholder="e.g. Physics teacher who makes mechanics click"
          value={headline}
          onChange={(event) => {
            setHeadline(event.target.value);
            form.clearField("headline");
          }}
          error={form.fieldErrors.headline}
          hint={`${headline.length}/120 · One line about what you teach best.`}
        />
        <TextAreaField
          label="About you"
          name="bio"
          rows={7}
          maxLength={MAX_BIO}
          placeholder="Your background, who you help, and what a session with you looks like."
          value={bio}
          onChange={(event) => {
            setBio(event.target.value);
            form.clearField("bio");
          }}
          error={form.fieldErrors.bio}
          hint={`${bio.length.toLocaleString()}/${MAX_BIO.toLocaleString()} characters`}
        />
        <LanguagePicker
          value={languages}
          onChange={(codes) => {
            setLanguages(codes);
            form.clearField("languages");
          }}
          error={form.fieldErrors.languages}
          disabled={locked}
        />
        <TimezoneSelect
          label="Your time zone"
          name="timezone"
          value={timezone}
          onChange={(zone) => {
            setTimezone(zone);
            form.clearField("timezone");
          }}
          error={form.fieldErrors.timezone}
          hint="Your availability is set in this zone; students see it in theirs."
        />
        <div className="grid gap-5 sm:grid-cols-[minmax(0,1fr)_14rem]">
          <TextField
            label="Hourly rate"
            name="hourly_rate"
            inputMode="decimal"
            placeholder="45"
            leading={<span className="text-sm font-medium">{currencySymbol(currency)}</span>}
            value={rate}
            onChange={(event) => {
              setRate(event.target.value);
              form.clearField("hourly_rate_cents");
            }}
            error={form.fieldErrors.hourly_rate_cents}
            hint="What one hour with you costs. You can change it later."
          />
          <SelectField
            label="Currency"
            name="currency"
            value={currency}
            onChange={(event) => {
              setCurrency(event.target.value as typeof currency);
              form.clearField("currency");
            }}
            error={form.fieldErrors.currency}
          >
            {CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {currencyLabel(code)}
              </option>
            ))}
          </SelectField>
        </div>
      </fieldset>
    </StepFrame>
  );
}
