/**
 * The documents inside content items, read defensively: bodies arrive as untyped JSON, so every
 * field is checked before a screen relies on it. Shapes follow the server's content kinds
 * (`note`, `question`, `simulation`).
 */

export type Body = Record<string, unknown>;

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function finite(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((entry): entry is string => typeof entry === "string") : [];
}

// ---- notes ----------------------------------------------------------------------------------

export function noteHtml(body: Body): string {
  return text(body.html);
}

// ---- simulations ----------------------------------------------------------------------------

export interface Simulation {
  url: string;
  title: string;
  description: string;
}

export function parseSimulation(body: Body): Simulation | null {
  const url = text(body.url);
  if (!url) return null;
  return { url, title: text(body.title), description: text(body.description) };
}

/** Sites simulations may be embedded from (the server refuses any other when saving). */
const PROVIDERS: Record<string, string> = {
  "phet.colorado.edu": "PhET Interactive Simulations",
  "geogebra.org": "GeoGebra",
  "www.geogebra.org": "GeoGebra",
  "desmos.com": "Desmos",
  "www.desmos.com": "Desmos",
};

/** The embeddable address and its provider, or null for anything but https on an allowed site. */
export function simulationSource(raw: string): { url: string; provider: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return null;
  }
  const provider = PROVIDERS[parsed.hostname.toLowerCase()];
  if (parsed.protocol !== "https:" || !provider || parsed.username || parsed.password || (parsed.port && parsed.port !== "443")) {
    return null;
  }
  return { url: parsed.href, provider };
}

// ---- questions ------------------------------------------------------------------------------

export type QuestionType = "single_choice" | "multiple_choice" | "numeric" | "short_text";

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  numeric: "Numeric answer",
  short_text: "Short answer",
};

export interface Choice {
  id: string;
  text: string;
}

/** A question as a learner sees it before answering. */
export interface Question {
  type: QuestionType;
  /** Sanitised HTML. */
  prompt: string;
  choices: Choice[];
  /** Numeric questions: the unit the answer is in, if any. */
  unit: string;
}

/** What makes an answer right: reviewers see it up front, learners after answering. */
export type AnswerKey =
  | { type: "choices"; correct: string[] }
  | { type: "numeric"; answer: number; tolerance: number; unit: string }
  | { type: "text"; accepted: string[]; caseSensitive: boolean | null };

function isQuestionType(value: unknown): value is QuestionType {
  return value === "single_choice" || value === "multiple_choice" || value === "numeric" || value === "short_text";
}

export function parseQuestion(body: Body): Question | null {
  if (!isQuestionType(body.type)) return null;
  const choices = Array.isArray(body.choices)
    ? body.choices.flatMap((entry: unknown): Choice[] => {
        if (!entry || typeof entry !== "object") return [];
        const { id, text: label } = entry as { id?: unknown; text?: unknown };
        return typeof id === "string" && typeof label === "string" ? [{ id, text: label }] : [];
      })
    : [];
  const question: Question = { type: body.type, prompt: text(body.prompt), choices, unit: text(body.unit) };
  if ((question.type === "single_choice" || question.type === "multiple_choice") && choices.length === 0) return null;
  return question;
}

/**
 * The answer key in a full question body (reviewers) or in an attempt's `solution` (learners,
 * after answering): `{correct}`, `{answer, tolerance, unit}` or `{accepted[, case_sensitive]}`.
 */
export function parseAnswerKey(source: Body | null | undefined): AnswerKey | null {
  if (!source) return null;
  if (Array.isArray(source.correct)) return { type: "choices", correct: strings(source.correct) };
  const answer = finite(source.answer);
  if (answer !== null) return { type: "numeric", answer, tolerance: finite(source.tolerance) ?? 0, unit: text(source.unit) };
  if (Array.isArray(source.accepted)) {
    return {
      type: "text",
      accepted: strings(source.accepted),
      caseSensitive: typeof source.case_sensitive === "boolean" ? source.case_sensitive : null,
    };
  }
  return null;
}

/** The explanation of a full question body (sanitised HTML), shown to reviewers. */
export function questionExplanation(body: Body): string {
  return text(body.explanation);
}

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 10 });

export function formatNumber(value: number): string {
  return Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-6) ? value.toExponential() : numberFormat.format(value);
}

/** "9.81 m/s² (± 0.05)". */
export function formatNumericAnswer(key: { answer: number; tolerance: number; unit: string }): string {
  const unit = key.unit ? ` ${key.unit}` : "";
  const tolerance = key.tolerance > 0 ? ` (± ${formatNumber(key.tolerance)})` : "";
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

export type AnswerPayload = { choice: string } | { choices: string[] } | { value: number } | { text: string };

/** The request body for an answer, or what the learner still has to do. */
export function buildAnswer(question: Question, draft: AnswerDraft): { answer: AnswerPayload } | { problem: string } {
  switch (question.type) {
    case "single_choice":
      return draft.choice ? { answer: { choice: draft.choice } } : { problem: "Choose an answer first." };
    case "multiple_choice": {
      // In the order the choices are shown, whatever order they were ticked in.
      const chosen = question.choices.map((choice) => choice.id).filter((id) => draft.choices.includes(id));
      return chosen.length ? { answer: { choices: chosen } } : { problem: "Choose at least one answer." };
    }
    case "numeric": {
      if (!draft.value.trim()) return { problem: "Enter your answer first." };
      const value = parseNumber(draft.value);
      return value === null ? { problem: "Enter a number, like 9.81 or 6.02e23." } : { answer: { value } };
    }
    case "short_text":
      return draft.text.trim() ? { answer: { text: draft.text.trim() } } : { problem: "Type your answer first." };
  }
}
