import type { FormEvent, KeyboardEvent, Ref } from "react";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody } from "../../components/ui/Card";
import { TextField } from "../../components/ui/Field";
import { cn } from "../../lib/cn";
import { ContentFields } from "./ContentFields";
import { MAX_SUMMARY, type ContentErrors, type ContentField, type Draft } from "./drafts";

export interface Editable {
  title: string;
  draft: Draft;
}

/** The item's fields, the change summary and the save button that makes them a new version. */
export function EditContentForm({
  formRef,
  label,
  value,
  onChange,
  summary,
  onSummary,
  errors,
  onEdited,
  formError,
  locked,
  dirty,
  base,
  saving,
  onSave,
  onShortcut,
}: {
  formRef: Ref<HTMLFormElement>;
  label: string;
  value: Editable;
  onChange: (update: (current: Editable) => Editable) => void;
  summary: string;
  onSummary: (summary: string) => void;
  errors: ContentErrors;
  onEdited: (field: ContentField) => void;
  formError: string | null;
  locked: boolean;
  dirty: boolean;
  /** The version the draft started from. */
  base: number;
  saving: boolean;
  onSave: (event: FormEvent) => void;
  onShortcut: (event: KeyboardEvent<HTMLFormElement>) => void;
}) {
  return (
    <Card>
      <form ref={formRef} onSubmit={onSave} onKeyDown={onShortcut} noValidate aria-label={label}>
        <CardBody className="space-y-6">
          {formError ? (
            <Alert tone="danger" role="alert" title="The changes weren't saved">
              {formError}
            </Alert>
          ) : null}
          <ContentFields
            title={value.title}
            onTitle={(title) => onChange((current) => ({ ...current, title }))}
            draft={value.draft}
            onDraft={(draft) => onChange((current) => ({ ...current, draft }))}
            errors={errors}
            onEdited={onEdited}
            disabled={locked}
          />
        </CardBody>
        <div className="sticky bottom-0 z-10 flex flex-col gap-3 rounded-b-2xl border-t border-slate-100 bg-white/95 px-5 py-3 backdrop-blur sm:flex-row sm:items-end sm:px-6">
          <TextField
            label="What changed?"
            optional
            containerClassName="flex-1"
            maxLength={MAX_SUMMARY}
            placeholder="e.g. Fixed the sign in step 2"
            value={summary}
            disabled={locked}
            error={errors.change_summary}
            onChange={(event) => {
              onSummary(event.target.value);
              onEdited("change_summary");
            }}
          />
          <div className="flex items-center justify-end gap-3">
            <p className={cn("text-sm whitespace-nowrap", dirty ? "font-medium text-amber-700" : "text-slate-500")} aria-live="polite">
              {locked ? "Locked while in review" : dirty ? "Unsaved changes" : `Saved · version ${base}`}
            </p>
            <Button type="submit" loading={saving} disabled={locked || !dirty} aria-keyshortcuts="Control+S Meta+S">
              Save version
            </Button>
          </div>
        </div>
      </form>
    </Card>
  );
}
