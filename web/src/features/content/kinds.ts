/**
 * The kinds of content as the web client names them: one table of labels and descriptions. It
 * is a `Record` over the generated `ContentKind` union, so a kind added on the server fails the
 * type check here (and in `KindTile.tsx`, its icons) until it is described.
 */
import type { ContentKind } from "../../api/content";
import { SIMULATION_SITE_NAMES } from "./simulation";

interface KindSpec {
  /** For authors and reviewers. */
  label: string;
  /** For learners. */
  learnerLabel: string;
  /** One of it, in a sentence: "questions about this {noun}". */
  noun: string;
  description: string;
}

const KINDS: Record<ContentKind, KindSpec> = {
  note: {
    label: "Note",
    learnerLabel: "Note",
    noun: "note",
    description: "A lesson or explanation: rich text with headings, formulas, tables and images.",
  },
  question: {
    label: "Question",
    learnerLabel: "Practice question",
    noun: "practice question",
    description: "Single or multiple choice, a number with a tolerance, or a short text answer, with an explanation.",
  },
  simulation: {
    label: "Simulation",
    learnerLabel: "Simulation",
    noun: "simulation",
    description: `An interactive simulation from ${SIMULATION_SITE_NAMES}, embedded for learners to explore.`,
  },
  video: {
    label: "Video",
    learnerLabel: "Video lesson",
    noun: "video lesson",
    description: "A recorded lesson, uploaded here, with captions and chapters; learners resume where they stopped.",
  },
  handwritten: {
    label: "Handwritten notes",
    learnerLabel: "Handwritten notes",
    noun: "set of notes",
    description: "Scanned or photographed notes (one PDF or page photos) that learners page through and draw on.",
  },
};

export const KIND_OPTIONS = Object.keys(KINDS) as ContentKind[];
export const KIND_LABELS = Object.fromEntries(KIND_OPTIONS.map((kind) => [kind, KINDS[kind].label])) as Record<ContentKind, string>;
export const KIND_DESCRIPTIONS = Object.fromEntries(KIND_OPTIONS.map((kind) => [kind, KINDS[kind].description])) as Record<ContentKind, string>;

export function isKind(value: string | null | undefined): value is ContentKind {
  return value != null && Object.hasOwn(KINDS, value);
}

/** What learners call a kind ("Practice question"); "Content" for one this client doesn't know. */
export function kindLabel(kind: string): string {
  return isKind(kind) ? KINDS[kind].learnerLabel : "Content";
}

/** A kind in a sentence ("this set of notes"); "lesson" for one this client doesn't know. */
export function kindNoun(kind: string): string {
  return isKind(kind) ? KINDS[kind].noun : "lesson";
}
