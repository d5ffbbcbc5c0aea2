import { ExternalLinkIcon } from "../../components/ui/icons";
import { cn } from "../../lib/cn";
import { AtomIcon } from "../editor/icons";
import { checkSimulationUrl, PREVIEW_SANDBOX, SIMULATION_SITE_NAMES } from "../content/simulation";

/**
 * The simulation as learners will meet it: a sandboxed, lazily loaded frame, named for screen
 * readers. Only addresses the server would accept are ever loaded.
 */
export function SimulationPreview({ url, title, className }: { url: string; title: string; className?: string }) {
  const check = checkSimulationUrl(url);
  if (!check.ok) {
    return (
      <div className={cn("flex aspect-video flex-col items-center justify-center gap-3 rounded-xl bg-slate-50 px-6 text-center ring-1 ring-slate-200 ring-inset", className)}>
        <span className="flex size-11 items-center justify-center rounded-2xl bg-white text-slate-400 ring-1 ring-slate-200">
          <AtomIcon size={22} />
        </span>
        <p className="max-w-sm text-sm text-slate-500">
          {url.trim() ? `The preview appears once the address is from ${SIMULATION_SITE_NAMES}.` : "Paste a simulation's address to preview it here."}
        </p>
      </div>
    );
  }
  const name = title.trim() || "Simulation preview";
  return (
    <div className={cn("space-y-2", className)}>
      <div className="aspect-video overflow-hidden rounded-xl bg-slate-100 ring-1 ring-slate-200">
        <iframe
          key={check.url}
          src={check.url}
          title={name}
          sandbox={PREVIEW_SANDBOX}
          loading="lazy"
          referrerPolicy="no-referrer"
          allow="fullscreen"
          className="size-full border-0 bg-white"
        />
      </div>
      <a
        href={check.url}
        target="_blank"
        rel="noopener noreferrer"
        className="inline-flex items-center gap-1.5 text-sm font-medium text-brand-700 hover:text-brand-800"
      >
        Open the simulation in a new tab <ExternalLinkIcon size={14} />
        <span className="sr-only">(opens a new tab)</span>
      </a>
    </div>
  );
}
