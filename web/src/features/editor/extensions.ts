/**
 * The editor's schema: what lesson text can contain. Everything here must survive the server's
 * HTML sanitiser (an allow-list), so the stored HTML is exactly what learners see.
 */
import { Extension, type AnyExtension } from "@tiptap/core";
import Image from "@tiptap/extension-image";
import { BlockMath, InlineMath } from "@tiptap/extension-mathematics";
import { TableKit } from "@tiptap/extension-table";
import { CharacterCount, Placeholder } from "@tiptap/extensions";
import { Markdown } from "@tiptap/markdown";
import type { Node as PMNode } from "@tiptap/pm/model";
import { NodeSelection, Plugin, PluginKey } from "@tiptap/pm/state";
import StarterKit from "@tiptap/starter-kit";
import { isAllowedHref } from "./links";
import { looksLikeMarkdown } from "./markdown-detect";
import { selectedSimulation, Simulation, type SimulationTarget } from "./simulation-node";

export type FormulaKind = "inline" | "block";

export interface FormulaTarget {
  kind: FormulaKind;
  latex: string;
  /** Position of the existing node; absent when inserting a new formula. */
  pos?: number;
}

export interface ExtensionOptions {
  placeholder?: string;
  /** Opens the formula dialog for a formula the author clicked or pressed Enter on; returns
   * whether it did (a read-only editor doesn't). */
  onEditFormula?: (target: FormulaTarget) => boolean;
  /** Opens the simulation dialog for a simulation the author chose to edit (its Edit button, or
   * Enter on it); returns whether it did. */
  onEditSimulation?: (target: SimulationTarget) => boolean;
  /** Mod-K: open the link dialog. */
  onLinkShortcut?: () => boolean;
  /** Alt-F10: move focus to the formatting toolbar (the usual editor convention). */
  onToolbarShortcut?: () => boolean;
  /** Headings offered; the page title is the h1, so lesson text starts at h2. */
  headingLevels?: Array<2 | 3 | 4>;
}

const KATEX_OPTIONS = { throwOnError: false, strict: "ignore" as const };

function formulaAt(node: PMNode | null | undefined): FormulaKind | null {
  if (node?.type.name === "inlineMath") return "inline";
  if (node?.type.name === "blockMath") return "block";
  return null;
}

/** The formula node currently selected (arrow keys select an atom node), if any. */
export function selectedFormula(selection: unknown): FormulaTarget | null {
  if (!(selection instanceof NodeSelection)) return null;
  const kind = formulaAt(selection.node);
  if (!kind) return null;
  return { kind, latex: String(selection.node.attrs.latex ?? ""), pos: selection.from };
}

/**
 * Inline formulas are stored as `<span data-type="inline-math" data-latex="…"></span>`: the server
 * sanitiser keeps exactly these two attributes, and readers render the LaTeX with KaTeX.
 */
export const InlineFormula = InlineMath.extend({
  renderHTML({ node }) {
    return ["span", { "data-type": "inline-math", "data-latex": String(node.attrs.latex ?? "") }];
  },
});

/** Display formulas: `<div data-type="block-math" data-latex="…"></div>`. */
export const BlockFormula = BlockMath.extend({
  renderHTML({ node }) {
    return ["div", { "data-type": "block-math", "data-latex": String(node.attrs.latex ?? "") }];
  },
});

/** Keys that open the editor's dialogs; Enter on a selected formula or simulation edits it. */
const EditorKeys = Extension.create<Pick<ExtensionOptions, "onEditFormula" | "onEditSimulation" | "onLinkShortcut" | "onToolbarShortcut">>({
  name: "mentoraKeys",
  // Before the list and paragraph keymaps, so Enter on a selected formula opens it instead of
  // replacing it with a line break.
  priority: 1000,
  addOptions() {
    return { onEditFormula: undefined, onEditSimulation: undefined, onLinkShortcut: undefined, onToolbarShortcut: undefined };
  },
  addKeyboardShortcuts() {
    return {
      Enter: ({ editor }) => {
        const formula = selectedFormula(editor.state.selection);
        if (formula) return this.options.onEditFormula?.(formula) ?? false;
        const simulation = selectedSimulation(editor.state.selection);
        return simulation !== null && (this.options.onEditSimulation?.(simulation) ?? false);
      },
      "Mod-k": () => this.options.onLinkShortcut?.() ?? false,
      "Alt-F10": () => this.options.onToolbarShortcut?.() ?? false,
    };
  },
});

/**
 * Plain text that reads as Markdown (headings, lists, **bold**, links, tables, fences) is
 * converted as it is pasted. Copies from web pages bring their own HTML and are left alone, as
 * is anything pasted into a code block.
 */
const MarkdownPaste = Extension.create({
  name: "markdownPaste",
  addProseMirrorPlugins() {
    const editor = this.editor;
    return [
      new Plugin({
        key: new PluginKey("markdownPaste"),
        props: {
          handlePaste: (_view, event) => {
            const data = event.clipboardData;
            if (!data || Array.from(data.types ?? []).includes("text/html")) return false;
            const text = data.getData("text/plain");
            if (!looksLikeMarkdown(text) || editor.isActive("codeBlock") || editor.isActive("code")) return false;
            return editor.commands.insertContent(text, { contentType: "markdown" });
          },
        },
      }),
    ];
  },
});

export function createExtensions({
  placeholder,
  onEditFormula,
  onEditSimulation,
  onLinkShortcut,
  onToolbarShortcut,
  headingLevels = [2, 3, 4],
}: ExtensionOptions = {}): AnyExtension[] {
  const edit = (kind: FormulaKind) => (node: PMNode, pos: number) => {
    onEditFormula?.({ kind, latex: String(node.attrs.latex ?? ""), pos });
  };
  return [
    StarterKit.configure({
      heading: { levels: headingLevels },
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: "https",
        isAllowedUri: (url) => isAllowedHref(url),
        HTMLAttributes: { target: null, rel: "noopener noreferrer nofollow", class: null },
      },
      // Underline has no Markdown form and no button; keep the stored HTML predictable.
      underline: false,
    }),
    TableKit.configure({ table: { resizable: false } }),
    Image.configure({ inline: false, allowBase64: false }),
    InlineFormula.configure({ katexOptions: KATEX_OPTIONS, onClick: edit("inline") }),
    BlockFormula.configure({ katexOptions: { ...KATEX_OPTIONS, displayMode: true }, onClick: edit("block") }),
    Simulation.configure({ onEdit: (target) => void onEditSimulation?.(target) }),
    Markdown.configure({ markedOptions: { gfm: true } }),
    MarkdownPaste,
    Placeholder.configure({ placeholder: placeholder ?? "" }),
    CharacterCount,
    EditorKeys.configure({ onEditFormula, onEditSimulation, onLinkShortcut, onToolbarShortcut }),
  ];
}
