import "katex/dist/katex.min.css";
import katex from "katex";
import renderA11yString from "katex/contrib/render-a11y-string";
import { useMemo } from "react";
import { cn } from "../../lib/cn";

function spoken(latex: string): string {
  try {
    return renderA11yString(latex, { strict: "ignore" });
  } catch {
    return latex;
  }
}

/**
 * A LaTeX formula typeset with KaTeX, read out in words. Text that does not parse shows as its
 * source, never as an error box.
 */
export function Formula({ latex, display = false, className }: { latex: string; display?: boolean; className?: string }) {
  const html = useMemo(
    () => katex.renderToString(latex, { displayMode: display, throwOnError: false, trust: false, strict: "ignore", output: "html" }),
    [latex, display],
  );
  const Tag = display ? "div" : "span";
  return (
    <Tag
      role="img"
      aria-label={spoken(latex)}
      className={cn(display ? "math-display block overflow-x-auto" : "math-inline", className)}
      // KaTeX's own output from trust: false: no links, no HTML from the formula.
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
