/**
 * The question form's state and the body the API expects for each question type (see
 * `edu_core/domain/content/questions.py`):
 *   single_choice / multiple_choice: {type, prompt, explanation, choices: [{id, text}], correct: [ids]}
 *   numeric:    {type, prompt, explanation, answer, tolerance, unit}
 *   short_text: {type, prompt, explanation, accepted: [text], case_sensitive}
 */
import { isEmptyHtml } from "../editor/html";

export type QuestionType = "single_choice" | "multiple_choice" | "numeric" | "short_text";

export const QUESTION_TYPES: ReadonlyArray<{ type: QuestionType; label: string; hint: string }> = [
  { type: "single_choice", label: "Single choice", hint: "One correct answer among the choices." },
  { type: "multiple_choice", label: "Multiple choice", hint: "Learners tick every correct choice." },
  { type: "numeric", label: "Numeric", hint: "A number, accepted within a tolerance." },
  { type: "short_text", label: "Short text", hint: "A word or phrase from your list." },
];

export const MIN_CHOICES = 2;
export const MAX_CHOICES = 10;
export const MAX_ACCEPTED = 20;
export const MAX_CHOICE_TEXT = 500;
export const MAX_ACCEPTED_TEXT = 200;
export const MAX_UNIT = 20;
export const MAX_HINTS = 5;
export const MAX_HINT_TEXT = 500;

export interface ChoiceDraft {
  id: string;
  text: string;
  correct: boolean;
}

export interface QuestionDraft {
  type: QuestionType;
  prompt: string;
  explanation: string;
  choices: ChoiceDraft[];
  /** As typed: "9.81", "9,81", "-3e8". */
  answer: string;
  tolerance: string;
  unit: string;
  accepted: string[];
  caseSensitive: boolean;
  /** Revealed to learners one at a time after a wrong answer. */
  hints: string[];
}

type Hinted = { hints?: string[] };
export type QuestionBody =
  | ({ type: "single_choice" | "multiple_choice"; prompt: string; explanation: string; choices: Array<{ id: string; text: string }>; correct: string[] } & Hinted)
  | ({ type: "numeric"; prompt: string; explanation: string; answer: number; tolerance: number; unit: string } & Hinted)
  | ({ type: "short_text"; prompt: string; explanation: string; accepted: string[]; case_sensitive: boolean } & Hinted);

/** Server field names, so local and server messages land on the same controls. */
export type QuestionField = "body.prompt" | "body.explanation" | "body.choices" | "body.correct" | "body.answer" | "body.tolerance" | "body.unit" | "body.accepted" | "body.hints";

export type QuestionErrors = Partial<Record<QuestionField, string>>;

const CHOICE_ID = /^[A-Za-z0-9_-]{1,16}$/;

/** The next free choice id: a, b, … z, then c27, c28, … */
export function nextChoiceId(choices: ReadonlyArray<{ id: string }>): string {
  const taken = new Set(choices.map((choice) => choice.id));
  for (let index = 0; index < 26; index++) {
    const id = String.fromCharCode(97 + index);
    if (!taken.has(id)) return id;
  }
  let n = 27;
  while (taken.has(`c${n}`)) n++;
  return `c${n}`;
}

export function emptyQuestion(type: QuestionType = "single_choice"): QuestionDraft {
  return {
    type,
    prompt: "",
    explanation: "",
    choices: [
      { id: "a", text: "", correct: false },
      { id: "b", text: "", correct: false },
    ],
    answer: "",
    tolerance: "0",
    unit: "",
    accepted: [""],
    caseSensitive: false,
    hints: [],
  };
}

function isType(value: unknown): value is QuestionType {
  return QUESTION_TYPES.some((entry) => entry.type === value);
}

function numberText(value: unknown): string {
  return typeof value === "number" && Number.isFinite(value) ? String(value) : "";
}

/** The form state for a stored body (tolerating missing fields). */
export function questionDraftFrom(body: Record<string, unknown>): QuestionDraft {
  const type = isType(body.type) ? body.type : "single_choice";
  const draft = emptyQuestion(type);
  draft.prompt = typeof body.prompt === "string" ? body.prompt : "";
  draft.explanation = typeof body.explanation === "string" ? body.explanation : "";
  if (Array.isArray(body.choices)) {
    const correct = new Set(Array.isArray(body.correct) ? body.correct.filter((id): id is string => typeof id === "string") : []);
    const choices: ChoiceDraft[] = [];
    for (const raw of body.choices as unknown[]) {
      if (!raw || typeof raw !== "object") continue;
      const { id, text } = raw as { id?: unknown; text?: unknown };
      const choiceId = typeof id === "string" && id ? id : nextChoiceId(choices);
      choices.push({ id: choiceId, text: typeof text === "string" ? text : "", correct: correct.has(choiceId) });
    }
    if (choices.length) draft.choices = choices;
  }
  if (type === "numeric") {
    draft.answer = numberText(body.answer);
    draft.tolerance = numberText(body.tolerance) || "0";
    draft.unit = typeof body.unit === "string" ? body.unit : "";
  }
  if (Array.isArray(body.accepted)) {
    const accepted = body.accepted.filter((answer): answer is string => typeof answer === "string");
    if (accepted.length) draft.accepted = accepted;
  }
  draft.caseSensitive = body.case_sensitive === true;
  if (Array.isArray(body.hints)) draft.hints = body.hints.filter((hint): hint is string => typeof hint === "string");
  return draft;
}

/** A number as people type it: "9.81", "9,81" (decimal comma), "-3e8", " 12 ". */
export function parseNumber(text: string): number | null {
  let value = text.trim().replace(/[\s\u00a0\u202f]/g, "");
  if (!value) return null;
  if (value.includes(",") && !value.includes(".")) value = value.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value)) return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : null;
}

/** Collapses runs of spaces like the server does, so the counts and duplicates agree. */
function line(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The API body for the form, or the problems to fix first (in the server's words). */
export function questionBody(draft: QuestionDraft): { body: QuestionBody; errors?: undefined } | { body?: undefined; errors: QuestionErrors } {
  const errors: QuestionErrors = {};
  const prompt = isEmptyHtml(draft.prompt) ? "" : draft.prompt;
  const explanation = isEmptyHtml(draft.explanation) ? "" : draft.explanation;
  if (!prompt) errors["body.prompt"] = "Write the question learners will answer.";

  let body: QuestionBody | null = null;
  switch (draft.type) {
    case "single_choice":
    case "multiple_choice": {
      const choices = draft.choices.map((choice) => ({ id: choice.id, text: line(choice.text) }));
      const correct = draft.choices.filter((choice) => choice.correct).map((choice) => choice.id);
      if (choices.length < MIN_CHOICES || choices.length > MAX_CHOICES) {
        errors["body.choices"] = `Offer ${MIN_CHOICES} to ${MAX_CHOICES} choices.`;
      } else if (choices.some((choice) => !choice.text)) {
        errors["body.choices"] = "Fill in every choice, or remove the empty ones.";
      } else if (choices.some((choice) => choice.text.length > MAX_CHOICE_TEXT)) {
        errors["body.choices"] = `Keep each choice under ${MAX_CHOICE_TEXT} characters.`;
      } else if (new Set(choices.map((choice) => choice.text.toLocaleLowerCase())).size !== choices.length) {
        errors["body.choices"] = "Two choices say the same thing. Make each one different.";
      } else if (choices.some((choice) => !CHOICE_ID.test(choice.id))) {
        errors["body.choices"] = "Choice ids are 1 to 16 letters, digits, - or _.";
      }
      if (draft.type === "single_choice" && correct.length !== 1) {
        errors["body.correct"] = correct.length ? "A single-choice question has one correct choice." : "Mark the correct choice.";
      } else if (draft.type === "multiple_choice" && !correct.length) {
        errors["body.correct"] = "Mark at least one correct choice.";
      }
      body = { type: draft.type, prompt, explanation, choices, correct };
      break;
    }
    case "numeric": {
      const answer = parseNumber(draft.answer);
      const tolerance = draft.tolerance.trim() ? parseNumber(draft.tolerance) : 0;
      const unit = line(draft.unit);
      if (answer === null) errors["body.answer"] = draft.answer.trim() ? "Give the answer as a number, like 9.81 or -3e8." : "Give the correct answer.";
      if (tolerance === null || tolerance < 0) errors["body.tolerance"] = "Give a tolerance of zero or more.";
      if (unit.length > MAX_UNIT) errors["body.unit"] = `Keep the unit under ${MAX_UNIT} characters.`;
      body = { type: "numeric", prompt, explanation, answer: answer ?? 0, tolerance: tolerance ?? 0, unit };
      break;
    }
    case "short_text": {
      const accepted = [...new Set(draft.accepted.map(line).filter(Boolean))];
      if (!accepted.length) errors["body.accepted"] = "List at least one accepted answer.";
      else if (accepted.length > MAX_ACCEPTED) errors["body.accepted"] = `List at most ${MAX_ACCEPTED} accepted answers.`;
      else if (accepted.some((answer) => answer.length > MAX_ACCEPTED_TEXT)) errors["body.accepted"] = `Keep each answer under ${MAX_ACCEPTED_TEXT} characters.`;
      body = { type: "short_text", prompt, explanation, accepted, case_sensitive: draft.caseSensitive };
      break;
    }
  }
  const hints = draft.hints.map(line).filter(Boolean);
  if (hints.length > MAX_HINTS) errors["body.hints"] = `Give at most ${MAX_HINTS} hints.`;
  else if (hints.some((hint) => hint.length > MAX_HINT_TEXT)) errors["body.hints"] = `Keep each hint under ${MAX_HINT_TEXT} characters.`;
  if (body && hints.length) body = { ...body, hints };
  return Object.keys(errors).length || !body ? { errors } : { body };
}

/** A number without floating-point noise: 9.860000000000001 -> "9.86". */
export function plainNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/** Tolerance in words: "9.81 ± 0.05 m/s²" or "exactly 42". */
export function describeNumeric(answer: number, tolerance: number, unit: string): string {
  const suffix = unit ? ` ${unit}` : "";
  return tolerance > 0 ? `${plainNumber(answer)} ± ${plainNumber(tolerance)}${suffix}` : `exactly ${plainNumber(answer)}${suffix}`;
}
