import katex from "katex";
import { useId, useMemo, useRef, useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { Modal } from "../../components/ui/Modal";
import { AlertCircleIcon, TrashIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import type { FormulaKind, FormulaTarget } from "./extensions";
import { FORMULA_SNIPPETS, insertSnippet, latexProblem } from "./formula";
import { SigmaIcon } from "./icons";

type Preview = { html: string; error: null } | { html: null; error: string };

function renderPreview(latex: string, kind: FormulaKind): Preview {
  try {
    const html = katex.renderToString(latex, { displayMode: kind === "block", throwOnError: true, strict: "ignore", output: "htmlAndMathml" });
    return { html, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^KaTeX parse error:\s*/, "") : "";
    return { html: null, error: message ? `KaTeX can't read this yet: ${message}` : "KaTeX can't read this formula." };
  }
}

export interface FormulaDialogProps {
  /** The formula being edited (with `pos`), or the starting point of a new one. */
  target: FormulaTarget;
  onSubmit: (formula: { kind: FormulaKind; latex: string }) => void;
  onRemove?: () => void;
  onClose: () => void;
}

/** Write or change a LaTeX formula, with a live KaTeX preview and common building blocks. */
export function FormulaDialog({ target, onSubmit, onRemove, onClose }: FormulaDialogProps) {
  const [latex, setLatex] = useState(target.latex);
  const [kind, setKind] = useState<FormulaKind>(target.kind);
  const [touched, setTouched] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const editing = target.pos !== undefined;

  const problem = latexProblem(latex);
  const preview = useMemo(() => (latex.trim() && !problem ? renderPreview(latex.trim(), kind) : null), [latex, kind, problem]);
  const error = (touched || latex.trim() ? problem : null) ?? preview?.error ?? null;

  function submit(event?: FormEvent) {
    event?.preventDefault();
    setTouched(true);
    if (problem || preview?.error) {
      field.current?.focus();
      return;
    }
    onSubmit({ kind, latex: latex.trim() });
  }

  function addSnippet(snippet: string) {
    const area = field.current;
    const start = area?.selectionStart ?? latex.length;
    const end = area?.selectionEnd ?? latex.length;
    const next = insertSnippet(latex, start, end, snippet);
    setLatex(next.text);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(next.cursor, next.cursor);
    });
  }

  return (
    <Modal
      open
      onClose={onClose}
      size="lg"
      initialFocus={field}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
          <SigmaIcon size={20} />
        </span>
      }
      title={editing ? "Edit formula" : "Insert formula"}
      description="Write LaTeX; the preview shows what learners will see."
      footer={
        <>
          {editing && onRemove ? (
            <Button variant="danger-soft" onClick={onRemove} icon={<TrashIcon size={16} />} className="sm:mr-auto">
              Remove formula
            </Button>
          ) : null}
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => submit()}>{editing ? "Update formula" : "Insert formula"}</Button>
        </>
      }
    >
      <form id={`${id}-form`} onSubmit={submit} noValidate className="space-y-4">
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Placement</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {(
              [
                ["inline", "In the sentence", "Flows with the words around it."],
                ["block", "On its own line", "Centred and larger, for key equations."],
              ] as const
            ).map(([value, title, hint]) => (
              <label
                key={value}
                className={cn(
                  "flex cursor-pointer items-start gap-3 rounded-xl p-3 text-sm ring-1 ring-inset transition-colors",
                  kind === value ? "bg-brand-50/60 ring-brand-300" : "ring-slate-200 hover:bg-slate-50",
                )}
              >
                <input type="radio" name={`${id}-kind`} value={value} checked={kind === value} onChange={() => setKind(value)} className="mt-0.5 size-4 accent-brand-600" />
                <span>
                  <span className="block font-medium text-slate-900">{title}</span>
                  <span className="block text-xs text-slate-500">{hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        <div className="space-y-1.5">
          <label htmlFor={`${id}-latex`} className="block text-sm font-medium text-slate-800">
            LaTeX
          </label>
          <div role="group" aria-label="Insert a building block" className="flex flex-wrap gap-1">
            {FORMULA_SNIPPETS.map((snippet) => (
              <button
                key={snippet.name}
                type="button"
                onClick={() => addSnippet(snippet.latex)}
                aria-label={snippet.name}
                title={`${snippet.name}: ${snippet.latex.replace("|", "")}`}
                className="h-8 min-w-8 rounded-md bg-slate-50 px-2 font-serif text-sm text-slate-700 ring-1 ring-slate-200 ring-inset hover:bg-white hover:text-brand-700 hover:ring-brand-300"
              >
                {snippet.label}
              </button>
            ))}
          </div>
          <textarea
            ref={field}
            id={`${id}-latex`}
            value={latex}
            onChange={(event) => setLatex(event.target.value)}
            onBlur={() => setTouched(true)}
            onKeyDown={(event) => {
              if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit();
            }}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            placeholder={"e.g. v = v_0 + at   or   \\frac{1}{2}mv^2"}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : `${id}-hint`}
            className={cn(
              "block w-full rounded-lg border-0 bg-white px-3 py-2 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset placeholder:text-slate-400 focus:ring-2 focus:outline-none focus:ring-inset",
              error ? "ring-rose-400 focus:ring-rose-500" : "ring-slate-300 focus:ring-brand-600",
            )}
          />
          {error ? (
            <p id={`${id}-error`} className="flex items-start gap-1.5 text-sm text-rose-600">
              <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
              <span>{error}</span>
            </p>
          ) : (
            <p id={`${id}-hint`} className="text-sm text-slate-500">
              Press Ctrl+Enter to {editing ? "update" : "insert"}. Screen readers announce formulas from their LaTeX.
            </p>
          )}
        </div>

        <figure className="rounded-xl bg-slate-50 p-4 ring-1 ring-slate-200/80">
          <figcaption className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Preview</figcaption>
          <div
            data-testid="formula-preview"
            className={cn("min-h-10 overflow-x-auto text-slate-900", kind === "block" ? "text-center text-lg" : "text-base")}
          >
            {preview?.html ? (
              <span dangerouslySetInnerHTML={{ __html: preview.html }} />
            ) : (
              <span className="text-sm text-slate-400">{latex.trim() ? "Fix the formula to see it here." : "Your formula appears here as you type."}</span>
            )}
          </div>
        </figure>
      </form>
    </Modal>
  );
}
