import type { MentorProfile, MentorStatus } from "../../api/types";
import type { BadgeTone } from "../../components/ui/Badge";

export type StepId = "profile" | "photo" | "subjects" | "documents" | "portfolio" | "review";

export interface StepInfo {
  id: StepId;
  title: string;
  description: string;
  /** Not needed to submit. */
  optional: boolean;
  done: boolean;
}

export const STEP_IDS: readonly StepId[] = ["profile", "photo", "subjects", "documents", "portfolio", "review"];

/** The server's required steps: `steps` in the profile, and `missing_steps` when submitting. */
export type RequiredStep = "profile" | "subjects" | "documents";

export const REQUIRED_STEP_LABELS: Record<RequiredStep, string> = {
  profile: "Profile: headline, bio, languages and hourly rate",
  subjects: "Subjects: at least one topic you teach",
  documents: "Documents: at least one verification document",
};

export function stepsOf(profile: MentorProfile): StepInfo[] {
  const steps = profile.steps ?? { profile: false, subjects: false, documents: false };
  const submitted = profile.status === "submitted" || profile.status === "verified";
  return [
    { id: "profile", title: "Profile", description: "Headline, bio, languages and rate", optional: false, done: steps.profile },
    { id: "photo", title: "Photo", description: "A friendly, recent portrait", optional: true, done: Boolean(profile.photo_url) },
    { id: "subjects", title: "Subjects", description: "The topics you teach", optional: false, done: steps.subjects },
    { id: "documents", title: "Documents", description: "Proof of your qualifications", optional: false, done: steps.documents },
    { id: "portfolio", title: "Portfolio", description: "Samples for your public profile", optional: true, done: profile.portfolio.length > 0 },
    { id: "review", title: submitted ? "Status" : "Review & submit", description: submitted ? "Where your application stands" : "Check and send for review", optional: false, done: submitted },
  ];
}

export function missingSteps(profile: MentorProfile): RequiredStep[] {
  const steps = profile.steps ?? { profile: false, subjects: false, documents: false };
  return (["profile", "subjects", "documents"] as const).filter((step) => !steps[step]);
}

/** Where to resume: the first required step still open, else the review. */
export function resumeStep(profile: MentorProfile): StepId {
  if (profile.status === "submitted" || profile.status === "verified") return "review";
  return missingSteps(profile)[0] ?? "review";
}

export function stepFromParam(value: string | null): StepId | null {
  return STEP_IDS.find((id) => id === value) ?? null;
}

/** Under review: nothing in the application may change (the portfolio is separate). */
export function isLocked(status: MentorStatus): boolean {
  return status === "submitted";
}

/** Verification documents are frozen once submitted, and stay so after verification. */
export function documentsLocked(status: MentorStatus): boolean {
  return status === "submitted" || status === "verified";
}

/** `details.missing_steps` of an `onboarding_incomplete` answer. */
export function missingFromDetails(details: Record<string, unknown> | null): RequiredStep[] {
  const raw = details?.missing_steps;
  if (!Array.isArray(raw)) return [];
  return raw.filter((step): step is RequiredStep => step === "profile" || step === "subjects" || step === "documents");
}

export const MENTOR_STATUS_LABELS: Record<MentorStatus, string> = {
  draft: "Draft",
  submitted: "Under review",
  verified: "Verified",
  rejected: "Changes requested",
};

export const MENTOR_STATUS_TONES: Record<MentorStatus, BadgeTone> = {
  draft: "neutral",
  submitted: "warning",
  verified: "success",
  rejected: "danger",
};
