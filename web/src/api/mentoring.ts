/** The signed-in mentor's own data: the application (profile, photo, topics, documents,
 * portfolio) and availability. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { unwrap } from "./errors";
import { mentorKeys } from "./marketplace";
import type { Availability, AvailabilityIn, MentorProfile, MentorProfileUpdate } from "./types";
import { uploadFile, withQuery, type UploadProgress } from "./upload";

export const myMentorKeys = {
  profile: ["mentor", "profile"] as const,
  availability: ["mentor", "availability"] as const,
};

export function useMyMentorProfile() {
  return useQuery({
    queryKey: myMentorKeys.profile,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/profile", { signal })),
  });
}

/** Every mentor-profile change answers with the whole profile: store it and refresh the public view. */
function useProfileMutation<Variables>(mutate: (variables: Variables) => Promise<MentorProfile>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: mutate,
    onSuccess: async (profile) => {
      queryClient.setQueryData(myMentorKeys.profile, profile);
      await queryClient.invalidateQueries({ queryKey: mentorKeys.detail(profile.id) });
    },
  });
}

export function useUpdateMyMentorProfile() {
  return useProfileMutation((body: MentorProfileUpdate) => unwrap(api.PATCH("/api/v1/mentor/profile", { body })));
}

export function useSetMyTopics() {
  return useProfileMutation((topicIds: string[]) =>
    unwrap(api.PUT("/api/v1/mentor/profile/topics", { body: { topic_ids: topicIds } })),
  );
}

export function useSubmitApplication() {
  return useProfileMutation((_: undefined) => unwrap(api.POST("/api/v1/mentor/profile/submit")));
}

export function useRemoveDocument() {
  return useProfileMutation((id: string) =>
    unwrap(api.DELETE("/api/v1/mentor/profile/documents/{document_id}", { params: { path: { document_id: id } } })),
  );
}

export function useRemovePortfolioItem() {
  return useProfileMutation((id: string) =>
    unwrap(api.DELETE("/api/v1/mentor/profile/portfolio/{item_id}", { params: { path: { item_id: id } } })),
  );
}

export interface FileUpload {
  file: File;
  contentType: string;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

export function useUploadPhoto() {
  return useProfileMutation(({ file, contentType, onProgress, signal }: FileUpload) =>
    uploadFile<MentorProfile>({
      method: "PUT",
      url: withQuery("/api/v1/mentor/profile/photo", { filename: file.name }),
      file,
      contentType,
      onProgress,
      signal,
    }),
  );
}

export function useUploadDocument() {
  return useProfileMutation(({ file, contentType, onProgress, signal }: FileUpload) =>
    uploadFile<MentorProfile>({
      method: "POST",
      url: withQuery("/api/v1/mentor/profile/documents", { filename: file.name }),
      file,
      contentType,
      onProgress,
      signal,
    }),
  );
}

export function useAddPortfolioItem() {
  return useProfileMutation(({ title, file, contentType, onProgress, signal }: FileUpload & { title: string }) =>
    uploadFile<MentorProfile>({
      method: "POST",
      url: withQuery("/api/v1/mentor/profile/portfolio", { title, filename: file.name }),
      file,
      contentType,
      onProgress,
      signal,
    }),
  );
}

/** Signed links live ten minutes: refresh them well before, so a link on screen always opens. */
const LINK_REFRESH = 4 * 60_000;

/** A short-lived link to one of my own verification documents. */
export function useMyDocumentLink(id: string) {
  return useQuery({
    queryKey: ["mentor", "document-link", id] as const,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/mentor/profile/documents/{document_id}/link", { params: { path: { document_id: id } }, signal })),
    staleTime: LINK_REFRESH,
    refetchInterval: LINK_REFRESH,
  });
}

export function useMyAvailability() {
  return useQuery({
    queryKey: myMentorKeys.availability,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/mentor/availability", { signal })),
    // The editor holds a draft: refetching behind the person's back would be confusing.
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

export function useSaveAvailability() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AvailabilityIn) => unwrap(api.PUT("/api/v1/mentor/availability", { body })),
    onSuccess: async (saved: Availability) => {
      queryClient.setQueryData(myMentorKeys.availability, saved);
      await queryClient.invalidateQueries({ queryKey: mentorKeys.all });
    },
  });
}
