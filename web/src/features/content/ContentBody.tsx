import "katex/dist/katex.min.css";
import "./content-body.css";
import { useCallback, useMemo, useState } from "react";
import { createPortal } from "react-dom";
import { cn } from "../../lib/cn";
import { renderContentHtml, SIMULATION_PLACEHOLDER } from "./render-html";
import { EMBED_SANDBOX } from "./simulation-embed";
import { SimulationFrame } from "./SimulationFrame";

export interface ContentBodyProps {
  /** Lesson HTML as the server stored it (already sanitised there; cleaned again here). */
  html: string;
  className?: string;
  /** Tighter spacing, for question prompts and explanations. */
  compact?: boolean;
}

interface Embed {
  element: HTMLElement;
  url: string;
  title: string;
}

function embedsIn(root: HTMLElement): Embed[] {
  return Array.from(root.querySelectorAll<HTMLElement>(SIMULATION_PLACEHOLDER), (element) => ({
    element,
    url: element.getAttribute("data-src") ?? "",
    title: element.getAttribute("data-title") ?? "",
  }));
}

/**
 * Read-only lesson text: sanitised HTML with KaTeX formulas and reading typography. Heavy
 * (KaTeX and DOMPurify): load it lazily, e.g. through `ContentView`.
 *
 * Simulations placed in the text arrive as empty placeholders (see `simulation-embed.ts`); each
 * becomes a sandboxed `SimulationFrame`, rendered into its placeholder through a portal so it
 * stays where the author put it, even inside a list or a quote.
 */
export function ContentBody({ html, className, compact = false }: ContentBodyProps) {
  const rendered = useMemo(() => renderContentHtml(html), [html]);
  const [embeds, setEmbeds] = useState<Embed[]>([]);
  // A new callback for new HTML: React detaches the old one and attaches this one once the new
  // markup is in the page, so the placeholders found are always the current ones.
  const attach = useCallback(
    (root: HTMLDivElement | null) => {
      const found = root && rendered.includes("content-simulation") ? embedsIn(root) : [];
      setEmbeds((current) => (found.length === 0 && current.length === 0 ? current : found));
    },
    [rendered],
  );
  return (
    <>
      <div
        ref={attach}
        className={cn("content-body", compact && "content-body-compact", className)}
        // Sanitised by renderContentHtml (DOMPurify with the server's allow-list).
        dangerouslySetInnerHTML={{ __html: rendered }}
      />
      {embeds.map((embed, index) =>
        createPortal(<SimulationFrame url={embed.url} title={embed.title} sandbox={EMBED_SANDBOX} />, embed.element, `${index}:${embed.url}`),
      )}
    </>
  );
}

export default ContentBody;
