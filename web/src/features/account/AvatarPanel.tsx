import { useEffect, useState } from "react";
import { useRemoveAvatar, useUploadAvatar } from "../../api/account";
import type { Me } from "../../api/types";
import { Avatar } from "../../components/ui/Avatar";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { FileDrop } from "../../components/ui/FileDrop";
import { TrashIcon } from "../../components/ui/icons";
import { useToast } from "../../components/ui/toast-context";
import { UploadProgress } from "../../components/ui/UploadProgress";
import { errorMessage } from "../../lib/error-messages";
import { acceptAttribute, contentTypeFor, fileProblem, formatBytes, PHOTO_POLICY } from "../../lib/files";
import { useUploads } from "../../lib/use-uploads";
import { uploadErrorMessage } from "../mentoring/upload-errors";

/** The profile picture shown next to the person's name in menus and on their profile. */
export function AvatarPanel({ user }: { user: Me }) {
  const toast = useToast();
  const upload = useUploadAvatar();
  const remove = useRemoveAvatar();
  const [preview, setPreview] = useState<string | null>(null);
  const uploads = useUploads(
    ({ file, contentType }, { onProgress, signal }) =>
      upload.mutateAsync({ file, contentType, onProgress, signal }).then((me) => {
        toast.success("Picture updated", "It appears next to your name across Mentora.");
        return me;
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
  const shown = current && current.status !== "error" ? preview : user.avatar_url;

  return (
    <Card>
      <CardHeader titleId="avatar-title" title="Profile picture" description="Shown next to your name in menus, on your profile and to the people you learn with." />
      <CardBody className="flex flex-col gap-6 sm:flex-row sm:items-start">
        <div className="flex flex-col items-center gap-3">
          <Avatar name={user.display_name} seed={user.id} src={shown} size="lg" className="size-24 text-3xl" />
          {user.avatar_url ? (
            <Button
              variant="ghost"
              size="sm"
              icon={<TrashIcon size={14} />}
              loading={remove.isPending}
              disabled={uploads.busy}
              onClick={() =>
                remove.mutate(undefined, {
                  onSuccess: () => {
                    uploads.items.forEach((item) => uploads.dismiss(item.id));
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
          <FileDrop
            label={user.avatar_url ? "Replace picture" : "Upload a picture"}
            accept={acceptAttribute(PHOTO_POLICY)}
            disabled={uploads.busy || remove.isPending}
            onFiles={choose}
            compact
            hint={`${PHOTO_POLICY.label}, up to ${formatBytes(PHOTO_POLICY.maxBytes)}. We remove location and camera details from the file.`}
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
        </div>
      </CardBody>
    </Card>
  );
}
