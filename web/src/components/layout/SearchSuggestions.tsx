import { cn } from "../../lib/cn";
import type { SuggestionOption } from "./search-suggestions";

const SECTIONS = [
  { key: "lessons", title: "Lessons" },
  { key: "courses", title: "Courses" },
  { key: "mentors", title: "Mentors" },
] as const;

interface SuggestionListProps {
  id: string;
  options: SuggestionOption[];
  active: number;
  optionId: (index: number) => string;
  onPick: (option: SuggestionOption) => void;
  onHover: (index: number) => void;
  /** Shown when there is nothing to suggest. */
  empty?: string | null;
}

/**
 * The listbox of the search combobox: sections of options; the active one is announced through
 * the input's `aria-activedescendant` (focus stays in the field). Titles are plain text.
 */
export function SuggestionList({ id, options, active, optionId, onPick, onHover, empty }: SuggestionListProps) {
  return (
    <div
      id={id}
      role="listbox"
      aria-label="Suggestions"
      className="absolute inset-x-0 top-full z-40 mt-1.5 max-h-[70vh] overflow-y-auto rounded-xl bg-white py-2 text-left shadow-lg ring-1 ring-slate-900/10"
    >
      {options.length === 0 && empty ? <p className="px-4 py-3 text-sm text-slate-500">{empty}</p> : null}
      {SECTIONS.map((section) => {
        const inSection = options.map((option, index) => ({ option, index })).filter(({ option }) => option.section === section.key);
        if (inSection.length === 0) return null;
        const headingId = `${id}-${section.key}`;
        return (
          <div key={section.key} role="group" aria-labelledby={headingId}>
            <p id={headingId} role="presentation" className="px-4 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {section.title}
            </p>
            {inSection.map(({ option, index }) => (
              <div
                key={option.key}
                id={optionId(index)}
                role="option"
                aria-selected={index === active}
                // Keep focus in the field: a click picks the option without blurring it first.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => onPick(option)}
                onMouseMove={() => onHover(index)}
                className={cn("cursor-pointer px-4 py-2", index === active ? "bg-brand-50" : "hover:bg-slate-50")}
              >
                <p className={cn("truncate text-sm font-medium", index === active ? "text-brand-800" : "text-slate-900")}>{option.label}</p>
                <p className="truncate text-xs text-slate-500">{option.detail}</p>
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}
