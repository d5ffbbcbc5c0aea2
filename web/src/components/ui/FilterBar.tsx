import type { ReactNode } from "react";
import { FilterIcon } from "./icons";

/** The filter row at the top of a list card: a "Filter" label, then the controls, stacked on phones. */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <div className="flex flex-col gap-3 border-b border-slate-100 p-4 sm:flex-row sm:flex-wrap sm:items-center sm:p-5">
      <p className="flex items-center gap-2 text-sm font-medium text-slate-700">
        <FilterIcon size={16} className="text-slate-400" /> Filter
      </p>
      <div className="grid gap-3 sm:flex sm:flex-1 sm:flex-wrap">{children}</div>
    </div>
  );
}
