import { lazy, Suspense, useEffect, useId, useRef, useState, type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { uploadForumImage, usePostPreview, type ForumCategory } from "../../api/forum";
import { ApiError } from "../../api/errors";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { SelectField, TextField } from "../../components/ui/Field";
import { AlertCircleIcon, ImageIcon } from "../../components/ui/icons";
import { SkeletonText } from "../../components/ui/Skeleton";
import { UploadList } from "../../components/ui/UploadProgress";
import { cn } from "../../lib/cn";
import { acceptAttribute, contentTypeFor, fileProblem } from "../../lib/files";
import { uploadErrorMessage } from "../../lib/upload-errors";
import { useFormErrors } from "../../lib/use-form-errors";
import { useUploads } from "../../lib/use-uploads";
import { BoldIcon, CodeIcon, ItalicIcon, SigmaIcon } from "../editor/icons";
import { LESSON_IMAGE_POLICY } from "../editor/image-policy";
import { Toolbar, ToolbarSeparator, ToolButton } from "../editor/Toolbar";
import { forumErrorMessage } from "./forum-errors";
import { altFromFileName, codeEdit, imageMarkdown, insertText, wrapSelection, type Edit } from "./markdown-edit";
import { useLocalDraft } from "./use-local-draft";

// The lesson renderer (KaTeX, DOMPurify): a preview shows exactly what the post will.
const ContentBody = lazy(() => import("../content/ContentBody"));

export interface ComposerValues {
  title: string;
  body: string;
  /** A category's slug; empty lets the server pick the linked lesson's. */
  category: string;
}

const FIELDS = ["title", "body", "category"] as const;
const MIN_TITLE = 5;
const MAX_TITLE = 150;
const MAX_BODY = 20_000;
/** A pause in typing this long sends the text to be previewed again. */
const PREVIEW_DELAY_MS = 500;

function titleProblem(title: string): string | null {
  if (!title) return "Give the thread a title.";
  if (title.length < MIN_TITLE) return `Use at least ${MIN_TITLE} characters, so people can tell what it is about.`;
  return null;
}

const isBlank = (values: ComposerValues) => !values.title.trim() && !values.body.trim();

export interface ComposerProps {
  /** Where the draft is kept in this browser (null: not kept, e.g. while editing a post). */
  draftKey: string | null;
  initial: ComposerValues;
  showTitle?: boolean;
  /** A category choice; `automatic` labels the empty choice when the server may pick one. */
  categories?: { items: ForumCategory[]; automatic: string | null };
  bodyLabel: string;
  placeholder?: string;
  /** Shown above the text: what the post is about, the post it answers. */
  before?: ReactNode;
  submitLabel: string;
  sendingLabel?: string;
  onSubmit: (values: ComposerValues) => Promise<unknown>;
  onCancel?: () => void;
  autoFocus?: boolean;
  className?: string;
}

/**
 * Writing a post: Markdown with a toolbar, a preview rendered by the server, images uploaded with
 * progress, the draft kept in this browser, and the API's complaints shown next to their fields.
 * Sending is disabled while a send is under way, so a double click posts once.
 */
export function Composer({
  draftKey,
  initial,
  showTitle = false,
  categories,
  bodyLabel,
  placeholder,
  before,
  submitLabel,
  sendingLabel = "Posting…",
  onSubmit,
  onCancel,
  autoFocus = false,
  className,
}: ComposerProps) {
  const [values, setValues, clearDraft] = useLocalDraft<ComposerValues>(draftKey, initial, isBlank);
  const { formRef, fieldErrors, formError, fromApi, check, clearField, reset } = useFormErrors(FIELDS);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const sendingNow = useRef(false);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [previewBody, setPreviewBody] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadCount = useRef(0);
  const ids = { body: useId(), hint: useId(), error: useId(), tabs: useId() };

  const setBody = (change: (body: string) => string) => {
    setValues((current) => ({ ...current, body: change(current.body) }));
    clearField("body");
  };

  const uploads = useUploads(
    ({ file, contentType }, { onProgress, signal }) => {
      const alt = altFromFileName(file.name);
      uploadCount.current += 1;
      const token = `![Uploading ${alt}… ${uploadCount.current}]()`;
      // Where the caret was when the file was chosen: the image goes there, on a line of its own.
      const caret = { start: area.current?.selectionStart ?? null, end: area.current?.selectionEnd ?? null };
      setBody((body) => {
        const start = Math.min(caret.start ?? body.length, body.length);
        const end = Math.min(Math.max(caret.end ?? body.length, start), body.length);
        const lead = start > 0 && body[start - 1] !== "\n" ? "\n" : "";
        return insertText(body, start, end, `${lead}${token}\n`).text;
      });
      return uploadForumImage({ file, contentType, onProgress, signal }).then(
        (image) => {
          const markdown = imageMarkdown(alt, image.url);
          // The placeholder may have been deleted meanwhile: the image then goes at the end.
          setBody((body) => (body.includes(token) ? body.replace(token, markdown) : `${body.trimEnd()}\n${markdown}\n`));
          return image;
        },
        (error: unknown) => {
          setBody((body) => body.replace(`${token}\n`, "").replace(token, ""));
          throw error;
        },
      );
    },
    (error) => uploadErrorMessage(error, LESSON_IMAGE_POLICY),
  );

  useEffect(() => {
    if (tab !== "preview") return undefined;
    const timer = window.setTimeout(() => setPreviewBody(values.body), PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [tab, values.body]);
  const preview = usePostPreview(previewBody, tab === "preview");

  const addFiles = (files: Iterable<File>) => {
    for (const file of files) uploads.add(file, contentTypeFor(file, LESSON_IMAGE_POLICY), fileProblem(file, LESSON_IMAGE_POLICY));
  };

  const apply = (make: (text: string, start: number, end: number) => Edit) => {
    const element = area.current;
    if (!element || tab !== "write") return;
    const edit = make(values.body, element.selectionStart, element.selectionEnd);
    setBody(() => edit.text);
    window.requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(edit.selectionStart, edit.selectionEnd);
    });
  };

  const tools = [
    { label: "Bold", shortcut: "b", icon: BoldIcon, make: (t: string, s: number, e: number) => wrapSelection(t, s, e, "**", "**", "bold text") },
    { label: "Italic", shortcut: "i", icon: ItalicIcon, make: (t: string, s: number, e: number) => wrapSelection(t, s, e, "_", "_", "italic text") },
    { label: "Code", shortcut: "e", icon: CodeIcon, make: codeEdit },
    { label: "Formula", shortcut: "m", icon: SigmaIcon, make: (t: string, s: number, e: number) => wrapSelection(t, s, e, "$", "$", "x^2") },
  ];

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    if (event.key === "Enter") {
      event.preventDefault();
      event.currentTarget.form?.requestSubmit();
      return;
    }
    const tool = tools.find((candidate) => candidate.shortcut === event.key.toLowerCase());
    if (tool) {
      event.preventDefault();
      apply(tool.make);
    }
  };

  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.clipboardData.files);
    if (files.length === 0) return;
    event.preventDefault();
    addFiles(files);
  };

  const onDrop = (event: DragEvent<HTMLTextAreaElement>) => {
    const files = Array.from(event.dataTransfer.files);
    if (files.length === 0) return;
    event.preventDefault();
    addFiles(files);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sendingNow.current) return;
    const title = values.title.trim();
    const body = values.body.trim();
    setProblem(null);
    const ok = check({
      title: showTitle ? titleProblem(title) : null,
      body: body ? (body.length > MAX_BODY ? `Use at most ${MAX_BODY.toLocaleString()} characters.` : null) : "Write something first.",
      category: categories && categories.automatic === null && !values.category ? "Choose a category." : null,
    });
    if (!ok) {
      setTab("write");
      return;
    }
    if (uploads.busy) {
      setProblem("Wait for the images to finish uploading.");
      return;
    }
    sendingNow.current = true;
    setSending(true);
    try {
      await onSubmit({ ...values, title, body });
      clearDraft(initial);
      setTab("write");
    } catch (error) {
      if (error instanceof ApiError && error.code === "rate_limited") {
        reset();
        setProblem(forumErrorMessage(error));
      } else if (error instanceof ApiError && error.code === "forum_category_required") {
        check({ category: error.message || "Choose a category." });
      } else {
        fromApi(error);
      }
      setTab("write");
    } finally {
      sendingNow.current = false;
      setSending(false);
    }
  };

  const bodyError = fieldErrors.body;
  const formProblem = problem ?? formError;
  const near = values.body.length > MAX_BODY * 0.9;

  return (
    <form ref={formRef} onSubmit={(event) => void submit(event)} noValidate className={cn("space-y-4", className)}>
      {showTitle ? (
        <TextField
          label="Title"
          value={values.title}
          maxLength={MAX_TITLE}
          error={fieldErrors.title}
          placeholder="What is your question or idea, in one sentence?"
          onChange={(event) => {
            const title = event.target.value;
            setValues((current) => ({ ...current, title }));
            clearField("title");
          }}
        />
      ) : null}
      {categories ? (
        <SelectField
          label="Category"
          value={values.category}
          error={fieldErrors.category}
          onChange={(event) => {
            setValues((current) => ({ ...current, category: event.target.value }));
            clearField("category");
          }}
        >
          {categories.automatic !== null ? <option value="">{categories.automatic}</option> : <option value="">Choose a category…</option>}
          {categories.items.map((category) => (
            <option key={category.id} value={category.slug}>
              {category.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {before}
      <div className="space-y-1.5">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <label htmlFor={ids.body} className="text-sm font-medium text-slate-800">
            {bodyLabel}
          </label>
          <div role="tablist" aria-label="Editor mode" className="inline-flex rounded-lg bg-slate-100 p-0.5 text-sm">
            {(["write", "preview"] as const).map((mode) => (
              <button
                key={mode}
                type="button"
                role="tab"
                id={`${ids.tabs}-${mode}`}
                aria-selected={tab === mode}
                aria-controls={`${ids.tabs}-${mode}-panel`}
                onClick={() => {
                  if (mode === "preview") setPreviewBody(values.body);
                  setTab(mode);
                }}
                className={cn(
                  "rounded-md px-3 py-1 font-medium transition-colors",
                  tab === mode ? "bg-white text-slate-900 shadow-xs" : "text-slate-600 hover:text-slate-900",
                )}
              >
                {mode === "write" ? "Write" : "Preview"}
              </button>
            ))}
          </div>
        </div>
        <div
          className={cn(
            "overflow-hidden rounded-xl bg-white shadow-xs ring-1 ring-inset focus-within:ring-2",
            bodyError ? "ring-rose-400 focus-within:ring-rose-500" : "ring-slate-300 focus-within:ring-brand-600",
          )}
        >
          <div className="flex items-center gap-2 border-b border-slate-100 bg-slate-50/70 px-1.5 py-1">
            <Toolbar label="Formatting" controls={ids.body}>
              {tools.map((tool) => (
                <ToolButton key={tool.label} label={tool.label} shortcut={`Mod+${tool.shortcut.toUpperCase()}`} disabled={tab !== "write"} onClick={() => apply(tool.make)}>
                  <tool.icon size={17} />
                </ToolButton>
              ))}
              <ToolbarSeparator />
              <ToolButton label="Image" disabled={tab !== "write"} onClick={() => fileInput.current?.click()}>
                <ImageIcon size={17} />
              </ToolButton>
            </Toolbar>
            <input
              ref={fileInput}
              type="file"
              multiple
              className="sr-only"
              tabIndex={-1}
              aria-label="Image files"
              accept={acceptAttribute(LESSON_IMAGE_POLICY)}
              onChange={(event) => {
                addFiles(Array.from(event.target.files ?? []));
                event.target.value = "";
              }}
            />
            {near ? (
              <span className={cn("ml-auto pr-1.5 text-xs tabular-nums", values.body.length > MAX_BODY ? "text-rose-600" : "text-slate-500")}>
                {values.body.length.toLocaleString()} / {MAX_BODY.toLocaleString()}
              </span>
            ) : null}
          </div>
          <div id={`${ids.tabs}-write-panel`} role="tabpanel" aria-labelledby={`${ids.tabs}-write`} hidden={tab !== "write"}>
            <textarea
              ref={area}
              id={ids.body}
              value={values.body}
              rows={showTitle ? 10 : 5}
              // Opened on purpose by "Reply" or "Edit": the text area is where the person is going.
              autoFocus={autoFocus}
              placeholder={placeholder}
              aria-invalid={bodyError ? true : undefined}
              aria-describedby={bodyError ? ids.error : ids.hint}
              onChange={(event) => {
                const body = event.target.value;
                setBody(() => body);
              }}
              onKeyDown={onKeyDown}
              onPaste={onPaste}
              onDrop={onDrop}
              className="block min-h-32 w-full resize-y border-0 bg-transparent px-3.5 py-3 font-mono text-[0.9rem] leading-6 text-slate-900 placeholder:font-sans placeholder:text-slate-400 focus:ring-0 focus:outline-none"
            />
          </div>
          <div
            id={`${ids.tabs}-preview-panel`}
            role="tabpanel"
            aria-labelledby={`${ids.tabs}-preview`}
            aria-busy={preview.isFetching || undefined}
            hidden={tab !== "preview"}
            className="min-h-32 px-4 py-3"
          >
            {tab !== "preview" ? null : !values.body.trim() ? (
              <p className="text-sm text-slate-500">Nothing to preview yet.</p>
            ) : preview.isError ? (
              <p role="alert" className="flex items-start gap-1.5 text-sm text-rose-600">
                <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
                {forumErrorMessage(preview.error)}
              </p>
            ) : preview.data ? (
              <Suspense fallback={<SkeletonText lines={3} />}>
                <ContentBody html={preview.data.html} compact className="text-[0.95rem] leading-7" />
              </Suspense>
            ) : (
              <SkeletonText lines={3} />
            )}
          </div>
        </div>
        {bodyError ? (
          <p id={ids.error} className="flex items-start gap-1.5 text-sm text-rose-600">
            <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
            <span>{bodyError}</span>
          </p>
        ) : (
          <p id={ids.hint} className="text-xs text-slate-500">
            Markdown works: **bold**, _italic_, `code`, formulas like $x^2$ or $$\int_0^1 x\,dx$$. Paste or drop images. Ctrl+Enter sends.
          </p>
        )}
      </div>
      <UploadList label="Image uploads" items={uploads.items} onCancel={uploads.cancel} onRetry={uploads.retry} onDismiss={uploads.dismiss} />
      {formProblem ? (
        <Alert tone="danger" role="alert">
          {formProblem}
        </Alert>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:items-center sm:justify-end">
        {onCancel ? (
          <Button variant="ghost" onClick={onCancel} disabled={sending}>
            Cancel
          </Button>
        ) : null}
        <Button type="submit" loading={sending} disabled={uploads.busy}>
          {sending ? sendingLabel : submitLabel}
        </Button>
      </div>
    </form>
  );
}
