/**
 * An annotation shared in a forum post or a chat message ("look at this"): the part of the page
 * around it, with the strokes, highlight or pin drawn over it exactly as they were shared.
 *
 * The page picture (the full photo, or a PDF page's thumbnail) is placed so that the shared
 * region fills the card, and an SVG whose `viewBox` is that region draws the selector in page
 * units over it, so both scale together at any width.
 */
import { cn } from "../../lib/cn";
import { isInk, parseXywh } from "./annotations";
import type { InkPoint, SharedAnnotation } from "./contract";
import { strokePath } from "./ink";

const KINDS = { sketching: "Sketch", highlighting: "Highlight", commenting: "Comment" } as const;

export interface AnnotationCardProps {
  annotation: SharedAnnotation;
  /** A heading for the card, e.g. the lesson's title. */
  title?: string;
  className?: string;
}

const percent = (value: number) => `${(value * 100).toFixed(4)}%`;

export function AnnotationCard({ annotation, title, className }: AnnotationCardProps) {
  const { region, page_width: pageWidth, page_height: pageHeight, selector, color } = annotation;
  const kind = KINDS[annotation.motivation];
  const text = annotation.body?.value ?? null;
  const pin = !isInk(selector) ? parseXywh(selector.value) : null;
  const label = `${kind} on page ${annotation.page}${title ? ` of ${title}` : ""}`;
  return (
    <figure className={cn("w-full max-w-sm overflow-hidden rounded-xl bg-white ring-1 ring-slate-200", className)} data-testid="annotation-card">
      <div className="relative w-full overflow-hidden bg-slate-100" style={{ aspectRatio: `${region.width} / ${region.height}` }}>
        <img
          src={annotation.image_url ?? annotation.thumbnail_url}
          alt={`Page ${annotation.page}, the part around the ${kind.toLowerCase()}`}
          loading="lazy"
          draggable={false}
          className="absolute max-w-none select-none"
          style={{
            width: percent(pageWidth / region.width),
            height: percent(pageHeight / region.height),
            left: percent(-region.x / region.width),
            top: percent(-region.y / region.height),
          }}
        />
        <svg viewBox={`${region.x} ${region.y} ${region.width} ${region.height}`} preserveAspectRatio="none" className="absolute inset-0 h-full w-full" aria-hidden="true">
          {isInk(selector) ? (
            <g fill={color}>
              {selector.strokes.map((stroke, index) => (
                <path key={index} d={strokePath(stroke as InkPoint[], selector.width)} />
              ))}
            </g>
          ) : annotation.motivation === "highlighting" && pin ? (
            <rect x={pin.x} y={pin.y} width={pin.w} height={pin.h} fill={color} fillOpacity={0.3} style={{ mixBlendMode: "multiply" }} />
          ) : null}
        </svg>
        {annotation.motivation === "commenting" && pin ? (
          <span
            className="absolute -mt-3 -ml-3 flex size-6 items-center justify-center rounded-full text-xs font-bold text-white shadow ring-2 ring-white"
            style={{ left: percent((pin.x - region.x) / region.width), top: percent((pin.y - region.y) / region.height), backgroundColor: color }}
            aria-hidden="true"
          >
            !
          </span>
        ) : null}
      </div>
      <figcaption className="space-y-1 px-3 py-2 text-sm">
        <p className="flex items-center gap-2 text-xs font-medium text-slate-500">
          <span className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: color }} aria-hidden="true" />
          {label}
        </p>
        {text ? <p className="whitespace-pre-wrap text-slate-800">{text}</p> : null}
      </figcaption>
    </figure>
  );
}
