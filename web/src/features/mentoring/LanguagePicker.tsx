import { useId, useMemo } from "react";
import { Select } from "../../components/ui/Field";
import { AlertCircleIcon, XIcon } from "../../components/ui/icons";
import { languageName, languageOptions } from "../../lib/languages";

export interface LanguagePickerProps {
  value: string[];
  onChange: (codes: string[]) => void;
  error?: string | undefined;
  disabled?: boolean;
  max?: number;
}

/** Chosen languages as removable chips, plus a native select to add another. */
export function LanguagePicker({ value, onChange, error, disabled = false, max = 10 }: LanguagePickerProps) {
  const id = useId();
  const options = useMemo(() => languageOptions(value).filter((option) => !value.includes(option.code)), [value]);
  const full = value.length >= max;
  return (
    <div className="space-y-1.5" role="group" aria-labelledby={`${id}-label`}>
      <p id={`${id}-label`} className="text-sm font-medium text-slate-800">
        Languages you teach in
      </p>
      {value.length ? (
        <ul className="flex flex-wrap gap-2" aria-label="Chosen languages">
          {value.map((code) => (
            <li key={code} className="inline-flex items-center gap-1 rounded-full bg-brand-50 py-1 pr-1 pl-3 text-sm font-medium text-brand-700 ring-1 ring-brand-200 ring-inset">
              {languageName(code)}
              <button
                type="button"
                disabled={disabled}
                onClick={() => onChange(value.filter((item) => item !== code))}
                className="rounded-full p-0.5 text-brand-500 hover:bg-brand-100 hover:text-brand-800 disabled:opacity-50"
                aria-label={`Remove ${languageName(code)}`}
              >
                <XIcon size={14} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label htmlFor={`${id}-add`} className="sr-only">
        Add a language
      </label>
      <Select
        id={`${id}-add`}
        value=""
        disabled={disabled || full}
        invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : `${id}-hint`}
        onChange={(event) => {
          if (event.target.value) onChange([...value, event.target.value]);
        }}
        className="sm:max-w-xs"
      >
        <option value="">{full ? `At most ${max} languages` : value.length ? "Add another language…" : "Add a language…"}</option>
        {options.map((option) => (
          <option key={option.code} value={option.code}>
            {option.name}
          </option>
        ))}
      </Select>
      {error ? (
        <p id={`${id}-error`} className="flex items-start gap-1.5 text-sm text-rose-600">
          <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
          <span>{error}</span>
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-sm text-slate-500">
          Students can filter by language.
        </p>
      )}
    </div>
  );
}
