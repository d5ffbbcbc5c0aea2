/**
 * The lesson text editor (TipTap). Loaded lazily with KaTeX and its stylesheet, so pages that
 * never edit text don't pay for them: import `RichTextField` / `RichTextView`, not this file.
 */
import "katex/dist/katex.min.css";
import "./editor.css";
import type { Editor } from "@tiptap/core";
import { EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useToast } from "../../components/ui/toast-context";
import { DownloadIcon, ImageIcon } from "../../components/ui/icons";
import { downloadText } from "../../lib/download";
import { cn } from "../../lib/cn";
import { EditorEvents } from "./events";
import { createExtensions, selectedFormula, type FormulaTarget } from "./extensions";
import { FormulaDialog } from "./FormulaDialog";
import { fileSlug, MAX_HTML } from "./html";
import {
  AtomIcon,
  BoldIcon,
  CodeBlockIcon,
  CodeIcon,
  ColumnsIcon,
  FunctionIcon,
  ItalicIcon,
  LinkIcon,
  ListIcon,
  ListOrderedIcon,
  MarkdownIcon,
  QuoteIcon,
  RedoIcon,
  RowsIcon,
  SigmaIcon,
  StrikeIcon,
  TableIcon,
  UndoIcon,
} from "./icons";
import { ImageDialog } from "./ImageDialog";
import { insertBlock } from "./insert-block";
import { LinkDialog } from "./LinkDialog";
import { exportMarkdown, importMarkdown } from "./markdown";
import { MarkdownImportDialog } from "./MarkdownImportDialog";
import { SimulationDialog } from "./SimulationDialog";
import { selectedSimulation, type SimulationTarget } from "./simulation-node";
import { Toolbar, ToolbarSeparator, ToolButton, type ToolbarHandle } from "./Toolbar";
import type { RichTextEditorProps } from "./types";

type Dialog =
  | { type: "formula"; target: FormulaTarget }
  | { type: "link" }
  | { type: "image" }
  | { type: "simulation"; target: SimulationTarget }
  | { type: "markdown" };

/** What the toolbar shows, recomputed on every transaction but re-rendered only on change. */
function toolbarState(editor: Editor) {
  return {
    bold: editor.isActive("bold"),
    italic: editor.isActive("italic"),
    strike: editor.isActive("strike"),
    code: editor.isActive("code"),
    h2: editor.isActive("heading", { level: 2 }),
    h3: editor.isActive("heading", { level: 3 }),
    h4: editor.isActive("heading", { level: 4 }),
    bulletList: editor.isActive("bulletList"),
    orderedList: editor.isActive("orderedList"),
    blockquote: editor.isActive("blockquote"),
    codeBlock: editor.isActive("codeBlock"),
    link: editor.isActive("link"),
    table: editor.isActive("table"),
    formula: selectedFormula(editor.state.selection) !== null,
    simulation: selectedSimulation(editor.state.selection) !== null,
    canUndo: editor.can().undo(),
    canRedo: editor.can().redo(),
    // Storage is gone once an editor is destroyed (a remount can still ask for its state).
    words: (editor.storage.characterCount as { words?: () => number } | undefined)?.words?.() ?? 0,
    empty: editor.isEmpty,
  };
}

const FOOTER_BUTTON =
  "inline-flex h-7 items-center gap-1 rounded-md px-2 font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 " +
  "focus-visible:outline-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-40";

/** The HTML to store: "" for an empty document, so "required" checks stay simple. */
function htmlOf(editor: Editor): string {
  return editor.isEmpty ? "" : editor.getHTML();
}

function afterDialog(editor: Editor) {
  // The dialog hands focus back to whatever opened it as it closes; the text should have it.
  window.setTimeout(() => {
    if (!editor.isDestroyed) editor.commands.focus();
  }, 0);
}

export default function RichTextEditor({
  value,
  onChange,
  label,
  labelledBy,
  describedBy,
  invalid = false,
  placeholder,
  variant = "full",
  readOnly = false,
  disabled = false,
  documentName,
  id,
  className,
}: RichTextEditorProps) {
  const toast = useToast();
  const toolbar = useRef<ToolbarHandle>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const autoId = useId();
  const surfaceId = id ?? `${autoId}-text`;
  const helpId = `${autoId}-help`;
  const editable = !readOnly && !disabled;
  const full = variant === "full";

  const latest = useRef({ onChange });
  useEffect(() => {
    latest.current = { onChange };
  });
  const emitted = useRef(value);
  const [initial] = useState(value);
  const [events] = useState(() => new EditorEvents());
  // The schema is fixed for the editor's lifetime; its callbacks reach React through `events`.
  const [extensions] = useState(() =>
    createExtensions({
      placeholder,
      onEditFormula: (target) => events.emit("formula", target),
      onEditSimulation: (target) => events.emit("simulation", target),
      onLinkShortcut: () => events.emit("link", undefined),
      onToolbarShortcut: () => events.emit("toolbar", undefined),
    }),
  );

  useEffect(() => {
    const off = [events.on("toolbar", () => toolbar.current?.focus())];
    if (editable) {
      off.push(
        events.on("formula", (target) => setDialog({ type: "formula", target })),
        events.on("link", () => setDialog({ type: "link" })),
        events.on("simulation", (target) => setDialog({ type: "simulation", target })),
      );
    }
    return () => off.forEach((stop) => stop());
  }, [events, editable]);

  const editorProps = useMemo(
    () => ({
      attributes: {
        id: surfaceId,
        ...(readOnly ? {} : { role: "textbox", "aria-multiline": "true" }),
        ...(labelledBy ? { "aria-labelledby": labelledBy } : readOnly ? {} : { "aria-label": label }),
        ...(describedBy || editable ? { "aria-describedby": [describedBy, editable ? helpId : null].filter(Boolean).join(" ") } : {}),
        ...(invalid ? { "aria-invalid": "true" } : {}),
        ...(disabled ? { "aria-disabled": "true" } : {}),
        class: cn(
          "mentora-prose tiptap-surface focus:outline-none",
          readOnly ? "" : full ? "min-h-72 px-4 py-3 sm:px-5 sm:py-4" : "min-h-28 px-3 py-2.5",
        ),
      },
    }),
    [surfaceId, labelledBy, label, describedBy, editable, helpId, invalid, readOnly, disabled, full],
  );

  const editor = useEditor({
    extensions,
    content: initial,
    editable,
    editorProps,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    onUpdate: ({ editor: changed }) => {
      const html = htmlOf(changed);
      emitted.current = html;
      latest.current.onChange?.(html);
    },
  });

  // A new value from outside (reload, revert, import elsewhere) replaces the document; our own
  // echo does not, or the cursor would jump on every keystroke.
  useEffect(() => {
    if (!editor || value === emitted.current) return;
    emitted.current = value;
    editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);

  const state = useEditorState({ editor, selector: ({ editor: current }) => toolbarState(current) });

  if (!editor || !state) return null;

  const run = (command: (chain: ReturnType<Editor["chain"]>) => ReturnType<Editor["chain"]>) => () => {
    command(editor.chain().focus()).run();
  };

  function openFormula(kind: "inline" | "block") {
    if (!editor) return;
    const existing = selectedFormula(editor.state.selection);
    if (existing) {
      setDialog({ type: "formula", target: existing });
      return;
    }
    const { from, to, empty } = editor.state.selection;
    const selected = empty ? "" : editor.state.doc.textBetween(from, to, " ");
    setDialog({ type: "formula", target: { kind, latex: selected } });
  }

  function openSimulation() {
    if (!editor) return;
    setDialog({ type: "simulation", target: selectedSimulation(editor.state.selection) ?? { src: "", title: "" } });
  }

  function closeDialog() {
    setDialog(null);
    if (editor) afterDialog(editor);
  }

  function exportFile() {
    if (!editor) return;
    const name = `${fileSlug(documentName ?? "")}.md`;
    downloadText(name, exportMarkdown(editor), "text/markdown;charset=utf-8");
    toast.success("Markdown downloaded", name);
  }

  const tooLong = editor.getHTML().length > MAX_HTML;
  const surface = <EditorContent editor={editor} />;

  if (readOnly) {
    return <div className={cn("min-w-0", className)}>{surface}</div>;
  }

  return (
    <div
      className={cn(
        "overflow-clip rounded-xl bg-white shadow-xs ring-1 ring-inset transition-shadow focus-within:ring-2",
        invalid ? "ring-rose-400 focus-within:ring-rose-500" : "ring-slate-300 focus-within:ring-brand-600",
        disabled && "bg-slate-50 opacity-80",
        className,
      )}
    >
      {editable ? (
        <div className="sticky top-14 z-10 border-b border-slate-200 bg-slate-50/95 px-1.5 py-1 backdrop-blur lg:top-0">
          <Toolbar ref={toolbar} label={`${label} formatting`} controls={surfaceId}>
            {full ? (
              <>
                <ToolButton label="Undo" shortcut="Mod+Z" disabled={!state.canUndo} onClick={run((c) => c.undo())}>
                  <UndoIcon size={17} />
                </ToolButton>
                <ToolButton label="Redo" shortcut="Mod+Shift+Z" disabled={!state.canRedo} onClick={run((c) => c.redo())}>
                  <RedoIcon size={17} />
                </ToolButton>
                <ToolbarSeparator />
                {([2, 3, 4] as const).map((level) => (
                  <ToolButton
                    key={level}
                    label={`Heading ${level}`}
                    shortcut={`Mod+Alt+${level}`}
                    active={state[`h${level}`]}
                    onClick={run((c) => c.toggleHeading({ level }))}
                  >
                    <span className="text-[0.8rem] font-semibold">H{level}</span>
                  </ToolButton>
                ))}
                <ToolbarSeparator />
              </>
            ) : null}
            <ToolButton label="Bold" shortcut="Mod+B" active={state.bold} onClick={run((c) => c.toggleBold())}>
              <BoldIcon size={17} />
            </ToolButton>
            <ToolButton label="Italic" shortcut="Mod+I" active={state.italic} onClick={run((c) => c.toggleItalic())}>
              <ItalicIcon size={17} />
            </ToolButton>
            <ToolButton label="Strikethrough" shortcut="Mod+Shift+S" active={state.strike} onClick={run((c) => c.toggleStrike())}>
              <StrikeIcon size={17} />
            </ToolButton>
            <ToolButton label="Inline code" shortcut="Mod+E" active={state.code} onClick={run((c) => c.toggleCode())}>
              <CodeIcon size={17} />
            </ToolButton>
            <ToolbarSeparator />
            <ToolButton label="Bulleted list" shortcut="Mod+Shift+8" active={state.bulletList} onClick={run((c) => c.toggleBulletList())}>
              <ListIcon size={17} />
            </ToolButton>
            <ToolButton label="Numbered list" shortcut="Mod+Shift+7" active={state.orderedList} onClick={run((c) => c.toggleOrderedList())}>
              <ListOrderedIcon size={17} />
            </ToolButton>
            {full ? (
              <>
                <ToolButton label="Quote" shortcut="Mod+Shift+B" active={state.blockquote} onClick={run((c) => c.toggleBlockquote())}>
                  <QuoteIcon size={17} />
                </ToolButton>
                <ToolButton label="Code block" shortcut="Mod+Alt+C" active={state.codeBlock} onClick={run((c) => c.toggleCodeBlock())}>
                  <CodeBlockIcon size={17} />
                </ToolButton>
              </>
            ) : null}
            <ToolbarSeparator />
            <ToolButton label={state.link ? "Edit link" : "Link"} shortcut="Mod+K" active={state.link} haspopup="dialog" onClick={() => setDialog({ type: "link" })}>
              <LinkIcon size={17} />
            </ToolButton>
            <ToolButton label="Image" haspopup="dialog" onClick={() => setDialog({ type: "image" })}>
              <ImageIcon size={17} />
            </ToolButton>
            {full ? (
              <>
                <ToolButton label="Insert table" disabled={state.table} onClick={run((c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }))}>
                  <TableIcon size={17} />
                </ToolButton>
                <ToolButton label="Simulation" active={state.simulation} haspopup="dialog" onClick={openSimulation}>
                  <AtomIcon size={17} />
                </ToolButton>
              </>
            ) : null}
            <ToolbarSeparator />
            <ToolButton label="Inline formula" active={state.formula} haspopup="dialog" onClick={() => openFormula("inline")}>
              <SigmaIcon size={17} />
            </ToolButton>
            {full ? (
              <ToolButton label="Display formula" haspopup="dialog" onClick={() => openFormula("block")}>
                <FunctionIcon size={17} />
              </ToolButton>
            ) : null}
            {state.table ? (
              <div className="flex w-full flex-wrap items-center gap-0.5 border-t border-slate-200 pt-1 mt-1" role="group" aria-label="Table">
                <span className="px-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">Table</span>
                <ToolButton text label="Row above" onClick={run((c) => c.addRowBefore())}>
                  <RowsIcon size={15} />
                </ToolButton>
                <ToolButton text label="Row below" onClick={run((c) => c.addRowAfter())}>
                  <RowsIcon size={15} />
                </ToolButton>
                <ToolButton text label="Delete row" onClick={run((c) => c.deleteRow())}>
                  <RowsIcon size={15} className="text-rose-500" />
                </ToolButton>
                <ToolbarSeparator />
                <ToolButton text label="Column left" onClick={run((c) => c.addColumnBefore())}>
                  <ColumnsIcon size={15} />
                </ToolButton>
                <ToolButton text label="Column right" onClick={run((c) => c.addColumnAfter())}>
                  <ColumnsIcon size={15} />
                </ToolButton>
                <ToolButton text label="Delete column" onClick={run((c) => c.deleteColumn())}>
                  <ColumnsIcon size={15} className="text-rose-500" />
                </ToolButton>
                <ToolbarSeparator />
                <ToolButton text label="Header row" onClick={run((c) => c.toggleHeaderRow())}>
                  <TableIcon size={15} />
                </ToolButton>
                <ToolButton text label="Delete table" onClick={run((c) => c.deleteTable())}>
                  <TableIcon size={15} className="text-rose-500" />
                </ToolButton>
              </div>
            ) : null}
          </Toolbar>
        </div>
      ) : null}

      {surface}

      {editable ? (
        <div className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 border-t border-slate-100 bg-slate-50/60 px-3 py-1.5 text-xs text-slate-500">
          <p id={helpId} className="min-w-0 flex-1">
            {full
              ? "Markdown works as you type: ## heading, **bold**, - list, > quote, ``` code, $$x^2$$ formula."
              : "Markdown works as you type: **bold**, *italic*, - list, $$x^2$$ formula."}
            <span className="sr-only"> Alt+F10 moves to the formatting toolbar.</span>
          </p>
          <div className="flex shrink-0 items-center gap-1">
            <p className={cn("mr-2 tabular-nums", tooLong && "font-medium text-rose-600")} aria-live="polite">
              {tooLong ? "Too long to save: split it into several items" : `${state.words.toLocaleString()} ${state.words === 1 ? "word" : "words"}`}
            </p>
            {full ? (
              <>
                <button type="button" className={FOOTER_BUTTON} aria-haspopup="dialog" onClick={() => setDialog({ type: "markdown" })}>
                  <MarkdownIcon size={15} /> Import Markdown
                </button>
                <button type="button" className={FOOTER_BUTTON} onClick={exportFile} disabled={state.empty} title="Download the text as a .md file">
                  <DownloadIcon size={15} /> Export Markdown
                </button>
              </>
            ) : null}
          </div>
        </div>
      ) : null}

      {dialog?.type === "formula" ? (
        <FormulaDialog
          target={dialog.target}
          onClose={closeDialog}
          onRemove={() => {
            const { pos, kind } = dialog.target;
            if (pos !== undefined) {
              if (kind === "inline") editor.chain().deleteInlineMath({ pos }).run();
              else editor.chain().deleteBlockMath({ pos }).run();
            }
            closeDialog();
          }}
          onSubmit={({ kind, latex }) => {
            const { pos, kind: before } = dialog.target;
            const type = kind === "inline" ? "inlineMath" : "blockMath";
            if (pos === undefined) {
              editor.chain().insertContent({ type, attrs: { latex } }).run();
            } else if (kind === before) {
              if (kind === "inline") editor.chain().updateInlineMath({ latex, pos }).run();
              else editor.chain().updateBlockMath({ latex, pos }).run();
            } else {
              const node = editor.state.doc.nodeAt(pos);
              editor
                .chain()
                .deleteRange({ from: pos, to: pos + (node?.nodeSize ?? 1) })
                .insertContentAt(pos, { type, attrs: { latex } })
                .run();
            }
            closeDialog();
          }}
        />
      ) : null}

      {dialog?.type === "link" ? (
        <LinkDialog
          href={String(editor.getAttributes("link").href ?? "")}
          needsText={editor.state.selection.empty && !editor.isActive("link")}
          onClose={closeDialog}
          onRemove={() => {
            editor.chain().extendMarkRange("link").unsetLink().run();
            closeDialog();
          }}
          onSubmit={({ href, text }) => {
            if (editor.state.selection.empty && !editor.isActive("link")) {
              editor
                .chain()
                .insertContent({ type: "text", text, marks: [{ type: "link", attrs: { href } }] })
                .unsetMark("link")
                .run();
            } else {
              editor.chain().extendMarkRange("link").setLink({ href }).run();
            }
            closeDialog();
          }}
        />
      ) : null}

      {dialog?.type === "image" ? (
        <ImageDialog
          onClose={closeDialog}
          onInsert={({ url, alt, width, height }) => {
            insertBlock(editor, { type: "image", attrs: { src: url, alt, width, height } });
            toast.success("Image added");
            closeDialog();
          }}
        />
      ) : null}

      {dialog?.type === "simulation" ? (
        <SimulationDialog
          target={dialog.target}
          onClose={closeDialog}
          onRemove={() => {
            const { pos } = dialog.target;
            const node = pos === undefined ? null : editor.state.doc.nodeAt(pos);
            if (pos !== undefined && node?.type.name === "simulation") {
              editor.chain().deleteRange({ from: pos, to: pos + node.nodeSize }).run();
            }
            closeDialog();
          }}
          onSubmit={({ src, title }) => {
            const { pos } = dialog.target;
            const node = pos === undefined ? null : editor.state.doc.nodeAt(pos);
            if (pos !== undefined && node?.type.name === "simulation") {
              editor
                .chain()
                .command(({ tr }) => {
                  tr.setNodeMarkup(pos, undefined, { ...node.attrs, src, title });
                  return true;
                })
                .run();
            } else {
              insertBlock(editor, { type: "simulation", attrs: { src, title } });
            }
            closeDialog();
          }}
        />
      ) : null}

      {dialog?.type === "markdown" ? (
        <MarkdownImportDialog
          hasContent={!state.empty}
          onClose={closeDialog}
          onImport={(markdown, mode) => {
            const { droppedImages } = importMarkdown(editor, markdown, mode);
            if (droppedImages) {
              toast.info(
                "Markdown imported without some images",
                `${droppedImages} image${droppedImages === 1 ? " wasn't" : "s weren't"} on Mentora. Upload ${droppedImages === 1 ? "it" : "them"} with the image button.`,
              );
            } else {
              toast.success("Markdown imported");
            }
            closeDialog();
          }}
        />
      ) : null}
    </div>
  );
}
