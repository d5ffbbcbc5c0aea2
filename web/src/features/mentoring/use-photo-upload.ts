import { useEffect, useState } from "react";
import { contentTypeFor, fileProblem, PHOTO_POLICY } from "../../lib/files";
import { useUploads, type UploadRunner } from "../../lib/use-uploads";
import { uploadErrorMessage } from "../../lib/upload-errors";

/**
 * One portrait upload at a time (the mentor photo, the account picture): a local preview while
 * it uploads, and `shown`, the picture to display, which falls back to the stored one
 * (`storedUrl`) once the upload is gone or when it failed.
 */
export function usePhotoUpload(run: UploadRunner, storedUrl: string | null | undefined) {
  const [preview, setPreview] = useState<string | null>(null);
  const uploads = useUploads(run, (error) => uploadErrorMessage(error, PHOTO_POLICY));

  useEffect(() => {
    return () => {
      if (preview) URL.revokeObjectURL(preview);
    };
  }, [preview]);

  const clear = () => uploads.items.forEach((item) => uploads.dismiss(item.id));

  function choose(files: File[]) {
    const file = files[0];
    if (!file) return;
    const problem = fileProblem(file, PHOTO_POLICY);
    clear();
    if (!problem) setPreview(URL.createObjectURL(file));
    uploads.add(file, contentTypeFor(file, PHOTO_POLICY), problem);
  }

  const current = uploads.items[0];
  const shown = current && current.status !== "error" ? preview : (storedUrl ?? null);
  return { shown, current, busy: uploads.busy, choose, clear, cancel: uploads.cancel, retry: uploads.retry, dismiss: uploads.dismiss };
}

export type PhotoUpload = ReturnType<typeof usePhotoUpload>;
