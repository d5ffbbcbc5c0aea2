import { useUploadPhoto } from "../../api/mentoring";
import { Button } from "../../components/ui/Button";
import { ArrowRightIcon } from "../../components/ui/icons";
import { Portrait } from "../../components/ui/Portrait";
import { useToast } from "../../components/ui/toast-context";
import { PhotoDrop } from "./PhotoDrop";
import type { StepProps } from "./ProfileStep";
import { StepFrame } from "./StepFrame";
import { usePhotoUpload } from "./use-photo-upload";

const TIPS = ["Your face, clearly visible, in good light", "A plain or calm background", "Square works best; at least 400 × 400 pixels"];

export function PhotoStep({ profile, locked, onNext, onBack }: StepProps) {
  const toast = useToast();
  const upload = useUploadPhoto();
  const photo = usePhotoUpload(
    ({ file, contentType }, { onProgress, signal }) =>
      upload.mutateAsync({ file, contentType, onProgress, signal }).then((saved) => {
        toast.success("Photo updated", "Students see it on your profile and in search.");
        return saved;
      }),
    profile.photo_url,
  );

  return (
    <StepFrame
      title="Profile photo"
      description="Profiles with a photo get noticeably more bookings. It appears on your public profile and in search results."
      optional
      onBack={onBack}
      actions={
        <Button onClick={onNext} variant={profile.photo_url ? "primary" : "secondary"} disabled={photo.busy}>
          {profile.photo_url ? "Continue" : "Skip for now"} <ArrowRightIcon size={16} />
        </Button>
      }
    >
      <div className="flex flex-col gap-6 sm:flex-row sm:items-start">
        <div className="flex flex-col items-center gap-2">
          <Portrait name={profile.display_name} seed={profile.id} photoUrl={photo.shown} size="xl" className="size-36" />
          <p className="text-xs text-slate-500">{profile.photo_url ? "Your current photo" : "No photo yet"}</p>
        </div>
        <div className="min-w-0 flex-1 space-y-4">
          <PhotoDrop photo={photo} label={profile.photo_url ? "Replace photo" : "Upload a photo"} disabled={locked} />
          {/* Advice, not a checklist: ticks here would read as the step being done. */}
          <ul aria-label="Tips for a good photo" className="list-disc space-y-1.5 pl-5 text-sm text-slate-600 marker:text-slate-400">
            {TIPS.map((tip) => (
              <li key={tip}>{tip}</li>
            ))}
          </ul>
        </div>
      </div>
    </StepFrame>
  );
}
