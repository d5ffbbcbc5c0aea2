/**
 * The chapters of a video as the author edits them: rows of a time ("m:ss") and a title.
 *
 * Props:
 * - `chapters`: the body's chapters (seconds + title), the initial rows.
 * - `durationSeconds`: the processed video's duration (times past it are refused), null if unknown.
 * - `onChange(chapters, valid)`: every edit; `chapters` are the valid rows sorted by start, and
 *   `valid` is false while any row has a problem (block saving then).
 */
import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { IconButton } from "../../components/ui/IconButton";
import { PlusIcon, TrashIcon } from "../../components/ui/icons";
import { LIMITS, type Chapter } from "./contract";
import { chapterDrafts, checkChapters, formatClock, type ChapterDraft } from "./media-time";

export interface ChaptersEditorProps {
  chapters: Chapter[];
  durationSeconds: number | null;
  onChange: (chapters: Chapter[], valid: boolean) => void;
  disabled?: boolean;
}

export function ChaptersEditor({ chapters, durationSeconds, onChange, disabled = false }: ChaptersEditorProps) {
  const [rows, setRows] = useState<ChapterDraft[]>(() => chapterDrafts(chapters));
  const [touched, setTouched] = useState<Set<number>>(() => new Set());
  const check = checkChapters(rows, durationSeconds);

  function update(next: ChapterDraft[]) {
    setRows(next);
    const result = checkChapters(next, durationSeconds);
    onChange(result.chapters ?? [], result.chapters !== null);
  }

  function add() {
    const last = rows.length ? rows[rows.length - 1] : undefined;
    const lastStart = last ? (checkChapters([last], null).chapters?.[0]?.start ?? 0) : -60;
    const start = Math.max(0, lastStart + 60);
    update([...rows, { time: durationSeconds != null && start >= durationSeconds ? "" : formatClock(start), title: "" }]);
  }

  return (
    <fieldset className="space-y-3" disabled={disabled}>
      <legend className="text-sm font-medium text-slate-800">Chapters</legend>
      <p className="text-sm text-slate-500">Learners can jump to each chapter from the list under the video.</p>
      {rows.length ? (
        <ol className="space-y-2">
          {rows.map((row, index) => {
            const problem = touched.has(index) ? check.problems[index] : undefined;
            return (
              <li key={index} className="flex items-start gap-2">
                <TextField
                  label={`Chapter ${index + 1} start`}
                  hideLabel
                  containerClassName="w-24 shrink-0"
                  inputMode="numeric"
                  placeholder="m:ss"
                  value={row.time}
                  aria-invalid={Boolean(problem) || undefined}
                  onChange={(event) => update(rows.map((other, at) => (at === index ? { ...other, time: event.target.value } : other)))}
                  onBlur={() => setTouched((current) => new Set(current).add(index))}
                />
                <TextField
                  label={`Chapter ${index + 1} title`}
                  hideLabel
                  containerClassName="min-w-0 flex-1"
                  placeholder="Title"
                  maxLength={LIMITS.chapterTitleMax}
                  value={row.title}
                  error={problem}
                  onChange={(event) => update(rows.map((other, at) => (at === index ? { ...other, title: event.target.value } : other)))}
                  onBlur={() => setTouched((current) => new Set(current).add(index))}
                />
                <div className="pt-1.5">
                  <IconButton label={`Remove chapter ${index + 1}`} danger onClick={() => update(rows.filter((_, at) => at !== index))}>
                    <TrashIcon size={16} />
                  </IconButton>
                </div>
              </li>
            );
          })}
        </ol>
      ) : null}
      <Button variant="secondary" size="sm" icon={<PlusIcon size={16} />} onClick={add} disabled={disabled || rows.length >= LIMITS.chaptersMax}>
        Add chapter
      </Button>
    </fieldset>
  );
}
