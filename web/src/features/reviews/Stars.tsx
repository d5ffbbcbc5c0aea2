import { useId, useState } from "react";
import { StarIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";

const STAR_WORDS: Record<number, string> = { 1: "Poor", 2: "Fair", 3: "Good", 4: "Very good", 5: "Excellent" };

/** "4 stars" / "1 star": what a rating says out loud. */
function starsLabel(value: number): string {
  return `${value} star${value === 1 ? "" : "s"}`;
}

/** A rating shown as five stars (rounded); screen readers hear "4 out of 5 stars". */
export function Stars({ value, size = 16, className }: { value: number; size?: number; className?: string }) {
  return (
    <span role="img" aria-label={`${value} out of 5 stars`} className={cn("inline-flex gap-0.5", className)}>
      {[1, 2, 3, 4, 5].map((star) => (
        <StarIcon key={star} size={size} fill="currentColor" stroke="none" className={star <= Math.round(value) ? "text-amber-400" : "text-slate-200"} />
      ))}
    </span>
  );
}

/**
 * Choosing 1 to 5 stars: a radio group (arrow keys move between the stars, as in any radio
 * group), the stars up to the chosen (or hovered) one lit, the choice also said in words.
 */
export function StarRatingInput({
  value,
  onChange,
  label = "Your rating",
  error,
  disabled = false,
}: {
  value: number | null;
  onChange: (value: number) => void;
  label?: string;
  error?: string | null | undefined;
  disabled?: boolean;
}) {
  const name = useId();
  const errorId = `${name}-error`;
  const [hovered, setHovered] = useState<number | null>(null);
  const lit = hovered ?? value ?? 0;
  return (
    <fieldset aria-describedby={error ? errorId : undefined} aria-invalid={error ? true : undefined} disabled={disabled}>
      <legend className="block text-sm font-medium text-slate-800">{label}</legend>
      <div className="mt-1.5 flex items-center gap-3">
        <div className="flex" onMouseLeave={() => setHovered(null)}>
          {[1, 2, 3, 4, 5].map((star) => (
            <label key={star} className="cursor-pointer p-0.5" onMouseEnter={() => setHovered(star)}>
              <input
                type="radio"
                name={name}
                value={star}
                checked={value === star}
                onChange={() => onChange(star)}
                className="peer sr-only"
                aria-invalid={error ? true : undefined}
              />
              <span className="sr-only">{starsLabel(star)}</span>
              <StarIcon
                size={30}
                fill="currentColor"
                stroke="none"
                aria-hidden="true"
                className={cn(
                  "rounded-md transition-colors peer-focus-visible:ring-2 peer-focus-visible:ring-brand-600 peer-focus-visible:ring-offset-2",
                  star <= lit ? "text-amber-400" : "text-slate-300",
                )}
              />
            </label>
          ))}
        </div>
        <span className="text-sm font-medium text-slate-700" aria-hidden="true">
          {lit ? STAR_WORDS[lit] : "Choose 1 to 5 stars"}
        </span>
      </div>
      {error ? (
        <p id={errorId} className="mt-1.5 text-sm text-rose-600">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
