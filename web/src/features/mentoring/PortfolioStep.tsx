import { useState, type FormEvent } from "react";
import { useAddPortfolioItem, useRemovePortfolioItem } from "../../api/mentoring";
import type { PortfolioItem } from "../../api/types";
import { Button } from "../../components/ui/Button";
import { FileDrop } from "../../components/ui/FileDrop";
import { ArrowRightIcon, FileTextIcon, PlusIcon, TrashIcon, XIcon } from "../../components/ui/icons";
import { TextField } from "../../components/ui/Field";
import { useToast } from "../../components/ui/toast-context";
import { UploadItemProgress } from "../../components/ui/UploadProgress";
import { errorMessage } from "../../lib/error-messages";
import { acceptAttribute, contentTypeFor, fileProblem, formatBytes, PORTFOLIO_POLICY } from "../../lib/files";
import { useUploads } from "../../lib/use-uploads";
import { PortfolioList } from "../mentors/PortfolioList";
import type { StepProps } from "./ProfileStep";
import { StepFrame } from "./StepFrame";
import { uploadErrorMessage } from "../../lib/upload-errors";

const MAX_SAMPLES = 12;

/** Portfolio samples are public material, separate from the review: editable at any time. */
export function PortfolioEditor({ items }: { items: PortfolioItem[] }) {
  const toast = useToast();
  const add = useAddPortfolioItem();
  const remove = useRemovePortfolioItem();
  const [title, setTitle] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [errors, setErrors] = useState<{ title?: string; file?: string }>({});
  const [removing, setRemoving] = useState<string | null>(null);
  const titleForUpload = title.trim();
  const uploads = useUploads(
    ({ file: chosen, contentType }, { onProgress, signal }) =>
      add.mutateAsync({ title: titleForUpload, file: chosen, contentType, onProgress, signal }).then((saved) => {
        toast.success("Sample added", "It's on your public profile now.");
        setTitle("");
        setFile(null);
        return saved;
      }),
    (error) => uploadErrorMessage(error, PORTFOLIO_POLICY),
  );
  const full = items.length >= MAX_SAMPLES;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      title: titleForUpload ? undefined : "Give the sample a title students will understand.",
      file: file ? fileProblem(file, PORTFOLIO_POLICY) ?? undefined : "Choose a file.",
    };
    setErrors(found);
    if (found.title || found.file || !file) return;
    uploads.items.forEach((item) => uploads.dismiss(item.id));
    uploads.add(file, contentTypeFor(file, PORTFOLIO_POLICY));
  }

  function removeItem(item: PortfolioItem) {
    setRemoving(item.id);
    remove.mutate(item.id, {
      onSuccess: () => toast.success("Sample removed", item.title),
      onError: (error) => toast.error("Couldn't remove the sample", errorMessage(error)),
      onSettled: () => setRemoving(null),
    });
  }

  const current = uploads.items[0];
  return (
    <div className="space-y-6">
      {items.length ? (
        <PortfolioList
          items={items}
          action={(item) => (
            <Button
              variant="ghost"
              size="sm"
              className="text-slate-500 hover:text-rose-600"
              loading={removing === item.id}
              onClick={() => removeItem(item)}
              aria-label={`Remove ${item.title}`}
              icon={<TrashIcon size={15} />}
            />
          )}
        />
      ) : null}
      {full ? (
        <p className="text-sm text-slate-500">You're showing the maximum of {MAX_SAMPLES} samples. Remove one to add another.</p>
      ) : (
        <form onSubmit={submit} noValidate className="space-y-4 rounded-xl bg-slate-50/70 p-4 ring-1 ring-slate-200/70" aria-label="Add a sample">
          <TextField
            label="Sample title"
            placeholder="e.g. Worked solutions: projectile motion"
            maxLength={120}
            value={title}
            onChange={(event) => {
              setTitle(event.target.value);
              setErrors((current) => ({ ...current, title: undefined }));
            }}
            error={errors.title}
          />
          {file ? (
            <div className="flex items-center gap-3 rounded-xl bg-white px-3 py-2.5 ring-1 ring-slate-200">
              <FileTextIcon size={18} className="shrink-0 text-slate-400" />
              <p className="min-w-0 flex-1 truncate text-sm text-slate-800">
                {file.name} <span className="text-slate-500">· {formatBytes(file.size)}</span>
              </p>
              <button type="button" className="rounded-md p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700" aria-label={`Remove ${file.name}`} onClick={() => setFile(null)}>
                <XIcon size={16} />
              </button>
            </div>
          ) : (
            <FileDrop
              label="Sample file"
              compact
              accept={acceptAttribute(PORTFOLIO_POLICY)}
              onFiles={(files) => {
                const chosen = files[0] ?? null;
                setFile(chosen);
                setErrors((current) => ({ ...current, file: chosen ? fileProblem(chosen, PORTFOLIO_POLICY) ?? undefined : undefined }));
              }}
              hint={`${PORTFOLIO_POLICY.label}, up to ${formatBytes(PORTFOLIO_POLICY.maxBytes)}`}
            />
          )}
          {errors.file ? (
            <p role="alert" className="text-sm text-rose-600">
              {errors.file}
            </p>
          ) : null}
          {current ? (
            <UploadItemProgress item={current} onCancel={uploads.cancel} onRetry={uploads.retry} onDismiss={uploads.dismiss} />
          ) : null}
          <div className="flex justify-end">
            <Button type="submit" variant="secondary" icon={<PlusIcon size={16} />} loading={uploads.busy}>
              Add to portfolio
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}

export function PortfolioStep({ profile, onNext, onBack }: StepProps) {
  return (
    <StepFrame
      title="Portfolio"
      description="Worksheets, worked solutions or slides that show how you teach. They appear on your public profile for anyone to download; add or remove them whenever you like."
      optional
      onBack={onBack}
      actions={
        <Button onClick={onNext} variant={profile.portfolio.length ? "primary" : "secondary"}>
          {profile.portfolio.length ? "Continue" : "Skip for now"} <ArrowRightIcon size={16} />
        </Button>
      }
    >
      <PortfolioEditor items={profile.portfolio} />
    </StepFrame>
  );
}
