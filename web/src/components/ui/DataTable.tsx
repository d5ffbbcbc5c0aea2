import type { ReactNode } from "react";
import { cn } from "../../lib/cn";
import { Skeleton } from "./Skeleton";

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  className?: string;
  /** Hide below this breakpoint to keep phones readable. */
  hideBelow?: "sm" | "md" | "lg";
}

export interface DataTableProps<T> {
  caption: string;
  columns: Array<Column<T>>;
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  loading?: boolean;
  skeletonRows?: number;
  empty?: ReactNode;
  onRowClick?: (row: T) => void;
  className?: string;
}

const hide = { sm: "hidden sm:table-cell", md: "hidden md:table-cell", lg: "hidden lg:table-cell" } as const;

export function DataTable<T>({ caption, columns, rows, rowKey, loading = false, skeletonRows = 6, empty, onRowClick, className }: DataTableProps<T>) {
  const showSkeleton = loading && !rows?.length;
  const isEmpty = !loading && rows !== undefined && rows.length === 0;
  return (
    <div className={cn("overflow-x-auto", className)}>
      <table className="min-w-full text-left text-sm" aria-busy={loading || undefined}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-200 bg-slate-50/80">
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={cn(
                  "px-4 py-3 text-xs font-semibold tracking-wide text-slate-500 uppercase first:pl-5 last:pr-5 sm:first:pl-6 sm:last:pr-6",
                  column.hideBelow && hide[column.hideBelow],
                  column.className,
                )}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={cn("divide-y divide-slate-100 transition-opacity", loading && rows?.length ? "opacity-60" : undefined)}>
          {showSkeleton
            ? Array.from({ length: skeletonRows }, (_, index) => (
                <tr key={`skeleton-${index}`} data-testid="skeleton-row">
                  {columns.map((column) => (
                    <td key={column.key} className={cn("px-4 py-4 first:pl-5 last:pr-5 sm:first:pl-6 sm:last:pr-6", column.hideBelow && hide[column.hideBelow])}>
                      <Skeleton className="h-4 w-full max-w-40" />
                    </td>
                  ))}
                </tr>
              ))
            : rows?.map((row) => (
                <tr
                  key={rowKey(row)}
                  onClick={onRowClick ? () => onRowClick(row) : undefined}
                  className={cn("group bg-white", onRowClick && "cursor-pointer hover:bg-slate-50")}
                >
                  {columns.map((column) => (
                    <td key={column.key} className={cn("px-4 py-3.5 align-middle text-slate-700 first:pl-5 last:pr-5 sm:first:pl-6 sm:last:pr-6", column.hideBelow && hide[column.hideBelow], column.className)}>
                      {column.cell(row)}
                    </td>
                  ))}
                </tr>
              ))}
        </tbody>
      </table>
      {isEmpty ? <div className="border-t border-slate-100">{empty}</div> : null}
    </div>
  );
}
