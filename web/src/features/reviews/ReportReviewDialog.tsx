import { useRef, useState, type FormEvent } from "react";
import { ApiError } from "../../api/errors";
import { useReportReview, type Review } from "../../api/reviews";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { TextAreaField } from "../../components/ui/Field";
import { AlertTriangleIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { useToast } from "../../components/ui/toast-context";
import { required, useFormErrors } from "../../lib/use-form-errors";

/** The server's limit (edu_core.domain.reviews.MAX_REPORT_REASON). */
export const MAX_REPORT_REASON = 500;

const FIELDS = ["reason"] as const;

/**
 * Reports a review to the administrators with a reason. The review stays public until they
 * decide; `onReported` lets the list mark it as reported by this person.
 */
export function ReportReviewDialog({ review, onClose, onReported }: { review: Review; onClose: () => void; onReported: () => void }) {
  const report = useReportReview();
  const toast = useToast();
  const [reason, setReason] = useState("");
  const field = useRef<HTMLTextAreaElement>(null);
  const { formRef, fieldErrors, formError, fromApi, check, clearField } = useFormErrors(FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check({ reason: required(reason, "Say what is wrong with this review.") })) return;
    report.mutate(
      { reviewId: review.id, reason: reason.trim() },
      {
        onSuccess: () => {
          toast.success("Thanks for the report", "An administrator will look at this review.");
          onReported();
          onClose();
        },
        onError: (failure) => {
          // Reported before (from another tab, say): the person's wish is already on record.
          if (failure instanceof ApiError && failure.code === "review_already_reported") {
            toast.info("Already reported", "You reported this review before; an administrator will look at it.");
            onReported();
            onClose();
            return;
          }
          fromApi(failure);
        },
      },
    );
  };

  return (
    <Modal
      open
      onClose={onClose}
      size="md"
      title="Report this review"
      description={`Tell us what is wrong with ${review.author_name}'s review. It stays visible until an administrator decides.`}
      icon={
        <span className="flex size-10 items-center justify-center rounded-xl bg-amber-50 text-amber-600 ring-1 ring-amber-100">
          <AlertTriangleIcon size={20} />
        </span>
      }
      initialFocus={field}
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={report.isPending}>
            Cancel
          </Button>
          <Button type="submit" form="report-review" variant="danger" loading={report.isPending}>
            Send report
          </Button>
        </>
      }
    >
      <form id="report-review" ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        <TextAreaField
          ref={field}
          label="Reason"
          hint="For example: insulting, not about a real session, personal information."
          value={reason}
          maxLength={MAX_REPORT_REASON}
          rows={3}
          error={fieldErrors.reason}
          onChange={(event) => {
            setReason(event.target.value);
            clearField("reason");
          }}
        />
        {formError ? (
          <Alert tone="danger" role="alert" title="We couldn't send the report">
            {formError}
          </Alert>
        ) : null}
      </form>
    </Modal>
  );
}
