import { TextField } from "../../components/ui/Field";
import { slugify } from "./catalog-order";

export interface SlugFieldProps {
  value: string;
  /** The name typed beside it: the placeholder shows the slug the server would derive. */
  name: string;
  /** An existing entry's slug is required; a new one's may be left to the server. */
  editing: boolean;
  error: string | undefined;
  hint: string;
  onChange: (slug: string) => void;
}

/** The slug of a catalog entry or forum category: lower case as typed, derived when left empty. */
export function SlugField({ value, name, editing, error, hint, onChange }: SlugFieldProps) {
  return (
    <TextField
      label="Slug"
      name="slug"
      maxLength={80}
      optional={!editing}
      value={value}
      placeholder={slugify(name) || "derived-from-the-name"}
      className="font-mono"
      onChange={(event) => onChange(event.target.value.toLowerCase())}
      error={error}
      hint={hint}
    />
  );
}
