/** Reads the server's version diff: a unified diff (Python's difflib) of the items' text. */

export type DiffLineKind = "added" | "removed" | "context";

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
  /** Line number in the older version (null for added lines). */
  oldNumber: number | null;
  /** Line number in the newer version (null for removed lines). */
  newNumber: number | null;
}

export interface DiffHunk {
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}

export interface ParsedDiff {
  from: string | null;
  to: string | null;
  hunks: DiffHunk[];
  added: number;
  removed: number;
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseUnifiedDiff(text: string): ParsedDiff {
  const result: ParsedDiff = { from: null, to: null, hunks: [], added: 0, removed: 0 };
  let hunk: DiffHunk | null = null;
  let oldLine = 0;
  let newLine = 0;
  for (const raw of text.split("\n")) {
    const header = HUNK.exec(raw);
    if (header) {
      oldLine = Number(header[1]);
      newLine = Number(header[3]);
      // difflib counts from the line before an empty range.
      if (header[2] === "0") oldLine += 1;
      if (header[4] === "0") newLine += 1;
      hunk = { oldStart: oldLine, newStart: newLine, lines: [] };
      result.hunks.push(hunk);
      continue;
    }
    if (!hunk) {
      if (raw.startsWith("--- ")) result.from = raw.slice(4).trim();
      else if (raw.startsWith("+++ ")) result.to = raw.slice(4).trim();
      continue;
    }
    if (raw.startsWith("\\")) continue; // "\ No newline at end of file"
    const marker = raw.charAt(0);
    const body = raw.slice(1);
    if (marker === "+") {
      hunk.lines.push({ kind: "added", text: body, oldNumber: null, newNumber: newLine++ });
      result.added += 1;
    } else if (marker === "-") {
      hunk.lines.push({ kind: "removed", text: body, oldNumber: oldLine++, newNumber: null });
      result.removed += 1;
    } else {
      hunk.lines.push({ kind: "context", text: marker === " " ? body : raw, oldNumber: oldLine++, newNumber: newLine++ });
    }
  }
  return result;
}

export function changeSummary({ added, removed }: Pick<ParsedDiff, "added" | "removed">): string {
  const part = (count: number, word: string) => `${count} line${count === 1 ? "" : "s"} ${word}`;
  if (!added && !removed) return "No changes";
  if (!removed) return part(added, "added");
  if (!added) return part(removed, "removed");
  return `${part(added, "added")}, ${part(removed, "removed")}`;
}
