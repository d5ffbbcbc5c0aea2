import { useId } from "react";
import { Button } from "../../components/ui/Button";
import { TextField } from "../../components/ui/Field";
import { AlertCircleIcon, ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { RichTextField } from "../editor/RichTextField";
import type { ContentErrors, ContentField } from "./drafts";
import {
  describeNumeric,
  MAX_ACCEPTED,
  MAX_ACCEPTED_TEXT,
  MAX_CHOICE_TEXT,
  MAX_CHOICES,
  MAX_HINT_TEXT,
  MAX_HINTS,
  MAX_UNIT,
  MIN_CHOICES,
  nextChoiceId,
  parseNumber,
  plainNumber,
  QUESTION_TYPES,
  type ChoiceDraft,
  type QuestionDraft,
} from "./question";

export interface QuestionFieldsProps {
  value: QuestionDraft;
  onChange: (next: QuestionDraft) => void;
  errors: ContentErrors;
  onEdited: (field: ContentField) => void;
  disabled?: boolean;
}

const letter = (index: number) => String.fromCharCode(65 + index);

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="flex items-start gap-1.5 text-sm text-rose-600">
      <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
      <span>{message}</span>
    </p>
  );
}

function ChoiceList({ value, onChange, errors, onEdited, disabled }: QuestionFieldsProps) {
  const id = useId();
  const single = value.type === "single_choice";
  const choices = value.choices;
  const problem = errors["body.choices"] ?? errors["body.correct"];

  function update(next: ChoiceDraft[], field: ContentField = "body.choices") {
    onChange({ ...value, choices: next });
    onEdited(field);
  }

  function setCorrect(index: number, on: boolean) {
    update(
      choices.map((choice, position) => (single ? { ...choice, correct: position === index } : position === index ? { ...choice, correct: on } : choice)),
      "body.correct",
    );
  }

  function move(index: number, by: -1 | 1) {
    const next = [...choices];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(index + by, 0, moved);
    update(next);
  }

  return (
    <fieldset aria-describedby={problem ? `${id}-error` : `${id}-hint`} className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">Choices</legend>
      <p id={`${id}-hint`} className="-mt-1 text-sm text-slate-500">
        {single ? "Select the one correct choice." : "Tick every correct choice."} Learners see the choices in this order.
      </p>
      <ol className="space-y-2">
        {choices.map((choice, index) => {
          const name = `Choice ${letter(index)}`;
          return (
            <li
              key={choice.id}
              className={cn(
                "flex items-center gap-2 rounded-xl p-2 ring-1 ring-inset transition-colors sm:gap-3",
                choice.correct ? "bg-emerald-50/60 ring-emerald-200" : "bg-white ring-slate-200",
              )}
            >
              <label className="flex shrink-0 cursor-pointer items-center gap-2 rounded-lg px-1.5 py-1 text-xs font-medium text-slate-600 hover:bg-white">
                <input
                  type={single ? "radio" : "checkbox"}
                  name={`${id}-correct`}
                  className="size-4 accent-emerald-600"
                  checked={choice.correct}
                  disabled={disabled}
                  onChange={(event) => setCorrect(index, event.target.checked)}
                  aria-label={`${name} is correct`}
                />
                <span aria-hidden="true" className="flex size-6 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-700">
                  {letter(index)}
                </span>
              </label>
              <TextField
                label={name}
                hideLabel
                containerClassName="min-w-0 flex-1"
                value={choice.text}
                maxLength={MAX_CHOICE_TEXT}
                disabled={disabled}
                placeholder={index === 0 ? "e.g. 9.8 m/s²" : undefined}
                onChange={(event) => update(choices.map((item) => (item.id === choice.id ? { ...item, text: event.target.value } : item)))}
                aria-invalid={problem && !choice.text.trim() ? true : undefined}
              />
              <div className="flex shrink-0 items-center">
                <Button variant="ghost" size="sm" className="px-2 text-slate-500" disabled={disabled || index === 0} onClick={() => move(index, -1)} aria-label={`Move ${name} up`} icon={<ArrowUpIcon size={15} />} />
                <Button variant="ghost" size="sm" className="px-2 text-slate-500" disabled={disabled || index === choices.length - 1} onClick={() => move(index, 1)} aria-label={`Move ${name} down`} icon={<ArrowDownIcon size={15} />} />
                <Button
                  variant="ghost"
                  size="sm"
                  className="px-2 text-slate-500 hover:text-rose-600"
                  disabled={disabled || choices.length <= MIN_CHOICES}
                  onClick={() => update(choices.filter((item) => item.id !== choice.id))}
                  aria-label={`Remove ${name}`}
                  icon={<TrashIcon size={15} />}
                />
              </div>
            </li>
          );
        })}
      </ol>
      <FieldError id={`${id}-error`} message={problem} />
      <Button
        variant="secondary"
        size="sm"
        icon={<PlusIcon size={15} />}
        disabled={disabled || choices.length >= MAX_CHOICES}
        onClick={() => update([...choices, { id: nextChoiceId(choices), text: "", correct: false }])}
      >
        Add choice
      </Button>
      {choices.length >= MAX_CHOICES ? <p className="text-sm text-slate-500">That's the maximum of {MAX_CHOICES} choices.</p> : null}
    </fieldset>
  );
}

function NumericAnswer({ value, onChange, errors, onEdited, disabled }: QuestionFieldsProps) {
  const answer = parseNumber(value.answer);
  const tolerance = value.tolerance.trim() ? parseNumber(value.tolerance) : 0;
  const summary =
    answer !== null && tolerance !== null && tolerance >= 0
      ? `Accepted: ${describeNumeric(answer, tolerance, value.unit.trim())}${tolerance > 0 ? ` (from ${plainNumber(answer - tolerance)} to ${plainNumber(answer + tolerance)})` : ""}.`
      : null;
  return (
    <div className="space-y-2">
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label="Correct answer"
          inputMode="decimal"
          autoComplete="off"
          placeholder="e.g. 9.81"
          value={value.answer}
          disabled={disabled}
          error={errors["body.answer"]}
          onChange={(event) => {
            onChange({ ...value, answer: event.target.value });
            onEdited("body.answer");
          }}
        />
        <TextField
          label="Tolerance (±)"
          inputMode="decimal"
          autoComplete="off"
          value={value.tolerance}
          disabled={disabled}
          error={errors["body.tolerance"]}
          hint="0 accepts only the exact value."
          onChange={(event) => {
            onChange({ ...value, tolerance: event.target.value });
            onEdited("body.tolerance");
          }}
        />
        <TextField
          label="Unit"
          optional
          maxLength={MAX_UNIT}
          placeholder="e.g. m/s²"
          value={value.unit}
          disabled={disabled}
          error={errors["body.unit"]}
          onChange={(event) => {
            onChange({ ...value, unit: event.target.value });
            onEdited("body.unit");
          }}
        />
      </div>
      {summary ? (
        <p className="text-sm text-slate-600" aria-live="polite">
          {summary}
        </p>
      ) : null}
    </div>
  );
}

function AcceptedAnswers({ value, onChange, errors, onEdited, disabled }: QuestionFieldsProps) {
  const id = useId();
  const problem = errors["body.accepted"];
  function update(accepted: string[]) {
    onChange({ ...value, accepted });
    onEdited("body.accepted");
  }
  return (
    <fieldset aria-describedby={problem ? `${id}-error` : `${id}-hint`} className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">Accepted answers</legend>
      <p id={`${id}-hint`} className="-mt-1 text-sm text-slate-500">
        Any of these counts as correct. Extra spaces are ignored{value.caseSensitive ? "" : ", and so are capitals"}.
      </p>
      <ul className="space-y-2">
        {value.accepted.map((answer, index) => (
          <li key={index} className="flex items-center gap-2">
            <TextField
              label={`Accepted answer ${index + 1}`}
              hideLabel
              containerClassName="min-w-0 flex-1"
              value={answer}
              maxLength={MAX_ACCEPTED_TEXT}
              disabled={disabled}
              placeholder={index === 0 ? "e.g. photosynthesis" : undefined}
              onChange={(event) => update(value.accepted.map((item, position) => (position === index ? event.target.value : item)))}
            />
            <Button
              variant="ghost"
              size="sm"
              className="px-2 text-slate-500 hover:text-rose-600"
              disabled={disabled || value.accepted.length <= 1}
              onClick={() => update(value.accepted.filter((_, position) => position !== index))}
              aria-label={`Remove accepted answer ${index + 1}`}
              icon={<TrashIcon size={15} />}
            />
          </li>
        ))}
      </ul>
      <FieldError id={`${id}-error`} message={problem} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Button variant="secondary" size="sm" icon={<PlusIcon size={15} />} disabled={disabled || value.accepted.length >= MAX_ACCEPTED} onClick={() => update([...value.accepted, ""])}>
          Add answer
        </Button>
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            className="size-4 rounded accent-brand-600"
            checked={value.caseSensitive}
            disabled={disabled}
            onChange={(event) => onChange({ ...value, caseSensitive: event.target.checked })}
          />
          Case-sensitive
        </label>
      </div>
    </fieldset>
  );
}

function Hints({ value, onChange, errors, onEdited, disabled }: QuestionFieldsProps) {
  const id = useId();
  const problem = errors["body.hints"];
  function update(hints: string[]) {
    onChange({ ...value, hints });
    onEdited("body.hints");
  }
  return (
    <fieldset aria-describedby={problem ? `${id}-error` : `${id}-hint`} className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">
        Hints <span className="font-normal text-slate-500">(optional)</span>
      </legend>
      <p id={`${id}-hint`} className="-mt-1 text-sm text-slate-500">
        After a wrong answer, learners can take these one at a time, from the gentlest nudge to the last step, before asking for the solution.
      </p>
      {value.hints.length ? (
        <ol className="space-y-2">
          {value.hints.map((hint, index) => (
            <li key={index} className="flex items-center gap-2">
              <span className="w-5 shrink-0 text-right text-sm font-medium text-slate-400" aria-hidden="true">
                {index + 1}.
              </span>
              <TextField
                label={`Hint ${index + 1}`}
                hideLabel
                containerClassName="min-w-0 flex-1"
                value={hint}
                maxLength={MAX_HINT_TEXT}
                disabled={disabled}
                placeholder={index === 0 ? "e.g. Which quantity stays the same?" : undefined}
                onChange={(event) => update(value.hints.map((item, position) => (position === index ? event.target.value : item)))}
              />
              <Button
                variant="ghost"
                size="sm"
                className="px-2 text-slate-500 hover:text-rose-600"
                disabled={disabled}
                onClick={() => update(value.hints.filter((_, position) => position !== index))}
                aria-label={`Remove hint ${index + 1}`}
                icon={<TrashIcon size={15} />}
              />
            </li>
          ))}
        </ol>
      ) : null}
      <FieldError id={`${id}-error`} message={problem} />
      <Button variant="secondary" size="sm" icon={<PlusIcon size={15} />} disabled={disabled || value.hints.length >= MAX_HINTS} onClick={() => update([...value.hints, ""])}>
        Add hint
      </Button>
    </fieldset>
  );
}

/** The question form: type, prompt, the answer in the type's own shape, hints and an explanation. */
export function QuestionFields(props: QuestionFieldsProps) {
  const { value, onChange, errors, onEdited, disabled } = props;
  const id = useId();
  return (
    <div className="space-y-6">
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Question type</legend>
        <div className="mt-2 grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
          {QUESTION_TYPES.map((option) => (
            <label
              key={option.type}
              className={cn(
                "flex cursor-pointer items-start gap-3 rounded-xl p-3 text-sm ring-1 ring-inset transition-colors",
                value.type === option.type ? "bg-brand-50/60 ring-brand-300" : "bg-white ring-slate-200 hover:bg-slate-50",
                disabled && "cursor-not-allowed opacity-70",
              )}
            >
              <input
                type="radio"
                name={`${id}-type`}
                value={option.type}
                checked={value.type === option.type}
                disabled={disabled}
                onChange={() => {
                  // A single-choice question keeps at most one of the choices marked correct.
                  const choices =
                    option.type === "single_choice" && value.choices.filter((choice) => choice.correct).length > 1
                      ? value.choices.map((choice) => ({ ...choice, correct: false }))
                      : value.choices;
                  onChange({ ...value, type: option.type, choices });
                }}
                className="mt-0.5 size-4 accent-brand-600"
              />
              <span>
                <span className="block font-medium text-slate-900">{option.label}</span>
                <span className="block text-xs leading-5 text-slate-500">{option.hint}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      <RichTextField
        label="Question"
        variant="compact"
        value={value.prompt}
        disabled={disabled}
        placeholder="What do you want to ask? Formulas, links and lists work here."
        error={errors["body.prompt"]}
        onChange={(prompt) => {
          onChange({ ...value, prompt });
          onEdited("body.prompt");
        }}
      />

      {value.type === "single_choice" || value.type === "multiple_choice" ? <ChoiceList {...props} /> : null}
      {value.type === "numeric" ? <NumericAnswer {...props} /> : null}
      {value.type === "short_text" ? <AcceptedAnswers {...props} /> : null}

      <RichTextField
        label="Explanation"
        optional
        variant="compact"
        value={value.explanation}
        disabled={disabled}
        placeholder="Why the answer is right, and the common mistake to avoid."
        hint="Shown after a correct answer, or when a learner asks for the solution."
        error={errors["body.explanation"]}
        onChange={(explanation) => {
          onChange({ ...value, explanation });
          onEdited("body.explanation");
        }}
      />

      <Hints {...props} />
    </div>
  );
}
