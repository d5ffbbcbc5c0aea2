/** Thread titles are plain text in which `$…$` marks a formula (`\$` is a dollar sign). */

export type TitlePart = { kind: "text" | "formula"; text: string };

const FORMULA = /(?<!\\)\$([^$]+?)(?<!\\)\$/g;

export function titleParts(title: string): TitlePart[] {
  const parts: TitlePart[] = [];
  let last = 0;
  for (const match of title.matchAll(FORMULA)) {
    const latex = match[1]?.trim() ?? "";
    if (!latex) continue;
    if (match.index > last) parts.push({ kind: "text", text: title.slice(last, match.index) });
    parts.push({ kind: "formula", text: latex });
    last = match.index + match[0].length;
  }
  if (last < title.length) parts.push({ kind: "text", text: title.slice(last) });
  return parts;
}

/** The title for places that show text only (the window's title, breadcrumbs): formulas as their source, without the dollar signs. */
export function plainTitle(title: string): string {
  return titleParts(title)
    .map((part) => part.text)
    .join("");
}
