import { lazy, Suspense, useId, type ReactNode } from "react";
import { Skeleton } from "../../components/ui/Skeleton";
import type { BarDatum } from "./charts";

const Bars = lazy(() => import("./charts"));

export interface ChartFigureProps {
  /** Names the chart and its table for assistive technology. */
  title: string;
  data: BarDatum[];
  format: (value: number) => string;
  /** The table's column headers: what a label is, what a value is. */
  labelHeader: string;
  valueHeader: string;
  height?: number;
  horizontal?: boolean;
  empty?: ReactNode;
}

/**
 * A bar chart with its data as a table behind it: the chart is a picture for sighted
 * readers (hidden from screen readers), the table (one click away, always in the page)
 * is what assistive technology reads.
 */
export function ChartFigure({ title, data, format, labelHeader, valueHeader, height = 220, horizontal = false, empty }: ChartFigureProps) {
  const id = useId();
  if (data.length === 0 && empty) return <>{empty}</>;
  return (
    <figure aria-labelledby={`${id}-title`} className="space-y-2">
      <figcaption id={`${id}-title`} className="sr-only">
        {title}
      </figcaption>
      <div aria-hidden="true" style={{ height }}>
        <Suspense fallback={<Skeleton className="h-full w-full" />}>
          <Bars data={data} format={format} height={height} horizontal={horizontal} />
        </Suspense>
      </div>
      <details className="group text-sm">
        <summary className="cursor-pointer text-xs font-medium text-slate-500 hover:text-slate-700">Show the data as a table</summary>
        <table className="mt-2 w-full text-left text-sm">
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr className="border-b border-slate-200 text-xs text-slate-500 uppercase">
              <th scope="col" className="py-1.5 pr-3 font-semibold">
                {labelHeader}
              </th>
              <th scope="col" className="py-1.5 text-right font-semibold">
                {valueHeader}
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.map((row) => (
              <tr key={row.label}>
                <th scope="row" className="py-1.5 pr-3 font-normal text-slate-700">
                  {row.label}
                </th>
                <td className="py-1.5 text-right text-slate-900 tabular-nums">{format(row.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
