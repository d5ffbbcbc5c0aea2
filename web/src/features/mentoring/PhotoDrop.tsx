import { FileDrop } from "../../components/ui/FileDrop";
import { UploadProgress } from "../../components/ui/UploadProgress";
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
        <UploadProgress
          name={current.file.name}
          size={current.file.size}
          contentType={current.contentType}
          loaded={current.loaded}
          total={current.total}
          status={current.status}
          error={current.error}
          onCancel={() => photo.cancel(current.id)}
          onRetry={current.retryable ? () => photo.retry(current.id) : undefined}
          onDismiss={() => photo.dismiss(current.id)}
        />
      ) : null}
    </>
  );
}
