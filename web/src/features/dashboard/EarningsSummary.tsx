import { useMyEarnings, type Earnings } from "../../api/earnings";
import { ButtonLink } from "../../components/ui/Button";
import { Card, CardHeader } from "../../components/ui/Card";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { formatMoney } from "../../lib/money";

/** The currency most of the mentor's money is in: the one the summary speaks of. */
function mainCurrency(earnings: Earnings): string | null {
  const sizes = new Map<string, number>();
  for (const b of earnings.balances) sizes.set(b.currency, b.pending + b.available + b.paid);
  for (const t of earnings.totals) sizes.set(t.currency, (sizes.get(t.currency) ?? 0) + t.net);
  return [...sizes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tracking-tight text-slate-900 tabular-nums">{value}</dd>
    </div>
  );
}

/** Available and pending money and this month's net, with the way to the earnings page. */
export function EarningsSummary({ className }: { className?: string }) {
  const earnings = useMyEarnings(null);
  const data = earnings.data;
  const currency = data ? mainCurrency(data) : null;
  const balance = data?.balances.find((b) => b.currency === currency);
  const month = data?.totals.find((t) => t.currency === currency);
  const sessions = data?.sessions.filter((s) => s.currency === currency).length ?? 0;
  return (
    <Card className={className}>
      <CardHeader
        title="Earnings"
        description="What you've earned from sessions, and what's on its way to you."
        action={
          <ButtonLink to="/mentor/earnings" variant="ghost" size="sm">
            View earnings
          </ButtonLink>
        }
      />
      {earnings.isError ? (
        <ErrorState error={earnings.error} title="We couldn't load your earnings" onRetry={() => void earnings.refetch()} />
      ) : !data ? (
        <SkeletonText lines={2} className="p-6" />
      ) : currency === null ? (
        <p className="px-5 py-5 text-sm text-slate-500 sm:px-6">No earnings yet. They appear here after your first paid session.</p>
      ) : (
        <dl className="grid grid-cols-3 gap-4 px-5 py-5 sm:px-6">
          <Figure label="Available" value={formatMoney(balance?.available ?? 0, currency)} />
          <Figure label="Pending" value={formatMoney(balance?.pending ?? 0, currency)} />
          <Figure label={sessions === 1 ? "This month, 1 session" : `This month, ${sessions} sessions`} value={formatMoney(month?.net ?? 0, currency)} />
        </dl>
      )}
    </Card>
  );
}
