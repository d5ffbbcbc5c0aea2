/** What learners read and answer: a topic's approved content, one item, and question attempts. */
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { api } from "./client";
import { courseKeys } from "./courses";
import { unwrap } from "./errors";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type LearnerContent = Schemas["LearnerContentOut"];
export type TopicContentPage = Schemas["TopicContentPage"];
export type Attempt = Schemas["AttemptOut"];
export type AttemptList = Schemas["AttemptList"];
export type AttemptIn = Schemas["AttemptIn"];
export type AttemptHelp = Schemas["AttemptHelpOut"];

/** A topic rarely holds more than this; the page still paginates beyond it. */
export const TOPIC_PAGE_SIZE = 100;

export const learningKeys = {
  all: ["learning"] as const,
  topics: ["learning", "topic"] as const,
  topic: (topic: string, page: number) => ["learning", "topic", topic, page] as const,
  item: (id: string) => ["learning", "item", id] as const,
  attempts: (id: string) => ["learning", "attempts", id] as const,
};

/** The approved content of a topic (by slug or id), in reading order. */
export function useTopicContent(topic: string, page = 1) {
  return useQuery({
    queryKey: learningKeys.topic(topic, page),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET("/api/v1/topics/{topic}/content", {
          params: { path: { topic }, query: { page, page_size: TOPIC_PAGE_SIZE } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
    enabled: topic !== "",
  });
}

/** The item as a topic list already loaded it: the page opens at once, then refreshes. */
function fromTopicLists(queryClient: QueryClient, id: string): LearnerContent | undefined {
  for (const [, page] of queryClient.getQueriesData<TopicContentPage>({ queryKey: learningKeys.topics })) {
    const found = page?.items.find((item) => item.id === id);
    if (found) return found;
  }
  return undefined;
}

export function useLearnerContent(id: string) {
  const queryClient = useQueryClient();
  return useQuery<LearnerContent, Error, LearnerContent, ReturnType<typeof learningKeys.item>>({
    queryKey: learningKeys.item(id),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/content/{item_id}", { params: { path: { item_id: id } }, signal })),
    placeholderData: () => fromTopicLists(queryClient, id),
  });
}

/** My attempts at a question, newest first. */
export function useMyAttempts(id: string, enabled = true) {
  return useQuery({
    queryKey: learningKeys.attempts(id),
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/content/{item_id}/attempts", { params: { path: { item_id: id } }, signal })),
    enabled,
  });
}

/** Grades an answer; the attempt joins the cached list at once. A correct answer completes the
 * question, so the progress of the courses holding it is refreshed. */
export function useAnswerQuestion(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AttemptIn) =>
      unwrap(api.POST("/api/v1/content/{item_id}/attempts", { params: { path: { item_id: id } }, body })),
    onSuccess: (attempt) => {
      queryClient.setQueryData<AttemptList>(learningKeys.attempts(id), (current) =>
        current ? { items: [attempt, ...current.items.filter((item) => item.id !== attempt.id)] } : current,
      );
      void queryClient.invalidateQueries({ queryKey: learningKeys.attempts(id) });
      if (attempt.correct) void queryClient.invalidateQueries({ queryKey: courseKeys.learner });
    },
  });
}

/** The next of the mentor's hints for my attempt; the server records it on the attempt. */
export function useRevealHint(itemId: string) {
  return useMutation({
    mutationFn: (attemptId: string) =>
      unwrap(api.POST("/api/v1/content/{item_id}/attempts/{attempt_id}/hints", { params: { path: { item_id: itemId, attempt_id: attemptId } } })),
  });
}

/** The worked solution for my attempt, recorded on it. */
export function useShowSolution(itemId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (attemptId: string) =>
      unwrap(api.POST("/api/v1/content/{item_id}/attempts/{attempt_id}/solution", { params: { path: { item_id: itemId, attempt_id: attemptId } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: learningKeys.attempts(itemId) }),
  });
}
