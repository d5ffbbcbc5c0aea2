import { useState } from "react";
import { cn } from "../../lib/cn";
import { initials } from "../../lib/format";

const sizes = {
  sm: "size-10 text-sm rounded-xl",
  md: "size-16 text-lg rounded-2xl",
  lg: "size-20 text-xl rounded-2xl",
  xl: "size-28 text-3xl rounded-3xl",
} as const;

const palette = [
  "from-indigo-100 to-violet-100 text-indigo-700",
  "from-sky-100 to-cyan-100 text-sky-700",
  "from-emerald-100 to-teal-100 text-emerald-700",
  "from-amber-100 to-orange-100 text-amber-800",
  "from-rose-100 to-pink-100 text-rose-700",
];

function hash(text: string): number {
  let value = 0;
  for (const char of text) value = (value * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return value;
}

/** A mentor's photo, or their initials on a soft gradient when there's none (or it fails to load). */
export function Portrait({
  name,
  seed,
  photoUrl,
  size = "md",
  className,
}: {
  name: string;
  seed?: string;
  photoUrl?: string | null | undefined;
  size?: keyof typeof sizes;
  className?: string;
}) {
  const [failed, setFailed] = useState<string | null>(null);
  const shape = cn("shrink-0 overflow-hidden", sizes[size], className);
  if (photoUrl && failed !== photoUrl) {
    return (
      <img
        src={photoUrl}
        alt=""
        loading="lazy"
        decoding="async"
        onError={() => setFailed(photoUrl)}
        className={cn(shape, "bg-slate-100 object-cover ring-1 ring-slate-900/5")}
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className={cn(shape, "inline-flex items-center justify-center bg-gradient-to-br font-semibold", palette[hash(seed ?? name) % palette.length])}
    >
      {initials(name)}
    </span>
  );
}
