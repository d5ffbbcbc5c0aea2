import { useState } from "react";
import { ApiError } from "../../api/errors";
import { useSubmitApplication } from "../../api/mentoring";
import type { MentorProfile } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { AlertCircleIcon, CalendarIcon, CheckCircleIcon, ClockIcon, ExternalLinkIcon, SendIcon } from "../../components/ui/icons";
import { Portrait } from "../../components/ui/Portrait";
import { useToast } from "../../components/ui/toast-context";
import { cn } from "../../lib/cn";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime } from "../../lib/format";
import { languageList } from "../../lib/languages";
import { formatHourlyRate } from "../../lib/money";
import { VerifiedBadge } from "../mentors/MentorBits";
import { missingFromDetails, missingSteps, REQUIRED_STEP_LABELS, stepsOf, type RequiredStep, type StepId } from "./onboarding";
import { StepFrame } from "./StepFrame";

function Preview({ profile }: { profile: MentorProfile }) {
  return (
    <div className="rounded-2xl bg-slate-50/70 p-4 ring-1 ring-slate-200/70">
      <p className="mb-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">How students will see you</p>
      <div className="flex gap-4 rounded-xl bg-white p-4 shadow-xs ring-1 ring-slate-200/80">
        <Portrait name={profile.display_name} seed={profile.id} photoUrl={profile.photo_url} size="md" />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <p className="font-semibold text-slate-900">{profile.display_name}</p>
            {profile.status === "verified" ? <VerifiedBadge /> : null}
          </div>
          <p className="mt-0.5 line-clamp-2 text-sm text-slate-600">{profile.headline || <span className="text-slate-400 italic">No headline yet</span>}</p>
          <p className="mt-2 text-xs text-slate-500">
            {[formatHourlyRate(profile.hourly_rate_cents, profile.currency), profile.languages.length ? languageList(profile.languages) : null, `${profile.topics.length} topic${profile.topics.length === 1 ? "" : "s"}`]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
      </div>
    </div>
  );
}

export function ReviewStep({ profile, onBack, onGo }: { profile: MentorProfile; onBack: () => void; onGo: (step: StepId) => void }) {
  const toast = useToast();
  const submit = useSubmitApplication();
  const [problem, setProblem] = useState<{ message: string; missing: RequiredStep[] } | null>(null);
  const steps = stepsOf(profile).filter((step) => step.id !== "review");
  const missing = missingSteps(profile);
  const decided = profile.status === "submitted" || profile.status === "verified";

  function send() {
    setProblem(null);
    submit.mutate(undefined, {
      onSuccess: () => {
        toast.success("Application submitted", "Our team will review it and e-mail you the decision.");
        window.scrollTo({ top: 0 });
      },
      onError: (error) =>
        setProblem({
          message: errorMessage(error),
          missing: error instanceof ApiError && error.code === "onboarding_incomplete" ? missingFromDetails(error.details) : [],
        }),
    });
  }

  if (profile.status === "verified") {
    return (
      <StepFrame
        title="You're a verified mentor"
        description={`Verified ${formatDateTime(profile.verified_at)}. Your profile is public and students can find you in search.`}
        onBack={onBack}
        actions={
          <ButtonLink to={`/mentors/${profile.id}`} icon={<ExternalLinkIcon size={16} />}>
            View public profile
          </ButtonLink>
        }
      >
        <Preview profile={profile} />
        <div className="flex flex-col gap-4 rounded-xl bg-brand-50/60 p-4 ring-1 ring-brand-100 sm:flex-row sm:items-center">
          <CalendarIcon size={22} className="shrink-0 text-brand-600" />
          <p className="flex-1 text-sm leading-6 text-brand-900">Students can only pick times you've opened. Set your weekly hours and booking rules next.</p>
          <ButtonLink to="/mentor/availability" variant="secondary" size="sm">
            Set availability
          </ButtonLink>
        </div>
      </StepFrame>
    );
  }

  if (profile.status === "submitted") {
    return (
      <StepFrame
        title="Under review"
        description="Thanks for applying. Our team checks your documents and topics, usually within 2 working days, and e-mails you the decision."
        onBack={onBack}
      >
        <ol className="space-y-4">
          <li className="flex items-start gap-3">
            <CheckCircleIcon size={20} className="mt-0.5 shrink-0 text-emerald-500" />
            <div>
              <p className="text-sm font-medium text-slate-900">Application submitted</p>
              <p className="text-sm text-slate-500">{formatDateTime(profile.submitted_at)}</p>
            </div>
          </li>
          <li className="flex items-start gap-3">
            <ClockIcon size={20} className="mt-0.5 shrink-0 text-brand-600" />
            <div>
              <p className="text-sm font-medium text-slate-900">Review by our team</p>
              <p className="text-sm text-slate-500">In progress. Your application is read-only until we've decided.</p>
            </div>
          </li>
        </ol>
        <Preview profile={profile} />
      </StepFrame>
    );
  }

  return (
    <StepFrame
      title="Review and submit"
      description="Check everything once more. After you submit, your application is read-only until our team has reviewed it."
      onBack={onBack}
      actions={
        <Button onClick={send} loading={submit.isPending} disabled={missing.length > 0} icon={<SendIcon size={16} />}>
          {profile.status === "rejected" ? "Submit again" : "Submit application"}
        </Button>
      }
      note={missing.length ? "Finish the required steps first" : undefined}
    >
      {problem ? (
        <Alert tone="danger" role="alert" title="We couldn't submit your application">
          {problem.message}
          {problem.missing.length ? (
            <ul className="mt-1 list-disc pl-5">
              {problem.missing.map((step) => (
                <li key={step}>{REQUIRED_STEP_LABELS[step]}</li>
              ))}
            </ul>
          ) : null}
        </Alert>
      ) : null}
      <ul className="divide-y divide-slate-100 rounded-xl ring-1 ring-slate-200" aria-label="Checklist">
        {steps.map((step) => (
          <li key={step.id} className="flex items-center gap-3 px-4 py-3">
            {step.done ? (
              <CheckCircleIcon size={20} className="shrink-0 text-emerald-500" />
            ) : (
              <AlertCircleIcon size={20} className={cn("shrink-0", step.optional ? "text-slate-300" : "text-amber-500")} />
            )}
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium text-slate-900">
                {step.title}
                {step.optional ? <span className="ml-2 text-xs font-normal text-slate-500">Optional</span> : null}
              </p>
              <p className="text-sm text-slate-500">
                {step.done ? "Done" : step.optional ? "Not added, and that's fine" : (REQUIRED_STEP_LABELS[step.id as RequiredStep] ?? step.description)}
              </p>
            </div>
            <Button variant="ghost" size="sm" onClick={() => onGo(step.id)}>
              {step.done ? "Edit" : step.optional ? "Add" : "Complete"}
            </Button>
          </li>
        ))}
      </ul>
      <Preview profile={profile} />
      {decided ? null : (
        <p className="text-sm leading-6 text-slate-500">
          By submitting you confirm the documents are genuine and yours. We'll e-mail you as soon as our team has decided.
        </p>
      )}
    </StepFrame>
  );
}
