import { noteHtml, parseQuestion, parseSimulation, type Body } from "../content/bodies";
import { ContentBody } from "../content/ContentBody";
import { SimulationFrame } from "../content/SimulationFrame";

/**
 * The opening of a lesson as a visitor sees it. Questions show their prompt and options without
 * a way to answer (answers are kept for learners). Loads KaTeX: import it lazily.
 */
export function PreviewBody({ kind, body }: { kind: string; body: Body }) {
  if (kind === "note") return <ContentBody html={noteHtml(body)} />;
  if (kind === "question") {
    const question = parseQuestion(body);
    if (!question) return null;
    return (
      <div className="space-y-4">
        <ContentBody html={question.prompt} />
        {question.choices.length ? (
          <ul aria-label="Options" className="space-y-2">
            {question.choices.map((choice) => (
              <li key={choice.id} className="rounded-xl bg-slate-50 px-4 py-3 text-slate-700 ring-1 ring-slate-200 ring-inset">
                {choice.text}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  if (kind === "simulation") {
    const simulation = parseSimulation(body);
    return simulation ? <SimulationFrame url={simulation.url} title={simulation.title} description={simulation.description} /> : null;
  }
  return null;
}

export default PreviewBody;
