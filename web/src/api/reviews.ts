/** Reviews of sessions: the student's review and the mentor's reply, a mentor's public reviews, reports, and the admins' moderation queue. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { bookingKeys } from "./bookings";
import { api } from "./client";
import { ApiError, unwrap } from "./errors";
import { mentorKeys } from "./marketplace";
import type { components, paths } from "./schema";

type Schemas = components["schemas"];

export type Review = Schemas["ReviewOut"];
export type ReviewIn = Schemas["ReviewIn"];
export type ReviewPage = Schemas["ReviewPage"];
export type ModeratedReview = Schemas["ModeratedReviewOut"];
export type ModeratedReviewPage = Schemas["ModeratedReviewPage"];
export type ModerationQuery = NonNullable<paths["/api/v1/admin/reviews"]["get"]["parameters"]["query"]>;
export type ModerationStatus = NonNullable<ModerationQuery["status"]>;

export const reviewKeys = {
  all: ["reviews"] as const,
  session: (sessionId: string) => ["reviews", "session", sessionId] as const,
  mentor: (mentorId: string, page: number) => ["reviews", "mentor", mentorId, page] as const,
  mentorAll: (mentorId: string) => ["reviews", "mentor", mentorId] as const,
  moderation: ["reviews", "moderation"] as const,
  queue: (query: ModerationQuery) => ["reviews", "moderation", query] as const,
};

/** The review of one of my sessions; null while there is none (the API's `review_not_found`). */
export function useSessionReview(sessionId: string, enabled = true) {
  return useQuery({
    queryKey: reviewKeys.session(sessionId),
    queryFn: async ({ signal }): Promise<Review | null> => {
      try {
        return await unwrap(api.GET("/api/v1/bookings/{session_id}/review", { params: { path: { session_id: sessionId } }, signal }));
      } catch (failure) {
        if (failure instanceof ApiError && failure.code === "review_not_found") return null;
        throw failure;
      }
    },
    enabled,
  });
}

/** The mentor's rating, their public list and my sessions all change with a review. */
function useAfterReview() {
  const queryClient = useQueryClient();
  return (review: Review) => {
    queryClient.setQueryData(reviewKeys.session(review.session_id), review);
    void queryClient.invalidateQueries({ queryKey: bookingKeys.all });
    void queryClient.invalidateQueries({ queryKey: mentorKeys.detail(review.mentor_id) });
    void queryClient.invalidateQueries({ queryKey: reviewKeys.mentorAll(review.mentor_id) });
  };
}

export function useReviewSession(sessionId: string) {
  const after = useAfterReview();
  return useMutation({
    mutationFn: (body: ReviewIn) =>
      unwrap(api.POST("/api/v1/bookings/{session_id}/review", { params: { path: { session_id: sessionId } }, body })),
    onSuccess: after,
  });
}

export function useReplyToReview() {
  const after = useAfterReview();
  return useMutation({
    mutationFn: ({ reviewId, text }: { reviewId: string; text: string }) =>
      unwrap(api.POST("/api/v1/reviews/{review_id}/reply", { params: { path: { review_id: reviewId } }, body: { text } })),
    onSuccess: after,
  });
}

export function useReportReview() {
  return useMutation({
    mutationFn: ({ reviewId, reason }: { reviewId: string; reason: string }) =>
      unwrap(api.POST("/api/v1/reviews/{review_id}/report", { params: { path: { review_id: reviewId } }, body: { reason } })),
  });
}

export const MENTOR_REVIEWS_PAGE_SIZE = 5;

/** A mentor's public reviews, newest first. */
export function useMentorReviews(mentorId: string, page: number, enabled = true) {
  return useQuery({
    queryKey: reviewKeys.mentor(mentorId, page),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/mentors/{mentor_id}/reviews", {
          params: { path: { mentor_id: mentorId }, query: { page, page_size: MENTOR_REVIEWS_PAGE_SIZE } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useModerationQueue(query: ModerationQuery) {
  return useQuery({
    queryKey: reviewKeys.queue(query),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/reviews", { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

/** How many reviews are in a state (one-row page), for the tabs' counts. */
export function useModerationCount(status: ModerationStatus) {
  return useQuery({
    queryKey: reviewKeys.queue({ status, page: 1, page_size: 1 }),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/admin/reviews", { params: { query: { status, page: 1, page_size: 1 } }, signal })),
    select: (page) => page.total,
  });
}

function useModeration<Variables>(decide: (reviewId: string, variables: Variables) => Promise<ModeratedReview>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reviewId, variables }: { reviewId: string; variables: Variables }) => decide(reviewId, variables),
    onSuccess: (moderated) => {
      void queryClient.invalidateQueries({ queryKey: reviewKeys.moderation });
      void queryClient.invalidateQueries({ queryKey: mentorKeys.detail(moderated.review.mentor_id) });
      void queryClient.invalidateQueries({ queryKey: reviewKeys.mentorAll(moderated.review.mentor_id) });
    },
  });
}

export function useHideReview() {
  return useModeration((reviewId, reason: string) =>
    unwrap(api.POST("/api/v1/admin/reviews/{review_id}/hide", { params: { path: { review_id: reviewId } }, body: { reason } })),
  );
}

export function useRestoreReview() {
  return useModeration((reviewId, _: undefined) =>
    unwrap(api.POST("/api/v1/admin/reviews/{review_id}/restore", { params: { path: { review_id: reviewId } } })),
  );
}
