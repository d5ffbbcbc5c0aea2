/** Toolbar edits of a Markdown text area: each returns the new text and what to select after. */

export interface Edit {
  text: string;
  selectionStart: number;
  selectionEnd: number;
}

/**
 * Wraps the selection in `before`/`after` (bold, italic, code, a formula). Without a selection
 * the placeholder is inserted and selected, ready to be typed over.
 */
export function wrapSelection(text: string, start: number, end: number, before: string, after: string, placeholder: string): Edit {
  const selected = text.slice(start, end);
  const inner = selected || placeholder;
  const next = `${text.slice(0, start)}${before}${inner}${after}${text.slice(end)}`;
  return { text: next, selectionStart: start + before.length, selectionEnd: start + before.length + inner.length };
}

/** Code: inline backticks for part of a line, a fenced block for several lines. */
export function codeEdit(text: string, start: number, end: number): Edit {
  const selected = text.slice(start, end);
  if (!selected.includes("\n")) return wrapSelection(text, start, end, "`", "`", "code");
  const lead = start > 0 && text[start - 1] !== "\n" ? "\n" : "";
  return wrapSelection(text, start, end, `${lead}\`\`\`\n`, "\n```\n", "code");
}

/** `insertion` in place of the selection, the caret after it. */
export function insertText(text: string, start: number, end: number, insertion: string): Edit {
  const next = `${text.slice(0, start)}${insertion}${text.slice(end)}`;
  const caret = start + insertion.length;
  return { text: next, selectionStart: caret, selectionEnd: caret };
}

/** A description for an image from its file name ("velocity-graph.png" -> "velocity graph"). */
export function altFromFileName(name: string): string {
  const base = name.replace(/\.[^.]+$/, "").replace(/[-_]+/g, " ");
  return base.replace(/[[\]\\]/g, "").trim() || "image";
}

/** The Markdown the forum expects for an uploaded image: `![description](url)`. */
export function imageMarkdown(alt: string, url: string): string {
  // Parentheses and spaces would end the link early; percent-encoded they mean the same address.
  const safe = url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
  return `![${alt.replace(/[[\]\\]/g, "")}](${safe})`;
}
