import {
  forwardRef,
  useId,
  useState,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import { cn } from "../../lib/cn";
import { AlertCircleIcon, ChevronDownIcon, EyeIcon, EyeOffIcon } from "./icons";

const control =
  "block w-full rounded-lg border-0 bg-white text-slate-900 shadow-xs ring-1 ring-inset " +
  "placeholder:text-slate-400 focus:outline-none focus:ring-2 focus:ring-inset " +
  "disabled:cursor-not-allowed disabled:bg-slate-50 disabled:text-slate-500 sm:text-sm/6";

function controlClasses(invalid: boolean, extra?: string): string {
  return cn(
    control,
    invalid ? "ring-rose-400 focus:ring-rose-500" : "ring-slate-300 focus:ring-brand-600",
    extra,
  );
}

interface FieldChrome {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null | undefined;
  /** Visually hide the label (it stays available to assistive technology). */
  hideLabel?: boolean;
  optional?: boolean;
  labelAction?: ReactNode;
}

interface FieldShellProps extends FieldChrome {
  id: string;
  hintId: string;
  errorId: string;
  className?: string | undefined;
  children: ReactNode;
}

function FieldShell({ id, hintId, errorId, label, hint, error, hideLabel, optional, labelAction, className, children }: FieldShellProps) {
  return (
    <div className={cn("space-y-1.5", className)}>
      <div className={cn("flex items-baseline justify-between gap-2", hideLabel && "sr-only")}>
        <label htmlFor={id} className="block text-sm font-medium text-slate-800">
          {label}
          {optional ? <span className="ml-1 font-normal text-slate-500">(optional)</span> : null}
        </label>
        {labelAction}
      </div>
      {children}
      {error ? (
        <p id={errorId} className="flex items-start gap-1.5 text-sm text-rose-600">
          <AlertCircleIcon size={16} className="mt-0.5 shrink-0" />
          <span>{error}</span>
        </p>
      ) : hint ? (
        <p id={hintId} className="text-sm text-slate-500">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function describedBy(error: unknown, hint: unknown, errorId: string, hintId: string): string | undefined {
  if (error) return errorId;
  if (hint) return hintId;
  return undefined;
}

export interface TextFieldProps extends FieldChrome, Omit<InputHTMLAttributes<HTMLInputElement>, "size"> {
  containerClassName?: string;
  leading?: ReactNode;
}

export const TextField = forwardRef<HTMLInputElement, TextFieldProps>(function TextField(
  { label, hint, error, hideLabel, optional, labelAction, containerClassName, className, id, leading, type, ...rest },
  ref,
) {
  const autoId = useId();
  const inputId = id ?? autoId;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const [revealed, setRevealed] = useState(false);
  const isPassword = type === "password";
  return (
    <FieldShell
      id={inputId}
      hintId={hintId}
      errorId={errorId}
      label={label}
      hint={hint}
      error={error}
      hideLabel={hideLabel}
      optional={optional}
      labelAction={labelAction}
      className={containerClassName}
    >
      <div className="relative">
        {leading ? (
          <span className="pointer-events-none absolute inset-y-0 left-0 flex items-center pl-3 text-slate-400">
            {leading}
          </span>
        ) : null}
        <input
          ref={ref}
          id={inputId}
          type={isPassword && revealed ? "text" : type}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(error, hint, errorId, hintId)}
          className={controlClasses(Boolean(error), cn("h-10 px-3", leading ? "pl-10" : undefined, isPassword && "pr-11", className))}
          {...rest}
        />
        {isPassword ? (
          <button
            type="button"
            onClick={() => setRevealed((value) => !value)}
            className="absolute inset-y-0 right-0 flex w-10 items-center justify-center rounded-r-lg text-slate-400 hover:text-slate-600 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand-600"
            aria-label={revealed ? "Hide password" : "Show password"}
            aria-pressed={revealed}
          >
            {revealed ? <EyeOffIcon size={18} /> : <EyeIcon size={18} />}
          </button>
        ) : null}
      </div>
    </FieldShell>
  );
});

export interface SelectFieldProps extends FieldChrome, SelectHTMLAttributes<HTMLSelectElement> {
  containerClassName?: string;
}

export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { label, hint, error, hideLabel, optional, labelAction, containerClassName, className, id, children, ...rest },
  ref,
) {
  const autoId = useId();
  const selectId = id ?? autoId;
  const hintId = `${selectId}-hint`;
  const errorId = `${selectId}-error`;
  return (
    <FieldShell
      id={selectId}
      hintId={hintId}
      errorId={errorId}
      label={label}
      hint={hint}
      error={error}
      hideLabel={hideLabel}
      optional={optional}
      labelAction={labelAction}
      className={containerClassName}
    >
      <Select
        ref={ref}
        id={selectId}
        invalid={Boolean(error)}
        aria-describedby={describedBy(error, hint, errorId, hintId)}
        className={className}
        {...rest}
      >
        {children}
      </Select>
    </FieldShell>
  );
});

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  invalid?: boolean;
}

/** A styled native select: keyboard and screen-reader behaviour come from the platform. */
export const Select = forwardRef<HTMLSelectElement, SelectProps>(function Select(
  { invalid = false, className, children, ...rest },
  ref,
) {
  return (
    <div className="relative">
      <select
        ref={ref}
        aria-invalid={invalid || undefined}
        className={controlClasses(invalid, cn("h-10 appearance-none pr-10 pl-3", className))}
        {...rest}
      >
        {children}
      </select>
      <ChevronDownIcon
        size={16}
        className="pointer-events-none absolute top-1/2 right-3 -translate-y-1/2 text-slate-500"
      />
    </div>
  );
});

export interface TextAreaFieldProps extends FieldChrome, TextareaHTMLAttributes<HTMLTextAreaElement> {
  containerClassName?: string;
}

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(function TextAreaField(
  { label, hint, error, hideLabel, optional, labelAction, containerClassName, className, id, ...rest },
  ref,
) {
  const autoId = useId();
  const areaId = id ?? autoId;
  const hintId = `${areaId}-hint`;
  const errorId = `${areaId}-error`;
  return (
    <FieldShell
      id={areaId}
      hintId={hintId}
      errorId={errorId}
      label={label}
      hint={hint}
      error={error}
      hideLabel={hideLabel}
      optional={optional}
      labelAction={labelAction}
      className={containerClassName}
    >
      <textarea
        ref={ref}
        id={areaId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(error, hint, errorId, hintId)}
        className={controlClasses(Boolean(error), cn("min-h-24 px-3 py-2", className))}
        {...rest}
      />
    </FieldShell>
  );
});
