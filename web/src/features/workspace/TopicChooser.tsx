import { useId, useState } from "react";
import type { Catalog } from "../../api/types";
import { TextField } from "../../components/ui/Field";
import { AlertCircleIcon, SearchIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";

export interface TopicChooserProps {
  catalog: Catalog;
  value: string | null;
  onChange: (topicId: string) => void;
  /** Topics the mentor teaches: offered first, with a switch to show the whole catalog. */
  mine?: ReadonlySet<string>;
  error?: string | null;
}

function matches(text: string, query: string): boolean {
  return text.toLocaleLowerCase().includes(query);
}

/** One topic from the catalog: radio buttons grouped by subject and chapter, with a filter. */
export function TopicChooser({ catalog, value, onChange, mine, error }: TopicChooserProps) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const hasMine = Boolean(mine?.size);
  const [onlyMine, setOnlyMine] = useState(hasMine && (!value || Boolean(mine?.has(value))));
  const query = filter.trim().toLocaleLowerCase();

  const subjects = catalog.subjects
    .map((subject) => ({
      subject,
      chapters: subject.chapters
        .map((chapter) => ({
          chapter,
          topics: chapter.topics.filter((topic) => {
            if (onlyMine && hasMine && !mine?.has(topic.id)) return false;
            if (!query) return true;
            return [subject.name, chapter.name, topic.name, topic.description].some((text) => matches(text, query));
          }),
        }))
        .filter((entry) => entry.topics.length > 0),
    }))
    .filter((entry) => entry.chapters.length > 0);

  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined} className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">Topic</legend>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <TextField
          label="Filter topics"
          hideLabel
          type="search"
          placeholder="Filter topics, e.g. “vectors”"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          leading={<SearchIcon size={18} />}
          containerClassName="sm:w-80"
        />
        {hasMine ? (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" className="size-4 rounded accent-brand-600" checked={onlyMine} onChange={(event) => setOnlyMine(event.target.checked)} />
            Only topics I teach
          </label>
        ) : null}
      </div>
      {error ? (
        <p id={`${id}-error`} className="flex items-start gap-1.5 text-sm text-rose-600">
          <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
          <span>{error}</span>
        </p>
      ) : null}
      {subjects.length === 0 ? (
        <p className="rounded-xl bg-slate-50 px-4 py-6 text-center text-sm text-slate-500">
          {query ? `No topics match “${filter.trim()}”.` : "The catalog has no topics yet."}
        </p>
      ) : (
        // Positioned, so the visually hidden legends inside stay inside the scroll box instead of
        // stretching the page below it.
        <div className="relative max-h-96 space-y-3 overflow-y-auto rounded-xl p-0.5">
          {subjects.map(({ subject, chapters }) => (
            <div key={subject.id} className="overflow-hidden rounded-xl ring-1 ring-slate-200">
              <p className="bg-slate-50/80 px-4 py-2.5 text-sm font-semibold text-slate-900">{subject.name}</p>
              <div className="divide-y divide-slate-100">
                {chapters.map(({ chapter, topics }) => (
                  <fieldset key={chapter.id} className="px-4 py-3">
                    <legend className="sr-only">
                      {subject.name}: {chapter.name}
                    </legend>
                    <p aria-hidden="true" className="text-xs font-semibold tracking-wide text-slate-500 uppercase">
                      {chapter.name}
                    </p>
                    <div className="mt-2 grid gap-x-6 gap-y-1.5 sm:grid-cols-2">
                      {topics.map((topic) => (
                        <label
                          key={topic.id}
                          className={cn(
                            "flex cursor-pointer items-start gap-2.5 rounded-lg px-2 py-1.5 text-sm",
                            value === topic.id ? "bg-brand-50 ring-1 ring-brand-200" : "hover:bg-slate-50",
                          )}
                        >
                          <input
                            type="radio"
                            name={`${id}-topic`}
                            value={topic.id}
                            checked={value === topic.id}
                            onChange={() => onChange(topic.id)}
                            className="mt-0.5 size-4 shrink-0 accent-brand-600"
                          />
                          <span className="min-w-0">
                            <span className="block text-slate-800">{topic.name}</span>
                            {topic.description ? <span className="block text-xs leading-5 text-slate-500">{topic.description}</span> : null}
                          </span>
                        </label>
                      ))}
                    </div>
                  </fieldset>
                ))}
              </div>
            </div>
          ))}
        </div>
      )}
    </fieldset>
  );
}
