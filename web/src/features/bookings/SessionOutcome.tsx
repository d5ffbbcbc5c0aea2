import { useState } from "react";
import { useSessionOutcome, type BookedSession } from "../../api/bookings";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { Card, CardBody, CardHeader } from "../../components/ui/Card";
import { Modal } from "../../components/ui/Modal";
import { ReasonDialog } from "../../components/ui/ReasonDialog";
import { useToast } from "../../components/ui/toast-context";
import { errorMessage } from "../../lib/error-messages";
import { formatDateTime } from "../../lib/format";

// The same rules as the server's (it decides; these only choose which buttons to offer).
const NO_SHOW_AFTER_MS = 10 * 60_000;
const COMPLAINT_WINDOW_MS = 48 * 3_600_000;
const DISPUTABLE = new Set(["confirmed", "completed", "no_show_student"]);

/** What happens after the start: the mentor marks the session held (or the student absent);
 * the student reports a problem while the complaint window is open. */
export function SessionOutcome({ session, viewerId, zone, now }: { session: BookedSession; viewerId: string; zone: string; now: number }) {
  const outcome = useSessionOutcome(session.id);
  const toast = useToast();
  const [reporting, setReporting] = useState(false);
  const [absent, setAbsent] = useState(false);
  if (!DISPUTABLE.has(session.status)) return null;
  const starts = new Date(session.starts_at).getTime();
  const ends = new Date(session.ends_at).getTime();
  const complaintsUntil = new Date(ends + COMPLAINT_WINDOW_MS).toISOString();
  const open = session.status === "confirmed";
  const asMentor = viewerId === session.mentor_id;
  const canComplete = open && asMentor && now >= ends;
  const canMarkAbsent = open && asMentor && now >= starts + NO_SHOW_AFTER_MS;
  // The mentor's "held" or "absent" stands only if the student does not object in time.
  const canReport = viewerId === session.student_id && now >= starts && now < ends + COMPLAINT_WINDOW_MS;
  if (!canComplete && !canMarkAbsent && !canReport) return null;

  return (
    <Card className="mt-6">
      <CardHeader
        title={asMentor ? "How did it go?" : "Something wrong?"}
        description={
          asMentor
            ? `Mark it held so your earnings move on; otherwise it completes by itself once the student's complaint window ends (${formatDateTime(complaintsUntil, zone)}).`
            : `Until ${formatDateTime(complaintsUntil, zone)} you can report a problem; an administrator then decides on a refund.`
        }
      />
      <CardBody className="flex flex-wrap gap-2">
        {canComplete ? (
          <Button
            loading={outcome.isPending && outcome.variables?.kind === "complete"}
            onClick={() => outcome.mutate({ kind: "complete" }, { onSuccess: () => toast.success("Session marked as held") })}
          >
            Mark as held
          </Button>
        ) : null}
        {canMarkAbsent ? (
          <Button variant="secondary" onClick={() => setAbsent(true)}>
            The student didn't come
          </Button>
        ) : null}
        {canReport ? (
          <Button variant="danger-soft" onClick={() => setReporting(true)}>
            Report a problem
          </Button>
        ) : null}
        {outcome.isError && !reporting && !absent ? (
          <Alert tone="danger" role="alert" className="w-full" title="That didn't work">
            {errorMessage(outcome.error)}
          </Alert>
        ) : null}
      </CardBody>
      {absent ? (
        <Modal
          open
          onClose={() => setAbsent(false)}
          title="Mark the student absent?"
          footer={
            <>
              <Button variant="secondary" onClick={() => setAbsent(false)} disabled={outcome.isPending}>
                Back
              </Button>
              <Button
                loading={outcome.isPending}
                onClick={() =>
                  outcome.mutate({ kind: "no-show" }, {
                    onSuccess: () => {
                      toast.success("Marked as a no-show");
                      setAbsent(false);
                    },
                  })
                }
              >
                Mark absent
              </Button>
            </>
          }
        >
          <p className="text-sm text-slate-700">The session ends without a refund and you are paid as for a session held. The student can still report a problem if they disagree.</p>
          {outcome.isError ? (
            <Alert tone="danger" role="alert" className="mt-4" title="That didn't work">
              {errorMessage(outcome.error)}
            </Alert>
          ) : null}
        </Modal>
      ) : null}
      {reporting ? <ReportDialog session={session} onClose={() => setReporting(false)} /> : null}
    </Card>
  );
}

function ReportDialog({ session, onClose }: { session: BookedSession; onClose: () => void }) {
  const outcome = useSessionOutcome(session.id);
  const toast = useToast();
  return (
    <ReasonDialog
      title="Report a problem with this session"
      label="What went wrong?"
      hint="For example: the mentor didn't come, or the session ended early. The mentor's payment waits until this is settled."
      maxLength={1000}
      requiredMessage="Say what went wrong."
      submitLabel="Send report"
      cancelLabel="Back"
      errorTitle="We couldn't send it"
      onSubmit={async (reason) => {
        await outcome.mutateAsync({ kind: "report", reason });
        toast.success("Problem reported", "An administrator will look at it and decide.");
      }}
      onClose={onClose}
    />
  );
}
