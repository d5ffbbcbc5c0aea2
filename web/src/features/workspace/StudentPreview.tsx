import { lazy, Suspense, useState, type FormEvent } from "react";
import { Alert } from "../../components/ui/Alert";
import { Button } from "../../components/ui/Button";
import { EyeIcon, SparklesIcon } from "../../components/ui/icons";
import { Modal } from "../../components/ui/Modal";
import { SkeletonText } from "../../components/ui/Skeleton";
import { ContentHeader } from "../content/ContentHeader";
import type { Draft } from "./drafts";
import { learnerBody } from "./student-view";

// The learners' renderer (KaTeX, DOMPurify): loads with the first preview.
const ContentView = lazy(() => import("../content/ContentView"));

/** The mentor's hints, revealed one at a time as a learner takes them after a wrong answer. */
function HintSteps({ hints }: { hints: string[] }) {
  const [shown, setShown] = useState(0);
  return (
    <section aria-label="Hints" className="space-y-3 rounded-xl border border-dashed border-slate-300 p-4">
      <p className="text-sm text-slate-600">
        {hints.length
          ? "After a wrong answer, learners can take your hints one at a time."
          : "You haven't written hints: after a wrong answer, learners can try again or ask for the solution."}
      </p>
      {shown > 0 ? (
        <ol className="list-decimal space-y-1.5 pl-5 text-sm leading-6 text-slate-700">
          {hints.slice(0, shown).map((hint, index) => (
            <li key={index}>{hint}</li>
          ))}
        </ol>
      ) : null}
      {shown < hints.length ? (
        <Button variant="secondary" size="sm" icon={<SparklesIcon size={14} />} onClick={() => setShown((count) => count + 1)}>
          {shown === 0 ? "Show a hint" : "Show another hint"} ({shown + 1} of {hints.length})
        </Button>
      ) : null}
    </section>
  );
}

function PreviewBody({ itemId, title, draft, mentorName }: { itemId: string; title: string; draft: Draft; mentorName?: string | undefined }) {
  const [checked, setChecked] = useState(false);
  const body = learnerBody(draft, title);
  // The question player sends answers to the server, which grades them against the approved
  // version: an unsaved draft cannot be graded, so a learner's "Check answer" goes no further.
  const keepLocal = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    setChecked(true);
  };
  const hints = draft.kind === "question" ? draft.question.hints.map((hint) => hint.trim()).filter(Boolean) : [];
  return (
    <div className="space-y-5">
      <div className="max-h-[60vh] overflow-y-auto rounded-xl p-4 ring-1 ring-slate-200">
        <ContentHeader kind={draft.kind} title={title.trim() || "Untitled"} mentorName={mentorName} level={2} />
        {"problem" in body ? (
          <Alert tone="warning" title="Nothing to show yet">
            {body.problem}
          </Alert>
        ) : (
          <div onSubmitCapture={keepLocal}>
            <Suspense fallback={<SkeletonText lines={4} />}>
              <ContentView body={body} itemId={itemId} />
            </Suspense>
          </div>
        )}
      </div>
      {draft.kind === "question" ? (
        <>
          {checked ? (
            <p role="status" className="text-sm text-slate-600">
              Answers aren't checked in the preview: learners get their result as soon as they answer the approved version.
            </p>
          ) : null}
          <HintSteps hints={hints} />
        </>
      ) : null}
    </div>
  );
}

/**
 * "Preview as student": the draft in the editor, saved or not, through the same components
 * learners read and answer it with, without the answer key.
 */
export function StudentPreviewButton({ itemId, title, draft, mentorName, className }: { itemId: string; title: string; draft: Draft; mentorName?: string | undefined; className?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" icon={<EyeIcon size={16} />} className={className} onClick={() => setOpen(true)}>
        Preview as student
      </Button>
      <Modal
        open={open}
        size="lg"
        onClose={() => setOpen(false)}
        title="Preview as student"
        description="Your current draft, saved or not, as learners will see it once it's approved."
        footer={
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Close preview
          </Button>
        }
      >
        <PreviewBody itemId={itemId} title={title} draft={draft} mentorName={mentorName} />
      </Modal>
    </>
  );
}
