import { cn } from "../../lib/cn";
import { ChevronLeftIcon, ChevronRightIcon } from "./icons";
import { pageCount, pageRange, pageWindow } from "./pagination";

export interface PaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  noun?: string;
  /** Shown instead of the total, e.g. "1,000+" when the server stops counting. */
  totalLabel?: string;
  className?: string;
}

const numberFormat = new Intl.NumberFormat();

export function Pagination({ page, pageSize, total, onPageChange, noun = "results", totalLabel, className }: PaginationProps) {
  const pages = pageCount(total, pageSize);
  const { from, to } = pageRange(page, pageSize, total);
  const arrow =
    "inline-flex h-9 items-center gap-1 rounded-lg px-2.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 bg-white hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 disabled:hover:bg-white";
  return (
    <nav aria-label="Pagination" className={cn("flex flex-col items-center justify-between gap-3 sm:flex-row", className)}>
      <p className="text-sm text-slate-600" aria-live="polite">
        {total === 0 ? (
          `No ${noun}`
        ) : (
          <>
            Showing <span className="font-medium text-slate-900">{numberFormat.format(from)}</span>–
            <span className="font-medium text-slate-900">{numberFormat.format(to)}</span> of{" "}
            <span className="font-medium text-slate-900">{totalLabel ?? numberFormat.format(total)}</span> {noun}
          </>
        )}
      </p>
      <div className="flex items-center gap-1.5">
        <button type="button" className={arrow} disabled={page <= 1} onClick={() => onPageChange(page - 1)} aria-label="Previous page">
          <ChevronLeftIcon size={16} />
          <span className="hidden sm:inline">Previous</span>
        </button>
        <ul className="hidden items-center gap-1 md:flex">
          {pageWindow(page, pages).map((item, index) =>
            item === "gap" ? (
              <li key={`gap-${index}`} className="px-1.5 text-sm text-slate-400" aria-hidden="true">
                …
              </li>
            ) : (
              <li key={item}>
                <button
                  type="button"
                  onClick={() => onPageChange(item)}
                  aria-current={item === page ? "page" : undefined}
                  aria-label={`Page ${item}`}
                  className={cn(
                    "h-9 min-w-9 rounded-lg px-2 text-sm font-medium",
                    item === page ? "bg-brand-600 text-white shadow-sm" : "text-slate-700 hover:bg-slate-100",
                  )}
                >
                  {item}
                </button>
              </li>
            ),
          )}
        </ul>
        <span className="px-2 text-sm text-slate-600 md:hidden">
          Page {page} of {pages}
        </span>
        <button type="button" className={arrow} disabled={page >= pages} onClick={() => onPageChange(page + 1)} aria-label="Next page">
          <span className="hidden sm:inline">Next</span>
          <ChevronRightIcon size={16} />
        </button>
      </div>
    </nav>
  );
}

export interface CardPaginationProps {
  /** The page the list shows (undefined while loading: nothing is drawn). */
  data: { page: number; page_size: number; total: number } | undefined;
  noun: string;
  onPageChange: (page: number) => void;
}

/** A list card's footer: the pager, once there is more than one page or the list is past the first. */
export function CardPagination({ data, noun, onPageChange }: CardPaginationProps) {
  if (!data || (data.total <= data.page_size && data.page <= 1)) return null;
  return (
    <div className="border-t border-slate-100 px-4 py-3 sm:px-6">
      <Pagination page={data.page} pageSize={data.page_size} total={data.total} noun={noun} onPageChange={onPageChange} />
    </div>
  );
}
