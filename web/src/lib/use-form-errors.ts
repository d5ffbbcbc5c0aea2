import { useCallback, useEffect, useState } from "react";
import { mapApiErrors, type FormErrors } from "./error-messages";

const EMPTY = { fields: {}, form: null };

/**
 * Error state of one form: per-field messages (from local checks or the API's `details.fields`)
 * and one form-level message. After a failed submit, focus moves to the first invalid field.
 */
export function useFormErrors<F extends string>(fields: readonly F[]) {
  const [errors, setErrors] = useState<FormErrors<F>>(EMPTY);
  // A callback ref kept in state: the form element is only read in effects.
  const [form, formRef] = useState<HTMLFormElement | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (attempt === 0) return;
    const invalid = form?.querySelector<HTMLElement>("[aria-invalid='true']");
    invalid?.focus();
  }, [attempt, form]);

  const fromApi = useCallback(
    (error: unknown) => {
      setErrors(mapApiErrors(error, fields));
      setAttempt((value) => value + 1);
    },
    // The field list is a constant per form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );

  /** Applies local validation results; returns true when there were none. */
  const check = useCallback((found: Partial<Record<F, string | null | undefined>>): boolean => {
    const clean: Partial<Record<F, string>> = {};
    for (const [key, value] of Object.entries(found) as Array<[F, string | null | undefined]>) {
      if (value) clean[key] = value;
    }
    const ok = Object.keys(clean).length === 0;
    setErrors({ fields: clean, form: null });
    if (!ok) setAttempt((value) => value + 1);
    return ok;
  }, []);

  const clearField = useCallback((field: F) => {
    setErrors((current) => {
      if (!current.fields[field]) return current;
      const next = { ...current.fields };
      delete next[field];
      return { ...current, fields: next };
    });
  }, []);

  const reset = useCallback(() => setErrors(EMPTY), []);

  return { formRef, fieldErrors: errors.fields, formError: errors.form, fromApi, check, clearField, reset };
}

export function required(value: string, message = "This field is required."): string | null {
  return value.trim() ? null : message;
}

export function emailProblem(value: string): string | null {
  if (!value.trim()) return "Enter your e-mail address.";
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.trim()) ? null : "Enter a valid e-mail address, like name@example.com.";
}

export function newPasswordProblem(value: string): string | null {
  if (!value) return "Choose a password.";
  return value.length >= 8 ? null : "Use at least 8 characters.";
}
