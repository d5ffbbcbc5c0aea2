import type { ReactNode } from "react";
import { Link, type To } from "react-router";
import { cn } from "../../lib/cn";

export interface LinkTab {
  key: string;
  label: ReactNode;
  to: To;
  current: boolean;
}

/** Tabs that are addresses (a list's status in its URL, say): links, the current one marked for assistive technology. */
export function LinkTabs({ label, tabs, className }: { label: string; tabs: readonly LinkTab[]; className?: string }) {
  return (
    <nav aria-label={label} className={cn("flex gap-1 overflow-x-auto", className)}>
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          to={tab.to}
          aria-current={tab.current ? "page" : undefined}
          className={cn(
            "-mb-px inline-flex shrink-0 items-center border-b-2 px-3 py-3.5 text-sm font-medium whitespace-nowrap transition-colors",
            tab.current ? "border-brand-600 text-brand-700" : "border-transparent text-slate-500 hover:border-slate-300 hover:text-slate-800",
          )}
        >
          {tab.label}
        </Link>
      ))}
    </nav>
  );
}
