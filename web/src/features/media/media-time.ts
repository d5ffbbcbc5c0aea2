/** Times in a video as people read and type them ("1:05", "1:02:03"), chapters and `#t=` links. */
import { LIMITS, type Chapter } from "./contract";

/** "0:07", "12:34", "1:02:03". */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "75", "1:15", "01:15", "1:01:15" -> seconds; null when it is not a time. */
export function parseClock(raw: string): number | null {
  const text = raw.trim();
  if (!/^\d+(:\d{1,2}){0,2}$/.test(text)) return null;
  const parts = text.split(":").map(Number);
  if (parts.slice(1).some((part) => part >= 60)) return null;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

/**
 * The start a link asks for: `#t=123`, `#t=2:03`, `#t=1m30s` (media-fragment style, as search
 * hits on a caption link). Null when there is none.
 */
export function startFromHash(hash: string): number | null {
  const match = /(?:^#|&)t=([^&]+)/.exec(hash);
  if (!match?.[1]) return null;
  const value = decodeURIComponent(match[1]).split(",")[0] ?? "";
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(value);
  if (units && (units[1] || units[2] || units[3])) return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  return parseClock(value);
}

/** A chapter row as the editor holds it: the time as typed. */
export interface ChapterDraft {
  time: string;
  title: string;
}

export interface ChapterCheck {
  /** Sorted by start, ready for the body; null while any row has a problem. */
  chapters: Chapter[] | null;
  /** Row index -> what is wrong with it. */
  problems: Record<number, string>;
}

/** Checks the rows the way the server will (times inside the video, unique, titles <= 120). */
export function checkChapters(rows: readonly ChapterDraft[], durationSeconds: number | null): ChapterCheck {
  const problems: Record<number, string> = {};
  const seen = new Map<number, number>();
  const chapters: Chapter[] = [];
  if (rows.length > LIMITS.chaptersMax) problems[LIMITS.chaptersMax] = `Use at most ${LIMITS.chaptersMax} chapters.`;
  rows.forEach((row, index) => {
    const start = parseClock(row.time);
    const title = row.title.trim();
    if (start === null) problems[index] = "Write the time as m:ss, e.g. 4:05.";
    else if (durationSeconds != null && start >= durationSeconds) problems[index] = `The video is only ${formatClock(durationSeconds)} long.`;
    else if (seen.has(start)) problems[index] = `Another chapter already starts at ${formatClock(start)}.`;
    else if (!title) problems[index] = "Give the chapter a title.";
    else if (title.length > LIMITS.chapterTitleMax) problems[index] = `Use at most ${LIMITS.chapterTitleMax} characters.`;
    if (start !== null) seen.set(start, index);
    if (problems[index] === undefined && start !== null) chapters.push({ start, title });
  });
  chapters.sort((a, b) => a.start - b.start);
  return { chapters: Object.keys(problems).length ? null : chapters, problems };
}

export function chapterDrafts(chapters: readonly Chapter[]): ChapterDraft[] {
  return chapters.map((chapter) => ({ time: formatClock(chapter.start), title: chapter.title }));
}

/** Index of the chapter playing at `seconds` (chapters sorted by start), or -1 before the first. */
export function chapterAt(chapters: readonly Chapter[], seconds: number): number {
  let current = -1;
  chapters.forEach((chapter, index) => {
    if (chapter.start <= seconds) current = index;
  });
  return current;
}
