/** Which of the user's sessions have a chat open for a shared annotation right now. */
import type { ShareChat } from "./ShareAnnotationDialog";

export interface SessionLike {
  id: string;
  status: string;
  starts_at: string;
  ends_at: string;
  mentor_name: string;
  student_name: string;
}

/** As the server rules it: from 15 minutes before the start to 24 hours after the end. */
const OPENS_BEFORE_MS = 15 * 60_000;
const CLOSES_AFTER_MS = 24 * 3600_000;
const WRITABLE = new Set(["confirmed", "completed", "disputed", "no_show_student", "no_show_mentor"]);

export function openChats(sessions: readonly SessionLike[], now: Date, format: (iso: string) => string): ShareChat[] {
  const at = now.getTime();
  return sessions
    .filter((s) => WRITABLE.has(s.status) && Date.parse(s.starts_at) - OPENS_BEFORE_MS <= at && at < Date.parse(s.ends_at) + CLOSES_AFTER_MS)
    .sort((a, b) => Date.parse(b.starts_at) - Date.parse(a.starts_at))
    .map((s) => ({ sessionId: s.id, label: `${s.mentor_name} and ${s.student_name} · ${format(s.starts_at)}` }));
}

/** The window of start times {@link openChats} can find: sessions of up to a day and a half. */
export function chatSearchWindow(now: Date): { from: string; to: string } {
  return { from: new Date(now.getTime() - CLOSES_AFTER_MS - 36 * 3600_000).toISOString(), to: new Date(now.getTime() + OPENS_BEFORE_MS + 60_000).toISOString() };
}
