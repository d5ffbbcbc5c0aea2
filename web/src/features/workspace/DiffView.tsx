import { CheckCircleIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { changeSummary, parseUnifiedDiff, type DiffLine } from "./diff";

const LINE_STYLES: Record<DiffLine["kind"], { row: string; marker: string; symbol: string; label: string }> = {
  added: { row: "bg-emerald-50 text-emerald-950", marker: "text-emerald-600", symbol: "+", label: "Added: " },
  removed: { row: "bg-rose-50 text-rose-950", marker: "text-rose-600", symbol: "−", label: "Removed: " },
  context: { row: "text-slate-600", marker: "text-slate-300", symbol: " ", label: "Unchanged: " },
};

function Line({ line }: { line: DiffLine }) {
  const style = LINE_STYLES[line.kind];
  const Text = line.kind === "added" ? "ins" : line.kind === "removed" ? "del" : "span";
  return (
    <li className={cn("flex min-w-fit font-mono text-[0.8rem] leading-6", style.row)} data-kind={line.kind}>
      <span aria-hidden="true" className="w-10 shrink-0 pr-2 text-right text-slate-400 tabular-nums select-none">
        {line.oldNumber ?? ""}
      </span>
      <span aria-hidden="true" className="w-10 shrink-0 pr-2 text-right text-slate-400 tabular-nums select-none">
        {line.newNumber ?? ""}
      </span>
      <span aria-hidden="true" className={cn("w-5 shrink-0 text-center font-semibold select-none", style.marker)}>
        {style.symbol}
      </span>
      <Text className="min-w-0 flex-1 pr-4 whitespace-pre-wrap no-underline">
        <span className="sr-only">{style.label}</span>
        {line.text || "\u00a0"}
      </Text>
    </li>
  );
}

/** A version diff in colour, with "Added:" / "Removed:" spoken for screen readers. */
export function DiffView({ diff, fromLabel, toLabel }: { diff: string; fromLabel: string; toLabel: string }) {
  const parsed = parseUnifiedDiff(diff);
  if (!parsed.hunks.length) {
    return (
      <div className="flex items-center gap-3 rounded-xl bg-slate-50 px-4 py-5 text-sm text-slate-600 ring-1 ring-slate-200">
        <CheckCircleIcon size={18} className="shrink-0 text-emerald-600" />
        {fromLabel} and {toLabel} have the same title and content.
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <p className="font-medium text-slate-800" aria-live="polite">
          {changeSummary(parsed)}
        </p>
        <p className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
          <span className="inline-flex items-center gap-1.5">
            <span className="size-3 rounded-sm bg-rose-100 ring-1 ring-rose-300" /> {fromLabel} only
          </span>
          <span className="inline-flex items-center gap-1.5">
            <span className="size-3 rounded-sm bg-emerald-100 ring-1 ring-emerald-300" /> {toLabel} only
          </span>
        </p>
      </div>
      <div className="max-h-[60vh] overflow-auto rounded-xl bg-white ring-1 ring-slate-200">
        {parsed.hunks.map((hunk, index) => (
          <section key={index} aria-label={`Change ${index + 1} of ${parsed.hunks.length}, from line ${hunk.newStart} of ${toLabel}`}>
            <p className="sticky top-0 border-y border-slate-100 bg-slate-50 px-3 py-1 font-mono text-xs text-slate-500 first:border-t-0">
              Line {hunk.oldStart} of {fromLabel} · line {hunk.newStart} of {toLabel}
            </p>
            <ol>
              {hunk.lines.map((line, position) => (
                <Line key={position} line={line} />
              ))}
            </ol>
          </section>
        ))}
      </div>
    </div>
  );
}
