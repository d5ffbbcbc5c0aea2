import { useEffect, useState } from "react";
import { useUploadPhoto } from "../../api/mentoring";
import { Button } from "../../components/ui/Button";
import { FileDrop } from "../../components/ui/FileDrop";
import { ArrowRightIcon, CheckIcon } from "../../components/ui/icons";
import { Portrait } from "../../components/ui/Portrait";
import { useToast } from "../../components/ui/toast-context";
import { UploadProgress } from "../../components/ui/UploadProgress";
import { acceptAttribute, contentTypeFor, fileProblem, formatBytes, PHOTO_POLICY } from "../../lib/files";
import { useUploads } from "../../lib/use-uploads";
import { uploadErrorMessage } from "./upload-errors";
import type { StepProps } from "./ProfileStep";
import { StepFrame } from "./StepFrame";

const TIPS = ["Your face, clearly visible, in good light", "A plain or calm background", "Square works best; at least 400 × 400 pixels"];

export function PhotoStep({ profile, locked, onNext, onBack }: StepProps) {
  const toast = useToast();
  const upload = useUploadPhoto();
  const [preview, setPreview] = useState<string | null>(null);
  const uploads = useUploads(
    ({ file, contentType }, { onProgress, signal }) =>
      upload.mutateAsync({ file, contentType, onProgress, signal }).then((saved) => {
        toast.success("Photo updated", "Students see it on your profile and in search.");
        return saved;
      }),
    (error) => uploadErrorMessage(error, PHOTO_POLICY),
  );

  useEffect(() => {
    return () => {
      if (preview) URL.revokeObjectURL(preview);
    };
  }, [preview]);

  function choose(files: File[]) {
    const file = files[0];
    if (!file) return;
    const problem = fileProblem(file, PHOTO_POLICY);
    uploads.items.forEach((item) => uploads.dismiss(item.id));
    if (!problem) setPreview(URL.createObjectURL(file));
    uploads.add(file, contentTypeFor(file, PHOTO_POLICY), problem);
  }

  const current = uploads.items[0];
  const shown = current && current.status !== "error" ? preview : profile.photo_url;

  return (
    <StepFrame
      title="Profile photo"
      description="Profiles with a photo get noticeably more bookings. It appears on your public profile and in search results."
      optional
      onBack={onBack}
      actions={
        <Button onClick={onNext} variant={profile.photo_url ? "primary" : "secondary"} disabled={uploads.busy}>
          {profile.photo_url ? "Continue" : "Skip for now"} <ArrowRightIcon size={16} />
        </Button>
      }
    >
      <div className="flex flex-col gap-6 sm:flex-row sm:items-start">
        <div className="flex flex-col items-center gap-2">
          <Portrait name={profile.display_name} seed={profile.id} photoUrl={shown} size="xl" className="size-36" />
          <p className="text-xs text-slate-500">{profile.photo_url ? "Your current photo" : "No photo yet"}</p>
        </div>
        <div className="min-w-0 flex-1 space-y-4">
          <FileDrop
            label={profile.photo_url ? "Replace photo" : "Upload a photo"}
            accept={acceptAttribute(PHOTO_POLICY)}
            disabled={locked || uploads.busy}
            onFiles={choose}
            compact
            hint={`${PHOTO_POLICY.label}, up to ${formatBytes(PHOTO_POLICY.maxBytes)}`}
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
              onCancel={() => uploads.cancel(current.id)}
              onRetry={current.retryable ? () => uploads.retry(current.id) : undefined}
              onDismiss={() => uploads.dismiss(current.id)}
            />
          ) : null}
          <ul className="space-y-1.5 text-sm text-slate-600">
            {TIPS.map((tip) => (
              <li key={tip} className="flex items-start gap-2">
                <CheckIcon size={16} className="mt-0.5 shrink-0 text-emerald-500" />
                {tip}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </StepFrame>
  );
}
