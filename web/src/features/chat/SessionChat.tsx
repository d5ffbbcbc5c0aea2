import { useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useId, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import type { BookedSession } from "../../api/bookings";
import {
  newClientId,
  setReceipt,
  signalTyping,
  transcriptUrl,
  uploadChatAttachment,
  useChatCatchUp,
  useChatLog,
  useChatRoom,
  useLoadOlderMessages,
  useMarkChatRead,
  useSendChatMessage,
  type ChatAttachment,
  type ChatMessage,
  type ChatRoom,
  type Outgoing,
} from "../../api/chat";
import { ApiError } from "../../api/errors";
import { useUser } from "../../auth/session-context";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { DownloadIcon, FileTextIcon, SendIcon, UploadIcon, XIcon } from "../../components/ui/icons";
import { SkeletonText } from "../../components/ui/Skeleton";
import { EmptyState, ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { formatClock } from "../../lib/datetime";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime } from "../../lib/format";
import { acceptAttribute, CHAT_ATTACHMENT_POLICY, contentTypeFor, fileProblem, formatBytes } from "../../lib/files";
import { useLiveChannel } from "../../live/use-live-channel";
import { useViewerZone } from "../../lib/viewer-zone";
import { ChatSharing } from "./ChatSharing";
import { AnnotationCard } from "../media/AnnotationCard";
import type { SharedAnnotation } from "../media/contract";

// The lesson renderer (KaTeX, DOMPurify): messages are lesson-text HTML.
const ContentBody = lazy(() => import("../content/ContentBody"));

/** How long "… is typing" stays without a new signal, and how often this client sends one. */
const TYPING_SHOWN_MS = 5_000;
const TYPING_EVERY_MS = 3_000;
const MAX_ATTACHMENTS = 5;

interface Pending extends Outgoing {
  failed: boolean;
  attachments: ChatAttachment[];
}

interface Upload {
  key: string;
  name: string;
  done: ChatAttachment | null;
  error: string | null;
}

function nameOf(room: ChatRoom | undefined, userId: string): string {
  return room?.participants.find((p) => p.user_id === userId)?.name ?? "Someone";
}

function Attachments({ items }: { items: ChatAttachment[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-2">
      {items.map((item) =>
        item.is_image ? (
          <li key={item.id}>
            <a href={item.url} target="_blank" rel="noreferrer" className="block overflow-hidden rounded-lg ring-1 ring-slate-200">
              <img src={item.url} alt={item.filename} loading="lazy" className="max-h-48 max-w-full object-contain" />
            </a>
          </li>
        ) : (
          <li key={item.id}>
            <a
              href={item.url}
              className="inline-flex items-center gap-2 rounded-lg bg-white px-3 py-2 text-sm font-medium text-slate-800 ring-1 ring-slate-200 hover:bg-slate-50"
            >
              <FileTextIcon size={16} className="text-slate-500" />
              {item.filename}
              <span className="font-normal text-slate-500">{formatBytes(item.size)}</span>
            </a>
          </li>
        ),
      )}
    </ul>
  );
}

function Bubble({
  mine,
  sender,
  time,
  html,
  attachments,
  annotation,
  status,
  onRetry,
}: {
  mine: boolean;
  sender: string;
  time: string | null;
  html: string | null;
  attachments: ChatAttachment[];
  annotation?: SharedAnnotation | null;
  status?: string | null;
  onRetry?: () => void;
}) {
  return (
    <li className={cn("flex", mine ? "justify-end" : "justify-start")}>
      <div className={cn("max-w-[85%] rounded-2xl px-4 py-2.5 sm:max-w-[75%]", mine ? "bg-brand-50 ring-1 ring-brand-100" : "bg-slate-50 ring-1 ring-slate-200")}>
        <p className="flex items-baseline gap-2 text-xs text-slate-500">
          <span className="font-semibold text-slate-700">{mine ? "You" : sender}</span>
          {time ? <time>{time}</time> : null}
        </p>
        {html ? (
          <Suspense fallback={<SkeletonText lines={1} />}>
            <ContentBody html={html} compact className="text-[0.95rem] leading-6" />
          </Suspense>
        ) : null}
        <Attachments items={attachments} />
        {annotation ? <AnnotationCard annotation={annotation} className="mt-2" /> : null}
        {status ? (
          <p className="mt-1 flex items-center gap-2 text-xs text-slate-500">
            {status}
            {onRetry ? (
              <button type="button" className="font-semibold text-brand-700 hover:underline" onClick={onRetry}>
                Try again
              </button>
            ) : null}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** The session's chat: history with formulas and files, live updates, typing and read receipts. */
export function SessionChat({ session, now }: { session: BookedSession; now: number }) {
  const user = useUser();
  const queryClient = useQueryClient();
  const { zone, clock } = useViewerZone();
  const room = useChatRoom(session.id);
  const log = useChatLog(session.id);
  const catchUp = useChatCatchUp(session.id);
  const older = useLoadOlderMessages(session.id);
  const send = useSendChatMessage(session.id);
  const markRead = useMarkChatRead(session.id);
  const [text, setText] = useState("");
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [pending, setPending] = useState<Pending[]>([]);
  // Who is typing, until when, and the last message when they said so: a message of theirs
  // after it ends it.
  const [typing, setTyping] = useState<{ userId: string; until: number; afterSeq: number } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const scroller = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { text: useId(), hint: useId(), error: useId(), title: useId() };

  const messages = log.data?.messages ?? [];
  const lastSeq = messages.at(-1)?.seq ?? 0;
  const lastSeqRef = useRef(lastSeq);
  useEffect(() => {
    lastSeqRef.current = lastSeq;
  }, [lastSeq]);

  useLiveChannel(room.data?.channel ?? null, {
    onSubscribed: () => {
      void catchUp();
      void room.refetch();
    },
    onMessage: (message) => {
      if (message.type === "chat.message") void catchUp();
      else if (message.type === "chat.typing" && message.user_id !== user.id)
        setTyping({ userId: String(message.user_id), until: Date.now() + TYPING_SHOWN_MS, afterSeq: lastSeqRef.current });
      else if (message.type === "chat.read") setReceipt(queryClient, session.id, String(message.user_id), Number(message.seq));
    },
  });

  useEffect(() => {
    if (!typing) return undefined;
    const timer = window.setTimeout(() => setTyping(null), Math.max(0, typing.until - Date.now()));
    return () => window.clearTimeout(timer);
  }, [typing]);

  const typist = typing && !messages.some((m) => m.sender_id === typing.userId && m.seq > typing.afterSeq) ? typing.userId : null;
  const myReceipt = room.data?.participants.find((p) => p.user_id === user.id);
  const other = room.data?.participants.find((p) => p.user_id !== user.id);

  // Read receipts follow what is shown: a new message while the tab is visible, or the
  // messages that arrived while it was hidden once the reader comes back to it.
  const [visible, setVisible] = useState(() => document.visibilityState === "visible");
  useEffect(() => {
    const onChange = () => setVisible(document.visibilityState === "visible");
    document.addEventListener("visibilitychange", onChange);
    return () => document.removeEventListener("visibilitychange", onChange);
  }, []);
  useEffect(() => {
    if (!myReceipt || lastSeq <= myReceipt.last_read_seq || !visible || markRead.isPending) return;
    markRead.mutate(lastSeq);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on a new last message or a return to the tab only
  }, [lastSeq, myReceipt?.last_read_seq, visible]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && nearBottom.current) element.scrollTop = element.scrollHeight;
  }, [lastSeq, pending.length]);

  if (room.isPending || log.isPending) {
    return (
      <Card>
        <CardHeader title="Chat" />
        <CardBody>
          <SkeletonText lines={4} />
        </CardBody>
      </Card>
    );
  }
  if (room.isError || log.isError) {
    return (
      <Card>
        <ErrorState
          error={room.error ?? log.error}
          title="We couldn't load the chat"
          onRetry={() => {
            void room.refetch();
            void log.refetch();
          }}
        />
      </Card>
    );
  }

  const chat = room.data;
  const ended = new Date(session.ends_at).getTime() <= now;
  const ready = uploads.filter((u) => u.done).map((u) => u.done as ChatAttachment);
  const uploading = uploads.some((u) => !u.done && !u.error);
  const readByOther = other?.last_read_seq ?? 0;
  const myLast = [...messages].reverse().find((m) => m.sender_id === user.id);
  const myRole = myReceipt?.role === "student" || myReceipt?.role === "mentor" ? myReceipt.role : undefined;

  const deliver = (message: Pending) => {
    setPending((list) => [...list.filter((p) => p.client_id !== message.client_id), { ...message, failed: false }]);
    send
      .mutateAsync({ client_id: message.client_id, body: message.body, attachment_ids: message.attachment_ids })
      .then(() => setPending((list) => list.filter((p) => p.client_id !== message.client_id)))
      .catch((error: unknown) => {
        setPending((list) => list.map((p) => (p.client_id === message.client_id ? { ...p, failed: true } : p)));
        if (error instanceof ApiError && error.code !== "network_error") setFormError(errorMessage(error));
      });
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    const body = text.trim();
    if ((!body && ready.length === 0) || uploading) return;
    setFormError(null);
    nearBottom.current = true;
    deliver({ client_id: newClientId(), body, attachment_ids: ready.map((a) => a.id), attachments: ready, failed: false });
    setText("");
    setUploads([]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onType = (value: string) => {
    setText(value);
    const now = Date.now();
    if (value.trim() && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      signalTyping(session.id);
    }
  };

  const attach = (files: FileList | null) => {
    for (const file of Array.from(files ?? []).slice(0, MAX_ATTACHMENTS - uploads.length)) {
      const key = `${file.name}-${Math.random()}`;
      const problem = fileProblem(file, CHAT_ATTACHMENT_POLICY);
      const type = contentTypeFor(file, CHAT_ATTACHMENT_POLICY);
      setUploads((list) => [...list, { key, name: file.name, done: null, error: problem }]);
      if (problem || !type) continue;
      uploadChatAttachment(session.id, file, type)
        .then((done) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, done } : u))))
        .catch((error: unknown) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, error: errorMessage(error) } : u))));
    }
    if (fileInput.current) fileInput.current.value = "";
  };

  const windowText = chat.open
    ? `Open until ${formatDateTime(chat.closes_at, zone)}`
    : new Date(chat.opens_at).getTime() > now
      ? `Opens ${formatDateTime(chat.opens_at, zone)}, 15 minutes before the session`
      : "Closed: the history stays here to read";

  return (
    <Card className="flex flex-col">
      <CardHeader
        title="Chat"
        titleId={ids.title}
        description={windowText}
        action={
          ended ? (
            <div className="flex gap-2">
              <a className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline" href={transcriptUrl(session.id, "md")} download>
                <DownloadIcon size={14} /> Markdown
              </a>
              <a className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 hover:underline" href={transcriptUrl(session.id, "html")} download>
                <DownloadIcon size={14} /> HTML
              </a>
            </div>
          ) : null
        }
      />
      <div
        ref={scroller}
        onScroll={(event) => {
          const element = event.currentTarget;
          nearBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < 80;
        }}
        className="max-h-[28rem] min-h-48 overflow-y-auto px-4 py-4 sm:px-6"
      >
        {log.data.hasOlder ? (
          <div className="mb-3 text-center">
            <Button variant="secondary" size="sm" loading={older.isPending} onClick={() => older.mutate()}>
              Show earlier messages
            </Button>
          </div>
        ) : null}
        {messages.length === 0 && pending.length === 0 ? (
          <EmptyState
            title="No messages yet"
            description={chat.can_send ? "Say hello, share a problem, or attach a photo of your work. Formulas work too: $a^2 + b^2 = c^2$." : undefined}
          />
        ) : (
          <ol role="log" aria-labelledby={ids.title} aria-live="polite" className="space-y-3">
            {messages.map((message: ChatMessage) => (
              <Bubble
                key={message.seq}
                mine={message.sender_id === user.id}
                sender={nameOf(chat, message.sender_id)}
                time={formatClock(message.created_at, zone, clock)}
                html={message.html || null}
                attachments={message.attachments}
                annotation={message.annotation}
                status={myLast && message.seq === myLast.seq && readByOther >= message.seq ? "Seen" : null}
              />
            ))}
            {pending.map((message) => (
              <Bubble
                key={message.client_id}
                mine
                sender="You"
                time={null}
                html={message.body ? `<p>${escapeHtml(message.body)}</p>` : null}
                attachments={message.attachments}
                status={message.failed ? "Not sent." : "Sending…"}
                onRetry={message.failed ? () => deliver(message) : undefined}
              />
            ))}
          </ol>
        )}
      </div>
      <p className="min-h-6 px-4 text-sm text-slate-500 italic sm:px-6" aria-live="polite">
        {typist ? `${nameOf(chat, typist)} is typing…` : ""}
      </p>
      <CardBody className="border-t border-slate-100">
        {chat.can_send ? (
          <form onSubmit={submit} className="space-y-2">
            <label htmlFor={ids.text} className="sr-only">
              Message
            </label>
            <textarea
              id={ids.text}
              value={text}
              rows={2}
              maxLength={4000}
              onChange={(event) => onType(event.target.value)}
              onKeyDown={onKeyDown}
              aria-describedby={formError ? ids.error : ids.hint}
              aria-invalid={formError ? true : undefined}
              placeholder="Write a message"
              className="block w-full resize-y rounded-lg border-0 bg-white text-slate-900 shadow-xs ring-1 ring-slate-300 ring-inset placeholder:text-slate-400 focus:ring-2 focus:ring-brand-600 focus:outline-none focus:ring-inset sm:text-sm/6"
            />
            {uploads.length > 0 ? (
              <ul className="flex flex-wrap gap-2" aria-label="Attachments">
                {uploads.map((upload) => (
                  <li key={upload.key} className={cn("inline-flex items-center gap-2 rounded-full px-3 py-1 text-sm ring-1", upload.error ? "bg-rose-50 text-rose-700 ring-rose-200" : "bg-slate-50 text-slate-700 ring-slate-200")}>
                    {upload.name}
                    <span className="text-xs">{upload.error ?? (upload.done ? "" : "uploading…")}</span>
                    <button type="button" aria-label={`Remove ${upload.name}`} onClick={() => setUploads((list) => list.filter((u) => u.key !== upload.key))}>
                      <XIcon size={14} />
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
            {formError ? (
              <p id={ids.error} role="alert" className="text-sm text-rose-600">
                {formError}
              </p>
            ) : (
              <p id={ids.hint} className="text-xs text-slate-500">
                Enter sends, Shift+Enter starts a new line. Markdown and formulas ($x^2$) work.
              </p>
            )}
            <div className="flex items-center justify-between gap-2">
              <input
                ref={fileInput}
                type="file"
                multiple
                className="sr-only"
                id={`${ids.text}-file`}
                accept={acceptAttribute(CHAT_ATTACHMENT_POLICY)}
                onChange={(event) => attach(event.target.files)}
              />
              <Button variant="secondary" size="sm" icon={<UploadIcon size={16} />} disabled={uploads.length >= MAX_ATTACHMENTS} onClick={() => fileInput.current?.click()}>
                Attach
              </Button>
              <Button type="submit" size="sm" icon={<SendIcon size={16} />} disabled={uploading || (!text.trim() && ready.length === 0)}>
                Send
              </Button>
            </div>
          </form>
        ) : (
          <p className="text-sm text-slate-600">{chat.participants.some((p) => p.user_id === user.id) ? windowText : "You can read this chat; only the student and the mentor write in it."}</p>
        )}
      </CardBody>
      {ended && myRole ? (
        <CardBody className="border-t border-slate-100">
          <ChatSharing session={session} role={myRole} hasMessages={messages.length > 0} />
        </CardBody>
      ) : null}
    </Card>
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
