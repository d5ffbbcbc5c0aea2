import type { LearnerContent } from "../../api/learning";
import type { ContentKind as ContentKindName } from "../../api/content";
import { QUESTION_TYPE_LABELS } from "../content/bodies";
import { SIMULATION_SITES } from "../content/simulation";
import { isKind as isKnownKind } from "../content/kinds";

/**
 * The words of lesson HTML, for excerpts and reading times. Parsed in an inert document (no
 * scripts run, nothing loads) and never put back into the page as HTML.
 */
export function plainText(html: string): string {
  if (!html) return "";
  const doc = new DOMParser().parseFromString(html, "text/html");
  doc.querySelectorAll("[data-latex]").forEach((formula) => {
    formula.textContent = ` ${formula.getAttribute("data-latex") ?? ""} `;
  });
  doc.querySelectorAll("p, li, h1, h2, h3, h4, h5, h6, div, tr, br").forEach((block) => block.append(" "));
  return (doc.body.textContent ?? "").replace(/\s+/g, " ").trim();
}

export function excerpt(text: string, length = 160): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  const space = cut.lastIndexOf(" ");
  return `${(space > length * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, "")}…`;
}

/** Minutes to read at a calm 200 words a minute, at least one. */
export function readingMinutes(text: string): number {
  const words = text ? text.split(" ").length : 0;
  return Math.max(1, Math.round(words / 200));
}

export interface ItemSummary {
  /** One line under the title: an excerpt, the question's opening words, the simulation's source. */
  excerpt: string;
  /** Short facts: "4 min read", "Multiple choice", "PhET Interactive Simulations". */
  meta: string;
}

export function summarise(item: LearnerContent): ItemSummary {
  const body = item.body;
  switch (body.kind) {
    case "note":
      // The server's excerpt: formulas readable rather than LaTeX, cut between words.
      return { excerpt: item.excerpt ?? "", meta: `${readingMinutes(plainText(body.html))} min read` };
    case "question":
      return { excerpt: item.excerpt ?? "", meta: QUESTION_TYPE_LABELS[body.type] };
    case "simulation":
      return { excerpt: "", meta: SIMULATION_SITES[body.host] };
    default:
      return { excerpt: "", meta: "" };
  }
}

export interface ContentGroup {
  kind: ContentKindName | "other";
  title: string;
  description: string;
  items: LearnerContent[];
}

const GROUPS: Array<Omit<ContentGroup, "items"> & { kind: ContentKindName }> = [
  { kind: "note", title: "Notes", description: "Read these first: the ideas, worked through step by step." },
  { kind: "simulation", title: "Simulations", description: "Change the parameters and watch what happens." },
  { kind: "question", title: "Practice questions", description: "Check your understanding. Try as often as you like." },
];

/** Items grouped by kind (notes, simulations, questions), each group in reading order. */
export function groupContent(items: readonly LearnerContent[]): ContentGroup[] {
  const groups: ContentGroup[] = GROUPS.map((group) => ({ ...group, items: items.filter((item) => item.kind === group.kind) }));
  const other = items.filter((item) => !isKnownKind(item.kind));
  if (other.length) groups.push({ kind: "other", title: "More material", description: "", items: other });
  return groups.filter((group) => group.items.length > 0);
}
