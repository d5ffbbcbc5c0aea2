import type { ReactNode } from "react";
import { cn } from "../../lib/cn";

const tones = {
  brand: "bg-brand-50 text-brand-600 ring-brand-100",
  success: "bg-emerald-50 text-emerald-600 ring-emerald-100",
  danger: "bg-rose-50 text-rose-600 ring-rose-100",
  warning: "bg-amber-50 text-amber-600 ring-amber-100",
} as const;

/** The outcome of an account step (link verified, password reset, signed out, ...). */
export function StatusPanel({ icon, tone = "brand", title, children, actions }: { icon: ReactNode; tone?: keyof typeof tones; title: ReactNode; children?: ReactNode; actions?: ReactNode }) {
  return (
    <div>
      <div className={cn("flex size-12 items-center justify-center rounded-2xl ring-1", tones[tone])}>{icon}</div>
      <h1 className="mt-6 text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {children ? <div className="mt-3 text-[0.95rem] leading-7 text-slate-600">{children}</div> : null}
      {actions ? <div className="mt-8 grid gap-3">{actions}</div> : null}
    </div>
  );
}
