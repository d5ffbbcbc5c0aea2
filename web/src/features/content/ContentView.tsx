import { AlertTriangleIcon } from "../../components/ui/icons";
import { noteHtml, parseAnswerKey, parseQuestion, parseSimulation, questionExplanation, type Body } from "./bodies";
import { ContentBody } from "./ContentBody";
import { QuestionPlayer } from "./QuestionPlayer";
import { SimulationFrame } from "./SimulationFrame";

export interface ContentViewProps {
  kind: string;
  /** The item's document: the learner view, or the full body for a reviewer. */
  body: Body;
  /** The item shown; learners' answers to a question are sent for it. */
  itemId: string;
  /** A reviewer's preview: questions show their answer key and nothing is submitted. */
  review?: boolean;
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
export function ContentView({ kind, body, itemId, review = false }: ContentViewProps) {
  switch (kind) {
    case "note": {
      const html = noteHtml(body);
      return html.trim() ? <ContentBody html={html} /> : <Unavailable>This note is empty.</Unavailable>;
    }
    case "question": {
      const question = parseQuestion(body);
      if (!question) return <Unavailable>This question can't be shown: its answer options are missing.</Unavailable>;
      return (
        <QuestionPlayer
          key={itemId}
          itemId={itemId}
          question={question}
          preview={review ? { answerKey: parseAnswerKey(body), explanation: questionExplanation(body) } : undefined}
        />
      );
    }
    case "simulation": {
      const simulation = parseSimulation(body);
      if (!simulation) return <Unavailable>This simulation has no address to show.</Unavailable>;
      return <SimulationFrame url={simulation.url} title={simulation.title} description={simulation.description} />;
    }
    default:
      return <Unavailable>This kind of content can't be shown here yet.</Unavailable>;
  }
}

export default ContentView;
