import { useId, useRef, useState, type FormEvent } from "react";
import { Button } from "../../components/ui/Button";
import { TextAreaField } from "../../components/ui/Field";
import { Modal } from "../../components/ui/Modal";
import { UploadIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { formatBytes } from "../../lib/files";
import { MarkdownIcon } from "./icons";

const MAX_MARKDOWN_BYTES = 512 * 1024;

import type { ImportMode } from "./markdown";

export interface MarkdownImportDialogProps {
  /** Whether there is text a "replace" would throw away. */
  hasContent: boolean;
  onImport: (markdown: string, mode: ImportMode) => void;
  onClose: () => void;
}

/** Paste Markdown or open a .md file, then replace the text or insert it at the cursor. */
export function MarkdownImportDialog({ hasContent, onImport, onClose }: MarkdownImportDialogProps) {
  const [markdown, setMarkdown] = useState("");
  const [mode, setMode] = useState<ImportMode>(hasContent ? "insert" : "replace");
  const [error, setError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  async function open(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_MARKDOWN_BYTES) {
      setError(`${file.name} is ${formatBytes(file.size)}; Markdown files up to ${formatBytes(MAX_MARKDOWN_BYTES)} can be imported.`);
      return;
    }
    try {
      setMarkdown(await file.text());
      setFileName(file.name);
      setError(null);
    } catch {
      setError(`${file.name} couldn't be read. Is it a text file?`);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!markdown.trim()) {
      setError("Paste some Markdown or open a .md file first.");
      field.current?.focus();
      return;
    }
    onImport(markdown, mode);
  }

  return (
    <Modal
      open
      onClose={onClose}
      size="lg"
      initialFocus={field}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
          <MarkdownIcon size={20} />
        </span>
      }
      title="Import Markdown"
      description="Headings, lists, links, tables, code and $…$ / $$…$$ formulas are converted. Images must already be on Mentora."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={`${id}-form`}>
            Import
          </Button>
        </>
      }
    >
      <form id={`${id}-form`} onSubmit={submit} noValidate className="space-y-4">
        <div className="flex flex-wrap items-center gap-3">
          <input
            id={`${id}-file`}
            type="file"
            accept=".md,.markdown,.txt,text/markdown,text/plain"
            className="peer sr-only"
            onChange={(event) => {
              const chosen = event.target.files?.[0];
              event.target.value = "";
              void open(chosen);
            }}
          />
          <label
            htmlFor={`${id}-file`}
            className="inline-flex h-9 cursor-pointer items-center gap-2 rounded-lg bg-white px-3 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-slate-300 ring-inset peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-600 hover:bg-slate-50"
          >
            <UploadIcon size={16} /> Open a .md file
          </label>
          <span className="text-sm text-slate-500">{fileName ? `Loaded ${fileName}` : "or paste below"}</span>
        </div>
        <TextAreaField
          ref={field}
          label="Markdown"
          rows={9}
          spellCheck={false}
          className="font-mono text-[0.8rem]"
          value={markdown}
          onChange={(event) => {
            setMarkdown(event.target.value);
            setError(null);
          }}
          error={error}
          placeholder={"## Newton's second law\n\nThe net force equals mass times acceleration: $F = ma$."}
        />
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Where it goes</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-2">
            {(
              [
                ["insert", "Insert at the cursor", "Keeps what you've written."],
                ["replace", "Replace everything", hasContent ? "The current text is replaced (undo brings it back)." : "Start from the imported text."],
              ] as const
            ).map(([value, title, hint]) => (
              <label
                key={value}
                className={cn(
                  "flex cursor-pointer items-start gap-3 rounded-xl p-3 text-sm ring-1 ring-inset transition-colors",
                  mode === value ? "bg-brand-50/60 ring-brand-300" : "ring-slate-200 hover:bg-slate-50",
                )}
              >
                <input type="radio" name={`${id}-mode`} value={value} checked={mode === value} onChange={() => setMode(value)} className="mt-0.5 size-4 accent-brand-600" />
                <span>
                  <span className="block font-medium text-slate-900">{title}</span>
                  <span className="block text-xs text-slate-500">{hint}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      </form>
    </Modal>
  );
}
