/** Unified diffs (as the server's `difflib.unified_diff` writes them), parsed for display. */

export type DiffLineType = "add" | "del" | "ctx";

export interface DiffLine {
  type: DiffLineType;
  text: string;
  /** Line number in the old text (absent for added lines). */
  oldNo: number | null;
  /** Line number in the new text (absent for removed lines). */
  newNo: number | null;
}

export interface DiffHunk {
  oldStart: number;
  newStart: number;
  lines: DiffLine[];
}

export interface ParsedDiff {
  from: string;
  to: string;
  hunks: DiffHunk[];
  added: number;
  removed: number;
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/;

export function parseUnifiedDiff(text: string): ParsedDiff {
  const diff: ParsedDiff = { from: "", to: "", hunks: [], added: 0, removed: 0 };
  let hunk: DiffHunk | null = null;
  let oldNo = 0;
  let newNo = 0;
  for (const line of text.split("\n")) {
    if (!hunk && line.startsWith("--- ")) {
      diff.from = line.slice(4).trim();
      continue;
    }
    if (!hunk && line.startsWith("+++ ")) {
      diff.to = line.slice(4).trim();
      continue;
    }
    const header = HUNK.exec(line);
    if (header) {
      oldNo = Number(header[1]);
      newNo = Number(header[2]);
      // An empty side starts at 0 ("-0,0"): its first line would be line 1.
      hunk = { oldStart: Math.max(oldNo, 1), newStart: Math.max(newNo, 1), lines: [] };
      if (oldNo === 0) oldNo = 1;
      if (newNo === 0) newNo = 1;
      diff.hunks.push(hunk);
      continue;
    }
    if (!hunk || line.startsWith("\\")) continue;
    const marker = line[0];
    const body = line.slice(1);
    if (marker === "+") {
      hunk.lines.push({ type: "add", text: body, oldNo: null, newNo: newNo++ });
      diff.added += 1;
    } else if (marker === "-") {
      hunk.lines.push({ type: "del", text: body, oldNo: oldNo++, newNo: null });
      diff.removed += 1;
    } else if (marker === " " || line === "") {
      hunk.lines.push({ type: "ctx", text: body, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  // A trailing newline in the text is not an unchanged empty line.
  const last = diff.hunks.at(-1);
  const tail = last?.lines.at(-1);
  if (last && tail && tail.type === "ctx" && tail.text === "" && text.endsWith("\n")) last.lines.pop();
  return diff;
}
