import "katex/dist/katex.min.css";
import "./content-body.css";
import { useMemo } from "react";
import { cn } from "../../lib/cn";
import { renderContentHtml } from "./render-html";

export interface ContentBodyProps {
  /** Lesson HTML as the server stored it (already sanitised there; cleaned again here). */
  html: string;
  className?: string;
  /** Tighter spacing, for question prompts and explanations. */
  compact?: boolean;
}

/**
 * Read-only lesson text: sanitised HTML with KaTeX formulas and reading typography. Heavy
 * (KaTeX and DOMPurify): load it lazily, e.g. through `ContentView`.
 */
export function ContentBody({ html, className, compact = false }: ContentBodyProps) {
  const rendered = useMemo(() => renderContentHtml(html), [html]);
  return (
    <div
      className={cn("content-body", compact && "content-body-compact", className)}
      // Sanitised by renderContentHtml (DOMPurify with the server's allow-list).
      dangerouslySetInnerHTML={{ __html: rendered }}
    />
  );
}

export default ContentBody;
