import type { ReactNode } from "react";
import { errorMessage } from "../../lib/error-messages";
import { cn } from "../../lib/cn";
import { Button } from "./Button";
import { AlertTriangleIcon, InboxIcon, RefreshIcon } from "./icons";
import { Spinner } from "./Spinner";

export function EmptyState({ icon, title, description, action, className }: { icon?: ReactNode; title: ReactNode; description?: ReactNode; action?: ReactNode; className?: string }) {
  return (
    <div className={cn("flex flex-col items-center px-6 py-12 text-center", className)}>
      <div className="mb-4 flex size-12 items-center justify-center rounded-2xl bg-brand-50 text-brand-600 ring-1 ring-brand-100">
        {icon ?? <InboxIcon size={22} />}
      </div>
      <h3 className="text-base font-semibold text-slate-900">{title}</h3>
      {description ? <p className="mt-1.5 max-w-sm text-sm leading-6 text-slate-500">{description}</p> : null}
      {action ? <div className="mt-5 flex flex-wrap justify-center gap-3">{action}</div> : null}
    </div>
  );
}

export function ErrorState({ error, title = "We couldn't load this", onRetry, className }: { error: unknown; title?: ReactNode; onRetry?: () => void; className?: string }) {
  return (
    <div role="alert" className={cn("flex flex-col items-center px-6 py-12 text-center", className)}>
      <div className="mb-4 flex size-12 items-center justify-center rounded-2xl bg-rose-50 text-rose-600 ring-1 ring-rose-100">
        <AlertTriangleIcon size={22} />
      </div>
      <h3 className="text-base font-semibold text-slate-900">{title}</h3>
      <p className="mt-1.5 max-w-sm text-sm leading-6 text-slate-500">{errorMessage(error)}</p>
      {onRetry ? (
        <Button variant="secondary" className="mt-5" onClick={onRetry} icon={<RefreshIcon size={16} />}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

export function LoadingState({ label = "Loading…", className }: { label?: string; className?: string }) {
  return (
    <div role="status" className={cn("flex items-center justify-center gap-3 px-6 py-12 text-sm text-slate-500", className)}>
      <Spinner className="size-5 text-brand-600" />
      <span>{label}</span>
    </div>
  );
}
