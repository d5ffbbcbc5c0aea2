import { useRef, useState, type FormEvent } from "react";
import { uploadContentImage, type ContentImage } from "../../api/content";
import { Button } from "../../components/ui/Button";
import { FileDrop } from "../../components/ui/FileDrop";
import { TextAreaField } from "../../components/ui/Field";
import { ImageIcon, XIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { UploadItemProgress } from "../../components/ui/UploadProgress";
import { acceptAttribute, contentTypeFor, fileProblem, formatBytes } from "../../lib/files";
import { useUploads } from "../../lib/use-uploads";
import { uploadErrorMessage } from "../../lib/upload-errors";
import { LESSON_IMAGE_POLICY } from "./image-policy";

export interface ImageDialogProps {
  onInsert: (image: ContentImage & { alt: string }) => void;
  onClose: () => void;
}

/**
 * Uploads an image to storage (with a progress bar) and puts it into the text. Asks for a text
 * alternative, which is all a screen-reader user gets of the picture.
 */
export function ImageDialog({ onInsert, onClose }: ImageDialogProps) {
  const [file, setFile] = useState<File | null>(null);
  const [alt, setAlt] = useState("");
  const [decorative, setDecorative] = useState(false);
  const [errors, setErrors] = useState<{ file?: string; alt?: string }>({});
  const altField = useRef<HTMLTextAreaElement>(null);
  const altText = decorative ? "" : alt.trim();
  const uploads = useUploads(
    ({ file: chosen, contentType }, { onProgress, signal }) =>
      uploadContentImage({ file: chosen, contentType, onProgress, signal }).then((image) => {
        onInsert({ ...image, alt: altText });
        return image;
      }),
    (error) => uploadErrorMessage(error, LESSON_IMAGE_POLICY),
  );
  const current = uploads.items[0];

  function choose(files: File[]) {
    const chosen = files[0] ?? null;
    setFile(chosen);
    setErrors((previous) => ({ ...previous, file: chosen ? fileProblem(chosen, LESSON_IMAGE_POLICY) ?? undefined : undefined }));
    uploads.items.forEach((item) => uploads.dismiss(item.id));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = {
      file: file ? fileProblem(file, LESSON_IMAGE_POLICY) ?? undefined : "Choose an image to upload.",
      alt: decorative || alt.trim() ? undefined : "Describe the image for readers who can't see it, or mark it as decorative.",
    };
    setErrors(found);
    if (found.alt) altField.current?.focus();
    if (found.file || found.alt || !file) return;
    uploads.items.forEach((item) => uploads.dismiss(item.id));
    uploads.add(file, contentTypeFor(file, LESSON_IMAGE_POLICY));
  }

  return (
    <Modal
      open
      onClose={() => {
        if (current?.status === "uploading") uploads.cancel(current.id);
        onClose();
      }}
      icon={
        <span className="flex size-10 items-center justify-center rounded-full bg-brand-50 text-brand-600">
          <ImageIcon size={20} />
        </span>
      }
      title="Insert an image"
      description="Diagrams, graphs and photos you have the right to share."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form="image-dialog-form" loading={uploads.busy}>
            {uploads.busy ? "Uploading…" : "Upload and insert"}
          </Button>
        </>
      }
    >
      <form id="image-dialog-form" onSubmit={submit} noValidate className="space-y-4">
        {file ? (
          <div className="flex items-center gap-3 rounded-xl bg-slate-50 px-3 py-2.5 ring-1 ring-slate-200">
            <ImageIcon size={18} className="shrink-0 text-slate-400" />
            <p className="min-w-0 flex-1 truncate text-sm text-slate-800">
              {file.name} <span className="text-slate-500">· {formatBytes(file.size)}</span>
            </p>
            <button
              type="button"
              className="rounded-md p-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 disabled:opacity-50"
              aria-label={`Remove ${file.name}`}
              disabled={uploads.busy}
              onClick={() => choose([])}
            >
              <XIcon size={16} />
            </button>
          </div>
        ) : (
          <FileDrop
            label="Image file"
            compact
            accept={acceptAttribute(LESSON_IMAGE_POLICY)}
            onFiles={choose}
            hint={`${LESSON_IMAGE_POLICY.label}, up to ${formatBytes(LESSON_IMAGE_POLICY.maxBytes)}`}
          />
        )}
        {errors.file ? (
          <p role="alert" className="text-sm text-rose-600">
            {errors.file}
          </p>
        ) : null}
        <TextAreaField
          ref={altField}
          label="Text alternative"
          rows={2}
          maxLength={300}
          disabled={decorative}
          value={decorative ? "" : alt}
          onChange={(event) => {
            setAlt(event.target.value);
            setErrors((previous) => ({ ...previous, alt: undefined }));
          }}
          error={errors.alt}
          hint="What the image shows and why it matters, e.g. “Velocity–time graph: a straight line rising from 0 to 20 m/s in 4 s”."
        />
        <label className="flex items-start gap-2.5 text-sm text-slate-700">
          <input
            type="checkbox"
            className="mt-0.5 size-4 rounded accent-brand-600"
            checked={decorative}
            onChange={(event) => {
              setDecorative(event.target.checked);
              setErrors((previous) => ({ ...previous, alt: undefined }));
            }}
          />
          <span>It's decorative: it adds nothing a reader would miss.</span>
        </label>
        {current ? (
          <UploadItemProgress item={current} onCancel={uploads.cancel} onRetry={uploads.retry} onDismiss={uploads.dismiss} />
        ) : null}
      </form>
    </Modal>
  );
}
