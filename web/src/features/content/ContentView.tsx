import { Suspense, useMemo } from "react";
import { useSession } from "../../auth/session-context";
import { AlertTriangleIcon } from "../../components/ui/icons";
import { LoadingState } from "../../components/ui/States";
import { annotationsSource, positionSaver, shareApi } from "../media/bindings";
import type { HandwrittenBody, VideoBody } from "../media/contract";
import { LazyHandwrittenNotes, LazyNotesViewer } from "../media/lazy";
import { VideoPlayer } from "../media/VideoPlayer";
import { askAboutPath, type AskTarget } from "./ask-about";
import { AskPrompt } from "./AskPrompt";
import { answerKeyOf, type ContentBody as Body } from "./bodies";
import { ContentBody } from "./ContentBody";
import { QuestionPlayer } from "./QuestionPlayer";
import { SimulationFrame } from "./SimulationFrame";

export interface ContentViewProps {
  /** The item's document, tagged with its kind: the learner view, or the full body for a
   * reviewer. */
  body: Body;
  /** The item shown; learners' answers to a question are sent for it. */
  itemId: string;
  /** A reviewer's preview: questions show their answer key and nothing is submitted. */
  review?: boolean;
  /** A learner's page: offer to ask the forum about the item. */
  ask?: AskTarget;
  /** The item's title: the player's and the notes viewer's accessible name. */
  title?: string;
}

function Unavailable({ children }: { children: string }) {
  return (
    <div role="note" className="flex items-start gap-3 rounded-xl bg-slate-50 p-4 text-sm text-slate-600 ring-1 ring-slate-200 ring-inset">
      <AlertTriangleIcon size={18} className="mt-0.5 shrink-0 text-slate-400" />
      <p>{children}</p>
    </div>
  );
}

/** Learners resume where they stopped; a reviewer's watching is not remembered. */
function Video({ video, itemId, title, review }: { video: VideoBody; itemId: string; title: string; review: boolean }) {
  const savePosition = useMemo(() => (review ? undefined : positionSaver(itemId)), [review, itemId]);
  return <VideoPlayer video={video} title={title} savePosition={savePosition} />;
}

/** Learners draw on the notes and keep their own annotations; a reviewer (or a visitor) only reads. */
function Notes({ notes, itemId, title, review }: { notes: HandwrittenBody; itemId: string; title: string; review: boolean }) {
  const { user } = useSession();
  return (
    <Suspense fallback={<LoadingState label="Loading the notes…" />}>
      {review || !user ? (
        <LazyNotesViewer notes={notes} title={title} />
      ) : (
        <LazyHandwrittenNotes notes={notes} title={title} itemId={itemId} currentUserId={user.id} annotations={annotationsSource(itemId)} share={shareApi} />
      )}
    </Suspense>
  );
}

/**
 * One content item as learners see it: a note to read, a question to answer or a simulation to
 * play with. Loads KaTeX and DOMPurify, so import it lazily.
 */
export function ContentView({ body, itemId, review = false, ask, title = "" }: ContentViewProps) {
  const prompt = ask ? <AskPrompt to={askAboutPath(ask)} /> : null;
  switch (body.kind) {
    case "note":
      return body.html.trim() ? (
        <>
          <ContentBody html={body.html} />
          {prompt}
        </>
      ) : (
        <Unavailable>This note is empty.</Unavailable>
      );
    case "question":
      return (
        <QuestionPlayer
          key={itemId}
          itemId={itemId}
          question={body}
          preview={review ? { answerKey: answerKeyOf(body), explanation: body.explanation ?? "" } : undefined}
          ask={review ? undefined : ask}
        />
      );
    case "simulation":
      return (
        <>
          <SimulationFrame url={body.url} title={body.title} />
          {prompt}
        </>
      );
    case "video":
      return (
        <>
          <Video video={body} itemId={itemId} title={title || "Video lesson"} review={review} />
          {prompt}
        </>
      );
    case "handwritten":
      return (
        <>
          <Notes notes={body} itemId={itemId} title={title || "Handwritten notes"} review={review} />
          {prompt}
        </>
      );
    default:
      return <Unavailable>This kind of content can't be shown here yet.</Unavailable>;
  }
}

export default ContentView;
