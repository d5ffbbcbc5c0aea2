import { TextField } from "../../components/ui/Field";

/** The authenticator code a sensitive change asks for again when two-step verification is on. */
export function StepUpCodeField({ value, onChange, error, hint }: {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
}) {
  return (
    <TextField
      label="Code from your authenticator app"
      name="second_factor_code"
      inputMode="numeric"
      autoComplete="one-time-code"
      value={value}
      onChange={(event) => onChange(event.target.value)}
      hint={hint}
      error={error}
    />
  );
}
