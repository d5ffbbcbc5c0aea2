/** The charts of the analytics pages, in a chunk of their own (recharts is loaded when a chart is first shown). */
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BarDatum {
  label: string;
  value: number;
}

export interface BarsProps {
  data: BarDatum[];
  /** How a value reads in the tooltip ("12 min"). */
  format: (value: number) => string;
  height?: number;
  color?: string;
  /** Horizontal bars: long labels (course items) read better down the side. */
  horizontal?: boolean;
}

export default function Bars({ data, format, height = 220, color = "#4f46e5", horizontal = false }: BarsProps) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 8, right: 12, bottom: 0, left: horizontal ? 8 : -12 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" horizontal={!horizontal} vertical={horizontal} />
        {horizontal ? (
          <>
            <XAxis type="number" tick={{ fontSize: 12, fill: "#64748b" }} allowDecimals={false} />
            <YAxis type="category" dataKey="label" width={140} tick={{ fontSize: 12, fill: "#475569" }} />
          </>
        ) : (
          <>
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: "#64748b" }} interval="preserveStartEnd" minTickGap={12} />
            <YAxis tick={{ fontSize: 12, fill: "#64748b" }} allowDecimals={false} />
          </>
        )}
        <Tooltip formatter={(value) => [format(Number(value)), ""]} separator="" cursor={{ fill: "#eef2ff" }} />
        <Bar dataKey="value" fill={color} radius={horizontal ? [0, 4, 4, 0] : [4, 4, 0, 0]} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
