"use client";
import { useRouter } from "next/navigation";
import { Bar, BarChart, Cell, Pie, PieChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { bytes } from "../format";

/*
 * The overview's charts (recharts, as the stats pages). Each is a picture of figures that are
 * also on the page as links (the legend beside it): a chart is for looking, the links are for
 * screen readers and keyboards, so the SVG itself is hidden from assistive technology. Colours
 * are the theme's CSS variables: light and dark alike.
 */

const TOOLTIP = { background: "var(--color-zinc-900)", border: "1px solid var(--color-zinc-700)", fontSize: 12, color: "var(--color-zinc-200)" };

export interface Slice {
  key: string;
  label: string;
  value: number;
  color: string;
  href: string;
}

/** A donut of parts of a whole (hosts by status, containers by state); a click opens the filtered list. */
export function Donut({ slices, testId }: { slices: Slice[]; testId: string }) {
  const router = useRouter();
  const shown = slices.filter((s) => s.value > 0);
  return (
    <div className="h-36 w-36 shrink-0" aria-hidden data-testid={testId}>
      <ResponsiveContainer width="100%" height="100%">
        {/* Hidden from assistive tech (the same figures sit beside it as links): nothing inside may take focus. */}
        <PieChart accessibilityLayer={false}>
          <Pie rootTabIndex={-1} data={shown} dataKey="value" nameKey="label" innerRadius="58%" outerRadius="95%" stroke="none" isAnimationActive={false} onClick={(s: { payload?: Slice }) => s.payload && router.push(s.payload.href)}>
            {shown.map((s) => (
              <Cell key={s.key} fill={s.color} className="cursor-pointer" />
            ))}
          </Pie>
          <Tooltip contentStyle={TOOLTIP} itemStyle={{ color: "var(--color-zinc-200)" }} />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}

export interface DiskBar {
  hostId: string;
  hostName: string;
  inUse: number;
  reclaimable: number;
}

/** Disk per host, the fullest first: what is in use and what a prune would free, stacked. A click opens the host's images. */
export function DiskChart({ hosts }: { hosts: DiskBar[] }) {
  const router = useRouter();
  return (
    <div className="h-64" aria-hidden data-testid="overview-disk-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart accessibilityLayer={false} data={hosts} layout="vertical" margin={{ top: 0, right: 12, bottom: 0, left: 0 }}>
          <XAxis type="number" tickFormatter={(n: number) => bytes(n)} stroke="var(--color-zinc-400)" fontSize={10} />
          <YAxis type="category" dataKey="hostName" width={120} stroke="var(--color-zinc-400)" fontSize={11} interval={0} />
          <Tooltip formatter={(v) => bytes(Number(v))} contentStyle={TOOLTIP} cursor={{ fill: "var(--color-zinc-800)" }} />
          <Bar dataKey="inUse" name="In use" stackId="disk" fill="var(--color-sky-500)" isAnimationActive={false} className="cursor-pointer" onClick={(d: { payload?: DiskBar }) => d.payload && router.push(`/hosts/${d.payload.hostId}/images`)} />
          <Bar dataKey="reclaimable" name="Reclaimable" stackId="disk" fill="var(--color-amber-500)" isAnimationActive={false} className="cursor-pointer" onClick={(d: { payload?: DiskBar }) => d.payload && router.push(`/hosts/${d.payload.hostId}/images`)} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
