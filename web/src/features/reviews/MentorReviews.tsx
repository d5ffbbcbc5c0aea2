import { useState } from "react";
import { useLocation } from "react-router";
import { useMentorReviews, type Review } from "../../api/reviews";
import type { PublicMentor } from "../../api/types";
import { loginPath } from "../../auth/next";
import { useSession } from "../../auth/session-context";
import { Button, ButtonLink } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { CheckIcon } from "../../components/ui/icons";
import { CardPagination } from "../../components/ui/Pagination";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { cn } from "../../lib/cn";
import { RatingBreakdown } from "./RatingBreakdown";
import { ReviewBody } from "./ReviewCard";
import { ReportReviewDialog } from "./ReportReviewDialog";

// A quiet action under each review.
const REPORT = "-ml-2 h-7 px-2 text-xs text-slate-500";

/**
 * A mentor's reviews on their profile: the rating summary and their public reviews, newest
 * first, with the mentor's replies. Signed-in people can report a review.
 */
export function MentorReviews({ mentor }: { mentor: PublicMentor }) {
  const { user } = useSession();
  const location = useLocation();
  const [page, setPage] = useState(1);
  const [reporting, setReporting] = useState<Review | null>(null);
  const [reported, setReported] = useState<ReadonlySet<string>>(new Set());
  // Without a public review there is no list to ask for.
  const reviews = useMentorReviews(mentor.id, page, mentor.rating.count > 0);
  const here = `${location.pathname}${location.search}`;

  const report = (review: Review) => {
    if (reported.has(review.id)) {
      return (
        <span className="inline-flex items-center gap-1 text-xs font-medium text-slate-500">
          <CheckIcon size={14} /> Reported
        </span>
      );
    }
    if (!user) {
      return (
        <ButtonLink to={loginPath(here)} variant="ghost" size="sm" className={REPORT} aria-label={`Sign in to report ${review.author_name}'s review`}>
          Report
        </ButtonLink>
      );
    }
    return (
      <Button variant="ghost" size="sm" className={REPORT} aria-label={`Report ${review.author_name}'s review`} onClick={() => setReporting(review)}>
        Report
      </Button>
    );
  };

  let list;
  if (mentor.rating.count === 0) {
    list = null;
  } else if (reviews.isError) {
    list = <ErrorState error={reviews.error} title="We couldn't load the reviews" onRetry={() => void reviews.refetch()} />;
  } else if (reviews.isPending) {
    list = <SkeletonText lines={5} />;
  } else {
    list = (
      <ul aria-label={`Reviews of ${mentor.display_name}`} className={cn("divide-y divide-slate-100", reviews.isPlaceholderData && "opacity-60")}>
        {reviews.data.items.map((review) => (
          <li key={review.id} className="py-5 first:pt-0 last:pb-0">
            <ReviewBody review={review} replyLabel={`Reply from ${mentor.display_name}`} actions={report(review)} />
          </li>
        ))}
      </ul>
    );
  }

  return (
    <section id="reviews" aria-labelledby="reviews-title" className="scroll-mt-6">
      <Card>
        <CardHeader titleId="reviews-title" title="Reviews" description="Written by students after their sessions, newest first." />
        <CardBody>
          <div className={cn("grid gap-8", list && "md:grid-cols-[13rem_minmax(0,1fr)]")}>
            <RatingBreakdown rating={mentor.rating} />
            {list ? <div className="min-w-0">{list}</div> : null}
          </div>
        </CardBody>
        <CardPagination data={mentor.rating.count ? reviews.data : undefined} noun="reviews" onPageChange={setPage} />
      </Card>
      {reporting ? (
        <ReportReviewDialog
          review={reporting}
          onClose={() => setReporting(null)}
          onReported={() => setReported((current) => new Set(current).add(reporting.id))}
        />
      ) : null}
    </section>
  );
}
