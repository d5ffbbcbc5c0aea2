import type { ReactNode } from "react";
import { CheckIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";

export interface ChecklistStep {
  title: string;
  description: ReactNode;
  state: "done" | "current" | "upcoming";
  action?: ReactNode;
}

export function Checklist({ steps, label }: { steps: ChecklistStep[]; label: string }) {
  const done = steps.filter((step) => step.state === "done").length;
  return (
    <div>
      <div className="flex items-center justify-between gap-4 px-5 pt-5 sm:px-6">
        <p className="text-sm font-medium text-slate-600">
          {done} of {steps.length} complete
        </p>
        <div className="h-1.5 w-32 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={steps.length} aria-valuenow={done}>
          <div className="h-full rounded-full bg-brand-600 transition-all" style={{ width: `${(done / steps.length) * 100}%` }} />
        </div>
      </div>
      <ol className="mt-2 divide-y divide-slate-100">
        {steps.map((step, index) => (
          <li key={step.title} className="flex items-start gap-4 px-5 py-4 sm:px-6">
            <span
              className={cn(
                "mt-0.5 flex size-7 shrink-0 items-center justify-center rounded-full text-xs font-semibold",
                step.state === "done" && "bg-emerald-500 text-white",
                step.state === "current" && "bg-brand-600 text-white ring-4 ring-brand-100",
                step.state === "upcoming" && "bg-slate-100 text-slate-500",
              )}
              aria-hidden="true"
            >
              {step.state === "done" ? <CheckIcon size={14} strokeWidth={3} /> : index + 1}
            </span>
            <div className="min-w-0 flex-1">
              <p className={cn("text-sm font-semibold", step.state === "done" ? "text-slate-500" : "text-slate-900")}>
                {step.title}
                <span className="sr-only">{step.state === "done" ? " (done)" : step.state === "current" ? " (next step)" : ""}</span>
              </p>
              <p className="mt-0.5 text-sm leading-6 text-slate-500">{step.description}</p>
            </div>
            {step.action ? <div className="shrink-0 self-center">{step.action}</div> : null}
          </li>
        ))}
      </ol>
    </div>
  );
}
