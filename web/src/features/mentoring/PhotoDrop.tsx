import { FileDrop } from "../../components/ui/FileDrop";
import { UploadItemProgress } from "../../components/ui/UploadProgress";
import { acceptAttribute, formatBytes, PHOTO_POLICY } from "../../lib/files";
import type { PhotoUpload } from "./use-photo-upload";

/** Where a portrait is chosen, and how its upload is going. */
export function PhotoDrop({ photo, label, hint, disabled = false }: { photo: PhotoUpload; label: string; hint?: string; disabled?: boolean }) {
  const current = photo.current;
  return (
    <>
      <FileDrop
        label={label}
        accept={acceptAttribute(PHOTO_POLICY)}
        disabled={disabled || photo.busy}
        onFiles={photo.choose}
        compact
        hint={`${PHOTO_POLICY.label}, up to ${formatBytes(PHOTO_POLICY.maxBytes)}${hint ? `. ${hint}` : ""}`}
      />
      {current ? (
        <UploadItemProgress item={current} onCancel={photo.cancel} onRetry={photo.retry} onDismiss={photo.dismiss} />
      ) : null}
    </>
  );
}
