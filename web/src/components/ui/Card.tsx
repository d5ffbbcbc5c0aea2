import type { ReactNode } from "react";
import { cn } from "../../lib/cn";

export function Card({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("rounded-2xl bg-white shadow-xs ring-1 ring-slate-200/80", className)}>{children}</div>;
}

export function CardHeader({ title, description, action, className, titleId }: { title: ReactNode; description?: ReactNode; action?: ReactNode; className?: string; titleId?: string }) {
  return (
    <div className={cn("flex flex-wrap items-start justify-between gap-4 border-b border-slate-100 px-5 py-4 sm:px-6", className)}>
      <div className="min-w-0 space-y-1">
        <h2 id={titleId} className="text-base font-semibold text-slate-900">{title}</h2>
        {description ? <p className="text-sm text-slate-500">{description}</p> : null}
      </div>
      {action}
    </div>
  );
}

export function CardBody({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cn("px-5 py-5 sm:px-6", className)}>{children}</div>;
}

export function CardFooter({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-wrap items-center justify-end gap-3 rounded-b-2xl border-t border-slate-100 bg-slate-50/60 px-5 py-3 sm:px-6", className)}>
      {children}
    </div>
  );
}
