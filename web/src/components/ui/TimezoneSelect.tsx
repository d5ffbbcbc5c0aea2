import { useMemo } from "react";
import { listTimezones, timezoneLabel } from "../../lib/timezones";
import { SelectField, type SelectFieldProps } from "./Field";

export interface TimezoneSelectProps extends Omit<SelectFieldProps, "children" | "value" | "onChange"> {
  value: string;
  onChange: (zone: string) => void;
}

/** Every IANA zone the browser knows, with its current UTC offset. */
export function TimezoneSelect({ value, onChange, ...rest }: TimezoneSelectProps) {
  const zones = useMemo(() => {
    const all = listTimezones();
    return all.includes(value) || !value ? all : [value, ...all];
  }, [value]);
  return (
    <SelectField value={value} onChange={(event) => onChange(event.target.value)} {...rest}>
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {timezoneLabel(zone)}
        </option>
      ))}
    </SelectField>
  );
}
