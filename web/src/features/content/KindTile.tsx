import type { ComponentType } from "react";
import type { ContentKind } from "../../api/content";
import { FileTextIcon, type IconProps } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { isKind } from "./kinds";

function svg({ size = 20, ...props }: IconProps) {
  return {
    xmlns: "http://www.w3.org/2000/svg",
    width: size,
    height: size,
    viewBox: "0 0 24 24",
    fill: "none",
    stroke: "currentColor",
    strokeWidth: 1.8,
    strokeLinecap: "round" as const,
    strokeLinejoin: "round" as const,
    "aria-hidden": true,
    focusable: false,
    ...props,
  };
}

/** A circled question mark: practice questions. */
export function QuestionIcon(props: IconProps) {
  return (
    <svg {...svg(props)}>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3" />
      <path d="M12 17h.01" />
    </svg>
  );
}

/** A screen with a play mark: interactive simulations. */
export function SimulationIcon(props: IconProps) {
  return (
    <svg {...svg(props)}>
      <rect x="2" y="4" width="20" height="14" rx="2" />
      <path d="M8 21h8" />
      <path d="M12 18v3" />
      <path d="m10 8 5 3-5 3z" />
    </svg>
  );
}

/** A film frame with a play mark: video lessons. */
export function VideoIcon(props: IconProps) {
  return (
    <svg {...svg(props)}>
      <rect x="2" y="5" width="15" height="14" rx="2" />
      <path d="m17 10 5-3v10l-5-3" />
      <path d="m8 9 4 3-4 3z" />
    </svg>
  );
}

/** A page with a pen stroke: handwritten notes. */
export function HandwrittenIcon(props: IconProps) {
  return (
    <svg {...svg(props)}>
      <path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V9z" />
      <path d="M14 3v6h6" />
      <path d="M7.5 16c1.2-2 2-2 2.6-.6s1.4 1.4 2.4-.4 1.8-1.6 2.4-.4" />
    </svg>
  );
}

const ICONS: Record<ContentKind, ComponentType<IconProps>> = {
  note: FileTextIcon,
  question: QuestionIcon,
  simulation: SimulationIcon,
  video: VideoIcon,
  handwritten: HandwrittenIcon,
};
/** Soft colour of each kind's icon tile. */
const TONES: Record<ContentKind, string> = {
  note: "bg-sky-50 text-sky-600 ring-sky-100",
  question: "bg-violet-50 text-violet-600 ring-violet-100",
  simulation: "bg-emerald-50 text-emerald-600 ring-emerald-100",
  video: "bg-rose-50 text-rose-600 ring-rose-100",
  handwritten: "bg-amber-50 text-amber-600 ring-amber-100",
};

/** The kind's bare icon. Decorative: the kind is always written next to it. */
export function KindIcon({ kind, ...props }: IconProps & { kind: string }) {
  const Icon = isKind(kind) ? ICONS[kind] : FileTextIcon;
  return <Icon {...props} />;
}

const TILE_SIZES = {
  sm: { box: "size-8 rounded-lg", icon: 16 },
  md: { box: "size-10 rounded-xl", icon: 20 },
  lg: { box: "size-11 rounded-xl", icon: 22 },
} as const;

/** The kind's icon in a tinted tile. Decorative. */
export function KindTile({ kind, size = "md", className }: { kind: string; size?: keyof typeof TILE_SIZES; className?: string }) {
  const { box, icon } = TILE_SIZES[size];
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex shrink-0 items-center justify-center ring-1 ring-inset",
        box,
        isKind(kind) ? TONES[kind] : "bg-slate-100 text-slate-500 ring-slate-200",
        className,
      )}
    >
      <KindIcon kind={kind} size={icon} />
    </span>
  );
}
