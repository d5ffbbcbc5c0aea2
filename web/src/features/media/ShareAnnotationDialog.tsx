/**
 * "Share…" an annotation ("look at this"): as a new forum question about the lesson, as a reply
 * in one of the lesson's threads, or as a message in a session chat the user takes part in. The
 * server keeps a snapshot of the annotation as it is now; readers see the page region with it.
 *
 * Props:
 * - `annotation`: the one to share (its `id` is what the server looks up: it must be saved).
 * - `lesson`: `{ itemId, title }` of the handwritten item.
 * - `api` ({@link ShareApi}): the lesson's threads and the user's open chats to choose from, and
 *   the three ways to send.
 * - `onClose`.
 */
import { useMutation, useQuery } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { Alert } from "../../components/ui/Alert";
import { Button, ButtonLink } from "../../components/ui/Button";
import { SelectField, TextAreaField, TextField } from "../../components/ui/Field";
import { Modal } from "../../components/ui/Modal";
import { cn } from "../../lib/cn";
import { errorMessage } from "../../lib/error-messages";
import type { LocalAnnotation } from "./annotations";

export interface ShareThread {
  id: string;
  title: string;
}

export interface ShareChat {
  sessionId: string;
  /** Who and when, e.g. "Amara Okafor · Mon 7 Dec, 18:00". */
  label: string;
}

export interface ShareApi {
  threads(itemId: string): Promise<ShareThread[]>;
  chats(): Promise<ShareChat[]>;
  startThread(input: { title: string; body: string; itemId: string; annotationId: string }): Promise<{ threadId: string }>;
  reply(threadId: string, input: { body: string; annotationId: string }): Promise<void>;
  sendToChat(sessionId: string, input: { body: string; annotationId: string }): Promise<void>;
}

type Destination = "question" | "reply" | "chat";

const DESTINATIONS: { value: Destination; label: string; hint: string }[] = [
  { value: "question", label: "Ask in the forum", hint: "A new question about this lesson" },
  { value: "reply", label: "Reply in a thread", hint: "One of this lesson's threads" },
  { value: "chat", label: "Send in a session chat", hint: "Your mentor or student sees it" },
];

const MIN_TITLE = 5;

export interface ShareAnnotationDialogProps {
  annotation: LocalAnnotation;
  lesson: { itemId: string; title: string };
  api: ShareApi;
  onClose: () => void;
}

export function ShareAnnotationDialog({ annotation, lesson, api, onClose }: ShareAnnotationDialogProps) {
  const ids = useId();
  const [destination, setDestination] = useState<Destination>("question");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [threadId, setThreadId] = useState("");
  const [sessionId, setSessionId] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const threads = useQuery({ queryKey: ["annotation-share", "threads", lesson.itemId], queryFn: () => api.threads(lesson.itemId), enabled: destination === "reply" });
  const chats = useQuery({ queryKey: ["annotation-share", "chats"], queryFn: () => api.chats(), enabled: destination === "chat" });
  const send = useMutation({
    mutationFn: async (): Promise<{ to: string; label: string }> => {
      const annotationId = annotation.id;
      if (destination === "question") {
        const { threadId: created } = await api.startThread({ title: title.trim(), body: body.trim(), itemId: lesson.itemId, annotationId });
        return { to: `/forum/threads/${created}`, label: "View your question" };
      }
      if (destination === "reply") {
        await api.reply(threadId, { body: body.trim(), annotationId });
        return { to: `/forum/threads/${threadId}`, label: "View the thread" };
      }
      await api.sendToChat(sessionId, { body: body.trim(), annotationId });
      return { to: `/sessions/${sessionId}`, label: "Open the chat" };
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (destination === "question" && title.trim().length < MIN_TITLE) return setProblem(`Give your question a title of at least ${MIN_TITLE} characters.`);
    if (destination !== "chat" && !body.trim()) return setProblem("Write a few words to go with it.");
    if (destination === "reply" && !threadId) return setProblem("Choose a thread.");
    if (destination === "chat" && !sessionId) return setProblem("Choose a chat.");
    send.mutate();
  }

  const choices = destination === "reply" ? threads : destination === "chat" ? chats : null;
  const sent = send.data;
  return (
    <Modal
      open
      onClose={onClose}
      title="Share this annotation"
      description={`Readers see page ${annotation.target.page} of “${lesson.title}” around it, as it is now.`}
      footer={
        sent ? (
          <>
            <Button variant="ghost" onClick={onClose}>
              Close
            </Button>
            <ButtonLink to={sent.to}>{sent.label}</ButtonLink>
          </>
        ) : (
          <>
            <Button variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" form={`${ids}-form`} loading={send.isPending}>
              Share
            </Button>
          </>
        )
      }
    >
      {sent ? (
        <Alert tone="success" title="Shared">
          The annotation is in your {destination === "chat" ? "message" : "post"}.
        </Alert>
      ) : (
        <form id={`${ids}-form`} className="space-y-4" onSubmit={submit} noValidate>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Where</legend>
            <div className="mt-2 grid gap-2 sm:grid-cols-3">
              {DESTINATIONS.map((option) => (
                <label
                  key={option.value}
                  className={cn(
                    "flex cursor-pointer flex-col rounded-lg px-3 py-2 text-sm ring-1",
                    destination === option.value ? "bg-brand-50 ring-2 ring-brand-600" : "ring-slate-200 hover:bg-slate-50",
                  )}
                >
                  <span className="flex items-center gap-2 font-medium text-slate-900">
                    <input type="radio" name={`${ids}-where`} value={option.value} checked={destination === option.value} onChange={() => setDestination(option.value)} className="text-brand-600" />
                    {option.label}
                  </span>
                  <span className="mt-0.5 text-xs text-slate-500">{option.hint}</span>
                </label>
              ))}
            </div>
          </fieldset>
          {destination === "question" ? <TextField label="Title" value={title} maxLength={150} onChange={(event) => setTitle(event.target.value)} placeholder="What is unclear here?" /> : null}
          {choices ? (
            choices.isPending ? (
              <p className="text-sm text-slate-500">Loading…</p>
            ) : choices.isError ? (
              <Alert tone="danger" title="We couldn't load the list">
                {errorMessage(choices.error)}
              </Alert>
            ) : destination === "reply" ? (
              threads.data?.length ? (
                <SelectField label="Thread" value={threadId} onChange={(event) => setThreadId(event.target.value)}>
                  <option value="">Choose a thread</option>
                  {threads.data.map((thread) => (
                    <option key={thread.id} value={thread.id}>
                      {thread.title}
                    </option>
                  ))}
                </SelectField>
              ) : (
                <p className="text-sm text-slate-600">Nobody has asked about this lesson yet: ask a new question instead.</p>
              )
            ) : chats.data?.length ? (
              <SelectField label="Chat" value={sessionId} onChange={(event) => setSessionId(event.target.value)}>
                <option value="">Choose a session</option>
                {chats.data.map((chat) => (
                  <option key={chat.sessionId} value={chat.sessionId}>
                    {chat.label}
                  </option>
                ))}
              </SelectField>
            ) : (
              <p className="text-sm text-slate-600">None of your session chats is open right now (they open 15 minutes before a session).</p>
            )
          ) : null}
          <TextAreaField
            label={destination === "chat" ? "Message" : "Your words"}
            optional={destination === "chat"}
            rows={3}
            value={body}
            onChange={(event) => setBody(event.target.value)}
            placeholder="Look at this: why does the sign change here?"
          />
          {problem || send.isError ? (
            <Alert tone="danger" role="alert" title="Not shared">
              {problem ?? errorMessage(send.error)}
            </Alert>
          ) : null}
        </form>
      )}
    </Modal>
  );
}
