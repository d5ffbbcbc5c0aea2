import type { ReactNode } from "react";
import type { Review } from "../../api/reviews";
import { Avatar } from "../../components/ui/Avatar";
import { formatDate } from "../../lib/format";
import { Stars } from "./Stars";

/**
 * One review as people read it: stars, author and date, the student's words and the mentor's
 * reply. Texts are plain text, shown as typed (never as markup).
 */
export function ReviewBody({ review, replyLabel = "The mentor's reply", actions }: { review: Review; replyLabel?: string; actions?: ReactNode }) {
  return (
    <article aria-label={`Review by ${review.author_name}`}>
      <div className="flex items-start gap-3">
        <Avatar name={review.author_name} seed={review.author_name} size="sm" />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
            <p className="text-sm font-semibold text-slate-900">{review.author_name}</p>
            <time dateTime={review.created_at} className="text-xs text-slate-500">
              {formatDate(review.created_at)}
            </time>
          </div>
          <Stars value={review.rating} size={14} className="mt-1" />
          {review.text ? <p className="mt-2 text-sm leading-6 break-words whitespace-pre-line text-slate-700">{review.text}</p> : null}
          {review.reply ? (
            <div className="mt-3 rounded-xl bg-slate-50 px-4 py-3 ring-1 ring-slate-200/70 ring-inset">
              <p className="text-xs font-semibold text-slate-700">{replyLabel}</p>
              <p className="mt-1 text-sm leading-6 break-words whitespace-pre-line text-slate-700">{review.reply}</p>
            </div>
          ) : null}
          {actions ? <div className="mt-2 flex flex-wrap items-center gap-2">{actions}</div> : null}
        </div>
      </div>
    </article>
  );
}
