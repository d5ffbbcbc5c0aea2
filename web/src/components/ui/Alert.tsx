import type { ReactNode } from "react";
import { cn } from "../../lib/cn";
import { AlertCircleIcon, AlertTriangleIcon, CheckCircleIcon, InfoIcon } from "./icons";

export type AlertTone = "info" | "success" | "warning" | "danger";

const tones: Record<AlertTone, { box: string; icon: ReactNode }> = {
  info: { box: "bg-brand-50 text-brand-900 ring-brand-200", icon: <InfoIcon size={18} className="text-brand-600" /> },
  success: { box: "bg-emerald-50 text-emerald-900 ring-emerald-200", icon: <CheckCircleIcon size={18} className="text-emerald-600" /> },
  warning: { box: "bg-amber-50 text-amber-900 ring-amber-200", icon: <AlertTriangleIcon size={18} className="text-amber-600" /> },
  danger: { box: "bg-rose-50 text-rose-900 ring-rose-200", icon: <AlertCircleIcon size={18} className="text-rose-600" /> },
};

export interface AlertProps {
  tone?: AlertTone;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
  /** "alert" interrupts screen readers; use it for errors that appear after an action. */
  role?: "alert" | "status";
}

export function Alert({ tone = "info", title, children, action, className, role }: AlertProps) {
  const style = tones[tone];
  return (
    <div role={role} className={cn("flex gap-3 rounded-xl p-4 text-sm ring-1 ring-inset", style.box, className)}>
      <div className="mt-0.5 shrink-0">{style.icon}</div>
      <div className="min-w-0 flex-1 space-y-1">
        {title ? <p className="font-semibold">{title}</p> : null}
        {children ? <div className="leading-6 opacity-90">{children}</div> : null}
      </div>
      {action ? <div className="shrink-0 self-center">{action}</div> : null}
    </div>
  );
}
