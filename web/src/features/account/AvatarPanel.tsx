import { useRemoveAvatar, useUploadAvatar } from "../../api/account";
import type { Me } from "../../api/types";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { TrashIcon } from "../../components/ui/icons";
import { useToast } from "../../components/ui/toast-context";
import { errorMessage } from "../../lib/error-messages";
import { PhotoDrop } from "../mentoring/PhotoDrop";
import { usePhotoUpload } from "../mentoring/use-photo-upload";

/** The profile picture shown next to the person's name in menus and on their profile. */
export function AvatarPanel({ user }: { user: Me }) {
  const toast = useToast();
  const upload = useUploadAvatar();
  const remove = useRemoveAvatar();
  const photo = usePhotoUpload(
    ({ file, contentType }, { onProgress, signal }) =>
      upload.mutateAsync({ file, contentType, onProgress, signal }).then((me) => {
        toast.success("Picture updated", "It appears next to your name across Mentora.");
        return me;
      }),
    user.avatar_url,
  );

  return (
    <Card>
      <CardHeader titleId="avatar-title" title="Profile picture" description="Shown next to your name in menus, on your profile and to the people you learn with." />
      <CardBody className="flex flex-col gap-6 sm:flex-row sm:items-start">
        <div className="flex flex-col items-center gap-3">
          <Avatar name={user.display_name} seed={user.id} src={photo.shown} size="lg" className="size-24 text-3xl" />
          {user.avatar_url ? (
            <Button
              variant="ghost"
              size="sm"
              icon={<TrashIcon size={14} />}
              loading={remove.isPending}
              disabled={photo.busy}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    photo.clear();
                    toast.success("Picture removed", "Your initials are shown instead.");
                  },
                  onError: (error) => toast.error("Couldn't remove the picture", errorMessage(error)),
                })
              }
            >
              Remove
            </Button>
          ) : (
            <p className="text-xs text-slate-500">No picture yet</p>
          )}
        </div>
        <div className="min-w-0 flex-1 space-y-4" aria-labelledby="avatar-title">
          <PhotoDrop
            photo={photo}
            label={user.avatar_url ? "Replace picture" : "Upload a picture"}
            hint="We remove location and camera details from the file."
            disabled={remove.isPending}
          />
        </div>
      </CardBody>
    </Card>
  );
}
