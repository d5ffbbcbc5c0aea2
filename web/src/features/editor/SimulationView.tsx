import { NodeViewWrapper, type NodeViewProps } from "@tiptap/react";
import { AlertTriangleIcon, PencilIcon, TrashIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { SimulationFrame } from "../content/SimulationFrame";
import { PREVIEW_SANDBOX, SIMULATION_SITE_NAMES } from "../content/simulation";
import { AtomIcon } from "./icons";
import type { SimulationOptions } from "./simulation-node";

const CONTROL =
  "inline-flex h-7 items-center gap-1 rounded-md px-2 text-xs font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-600";

/**
 * A simulation in the editor: a live, sandboxed preview (the mentor's preview sandbox, as in
 * the workspace), named by its title, with buttons to change or remove it.
 */
export function SimulationView({ node, editor, extension, getPos, deleteNode, selected }: NodeViewProps) {
  const src = String(node.attrs.src ?? "");
  const title = String(node.attrs.title ?? "");
  const name = title || "Untitled simulation";
  const editable = editor.isEditable;
  const { onEdit } = extension.options as SimulationOptions;

  function edit() {
    const pos = getPos();
    if (!editor.isEditable || pos === undefined) return;
    onEdit?.({ src, title, pos });
  }

  function remove() {
    if (!editor.isEditable) return;
    deleteNode();
    editor.commands.focus();
  }

  return (
    <NodeViewWrapper
      contentEditable={false}
      data-simulation=""
      className={cn("mentora-simulation rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200 ring-inset", selected && "ring-2 ring-brand-500")}
    >
      <div className="mb-2 flex items-center gap-2">
        <AtomIcon size={16} className="shrink-0 text-emerald-600" />
        <p className="min-w-0 flex-1 truncate text-sm font-medium text-slate-800">
          <span className="sr-only">Simulation: </span>
          {name}
        </p>
        {editable ? (
          <>
            <button
              type="button"
              className={cn(CONTROL, "bg-white text-slate-700 ring-slate-300 hover:bg-slate-100")}
              aria-label={`Edit simulation: ${name}`}
              aria-haspopup="dialog"
              onClick={edit}
            >
              <PencilIcon size={13} /> Edit
            </button>
            <button
              type="button"
              className={cn(CONTROL, "bg-white text-rose-600 ring-rose-200 hover:bg-rose-50")}
              aria-label={`Remove simulation: ${name}`}
              onClick={remove}
            >
              <TrashIcon size={13} /> Remove
            </button>
          </>
        ) : null}
      </div>
      {src ? (
        <SimulationFrame key={src} url={src} title={name} sandbox={PREVIEW_SANDBOX} />
      ) : (
        <div role="note" className="flex items-start gap-2.5 rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset">
          <AlertTriangleIcon size={17} className="mt-0.5 shrink-0 text-amber-600" />
          <p>Learners won't see this simulation: its address isn't from {SIMULATION_SITE_NAMES}. Edit it, or remove it.</p>
        </div>
      )}
    </NodeViewWrapper>
  );
}
