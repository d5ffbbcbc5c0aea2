import { useState } from "react";
import { cn } from "../../lib/cn";
import { initials } from "../../lib/format";

const palette = [
  "bg-indigo-100 text-indigo-700",
  "bg-sky-100 text-sky-700",
  "bg-violet-100 text-violet-700",
  "bg-emerald-100 text-emerald-700",
  "bg-amber-100 text-amber-800",
  "bg-rose-100 text-rose-700",
  "bg-teal-100 text-teal-700",
];

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return value;
}

const sizes = { sm: "size-8 text-xs", md: "size-10 text-sm", lg: "size-14 text-lg" } as const;

/** A person's profile picture, or their initials on a colour of their own without one (or when it fails to load). */
export function Avatar({
  name,
  seed,
  src,
  size = "md",
  className,
}: {
  name: string;
  seed?: string;
  src?: string | null;
  size?: keyof typeof sizes;
  className?: string;
}) {
  const [failed, setFailed] = useState<string | null>(null);
  if (src && failed !== src) {
    return (
      <img
        src={src}
        alt=""
        decoding="async"
        onError={() => setFailed(src)}
        className={cn("shrink-0 rounded-full bg-slate-100 object-cover ring-1 ring-slate-900/5", sizes[size], className)}
      />
    );
  }
  const colour = palette[hash(seed ?? name) % palette.length];
  return (
    <span aria-hidden="true" className={cn("inline-flex shrink-0 items-center justify-center rounded-full font-semibold", sizes[size], colour, className)}>
      {initials(name)}
    </span>
  );
}
