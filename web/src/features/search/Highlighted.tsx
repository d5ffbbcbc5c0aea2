import { Fragment } from "react";
import type { HighlightSegment } from "../../api/search";
import { cn } from "../../lib/cn";

/**
 * Server-split text with the matched words in `<mark>`. Segments are rendered as React text, so
 * whatever they contain (tags, entities, scripts) is shown literally, never interpreted.
 */
export function Highlighted({ segments, fallback = "", markClassName }: { segments: readonly HighlightSegment[]; fallback?: string; markClassName?: string }) {
  if (segments.length === 0) return <>{fallback}</>;
  return (
    <>
      {segments.map((segment, index) =>
        segment.highlight ? (
          <mark key={index} className={cn("rounded-[3px] bg-amber-100 px-0.5 text-inherit [box-decoration-break:clone]", markClassName)}>
            {segment.text}
          </mark>
        ) : (
          <Fragment key={index}>{segment.text}</Fragment>
        ),
      )}
    </>
  );
}
