import type { ContentBody as Body } from "../content/bodies";
import { ContentBody } from "../content/ContentBody";
import { SimulationFrame } from "../content/SimulationFrame";

/**
 * The opening of a lesson as a visitor sees it. Questions show their prompt and options without
 * a way to answer (answers are kept for learners). Loads KaTeX: import it lazily.
 */
export function PreviewBody({ body }: { body: Body }) {
  if (body.kind === "note") return <ContentBody html={body.html} />;
  if (body.kind === "question") {
    const choices = body.choices ?? [];
    return (
      <div className="space-y-4">
        <ContentBody html={body.prompt} />
        {choices.length ? (
          <ul aria-label="Options" className="space-y-2">
            {choices.map((choice) => (
              <li key={choice.id} className="rounded-xl bg-slate-50 px-4 py-3 text-slate-700 ring-1 ring-slate-200 ring-inset">
                {choice.text}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  if (body.kind === "simulation") return <SimulationFrame url={body.url} title={body.title} />;
  return null;
}

export default PreviewBody;
