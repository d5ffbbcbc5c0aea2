import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { meQueryKey } from "../auth/session-context";
import { api } from "./client";
import { unwrap } from "./errors";
import type { components } from "./schema";
import type { Me } from "./types";
import { uploadFile, withQuery, type UploadProgress } from "./upload";

export type NotificationPreference = components["schemas"]["NotificationPreferenceOut"];
export type PreferenceChange = components["schemas"]["PreferenceChangeIn"];
export type NotificationChannel = PreferenceChange["channel"];

/** Where the browser downloads the signed-in person's data export (a JSON attachment). */
export const EXPORT_URL = "/api/v1/me/export";

export interface AvatarUpload {
  file: File;
  contentType: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export function useUploadAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, contentType, onProgress, signal }: AvatarUpload) =>
      uploadFile<Me>({
        method: "PUT",
        url: withQuery("/api/v1/me/avatar", { filename: file.name }),
        file,
        contentType,
        onProgress,
        signal,
      }),
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
}

export function useRemoveAvatar() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/me/avatar")),
    onSuccess: (me) => queryClient.setQueryData(meQueryKey, me),
  });
}

export const notificationPreferencesKey = ["me", "notification-preferences"] as const;

export function useNotificationPreferences() {
  return useQuery({
    queryKey: notificationPreferencesKey,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/me/notification-preferences", { signal })),
  });
}

export function useUpdateNotificationPreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preferences: PreferenceChange[]) =>
      unwrap(api.PUT("/api/v1/me/notification-preferences", { body: { preferences } })),
    onSuccess: (saved) => queryClient.setQueryData(notificationPreferencesKey, saved),
  });
}

export function useDeleteAccount() {
  return useMutation({
    mutationFn: (currentPassword: string) =>
      unwrap(api.POST("/api/v1/me/deletion", { body: { current_password: currentPassword } })),
  });
}
