/** Markdown in and out of the editor (@tiptap/markdown): import from a paste or a .md file,
 * export as a download. Formulas travel as $…$ and $$…$$. */
import type { Editor } from "@tiptap/core";

export type ImportMode = "replace" | "insert";

/** The document as Markdown, ending with one newline. */
export function exportMarkdown(editor: Editor): string {
  return `${editor.getMarkdown().replace(/\s+$/, "")}\n`;
}

/**
 * Drops images that aren't stored on Mentora: the server only keeps `/files/…` sources, so an
 * image from elsewhere would silently turn into an empty box. Returns how many were dropped.
 */
function dropForeignImages(editor: Editor): number {
  const positions: Array<{ from: number; to: number }> = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name === "image" && !String(node.attrs.src ?? "").startsWith("/files/")) {
      positions.push({ from: pos, to: pos + node.nodeSize });
    }
  });
  if (!positions.length) return 0;
  const tr = editor.state.tr;
  for (const { from, to } of positions.reverse()) tr.delete(from, to);
  editor.view.dispatch(tr);
  return positions.length;
}

/** Converts Markdown into the document; returns how many foreign images were left out. */
export function importMarkdown(editor: Editor, markdown: string, mode: ImportMode): { droppedImages: number } {
  if (mode === "replace") {
    editor.chain().focus().setContent(markdown, { contentType: "markdown", emitUpdate: true }).run();
  } else {
    editor.chain().focus().insertContent(markdown, { contentType: "markdown" }).run();
  }
  return { droppedImages: dropForeignImages(editor) };
}

/** Offers `text` as a file download. */
export function downloadText(fileName: string, text: string, type = "text/markdown;charset=utf-8"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}
