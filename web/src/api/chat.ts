/**
 * A session's chat: the room, its log of messages (numbered by the room: `seq`), sending with a
 * client id so retries never duplicate, attachments, typing and read receipts.
 *
 * The log lives in the query cache and only grows: live frames say "message n exists", and the
 * client fetches what follows the last message it holds (`after`), page by page, so nothing sent
 * while the socket was away is missed and nothing is shown twice.
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { api } from "./client";
import { forumKeys } from "./forum";
import { NETWORK_ERROR, ApiError, unwrap } from "./errors";
import { uploadFile, type UploadProgress } from "./upload";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type ChatRoom = Schemas["ChatRoomOut"];
export type ChatMessage = Schemas["ChatMessageOut"];
export type ChatAttachment = Schemas["AttachmentOut"];
export type ChatParticipant = Schemas["ParticipantOut"];

export interface ChatLog {
  /** In `seq` order, each once. */
  messages: ChatMessage[];
  /** Older messages exist before the first one held. */
  hasOlder: boolean;
}

/** Statuses whose sessions have a chat (a booking that was paid). */
export const CHAT_STATUSES: ReadonlySet<string> = new Set(["confirmed", "completed", "disputed", "no_show_student", "no_show_mentor", "cancelled"]);

const PAGE = 50;

export const chatKeys = {
  all: (sessionId: string) => ["chat", sessionId] as const,
  room: (sessionId: string) => ["chat", sessionId, "room"] as const,
  log: (sessionId: string) => ["chat", sessionId, "log"] as const,
};

/** `incoming` added to `current`: by number, each once, in order. */
export function mergeMessages(current: readonly ChatMessage[], incoming: readonly ChatMessage[]): ChatMessage[] {
  const bySeq = new Map<number, ChatMessage>();
  for (const message of current) bySeq.set(message.seq, message);
  for (const message of incoming) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function path(sessionId: string) {
  return { params: { path: { session_id: sessionId } } };
}

async function fetchPage(sessionId: string, query: { after?: number; before?: number; limit?: number }, signal?: AbortSignal) {
  return unwrap(api.GET("/api/v1/bookings/{session_id}/chat/messages", { params: { path: { session_id: sessionId }, query: { limit: PAGE, ...query } }, signal }));
}

export function useChatRoom(sessionId: string, enabled = true) {
  return useQuery({
    queryKey: chatKeys.room(sessionId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/bookings/{session_id}/chat", { ...path(sessionId), signal })),
    enabled,
  });
}

/** The latest page first; {@link useChatCatchUp} and {@link useLoadOlderMessages} extend it. */
export function useChatLog(sessionId: string, enabled = true) {
  return useQuery({
    queryKey: chatKeys.log(sessionId),
    queryFn: async ({ signal }): Promise<ChatLog> => {
      const page = await fetchPage(sessionId, {}, signal);
      return { messages: page.items, hasOlder: page.has_more };
    },
    enabled,
    // The log is kept current by the live channel, never replaced by a refetch.
    staleTime: Infinity,
  });
}

function addToLog(queryClient: QueryClient, sessionId: string, messages: readonly ChatMessage[], hasOlder?: boolean) {
  queryClient.setQueryData<ChatLog>(chatKeys.log(sessionId), (log) =>
    log ? { messages: mergeMessages(log.messages, messages), hasOlder: hasOlder ?? log.hasOlder } : log,
  );
}

/**
 * Fetches every message after the last one held, page by page. Calls while one runs are folded
 * into one more run after it, so a burst of live frames costs a request or two.
 */
export function useChatCatchUp(sessionId: string): () => Promise<void> {
  const queryClient = useQueryClient();
  const running = useRef<Promise<void> | null>(null);
  const again = useRef(false);
  return useCallback(() => {
    if (running.current) {
      again.current = true;
      return running.current;
    }
    const run = async () => {
      do {
        again.current = false;
        const log = queryClient.getQueryData<ChatLog>(chatKeys.log(sessionId));
        if (!log) return; // the first page is still loading: it will include everything
        let after = log.messages.at(-1)?.seq ?? 0;
        for (;;) {
          const page = await fetchPage(sessionId, { after });
          addToLog(queryClient, sessionId, page.items);
          const last = page.items.at(-1);
          if (!page.has_more || !last) break;
          after = last.seq;
        }
      } while (again.current);
    };
    running.current = run()
      .catch(() => undefined) // the next frame or re-subscription tries again
      .finally(() => {
        running.current = null;
      });
    return running.current;
  }, [queryClient, sessionId]);
}

export function useLoadOlderMessages(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const first = queryClient.getQueryData<ChatLog>(chatKeys.log(sessionId))?.messages[0];
      return fetchPage(sessionId, first ? { before: first.seq } : {});
    },
    onSuccess: (page) => addToLog(queryClient, sessionId, page.items, page.has_more),
  });
}

export interface Outgoing {
  /** Made once per message and sent with every retry: the server stores it once. */
  client_id: string;
  body: string;
  attachment_ids: string[];
}

export function newClientId(): string {
  return `web-${crypto.randomUUID()}`;
}

const MAX_SEND_RETRIES = 4;

/** Sends a message; a dropped connection is retried with the same client id. */
export function useSendChatMessage(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (message: Outgoing) => unwrap(api.POST("/api/v1/bookings/{session_id}/chat/messages", { ...path(sessionId), body: message })),
    retry: (failures, error) => error instanceof ApiError && error.code === NETWORK_ERROR && failures < MAX_SEND_RETRIES,
    retryDelay: (attempt) => Math.min(8_000, 500 * 2 ** attempt),
    onSuccess: (message) => addToLog(queryClient, sessionId, [message]),
  });
}

export function uploadChatAttachment(sessionId: string, file: File, contentType: string, onProgress?: (progress: UploadProgress) => void, signal?: AbortSignal) {
  return uploadFile<ChatAttachment>({
    method: "POST",
    url: `/api/v1/bookings/${sessionId}/chat/attachments?filename=${encodeURIComponent(file.name)}`,
    file,
    contentType,
    onProgress,
    signal,
  });
}

/** Stores how far the caller has read; the other party sees it live. */
export function useMarkChatRead(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (seq: number) => unwrap(api.POST("/api/v1/bookings/{session_id}/chat/read", { ...path(sessionId), body: { seq } })),
    onSuccess: (receipt) => setReceipt(queryClient, sessionId, receipt.user_id, receipt.last_read_seq),
  });
}

export function setReceipt(queryClient: QueryClient, sessionId: string, userId: string, seq: number) {
  queryClient.setQueryData<ChatRoom>(chatKeys.room(sessionId), (room) =>
    room
      ? { ...room, participants: room.participants.map((p) => (p.user_id === userId ? { ...p, last_read_seq: Math.max(p.last_read_seq, seq) } : p)) }
      : room,
  );
}

/** Tells the other party the caller is typing. Best effort: a refusal changes nothing here. */
export function signalTyping(sessionId: string): void {
  void api.POST("/api/v1/bookings/{session_id}/chat/typing", path(sessionId)).catch(() => undefined);
}

export function transcriptUrl(sessionId: string, format: "md" | "html"): string {
  return `/api/v1/bookings/${sessionId}/chat/transcript.${format}`;
}

export type ChatSharing = Schemas["ChatSharingOut"];

const sharingKey = (sessionId: string) => ["chat", sessionId, "sharing"] as const;

/** Whether the chat became a forum thread, and the student's choice about their name. */
export function useChatSharing(sessionId: string, enabled = true) {
  return useQuery({
    queryKey: sharingKey(sessionId),
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/bookings/{session_id}/chat/sharing", { ...path(sessionId), signal })),
    enabled,
  });
}

export function useChooseSharingName(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (shown: boolean) =>
      unwrap(api.PUT("/api/v1/bookings/{session_id}/chat/sharing", { ...path(sessionId), body: { student_name_shown: shown } })),
    onSuccess: (sharing) => queryClient.setQueryData(sharingKey(sessionId), sharing),
  });
}

export function useShareChatInForum(sessionId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; category: string }) =>
      unwrap(api.POST("/api/v1/bookings/{session_id}/chat/forum-thread", { ...path(sessionId), body })),
    onSuccess: (sharing) => {
      queryClient.setQueryData(sharingKey(sessionId), sharing);
      void queryClient.invalidateQueries({ queryKey: forumKeys.lists });
    },
  });
}
