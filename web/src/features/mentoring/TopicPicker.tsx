import { useEffect, useId, useRef, useState } from "react";
import type { Catalog, Chapter } from "../../api/types";
import { TextField } from "../../components/ui/Field";
import { ChevronDownIcon, SearchIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";

export interface TopicPickerProps {
  catalog: Catalog;
  selected: ReadonlySet<string>;
  onChange: (next: Set<string>) => void;
  disabled?: boolean;
  max: number;
}

function matches(text: string, query: string): boolean {
  return text.toLocaleLowerCase().includes(query);
}

function ChapterCheckbox({ chapter, topicIds, selected, onToggle, disabled }: { chapter: Chapter; topicIds: string[]; selected: ReadonlySet<string>; onToggle: (ids: string[], on: boolean) => void; disabled: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  const count = topicIds.filter((id) => selected.has(id)).length;
  const all = count === topicIds.length && count > 0;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && !all;
  }, [count, all]);
  return (
    <label className="flex cursor-pointer items-center gap-2.5 text-sm font-medium text-slate-800">
      <input
        ref={ref}
        type="checkbox"
        className="size-4 cursor-pointer rounded accent-brand-600"
        checked={all}
        disabled={disabled}
        onChange={(event) => onToggle(topicIds, event.target.checked)}
        aria-label={`All topics in ${chapter.name}`}
      />
      <span>{chapter.name}</span>
      {count ? <span className="text-xs font-normal text-brand-700">{count} chosen</span> : null}
    </label>
  );
}

/** The catalog as a tree of checkboxes, with a filter box for long catalogs. */
export function TopicPicker({ catalog, selected, onChange, disabled = false, max }: TopicPickerProps) {
  const [filter, setFilter] = useState("");
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const id = useId();
  const query = filter.trim().toLocaleLowerCase();

  function toggle(ids: string[], on: boolean) {
    const next = new Set(selected);
    for (const topicId of ids) {
      if (on) next.add(topicId);
      else next.delete(topicId);
    }
    onChange(next);
  }

  const subjects = catalog.subjects
    .map((subject) => {
      const subjectHit = query !== "" && matches(subject.name, query);
      const chapters = subject.chapters
        .map((chapter) => {
          const chapterHit = subjectHit || (query !== "" && matches(chapter.name, query));
          const topics = chapter.topics.filter(
            (topic) => !query || chapterHit || matches(topic.name, query) || matches(topic.description, query),
          );
          return { chapter, topics };
        })
        .filter((entry) => entry.topics.length > 0);
      return { subject, chapters };
    })
    .filter((entry) => entry.chapters.length > 0);

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-end sm:justify-between">
        <TextField
          label="Filter topics"
          hideLabel
          type="search"
          placeholder="Filter topics, e.g. “calculus”"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          leading={<SearchIcon size={18} />}
          containerClassName="sm:w-80"
        />
        <p className={cn("text-sm", selected.size > max ? "font-medium text-rose-600" : "text-slate-500")} aria-live="polite">
          {selected.size} of at most {max} topics chosen
        </p>
      </div>
      {subjects.length === 0 ? (
        <p className="rounded-xl bg-slate-50 px-4 py-6 text-center text-sm text-slate-500">No topics match “{filter.trim()}”.</p>
      ) : (
        <ul className="space-y-3">
          {subjects.map(({ subject, chapters }) => {
            const open = query !== "" || !collapsed.has(subject.id);
            const chosen = subject.chapters.flatMap((chapter) => chapter.topics).filter((topic) => selected.has(topic.id)).length;
            const panel = `${id}-${subject.id}`;
            return (
              <li key={subject.id} className="overflow-hidden rounded-xl ring-1 ring-slate-200">
                <button
                  type="button"
                  aria-expanded={open}
                  aria-controls={panel}
                  onClick={() =>
                    setCollapsed((current) => {
                      const next = new Set(current);
                      if (next.has(subject.id)) next.delete(subject.id);
                      else next.add(subject.id);
                      return next;
                    })
                  }
                  className="flex w-full items-center justify-between gap-3 bg-slate-50/80 px-4 py-3 text-left hover:bg-slate-100/80"
                >
                  <span className="font-semibold text-slate-900">{subject.name}</span>
                  <span className="flex items-center gap-3">
                    {chosen ? <span className="rounded-full bg-brand-600 px-2 py-0.5 text-xs font-semibold text-white">{chosen}</span> : null}
                    <ChevronDownIcon size={18} className={cn("text-slate-400 transition-transform", open && "rotate-180")} />
                  </span>
                </button>
                {open ? (
                  <div id={panel} className="divide-y divide-slate-100">
                    {chapters.map(({ chapter, topics }) => (
                      <fieldset key={chapter.id} className="px-4 py-3.5">
                        <legend className="sr-only">{chapter.name}</legend>
                        <ChapterCheckbox chapter={chapter} topicIds={topics.map((topic) => topic.id)} selected={selected} onToggle={toggle} disabled={disabled} />
                        <div className="mt-2.5 grid gap-x-6 gap-y-2 pl-6 sm:grid-cols-2">
                          {topics.map((topic) => (
                            <div key={topic.id} className="flex items-start gap-2.5 text-sm">
                              <input
                                id={`${id}-${topic.id}`}
                                type="checkbox"
                                className="mt-0.5 size-4 shrink-0 cursor-pointer rounded accent-brand-600"
                                checked={selected.has(topic.id)}
                                disabled={disabled}
                                aria-describedby={topic.description ? `${id}-${topic.id}-about` : undefined}
                                onChange={(event) => toggle([topic.id], event.target.checked)}
                              />
                              <span className="min-w-0">
                                <label htmlFor={`${id}-${topic.id}`} className="block cursor-pointer text-slate-800">
                                  {topic.name}
                                </label>
                                {topic.description ? (
                                  <span id={`${id}-${topic.id}-about`} className="block text-xs leading-5 text-slate-500">
                                    {topic.description}
                                  </span>
                                ) : null}
                              </span>
                            </div>
                          ))}
                        </div>
                      </fieldset>
                    ))}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
