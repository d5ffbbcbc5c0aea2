import { Fragment, useMemo } from "react";
import { cn } from "../../lib/cn";
import { parseUnifiedDiff, type DiffLineType } from "./diff";

const ROW: Record<DiffLineType, string> = {
  add: "bg-emerald-50 text-emerald-950",
  del: "bg-rose-50 text-rose-950",
  ctx: "text-slate-700",
};
const SIGN: Record<DiffLineType, { mark: string; label: string; className: string }> = {
  add: { mark: "+", label: "Added", className: "text-emerald-700" },
  del: { mark: "−", label: "Removed", className: "text-rose-700" },
  ctx: { mark: "", label: "", className: "" },
};

export interface DiffViewProps {
  /** A unified diff as the server sends it. */
  diff: string;
  /** Read out before the table, e.g. "Changes from version 3 to version 5". */
  caption: string;
  className?: string;
}

/**
 * A unified diff as a table: removed lines in red, added in green, each also labelled in text
 * ("Added", "Removed") so the change never depends on colour alone.
 */
export function DiffView({ diff, caption, className }: DiffViewProps) {
  const parsed = useMemo(() => parseUnifiedDiff(diff), [diff]);
  if (!parsed.hunks.length) {
    return <p className={cn("text-sm text-slate-500", className)}>No differences: the text is the same.</p>;
  }
  return (
    <div className={cn("space-y-3", className)}>
      <p className="flex flex-wrap gap-2 text-sm">
        <span className="inline-flex items-center gap-1 rounded-md bg-emerald-50 px-2 py-0.5 font-medium text-emerald-800 ring-1 ring-emerald-200 ring-inset">
          +{parsed.added} {parsed.added === 1 ? "line" : "lines"} added
        </span>
        <span className="inline-flex items-center gap-1 rounded-md bg-rose-50 px-2 py-0.5 font-medium text-rose-800 ring-1 ring-rose-200 ring-inset">
          −{parsed.removed} {parsed.removed === 1 ? "line" : "lines"} removed
        </span>
      </p>
      <div className="overflow-x-auto rounded-xl ring-1 ring-slate-200" role="region" aria-label={caption} tabIndex={0}>
        <table className="w-full border-collapse font-mono text-[0.8125rem] leading-6">
          <caption className="sr-only">{caption}</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">Old line</th>
              <th scope="col">New line</th>
              <th scope="col">Change</th>
              <th scope="col">Text</th>
            </tr>
          </thead>
          <tbody>
            {parsed.hunks.map((hunk, index) => (
              <Fragment key={index}>
                <tr className="bg-slate-50 text-slate-500">
                  <td colSpan={4} className="border-y border-slate-200 px-3 py-1 font-sans text-xs first:border-t-0">
                    From line {hunk.newStart}
                  </td>
                </tr>
                {hunk.lines.map((line, lineIndex) => {
                  const sign = SIGN[line.type];
                  return (
                    <tr key={lineIndex} className={ROW[line.type]}>
                      <td className="w-10 px-2 text-right text-slate-400 tabular-nums select-none">{line.oldNo ?? ""}</td>
                      <td className="w-10 px-2 text-right text-slate-400 tabular-nums select-none">{line.newNo ?? ""}</td>
                      <td className={cn("w-6 text-center font-semibold select-none", sign.className)}>
                        <span aria-hidden="true">{sign.mark}</span>
                        {sign.label ? <span className="sr-only">{sign.label}</span> : null}
                      </td>
                      <td className={cn("px-2 py-px break-words whitespace-pre-wrap", line.type === "del" && "decoration-rose-300")}>
                        {line.text || " "}
                      </td>
                    </tr>
                  );
                })}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
