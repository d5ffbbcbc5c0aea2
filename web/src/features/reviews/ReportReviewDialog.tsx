import { ApiError } from "../../api/errors";
import { useReportReview, type Review } from "../../api/reviews";
import { AlertTriangleIcon } from "../../components/ui/icons";
import { ReasonDialog } from "../../components/ui/ReasonDialog";
import { useToast } from "../../components/ui/toast-context";

/** The server's limit (edu_core.domain.reviews.MAX_REPORT_REASON). */
export const MAX_REPORT_REASON = 500;

/**
 * Reports a review to the administrators with a reason. The review stays public until they
 * decide; `onReported` lets the list mark it as reported by this person.
 */
export function ReportReviewDialog({ review, onClose, onReported }: { review: Review; onClose: () => void; onReported: () => void }) {
  const report = useReportReview();
  const toast = useToast();

  const send = async (reason: string) => {
    try {
      await report.mutateAsync({ reviewId: review.id, reason });
      toast.success("Thanks for the report", "An administrator will look at this review.");
    } catch (failure) {
      // Reported before (from another tab, say): the person's wish is already on record.
      if (!(failure instanceof ApiError && failure.code === "review_already_reported")) throw failure;
      toast.info("Already reported", "You reported this review before; an administrator will look at it.");
    }
    onReported();
  };

  return (
    <ReasonDialog
      title="Report this review"
      description={`Tell us what is wrong with ${review.author_name}'s review. It stays visible until an administrator decides.`}
      icon={
        <span className="flex size-10 items-center justify-center rounded-xl bg-amber-50 text-amber-600 ring-1 ring-amber-100">
          <AlertTriangleIcon size={20} />
        </span>
      }
      hint="For example: insulting, not about a real session, personal information."
      maxLength={MAX_REPORT_REASON}
      requiredMessage="Say what is wrong with this review."
      submitLabel="Send report"
      errorTitle="We couldn't send the report"
      onSubmit={send}
      onClose={onClose}
    />
  );
}
