import { useSearchParams } from "react-router";
import { useMyMentorProfile } from "../../api/mentoring";
import type { MentorProfile } from "../../api/types";
import { Alert } from "../../components/ui/Alert";
import { Badge } from "../../components/ui/Badge";
import { ButtonLink } from "../../components/ui/Button";
import { Card } from "../../components/ui/Card";
import { CheckIcon, ExternalLinkIcon } from "../../components/ui/icons";
import { PageHeader } from "../../components/ui/PageHeader";
import { Skeleton, SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { useDocumentTitle } from "../../lib/document-title";
import { formatDate } from "../../lib/format";
import { DocumentsStep } from "./DocumentsStep";
import { isLocked, MENTOR_STATUS_LABELS, MENTOR_STATUS_TONES, resumeStep, stepFromParam, stepsOf, STEP_IDS, type StepId, type StepInfo } from "./onboarding";
import { PhotoStep } from "./PhotoStep";
import { PortfolioStep } from "./PortfolioStep";
import { ProfileStep } from "./ProfileStep";
import { ReviewStep } from "./ReviewStep";
import { SubjectsStep } from "./SubjectsStep";

function Stepper({ steps, current, onGo }: { steps: StepInfo[]; current: StepId; onGo: (id: StepId) => void }) {
  const done = steps.filter((step) => step.done && !step.optional && step.id !== "review").length;
  const required = steps.filter((step) => !step.optional && step.id !== "review").length;
  return (
    <nav aria-label="Application steps">
      <div className="mb-4 px-1">
        <div className="flex items-center justify-between text-xs font-medium text-slate-500">
          <span>
            {done} of {required} required steps done
          </span>
        </div>
        <div className="mt-2 h-1.5 overflow-hidden rounded-full bg-slate-200/70" role="progressbar" aria-label="Required steps done" aria-valuemin={0} aria-valuemax={required} aria-valuenow={done}>
          <div className="h-full rounded-full bg-brand-600 transition-all" style={{ width: `${(done / required) * 100}%` }} />
        </div>
      </div>
      <ol className="relative flex gap-2 overflow-x-auto pb-1 lg:block lg:space-y-1 lg:overflow-visible lg:pb-0">
        {steps.map((step, index) => {
          const active = step.id === current;
          return (
            <li key={step.id} className="shrink-0">
              <button
                type="button"
                onClick={() => onGo(step.id)}
                aria-current={active ? "step" : undefined}
                className={cn(
                  "group flex w-full items-center gap-3 rounded-xl px-3 py-2.5 text-left transition-colors",
                  active ? "bg-white shadow-xs ring-1 ring-slate-200" : "hover:bg-white/70",
                )}
              >
                <span
                  className={cn(
                    "flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold",
                    step.done ? "bg-emerald-500 text-white" : active ? "bg-brand-600 text-white ring-4 ring-brand-100" : "bg-slate-200/80 text-slate-600",
                  )}
                  aria-hidden="true"
                >
                  {step.done ? <CheckIcon size={14} strokeWidth={3} /> : index + 1}
                </span>
                <span className="min-w-0">
                  <span className={cn("block text-sm font-medium", active ? "text-slate-900" : "text-slate-700")}>
                    {step.title}
                    <span className="sr-only">{step.done ? " (done)" : step.optional ? " (optional)" : ""}</span>
                  </span>
                  <span className="hidden text-xs text-slate-500 lg:block">
                    {step.description}
                    {step.optional ? " · optional" : ""}
                  </span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

function StatusBanner({ profile }: { profile: MentorProfile }) {
  switch (profile.status) {
    case "submitted":
      return (
        <Alert tone="info" title="Your application is under review" className="mb-6">
          Submitted {formatDate(profile.submitted_at)}. We'll e-mail you when our team has decided, usually within 2 working days. Until then your
          application is read-only; you can still add portfolio samples.
        </Alert>
      );
    case "rejected":
      return (
        <Alert tone="danger" title="Our team asked for changes" className="mb-6">
          {profile.rejection_reason ? (
            <blockquote className="my-1 border-l-2 border-rose-300 pl-3 whitespace-pre-line italic">{profile.rejection_reason}</blockquote>
          ) : null}
          Update the steps below, then submit your application again.
        </Alert>
      );
    case "verified":
      return (
        <Alert
          tone="success"
          title="You're verified: your profile is live"
          className="mb-6"
          action={
            <ButtonLink to={`/mentors/${profile.id}`} variant="secondary" size="sm" icon={<ExternalLinkIcon size={15} />}>
              View public profile
            </ButtonLink>
          }
        >
          Students can find and view you now. Changes to your profile, photo and subjects show up straight away.
        </Alert>
      );
    default:
      return null;
  }
}

function PageSkeleton() {
  return (
    <div aria-hidden="true" className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
      <div className="space-y-3">
        {Array.from({ length: 6 }, (_, index) => (
          <Skeleton key={index} className="h-11 w-full" />
        ))}
      </div>
      <Card className="p-6">
        <SkeletonText lines={8} />
      </Card>
    </div>
  );
}

export default function OnboardingPage() {
  useDocumentTitle("Mentor profile");
  const query = useMyMentorProfile();
  const [params, setParams] = useSearchParams();
  const profile = query.data;

  const header = (
    <PageHeader
      eyebrow="Mentor application"
      title="Your mentor profile"
      description="Tell students who you are and what you teach, show our team your qualifications, and submit. You can stop at any point and pick up where you left off."
      actions={profile ? <Badge tone={MENTOR_STATUS_TONES[profile.status]} dot>{MENTOR_STATUS_LABELS[profile.status]}</Badge> : undefined}
    />
  );

  if (query.isPending) {
    return (
      <>
        {header}
        <PageSkeleton />
        <span className="sr-only" role="status">Loading your application…</span>
      </>
    );
  }
  if (query.isError || !profile) {
    return (
      <>
        {header}
        <Card>
          <ErrorState error={query.error} title="We couldn't load your application" onRetry={() => void query.refetch()} />
        </Card>
      </>
    );
  }

  const step = stepFromParam(params.get("step")) ?? resumeStep(profile);
  const index = STEP_IDS.indexOf(step);
  const locked = isLocked(profile.status);
  const go = (id: StepId) => {
    setParams({ step: id });
    window.scrollTo({ top: 0 });
  };
  const next = () => go(STEP_IDS[Math.min(index + 1, STEP_IDS.length - 1)] ?? "review");
  const back = index > 0 ? () => go(STEP_IDS[index - 1] ?? "profile") : undefined;
  const props = { profile, locked, onNext: next, onBack: back };
  const key = `${step}-${profile.status}`;

  return (
    <>
      {header}
      <StatusBanner profile={profile} />
      <div className="grid gap-6 lg:grid-cols-[16rem_minmax(0,1fr)]">
        <div className="min-w-0">
          <div className="lg:sticky lg:top-6">
            <Stepper steps={stepsOf(profile)} current={step} onGo={go} />
          </div>
        </div>
        <div className="min-w-0">
          {step === "profile" ? <ProfileStep key={key} {...props} /> : null}
          {step === "photo" ? <PhotoStep key={key} {...props} /> : null}
          {step === "subjects" ? <SubjectsStep key={key} {...props} /> : null}
          {step === "documents" ? <DocumentsStep key={key} {...props} /> : null}
          {step === "portfolio" ? <PortfolioStep key={key} {...props} /> : null}
          {step === "review" ? <ReviewStep key={key} profile={profile} onBack={() => go("portfolio")} onGo={go} /> : null}
        </div>
      </div>
    </>
  );
}
