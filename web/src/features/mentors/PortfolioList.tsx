import type { ReactNode } from "react";
import type { PortfolioItem } from "../../api/types";
import { DownloadIcon, FileTextIcon, ImageIcon } from "../../components/ui/icons";
import { formatBytes, isImageType } from "../../lib/files";

export function PortfolioList({ items, action }: { items: PortfolioItem[]; action?: (item: PortfolioItem) => ReactNode }) {
  return (
    <ul className="divide-y divide-slate-100">
      {items.map((item) => (
        <li key={item.id} className="flex items-center gap-4 py-3 first:pt-0 last:pb-0">
          <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-slate-100 text-slate-500">
            {isImageType(item.content_type) ? <ImageIcon size={18} /> : <FileTextIcon size={18} />}
          </span>
          <div className="min-w-0 flex-1">
            <p className="truncate text-sm font-medium text-slate-900">{item.title}</p>
            <p className="truncate text-xs text-slate-500">
              {item.filename} · {formatBytes(item.size)}
            </p>
          </div>
          <a href={item.url} download={item.filename} className="inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1.5 text-sm font-medium text-brand-700 hover:bg-brand-50" aria-label={`Download ${item.title}`}>
            <DownloadIcon size={16} /> <span className="hidden sm:inline">Download</span>
          </a>
          {action?.(item)}
        </li>
      ))}
    </ul>
  );
}
