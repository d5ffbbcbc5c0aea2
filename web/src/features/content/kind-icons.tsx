import type { ComponentType } from "react";
import { FileTextIcon, type IconProps } from "../../components/ui/icons";

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

export function KindIcon({ kind, ...props }: IconProps & { kind: string }) {
  const Icon: ComponentType<IconProps> = kind === "question" ? QuestionIcon : kind === "simulation" ? SimulationIcon : FileTextIcon;
  return <Icon {...props} />;
}

/** Soft colour per kind, used for the icon tile. */
const KIND_TILES: Record<string, string> = {
  note: "bg-sky-50 text-sky-600 ring-sky-100",
  question: "bg-violet-50 text-violet-600 ring-violet-100",
  simulation: "bg-emerald-50 text-emerald-600 ring-emerald-100",
};

export function KindTile({ kind, size = "md" }: { kind: string; size?: "sm" | "md" }) {
  return (
    <span
      className={`flex shrink-0 items-center justify-center ring-1 ring-inset ${size === "sm" ? "size-8 rounded-lg" : "size-10 rounded-xl"} ${KIND_TILES[kind] ?? "bg-slate-100 text-slate-500 ring-slate-200"}`}
    >
      <KindIcon kind={kind} size={size === "sm" ? 16 : 20} />
    </span>
  );
}
