import type { ReactNode } from "react";
import { Link } from "react-router";
import { Skeleton } from "../../components/ui/Skeleton";
import { cn } from "../../lib/cn";

export function StatCard({ label, value, icon, to, hint, loading = false }: { label: string; value: ReactNode; icon: ReactNode; to?: string; hint?: ReactNode; loading?: boolean }) {
  const body = (
    <>
      <div className="flex items-center justify-between">
        <p className="text-sm font-medium text-slate-500">{label}</p>
        <span className="flex size-9 items-center justify-center rounded-xl bg-brand-50 text-brand-600">{icon}</span>
      </div>
      <div className="mt-3 text-3xl font-semibold tracking-tight text-slate-900 tabular-nums">
        {loading ? <Skeleton className="h-8 w-16" /> : value}
      </div>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
    </>
  );
  const style = "block rounded-2xl bg-white p-5 shadow-xs ring-1 ring-slate-200/80";
  return to ? (
    <Link to={to} className={cn(style, "transition hover:shadow-md hover:ring-slate-300")}>
      {body}
    </Link>
  ) : (
    <div className={style}>{body}</div>
  );
}
