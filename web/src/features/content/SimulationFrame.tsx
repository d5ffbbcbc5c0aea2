import { useState } from "react";
import { AlertTriangleIcon, ExternalLinkIcon } from "../../components/ui/icons";
import { Spinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import { SIMULATION_SITE_NAMES, simulationSource } from "./simulation";
import { EMBED_SANDBOX } from "./simulation-embed";

export interface SimulationFrameProps {
  url: string;
  title: string;
  description?: string;
  className?: string;
  /** The frame's sandbox: readers get the server's (`EMBED_SANDBOX`), whether the simulation
   * is an item of its own or placed in a note; the author's preview passes a tighter one. */
  sandbox?: string;
}

/** An interactive simulation from an allowed site, sandboxed, in a responsive 16:9 frame. */
export function SimulationFrame({ url, title, description, className, sandbox = EMBED_SANDBOX }: SimulationFrameProps) {
  const [loaded, setLoaded] = useState(false);
  const source = simulationSource(url);
  const name = title.trim() || "Interactive simulation";

  if (!source) {
    return (
      <div role="note" className={cn("flex items-start gap-3 rounded-xl bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset", className)}>
        <AlertTriangleIcon size={18} className="mt-0.5 shrink-0 text-amber-600" />
        <p>This simulation can't be shown here: it isn't from one of the sites Mentora embeds ({SIMULATION_SITE_NAMES}).</p>
      </div>
    );
  }

  return (
    <figure className={cn("space-y-3", className)}>
      <div className="relative aspect-video w-full overflow-hidden rounded-xl bg-slate-100 ring-1 ring-slate-200">
        {!loaded ? (
          <div className="absolute inset-0 flex items-center justify-center gap-2.5 text-sm text-slate-500" aria-hidden="true">
            <Spinner className="size-5 text-brand-600" />
            Loading the simulation…
          </div>
        ) : null}
        <iframe
          src={source.url}
          title={name}
          sandbox={sandbox}
          allow="fullscreen"
          loading="lazy"
          referrerPolicy="no-referrer"
          onLoad={() => setLoaded(true)}
          className="absolute inset-0 size-full border-0"
        />
      </div>
      <figcaption className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between sm:gap-6">
        <div className="min-w-0 space-y-1">
          {description ? <p className="text-sm leading-6 text-slate-600">{description}</p> : null}
          <p className="text-xs text-slate-500">Interactive simulation by {source.provider}</p>
        </div>
        <a
          href={source.url}
          target="_blank"
          rel="noopener noreferrer"
          className="inline-flex shrink-0 items-center gap-1.5 self-start rounded-lg px-2.5 py-1.5 text-sm font-medium text-brand-700 ring-1 ring-slate-200 ring-inset hover:bg-brand-50"
        >
          <ExternalLinkIcon size={15} />
          Open in a new tab
          <span className="sr-only">: {name}</span>
        </a>
      </figcaption>
    </figure>
  );
}

export default SimulationFrame;
