/**
 * "Ask about this": the address of the forum's new-thread form, filled in for one lesson or
 * question. After a wrong answer the body quotes the question and says what was answered, so the
 * people replying see the problem without opening the lesson.
 */
import type { Attempt } from "../../api/learning";
import { choiceLetter, formatNumber, type QuestionBody } from "./bodies";

/** The item a thread would be about. */
export interface AskTarget {
  itemId: string;
  topicId: string;
  /** The item's title, for the thread's. */
  title: string;
}

/** The server's limit on a thread title (edu_core.domain.forum.text.MAX_TITLE). */
const MAX_TITLE = 150;
/** Enough of the question to recognise it; the thread links to the whole one. */
const MAX_QUOTE = 400;

/** Cut between words, with an ellipsis; `unfinished` drops what a cut left half of. */
function cut(text: string, length: number, unfinished?: RegExp): string {
  if (text.length <= length) return text;
  const head = text.slice(0, length);
  const space = head.lastIndexOf(" ");
  const kept = space > length * 0.6 ? head.slice(0, space) : head;
  return `${(unfinished ? kept.replace(unfinished, "") : kept).replace(/[\s,.;:!?-]+$/, "")}…`;
}

const TITLE_WORDS = "Question about “”";

export function askTitle(itemTitle: string): string {
  return `Question about “${cut(itemTitle.trim(), MAX_TITLE - TITLE_WORDS.length)}”`;
}

/** `/forum/new?item=…&topic=…&title=…` (and `&body=…` when there is one). */
export function askAboutPath(target: AskTarget, body = ""): string {
  const query = new URLSearchParams({ item: target.itemId, topic: target.topicId, title: askTitle(target.title) });
  if (body) query.set("body", body);
  return `/forum/new?${query.toString()}`;
}

// Characters that would turn quoted text into formatting or a formula (`\$` is a dollar sign).
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]$]/g, "\\$&");
}

const BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, div, blockquote, pre, tr, br";
// A formula stands in the text as one unbreakable mark until the quote is cut.
const FORMULA = /\uE000(\d+)\uE001/g;
const HALF_FORMULA = /\uE000\d*$/;

/**
 * Lesson HTML as Markdown lines: the words escaped, formulas back as `$…$` / `$$…$$` (the forum
 * renders them like the lesson does), images and embeds left out. Parsed in an inert document.
 */
function htmlLines(html: string): { lines: string[]; formulas: string[] } {
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("img, iframe, [data-type='simulation']").forEach((embed) => embed.remove());
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    node.nodeValue = escapeMarkdown(node.nodeValue ?? "");
  }
  const formulas: string[] = [];
  doc.querySelectorAll("[data-latex]").forEach((formula) => {
    const latex = (formula.getAttribute("data-latex") ?? "").trim();
    const mark = `\uE000${formulas.push(formula.tagName === "DIV" ? `$$${latex}$$` : `$${latex}$`) - 1}\uE001`;
    formula.textContent = formula.tagName === "DIV" ? `\n${mark}\n` : mark;
  });
  doc.querySelectorAll(BLOCKS).forEach((block) => block.append("\n"));
  const lines = (doc.body.textContent ?? "")
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .filter(Boolean);
  return { lines, formulas };
}

/** The first lines of the question, up to about `MAX_QUOTE` characters, as a Markdown quote. */
export function quoteQuestion(promptHtml: string): string {
  const { lines, formulas } = htmlLines(promptHtml);
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const room = MAX_QUOTE - used;
    if (line.length <= room) {
      kept.push(line);
      used += line.length;
      continue;
    }
    if (room > 40) kept.push(cut(line, room, HALF_FORMULA));
    else kept.push("…");
    break;
  }
  return kept.map((line) => `> ${line.replace(FORMULA, (_, index: string) => formulas[Number(index)] ?? "")}`).join("\n>\n");
}

/** What the learner answered, as they saw it: "B. It stops", "9.8 m/s²", "inertia". */
export function describeAnswer(question: QuestionBody, answer: Attempt["answer"]): string | null {
  const choices = question.choices ?? [];
  const choice = (id: string) => {
    const index = choices.findIndex((option) => option.id === id);
    const found = choices[index];
    return found ? `${choiceLetter(index)}. ${found.text}` : null;
  };
  switch (question.type) {
    case "single_choice":
      return answer.choice ? choice(answer.choice) : null;
    case "multiple_choice": {
      const given = (answer.choices ?? []).map(choice).filter((text): text is string => text !== null);
      return given.length ? given.join("; ") : null;
    }
    case "numeric":
      return answer.value != null ? `${formatNumber(answer.value)}${question.unit ? ` ${question.unit}` : ""}` : null;
    case "short_text":
      return answer.text?.trim() || null;
  }
}

/** The new thread's body after a wrong answer: the question quoted, then what was answered. */
export function wrongAnswerPrefill(question: QuestionBody, answer: Attempt["answer"]): string {
  const given = describeAnswer(question, answer);
  const ask = given
    ? `I answered “${escapeMarkdown(given)}” but the expected answer is different — why?`
    : "My answer was marked wrong, and I don't see why.";
  const quote = quoteQuestion(question.prompt);
  return quote ? `${quote}\n\n${ask}` : ask;
}
