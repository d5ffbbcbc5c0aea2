import type { ContentKind } from "../../api/content";
import { FileTextIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { AtomIcon, HelpCircleIcon } from "../editor/icons";

const ICONS = { note: FileTextIcon, question: HelpCircleIcon, simulation: AtomIcon } as const;
const TONES: Record<ContentKind, string> = {
  note: "bg-sky-50 text-sky-600 ring-sky-100",
  question: "bg-violet-50 text-violet-600 ring-violet-100",
  simulation: "bg-amber-50 text-amber-600 ring-amber-100",
};

/** The kind's icon in a tinted tile. Decorative: the kind is always written next to it. */
export function KindIcon({ kind, size = "md", className }: { kind: ContentKind; size?: "sm" | "md" | "lg"; className?: string }) {
  const Icon = ICONS[kind];
  const box = size === "lg" ? "size-11 rounded-xl" : size === "sm" ? "size-7 rounded-md" : "size-9 rounded-lg";
  return (
    <span aria-hidden="true" className={cn("inline-flex shrink-0 items-center justify-center ring-1", box, TONES[kind], className)}>
      <Icon size={size === "lg" ? 22 : size === "sm" ? 15 : 18} />
    </span>
  );
}
