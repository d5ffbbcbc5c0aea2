import { useEffect, useRef, useState, type FormEvent } from "react";
import { useLocation } from "react-router";
import type { BookedSession } from "../../api/bookings";
import { useReplyToReview, useReviewSession, useSessionReview, type Review } from "../../api/reviews";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { TextAreaField } from "../../components/ui/Field";
import { SendIcon, StarIcon } from "../../components/ui/icons";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ErrorState } from "../../components/ui/States";
import { useToast } from "../../components/ui/toast-context";
import { required, useFormErrors } from "../../lib/use-form-errors";
import { ReviewBody } from "./ReviewCard";
import { StarRatingInput } from "./Stars";

/** The server's limits (edu_core.domain.reviews): longer text is refused. */
export const MAX_REVIEW_TEXT = 2000;
export const MAX_REPLY_TEXT = 2000;

const REVIEW_FIELDS = ["rating", "text"] as const;
const REPLY_FIELDS = ["text"] as const;

function HiddenNotice({ review }: { review: Review }) {
  if (review.status !== "hidden") return null;
  return (
    <Alert tone="warning" title="Hidden by an administrator" className="mb-4">
      {review.hidden_reason ? `Reason: ${review.hidden_reason}` : null}
      <span className="block">It no longer appears on the mentor's profile; only the two of you and administrators can read it.</span>
    </Alert>
  );
}

function ReviewForm({ session }: { session: BookedSession }) {
  const post = useReviewSession(session.id);
  const toast = useToast();
  const [rating, setRating] = useState<number | null>(null);
  const [text, setText] = useState("");
  const { formRef, fieldErrors, formError, fromApi, check, clearField } = useFormErrors(REVIEW_FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check({ rating: rating ? null : "Choose 1 to 5 stars." })) return;
    post.mutate(
      { rating: rating ?? 0, text: text.trim() },
      {
        onSuccess: () => toast.success("Thanks for your review", `It helps other students choose ${session.mentor_name}.`),
        onError: fromApi,
      },
    );
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
      <StarRatingInput
        label="How was the session?"
        value={rating}
        error={fieldErrors.rating}
        disabled={post.isPending}
        onChange={(value) => {
          setRating(value);
          clearField("rating");
        }}
      />
      <TextAreaField
        label="Your review"
        optional
        hint={`What went well, what could be better? Shown on ${session.mentor_name}'s profile with your first name.`}
        value={text}
        maxLength={MAX_REVIEW_TEXT}
        rows={4}
        error={fieldErrors.text}
        onChange={(event) => {
          setText(event.target.value);
          clearField("text");
        }}
      />
      {formError ? (
        <Alert tone="danger" role="alert" title="We couldn't save your review">
          {formError}
        </Alert>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-xs text-slate-500">You can review a session once.</p>
        <Button type="submit" loading={post.isPending} icon={<StarIcon size={16} />}>
          Post review
        </Button>
      </div>
    </form>
  );
}

function ReplyForm({ review }: { review: Review }) {
  const reply = useReplyToReview();
  const toast = useToast();
  const [text, setText] = useState("");
  const { formRef, fieldErrors, formError, fromApi, check, clearField } = useFormErrors(REPLY_FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!check({ text: required(text, "Write your reply.") })) return;
    reply.mutate({ reviewId: review.id, text: text.trim() }, { onSuccess: () => toast.success("Reply posted"), onError: fromApi });
  };

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="mt-5 space-y-3 border-t border-slate-100 pt-5">
      <TextAreaField
        label="Your reply"
        hint="Shown publicly under the review. You can reply once."
        value={text}
        maxLength={MAX_REPLY_TEXT}
        rows={3}
        error={fieldErrors.text}
        onChange={(event) => {
          setText(event.target.value);
          clearField("text");
        }}
      />
      {formError ? (
        <Alert tone="danger" role="alert" title="We couldn't post your reply">
          {formError}
        </Alert>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" loading={reply.isPending} icon={<SendIcon size={16} />}>
          Post reply
        </Button>
      </div>
    </form>
  );
}

/**
 * The review part of a completed session's page: the student rates it once, then sees their
 * review; the mentor reads it and replies once; both see an administrator's reason for hiding it.
 */
export function SessionReview({ session, viewerId }: { session: BookedSession; viewerId: string }) {
  const asStudent = session.student_id === viewerId;
  // Until the session says it was reviewed there is nothing to ask for.
  const review = useSessionReview(session.id, session.reviewed);
  const location = useLocation();
  const section = useRef<HTMLElement>(null);
  const ready = !session.reviewed || !review.isPending;

  useEffect(() => {
    // Arriving from "Leave a review": bring the form into view once it is there.
    // (Environments without layout have no scrollIntoView.)
    if (location.hash === "#review" && ready) section.current?.scrollIntoView?.({ block: "start", behavior: "smooth" });
  }, [location.hash, ready]);

  if (session.status !== "completed") return null;
  // Also right after posting, before the session itself says it was reviewed.
  const found = review.data ?? null;

  let body;
  if (!found && session.reviewed && review.isPending) {
    body = <SkeletonText lines={3} />;
  } else if (!found && session.reviewed && review.isError) {
    body = <ErrorState error={review.error} title="We couldn't load the review" onRetry={() => void review.refetch()} />;
  } else if (found) {
    body = (
      <>
        <HiddenNotice review={found} />
        <ReviewBody review={found} replyLabel={asStudent ? `Reply from ${session.mentor_name}` : "Your reply"} />
        {!asStudent && !found.reply && found.status !== "hidden" ? <ReplyForm review={found} /> : null}
      </>
    );
  } else if (asStudent) {
    body = <ReviewForm session={session} />;
  } else {
    body = <p className="text-sm text-slate-500">{session.student_name} hasn't reviewed this session yet. You'll get a notice when they do.</p>;
  }

  const title = found ? (asStudent ? "Your review" : `${session.student_name}'s review`) : asStudent ? "Rate this session" : "Review";
  const description = found
    ? asStudent
      ? found.status === "hidden"
        ? undefined
        : `Shown on ${session.mentor_name}'s profile.`
      : found.reply
        ? "You replied to this review."
        : undefined
    : asStudent
      ? `Tell other students how your session with ${session.mentor_name} went.`
      : undefined;

  return (
    <section id="review" ref={section} aria-label={title} className="mt-6 scroll-mt-6">
      <Card>
        <CardHeader title={title} description={description} />
        <CardBody>{body}</CardBody>
      </Card>
    </section>
  );
}
