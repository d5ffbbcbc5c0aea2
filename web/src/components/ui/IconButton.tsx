import type { ReactNode } from "react";
import { cn } from "../../lib/cn";

/** A small icon-only button for rows of actions; the label is its accessible name and tooltip. */
export function IconButton({ label, onClick, children, disabled, danger }: { label: string; onClick: () => void; children: ReactNode; disabled?: boolean; danger?: boolean }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      title={label}
      className={cn(
        "rounded-lg p-1.5 text-slate-400 transition-colors hover:bg-slate-100 disabled:cursor-not-allowed disabled:opacity-40 disabled:hover:bg-transparent",
        danger ? "hover:text-rose-600" : "hover:text-slate-700",
      )}
    >
      {children}
    </button>
  );
}
