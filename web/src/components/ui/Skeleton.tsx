import { cn } from "../../lib/cn";
import { Card } from "./Card";

/** A placeholder block that shimmers while content loads. Purely visual. */
export function Skeleton({ className }: { className?: string }) {
  return <div aria-hidden="true" className={cn("animate-pulse rounded-md bg-slate-200/70", className)} />;
}

export function SkeletonText({ lines = 3, className }: { lines?: number; className?: string }) {
  return (
    <div aria-hidden="true" className={cn("space-y-2.5", className)}>
      {Array.from({ length: lines }, (_, index) => (
        <Skeleton key={index} className={cn("h-3.5", index === lines - 1 ? "w-2/3" : "w-full")} />
      ))}
    </div>
  );
}

/**
 * A form page with a side panel while it loads (the content and course editors): a heading,
 * then the main card and the side card. `columns` is the page's own grid template, so the
 * placeholder lines up with what replaces it.
 */
export function FormPageSkeleton({ label, columns }: { label: string; columns: string }) {
  return (
    <div role="status" aria-label={label}>
      <Skeleton className="mb-4 h-4 w-24" />
      <Skeleton className="h-8 w-2/3 max-w-md" />
      <Skeleton className="mt-3 h-4 w-80 max-w-full" />
      <div className={cn("mt-8 grid gap-6", columns)}>
        <Card className="p-6">
          <SkeletonText lines={8} />
        </Card>
        <Card className="p-5">
          <SkeletonText lines={6} />
        </Card>
      </div>
    </div>
  );
}
