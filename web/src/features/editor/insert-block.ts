import type { Content, Editor } from "@tiptap/core";
import { NodeSelection, TextSelection } from "@tiptap/pm/state";

/**
 * Inserts a block (an image, a simulation) at the cursor and puts the cursor in the paragraph
 * after it, adding one if there is none. Why: ProseMirror leaves a freshly inserted block atom
 * *selected*, so the next thing the author typed or inserted silently replaced the image or
 * simulation they had just added.
 */
export function insertBlock(editor: Editor, content: Content): boolean {
  return editor
    .chain()
    .insertContent(content)
    .command(({ tr }) => {
      const { selection } = tr;
      if (!(selection instanceof NodeSelection) || selection.node.isInline) return true;
      const after = selection.to;
      const next = tr.doc.nodeAt(after);
      if (!next?.isTextblock) {
        const $after = tr.doc.resolve(after);
        const paragraph = tr.doc.type.schema.nodes.paragraph;
        if (!paragraph || !$after.parent.canReplaceWith($after.index(), $after.index(), paragraph)) return true;
        tr.insert(after, paragraph.create());
      }
      tr.setSelection(TextSelection.create(tr.doc, after + 1));
      return true;
    })
    .run();
}
