/** Markdown in and out of the editor (@tiptap/markdown): import from a paste or a .md file,
 * export as a download. Formulas travel as $…$ and $$…$$. */
import type { Editor, JSONContent } from "@tiptap/core";

export type ImportMode = "replace" | "insert";

/** The document as Markdown, ending with one newline. */
export function exportMarkdown(editor: Editor): string {
  return `${editor.getMarkdown().replace(/\s+$/, "")}\n`;
}

/**
 * Drops images that aren't stored on Mentora: the server only keeps `/files/…` sources, so an
 * image from elsewhere would silently turn into an empty box. This runs on the parsed document
 * before anything reaches the page, so a foreign (or hostile) source is never even requested.
 */
function dropForeignImages(node: JSONContent): { node: JSONContent | null; dropped: number } {
  if (node.type === "image" && !String(node.attrs?.src ?? "").startsWith("/files/")) {
    return { node: null, dropped: 1 };
  }
  if (!node.content) return { node, dropped: 0 };
  let dropped = 0;
  const content: JSONContent[] = [];
  for (const child of node.content) {
    const kept = dropForeignImages(child);
    dropped += kept.dropped;
    if (kept.node) content.push(kept.node);
  }
  return { node: { ...node, content }, dropped };
}

/** Converts Markdown into the document; returns how many foreign images were left out. */
export function importMarkdown(editor: Editor, markdown: string, mode: ImportMode): { droppedImages: number } {
  const manager = editor.markdown;
  if (!manager) throw new Error("The Markdown extension is not loaded.");
  // Parsing to JSON first (marked + an inert DOMParser for inline HTML) keeps pasted markup out
  // of the live page until the schema has reduced it to nodes the editor knows.
  const { node, dropped } = dropForeignImages(manager.parse(markdown));
  const doc = node ?? { type: "doc", content: [] };
  if (mode === "replace") {
    editor.chain().focus().setContent(doc, { emitUpdate: true }).run();
  } else {
    editor.chain().focus().insertContent(doc.content ?? []).run();
  }
  return { droppedImages: dropped };
}
