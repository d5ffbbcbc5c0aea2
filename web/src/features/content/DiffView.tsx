import { Fragment, useState, type ReactNode } from "react";
import type { ContentDiff } from "../../api/content";
import { CheckCircleIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { Formula } from "./Formula";

type DiffLine = ContentDiff["lines"][number];
type Block = DiffLine["block"];
type Inline = NonNullable<Block["inlines"]>[number];
type Mark = NonNullable<Inline["marks"]>[number];
type Op = DiffLine["op"];

const OPS: Record<Op, { row: string; marker: string; symbol: string; label: string }> = {
  insert: { row: "bg-emerald-50 text-emerald-950", marker: "text-emerald-700", symbol: "+", label: "Added" },
  delete: { row: "bg-rose-50 text-rose-950", marker: "text-rose-700", symbol: "−", label: "Removed" },
  equal: { row: "text-slate-700", marker: "text-slate-300", symbol: "", label: "Unchanged" },
};

const MARK_TAGS: Record<Exclude<Mark, "link">, "strong" | "em" | "u" | "s" | "code" | "sub" | "sup" | "mark"> = {
  bold: "strong",
  italic: "em",
  underline: "u",
  strike: "s",
  code: "code",
  subscript: "sub",
  superscript: "sup",
  highlight: "mark",
};

/** Runs of unchanged blocks longer than this fold away around the changes. */
const CONTEXT = 2;

function InlineContent({ inline }: { inline: Inline }) {
  if (inline.kind === "formula") return <Formula latex={inline.text} />;
  let node: ReactNode = inline.text;
  for (const mark of inline.marks ?? []) {
    if (mark === "link") {
      node = (
        <span className="underline decoration-sky-400 underline-offset-2" title={inline.href ?? undefined}>
          {node}
          {inline.href ? <span className="ml-1 text-xs text-slate-500">({inline.href})</span> : null}
        </span>
      );
    } else {
      const Tag = MARK_TAGS[mark];
      node = <Tag className={mark === "code" ? "rounded bg-slate-100 px-1 font-mono text-[0.85em]" : undefined}>{node}</Tag>;
    }
  }
  return <>{node}</>;
}

function Inlines({ inlines }: { inlines: Inline[] | undefined }) {
  return (
    <>
      {(inlines ?? []).map((inline, index) => (
        <InlineContent key={index} inline={inline} />
      ))}
    </>
  );
}

function kindLabel(block: Block): string {
  switch (block.kind) {
    case "title":
      return "Title";
    case "heading":
      return `Heading ${block.level ?? ""}`.trim();
    case "list_item":
      return `${block.ordered ? "Numbered" : "Bulleted"} item${(block.level ?? 1) > 1 ? `, level ${block.level}` : ""}`;
    case "table_row":
      return block.header ? "Table header" : "Table row";
    case "code":
      return block.label ? `Code (${block.label})` : "Code";
    case "quote":
      return "Quote";
    case "formula":
      return "Formula";
    case "image":
      return "Image";
    case "simulation":
      return "Simulation";
    case "rule":
      return "Divider";
    case "section":
      return "Section";
    case "field":
      return block.label ?? "Field";
    case "choice":
      return `Choice ${block.label ?? ""}${block.correct ? " · correct" : ""}`;
    case "hint":
      return "Hint";
    default:
      return "Paragraph";
  }
}

function BlockContent({ block }: { block: Block }) {
  switch (block.kind) {
    case "title":
      return (
        <span className="font-semibold">
          <Inlines inlines={block.inlines} />
        </span>
      );
    case "heading":
      return (
        <span className="font-semibold">
          <Inlines inlines={block.inlines} />
        </span>
      );
    case "table_row":
      return (
        <span className="flex flex-wrap gap-x-1">
          {(block.cells ?? []).map((cell, index) => (
            <span key={index} className={cn("rounded px-1.5 ring-1 ring-slate-200", block.header && "font-semibold")}>
              <Inlines inlines={cell} />
            </span>
          ))}
        </span>
      );
    case "code":
      return <code className="block font-mono text-[0.8rem] whitespace-pre-wrap">{block.inlines?.map((i) => i.text).join("")}</code>;
    case "formula":
      return (
        <span className="block">
          <Formula latex={block.source ?? ""} display />
          <code className="mt-1 block font-mono text-xs text-slate-500">{block.source}</code>
        </span>
      );
    case "image":
      return (
        <span>
          {block.alt ? <span className="font-medium">“{block.alt}”</span> : <span className="italic text-slate-500">No description</span>}
          <code className="ml-2 font-mono text-xs break-all text-slate-500">{block.source}</code>
        </span>
      );
    case "simulation":
      return (
        <span>
          <span className="font-medium">{block.alt || "Untitled simulation"}</span>
          <code className="ml-2 font-mono text-xs break-all text-slate-500">{block.source}</code>
        </span>
      );
    case "rule":
      return <hr className="my-3 border-slate-300" />;
    case "section":
      return <span className="font-semibold">{block.label}</span>;
    case "quote":
      return (
        <span className="border-l-2 border-slate-300 pl-2 italic">
          <Inlines inlines={block.inlines} />
        </span>
      );
    default:
      return <Inlines inlines={block.inlines} />;
  }
}

function Row({ line }: { line: DiffLine }) {
  const op = OPS[line.op];
  const Text = line.op === "insert" ? "ins" : line.op === "delete" ? "del" : "div";
  const indent = line.block.kind === "list_item" ? Math.max((line.block.level ?? 1) - 1, 0) : 0;
  return (
    <li className={cn("flex gap-2 px-3 py-1.5 text-sm leading-6", op.row)} data-op={line.op} data-kind={line.block.kind}>
      <span aria-hidden="true" className={cn("w-4 shrink-0 text-center font-semibold select-none", op.marker)}>
        {op.symbol}
      </span>
      <span className="w-36 shrink-0 pt-0.5 text-xs text-slate-500">
        <span className="sr-only">{op.label}: </span>
        {kindLabel(line.block)}
      </span>
      <Text className="min-w-0 flex-1 no-underline" style={indent ? { paddingLeft: `${indent * 1.25}rem` } : undefined}>
        <BlockContent block={line.block} />
      </Text>
    </li>
  );
}

type Piece = { type: "line"; line: DiffLine; index: number } | { type: "fold"; lines: DiffLine[]; start: number };

/** Long runs of unchanged blocks fold into one row, keeping a little context around changes. */
function fold(lines: DiffLine[]): Piece[] {
  const pieces: Piece[] = [];
  let index = 0;
  const isEqual = (at: number) => lines[at]?.op === "equal";
  const keep = (from: number, to: number) => lines.slice(from, to).forEach((line, offset) => pieces.push({ type: "line", line, index: from + offset }));
  while (index < lines.length) {
    if (!isEqual(index)) {
      keep(index, index + 1);
      index += 1;
      continue;
    }
    let end = index;
    while (end < lines.length && isEqual(end)) end += 1;
    const keepBefore = index === 0 ? 0 : CONTEXT;
    const keepAfter = end === lines.length ? 0 : CONTEXT;
    if (end - index > keepBefore + keepAfter + 1) {
      keep(index, index + keepBefore);
      pieces.push({ type: "fold", lines: lines.slice(index + keepBefore, end - keepAfter), start: index + keepBefore });
      keep(end - keepAfter, end);
    } else {
      keep(index, end);
    }
    index = end;
  }
  return pieces;
}

function Fold({ lines }: { lines: DiffLine[] }) {
  const [open, setOpen] = useState(false);
  if (open) {
    return (
      <>
        {lines.map((line, index) => (
          <Row key={index} line={line} />
        ))}
      </>
    );
  }
  return (
    <li className="border-y border-slate-100 bg-slate-50 px-3 py-1">
      <button type="button" className="text-xs font-medium text-sky-700 hover:underline" onClick={() => setOpen(true)}>
        Show {lines.length} unchanged {lines.length === 1 ? "block" : "blocks"}
      </button>
    </li>
  );
}

export interface DiffViewProps {
  diff: ContentDiff;
  /** e.g. "Version 3", or "Nothing published" when the diff starts from empty. */
  fromLabel: string;
  toLabel: string;
  className?: string;
}

/**
 * The server's block-by-block version diff: removed blocks in red, added in green, each also
 * labelled in words, with formulas typeset, images and simulations named by their address, and
 * text marks (bold, links, …) shown as they read.
 */
export function DiffView({ diff, fromLabel, toLabel, className }: DiffViewProps) {
  if (!diff.changed) {
    return (
      <div className={cn("flex items-center gap-3 rounded-xl bg-slate-50 px-4 py-5 text-sm text-slate-600 ring-1 ring-slate-200", className)}>
        <CheckCircleIcon size={18} className="shrink-0 text-emerald-600" />
        {fromLabel} and {toLabel} are the same: title, text, formatting, formulas, images and embeds.
      </div>
    );
  }
  const part = (count: number, word: string) => `${count} ${count === 1 ? "block" : "blocks"} ${word}`;
  return (
    <div className={cn("space-y-3", className)}>
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="flex flex-wrap gap-2" aria-live="polite">
          <span className="rounded-md bg-emerald-50 px-2 py-0.5 font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset">
            {part(diff.inserted, "added")}
          </span>
          <span className="rounded-md bg-rose-50 px-2 py-0.5 font-medium text-rose-800 ring-1 ring-rose-200 ring-inset">
            {part(diff.deleted, "removed")}
          </span>
        </p>
        <p className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
          <span className="inline-flex items-center gap-1.5">
            <span className="size-3 rounded-sm bg-rose-100 ring-1 ring-rose-300" /> {fromLabel} only
          </span>
          <span className="inline-flex items-center gap-1.5">
            <span className="size-3 rounded-sm bg-emerald-100 ring-1 ring-emerald-300" /> {toLabel} only
          </span>
        </p>
      </div>
      <div className="max-h-[60vh] overflow-auto rounded-xl bg-white ring-1 ring-slate-200" role="region" aria-label={`Changes from ${fromLabel} to ${toLabel}`} tabIndex={0}>
        <ol className="divide-y divide-slate-100">
          {fold(diff.lines).map((piece) =>
            piece.type === "line" ? <Row key={piece.index} line={piece.line} /> : <Fragment key={`fold-${piece.start}`}><Fold lines={piece.lines} /></Fragment>,
          )}
        </ol>
      </div>
    </div>
  );
}
