/**
 * The documents inside content items, as the OpenAPI document types them: one shape per kind,
 * told apart by `kind`, and one answer per question type, told apart by `type`. What remains
 * here is formatting and turning what a learner typed into an answer.
 */
import type { components } from "../../api/schema";

type Schemas = components["schemas"];

export type ContentBody = Schemas["VersionOut"]["body"];
export type NoteBody = Schemas["NoteBody"];
/** The full question for authors and reviewers; learners get it without the answer fields. */
export type QuestionBody = Schemas["QuestionBody"];
export type SimulationBody = Schemas["SimulationBody"];
export type QuestionType = Schemas["QuestionType"];
/** An answer as sent: tagged with the question's `type`. */
export type AnswerPayload = Schemas["AttemptIn"]["answer"];
/** The correct answer an attempt reveals (after a right answer, or on request). */
export type Solution = Schemas["SolutionOut"];

/** What makes an answer right: the fields a full question and an attempt's solution share. */
export type AnswerKey = Pick<QuestionBody, "correct" | "answer" | "tolerance" | "unit" | "accepted" | "case_sensitive">;

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  numeric: "Numeric answer",
  short_text: "Short answer",
};

export function isChoiceQuestion(question: Pick<QuestionBody, "type">): boolean {
  return question.type === "single_choice" || question.type === "multiple_choice";
}

/** The answer key of a full question body (reviewers), or null when the version has none. */
export function answerKeyOf(question: QuestionBody): AnswerKey | null {
  switch (question.type) {
    case "single_choice":
    case "multiple_choice":
      return question.correct?.length ? question : null;
    case "numeric":
      return question.answer != null ? question : null;
    case "short_text":
      return question.accepted?.length ? question : null;
  }
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 10 });

export function formatNumber(value: number): string {
  return Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-6) ? value.toExponential() : numberFormat.format(value);
}

/** "9.81 m/s² (± 0.05)". */
export function formatNumericAnswer(key: { answer: number; tolerance?: number | null; unit?: string | null }): string {
  const unit = key.unit ? ` ${key.unit}` : "";
  const tolerance = key.tolerance ? ` (± ${formatNumber(key.tolerance)})` : "";
  return `${formatNumber(key.answer)}${unit}${tolerance}`;
}

/** "A", "B", … for choice lists. */
export function choiceLetter(index: number): string {
  return index < 26 ? String.fromCharCode(65 + index) : String(index + 1);
}

// ---- answers ------------------------------------------------------------------------------

/**
 * A number as people type it: "9.81", "9,81", "-3", "−3", "6.02e23", "1 000". Null when it is
 * not one number.
 */
export function parseNumber(raw: string): number | null {
  const cleaned = raw
    .trim()
    .replace(/[\s\u00a0\u202f]/g, "")
    .replace(/\u2212/g, "-");
  if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)(e[-+]?\d+)?$/i.test(cleaned)) return null;
  const value = Number(cleaned.replace(",", "."));
  return Number.isFinite(value) ? value : null;
}

export interface AnswerDraft {
  choice: string;
  choices: string[];
  value: string;
  text: string;
}

export const EMPTY_DRAFT: AnswerDraft = { choice: "", choices: [], value: "", text: "" };

/** The request body for an answer, or what the learner still has to do. */
export function buildAnswer(question: QuestionBody, draft: AnswerDraft): { answer: AnswerPayload } | { problem: string } {
  switch (question.type) {
    case "single_choice":
      return draft.choice ? { answer: { type: "single_choice", choice: draft.choice } } : { problem: "Choose an answer first." };
    case "multiple_choice": {
      // In the order the choices are shown, whatever order they were ticked in.
      const chosen = (question.choices ?? []).map((choice) => choice.id).filter((id) => draft.choices.includes(id));
      return chosen.length ? { answer: { type: "multiple_choice", choices: chosen } } : { problem: "Choose at least one answer." };
    }
    case "numeric": {
      if (!draft.value.trim()) return { problem: "Enter your answer first." };
      const value = parseNumber(draft.value);
      return value === null ? { problem: "Enter a number, like 9.81 or 6.02e23." } : { answer: { type: "numeric", value } };
    }
    case "short_text":
      return draft.text.trim() ? { answer: { type: "short_text", text: draft.text.trim() } } : { problem: "Type your answer first." };
  }
}
