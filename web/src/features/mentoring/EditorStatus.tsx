import type { ReactNode } from "react";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { AlertCircleIcon, CheckCircleIcon, RefreshIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";

/** "Unsaved changes" / "All changes saved" beside the title of a settings page. */
export function SaveStatus({ dirty }: { dirty: boolean }) {
  return (
    <p className={cn("inline-flex items-center gap-1.5 text-sm", dirty ? "font-medium text-amber-700" : "text-slate-500")} aria-live="polite">
      {dirty ? <AlertCircleIcon size={16} /> : <CheckCircleIcon size={16} className="text-emerald-600" />}
      {dirty ? "Unsaved changes" : "All changes saved"}
    </p>
  );
}

/** A save refused because the document changed elsewhere since it was read (a version conflict). */
export function ConflictAlert({ reloading, onReload, children }: { reloading: boolean; onReload: () => void; children: ReactNode }) {
  return (
    <Alert
      tone="warning"
      role="alert"
      title="Your availability changed somewhere else"
      className="mb-6"
      action={
        <Button variant="secondary" size="sm" icon={<RefreshIcon size={15} />} loading={reloading} onClick={onReload}>
          Reload latest
        </Button>
      }
    >
      {children}
    </Alert>
  );
}
