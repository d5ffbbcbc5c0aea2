import { lazy, Suspense, type ReactNode } from "react";
import type { ContentKind, ContentVersion } from "../../api/content";
import { CheckIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { isEmptyHtml } from "../editor/html";
import { SkeletonText } from "../../components/ui/Skeleton";
import { draftFrom } from "./drafts";
import { describeNumeric, parseNumber, QUESTION_TYPES } from "./question";
import { SimulationPreview } from "./SimulationPreview";
import { LoadingState } from "../../components/ui/States";
import { LazyNotesViewer } from "../media/lazy";
import { VideoPlayer } from "../media/VideoPlayer";

// The learners' renderer (KaTeX, DOMPurify): loads with the first preview.
const ContentBody = lazy(() => import("../content/ContentBody"));

/** Stored lesson HTML exactly as learners will read it. */
function Html({ html }: { html: string }) {
  return (
    <Suspense fallback={<SkeletonText lines={3} />}>
      <ContentBody html={html} />
    </Suspense>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="space-y-2">
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

/** One stored version, shown the way it reads (answers included: this is the author's view). */
export function VersionPreview({ kind, version }: { kind: ContentKind; version: ContentVersion }) {
  const draft = draftFrom(kind, version.body);
  const body = version.body;
  // The stored body carries the playable links; the author's watching is not remembered.
  if (body.kind === "video") return <VideoPlayer video={body} title={version.title} />;
  if (body.kind === "handwritten")
    return (
      <Suspense fallback={<LoadingState label="Loading the notes…" />}>
        <LazyNotesViewer notes={body} title={version.title} />
      </Suspense>
    );
  switch (draft.kind) {
    case "note":
      return <Html html={draft.html} />;
    case "simulation":
      return (
        <div className="space-y-3">
          <SimulationPreview url={draft.url} title={draft.title} />
          <p className="text-sm break-all text-slate-500">{draft.url}</p>
        </div>
      );
    case "question": {
      const question = draft.question;
      const type = QUESTION_TYPES.find((entry) => entry.type === question.type)?.label ?? question.type;
      const answer = parseNumber(question.answer);
      return (
        <div className="space-y-5">
          <Section title={`Question · ${type}`}>
            <Html html={question.prompt} />
          </Section>
          {question.type === "single_choice" || question.type === "multiple_choice" ? (
            <Section title="Choices">
              <ol className="space-y-1.5">
                {question.choices.map((choice, index) => (
                  <li
                    key={choice.id}
                    className={cn(
                      "flex items-start gap-2.5 rounded-lg px-3 py-2 text-sm ring-1 ring-inset",
                      choice.correct ? "bg-emerald-50 text-emerald-950 ring-emerald-200" : "bg-white text-slate-700 ring-slate-200",
                    )}
                  >
                    <span className="font-semibold">{String.fromCharCode(65 + index)}.</span>
                    <span className="flex-1">{choice.text}</span>
                    {choice.correct ? (
                      <span className="inline-flex items-center gap-1 text-xs font-medium text-emerald-700">
                        <CheckIcon size={14} /> Correct
                      </span>
                    ) : null}
                  </li>
                ))}
              </ol>
            </Section>
          ) : null}
          {question.type === "numeric" && answer !== null ? (
            <Section title="Answer">
              <p className="text-sm text-slate-800">{describeNumeric(answer, parseNumber(question.tolerance) ?? 0, question.unit)}</p>
            </Section>
          ) : null}
          {question.type === "short_text" ? (
            <Section title={`Accepted answers (${question.caseSensitive ? "case-sensitive" : "any capitals"})`}>
              <ul className="flex flex-wrap gap-1.5">
                {question.accepted.map((accepted) => (
                  <li key={accepted} className="rounded-full bg-slate-100 px-2.5 py-0.5 text-sm text-slate-700">
                    {accepted}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          {!isEmptyHtml(question.explanation) ? (
            <Section title="Explanation">
              <Html html={question.explanation} />
            </Section>
          ) : null}
        </div>
      );
    }
  }
}
