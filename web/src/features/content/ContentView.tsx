import { AlertTriangleIcon } from "../../components/ui/icons";
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
}

function Unavailable({ children }: { children: string }) {
  return (
    <div role="note" className="flex items-start gap-3 rounded-xl bg-slate-50 p-4 text-sm text-slate-600 ring-1 ring-slate-200 ring-inset">
      <AlertTriangleIcon size={18} className="mt-0.5 shrink-0 text-slate-400" />
      <p>{children}</p>
    </div>
  );
}

/**
 * One content item as learners see it: a note to read, a question to answer or a simulation to
 * play with. Loads KaTeX and DOMPurify, so import it lazily.
 */
export function ContentView({ body, itemId, review = false, ask }: ContentViewProps) {
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
    default:
      return <Unavailable>This kind of content can't be shown here yet.</Unavailable>;
  }
}

export default ContentView;
