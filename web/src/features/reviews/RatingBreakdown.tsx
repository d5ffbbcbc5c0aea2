import type { RatingSummary } from "../../api/types";
import { Stars } from "./Stars";

const ratingFormat = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A mentor's rating from their public reviews: the average, the count and a bar per number of stars. */
export function RatingBreakdown({ rating }: { rating: RatingSummary }) {
  const counts = [5, 4, 3, 2, 1].map((stars) => ({ stars, count: rating.distribution[String(stars)] ?? 0 }));
  const most = Math.max(1, ...counts.map((item) => item.count));
  return (
    <div>
      {rating.count ? (
        <div className="flex items-end gap-3">
          <p className="text-4xl font-semibold tracking-tight text-slate-900 tabular-nums">{ratingFormat.format(rating.average)}</p>
          <div className="pb-1">
            <Stars value={rating.average} />
            <p className="mt-1 text-xs text-slate-500">
              {rating.count} review{rating.count === 1 ? "" : "s"}
            </p>
          </div>
        </div>
      ) : (
        <div className="flex items-center gap-3">
          <Stars value={0} />
          <p className="text-sm font-medium text-slate-700">No reviews yet</p>
        </div>
      )}
      <dl className="mt-4 space-y-1.5">
        {counts.map(({ stars, count }) => (
          <div key={stars} className="flex items-center gap-3 text-xs">
            <dt className="w-12 shrink-0 text-slate-600">{stars} star{stars === 1 ? "" : "s"}</dt>
            <dd className="flex flex-1 items-center gap-3">
              <span className="h-2 flex-1 overflow-hidden rounded-full bg-slate-100" role="img" aria-label={`${count} of ${rating.count} reviews`}>
                <span className="block h-full rounded-full bg-amber-400" style={{ width: `${(count / most) * 100}%` }} />
              </span>
              <span className="w-6 text-right text-slate-500 tabular-nums">{count}</span>
            </dd>
          </div>
        ))}
      </dl>
      {rating.count === 0 ? <p className="mt-4 text-xs leading-5 text-slate-500">Reviews appear here after students' first sessions.</p> : null}
    </div>
  );
}
