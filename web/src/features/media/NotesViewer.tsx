/**
 * Handwritten notes, page by page: a PDF drawn by pdf.js (in a chunk loaded only for PDFs) or
 * the page images; zoom, fit to width, page navigation (buttons, the page box, keys), and only
 * the pages near the screen rendered, so a long scan stays fast on a phone. Load it lazily
 * (`LazyNotesViewer` / `LazyHandwrittenNotes` in `lazy.ts`).
 *
 * Props:
 * - `notes`: the item's body as read (`HandwrittenBody`: status, source_type, pages, pdf_url).
 * - `title`: the item's title (the viewer's accessible name).
 * - `renderOverlay(page, view)`: drawn over each rendered page, sized to it (the ink layer);
 *   `view.scale` is CSS pixels per page unit, `view.panBy(dx, dy)` scrolls the viewer (a finger
 *   moving over a drawing layer).
 * - `toolbar`: extra controls shown in the viewer's bar (annotation tools).
 * - `onKeyDown`: keys the viewer doesn't use itself (e.g. undo/redo).
 * - `children`: shown after the pages (dialogs the tools open).
 *
 * Keys while focused: ←/→ (or p/n) page, Home/End first/last, +/- zoom, 0 fit to width.
 * Touch: one finger scrolls, two fingers pinch to zoom (the pages are scaled by CSS while the
 * fingers move, and drawn again at the new scale when they lift), a stylus draws.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type TouchEvent } from "react";
import { Alert } from "../../components/ui/Alert";
import { IconButton } from "../../components/ui/IconButton";
import { ChevronLeftIcon, ChevronRightIcon } from "../../components/ui/icons";
import { Spinner } from "../../components/ui/Spinner";
import { cn } from "../../lib/cn";
import type { DocumentPage, HandwrittenBody } from "./contract";
import type { PageRenderer } from "./PdfDocument";
import { fingerDistance, fitWidthScale, PAGE_GAP, pageAt, pageOffsets, pagesNear, pinchScale, zoomIn, zoomOut } from "./viewer-geometry";

const PdfDocument = lazy(() => import("./PdfDocument"));
/** Stable empty list, so the memoised geometry does not recompute on every render. */
const NO_PAGES: DocumentPage[] = [];

export interface PageView {
  scale: number;
  panBy: (dx: number, dy: number) => void;
}

export interface NotesViewerProps {
  notes: Pick<HandwrittenBody, "status" | "source_type" | "pages" | "pdf_url">;
  title: string;
  renderOverlay?: (page: DocumentPage, view: PageView) => ReactNode;
  toolbar?: ReactNode;
  onKeyDown?: (event: KeyboardEvent<HTMLDivElement>) => void;
  className?: string;
  children?: ReactNode;
}

const renderImage: PageRenderer = (page) =>
  page.image_url ? <img src={page.image_url} alt="" draggable={false} decoding="async" className="block h-full w-full select-none" /> : null;

function isField(target: EventTarget): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName));
}

export default function NotesViewer({ notes, title, renderOverlay, toolbar, onKeyDown, className, children }: NotesViewerProps) {
  // State rather than a ref: the overlays get `panBy` during render.
  const [scroller, setScroller] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState(0);
  const [viewport, setViewport] = useState({ top: 0, height: 800 });
  const [zoom, setZoom] = useState<"fit" | number>("fit");
  const [pdfError, setPdfError] = useState<Error | null>(null);
  const [pageInput, setPageInput] = useState<string | null>(null);
  const pinch = useRef<{ distance: number; scale: number } | null>(null);
  const [pinchTo, setPinchTo] = useState<number | null>(null);
  const pages = notes.pages ?? NO_PAGES;

  const fit = useMemo(() => fitWidthScale(pages, width || 800), [pages, width]);
  const scale = zoom === "fit" ? fit : zoom;
  const offsets = useMemo(() => pageOffsets(pages, scale), [pages, scale]);
  const heights = useMemo(() => pages.map((page) => Math.round(page.height * scale)), [pages, scale]);
  const current = pageAt(offsets, viewport.top, viewport.height);
  const near = pagesNear(offsets, heights, viewport.top, viewport.height);

  // Width for "fit to width"; scroll position for the current page and what to render.
  useEffect(() => {
    const element = scroller;
    if (!element) return;
    const measure = () => {
      setWidth(element.clientWidth);
      setViewport({ top: element.scrollTop, height: element.clientHeight || 800 });
    };
    measure();
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [scroller]);

  const onScroll = useCallback(() => {
    if (scroller) setViewport({ top: scroller.scrollTop, height: scroller.clientHeight || 800 });
  }, [scroller]);

  const goTo = useCallback(
    (number: number) => {
      const target = Math.min(pages.length, Math.max(1, number));
      scroller?.scrollTo({ top: offsets[target - 1] ?? 0 });
      onScroll();
    },
    [offsets, onScroll, pages.length, scroller],
  );

  // Zooming keeps the same spot of the notes on screen.
  const setScale = useCallback(
    (next: "fit" | number) => {
      const element = scroller;
      const nextScale = next === "fit" ? fit : next;
      if (element && scale > 0) {
        const ratio = nextScale / scale;
        requestAnimationFrame(() => {
          element.scrollTo({ top: element.scrollTop * ratio });
          onScroll();
        });
      }
      setZoom(next);
    },
    [fit, onScroll, scale, scroller],
  );

  const panBy = useCallback(
    (dx: number, dy: number) => {
      scroller?.scrollBy({ left: -dx, top: -dy });
    },
    [scroller],
  );

  function touchStart(event: TouchEvent<HTMLDivElement>) {
    const [a, b] = [event.touches[0], event.touches[1]];
    if (event.touches.length === 2 && a && b) pinch.current = { distance: fingerDistance(a, b), scale };
  }

  function touchMove(event: TouchEvent<HTMLDivElement>) {
    const [a, b] = [event.touches[0], event.touches[1]];
    if (!pinch.current || event.touches.length !== 2 || !a || !b) return;
    setPinchTo(pinchScale(pinch.current.scale, pinch.current.distance, fingerDistance(a, b)));
  }

  function touchEnd(event: TouchEvent<HTMLDivElement>) {
    if (!pinch.current || event.touches.length >= 2) return;
    pinch.current = null;
    if (pinchTo !== null) setScale(pinchTo);
    setPinchTo(null);
  }

  function keyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (isField(event.target)) return;
    if (!event.ctrlKey && !event.metaKey && !event.altKey) {
      const actions: Record<string, () => void> = {
        ArrowRight: () => goTo(current + 1),
        n: () => goTo(current + 1),
        ArrowLeft: () => goTo(current - 1),
        p: () => goTo(current - 1),
        Home: () => goTo(1),
        End: () => goTo(pages.length),
        "+": () => setScale(zoomIn(scale)),
        "=": () => setScale(zoomIn(scale)),
        "-": () => setScale(zoomOut(scale)),
        "0": () => setScale("fit"),
      };
      const action = actions[event.key];
      if (action) {
        event.preventDefault();
        action();
        return;
      }
    }
    onKeyDown?.(event);
  }

  if (notes.status !== "ready") {
    return notes.status === "failed" ? (
      <Alert tone="danger" title="These notes can't be shown">
        They could not be processed.
      </Alert>
    ) : (
      <div role="status" className="flex items-center justify-center gap-3 rounded-2xl bg-slate-50 py-16 text-sm text-slate-500">
        <Spinner className="size-5 text-brand-600" /> These notes are still being processed.
      </div>
    );
  }

  const view: PageView = { scale, panBy };
  const isPdf = notes.source_type === "application/pdf";

  const pagesOf = (renderPage: PageRenderer) =>
    pages.map((page, index) => {
      const w = Math.round(page.width * scale);
      const h = heights[index] ?? 0;
      const shown = near.has(page.number);
      return (
        <section
          key={page.number}
          aria-label={`Page ${page.number} of ${pages.length}`}
          className="relative mx-auto bg-white shadow-sm ring-1 ring-slate-200"
          style={{ width: w, height: h, marginBottom: PAGE_GAP }}
        >
          {/* The thumbnail holds the place (and shows something at once) until the page is drawn. */}
          {page.thumbnail_url ? <img src={page.thumbnail_url} alt="" aria-hidden="true" className="absolute inset-0 h-full w-full object-fill opacity-60" /> : null}
          {shown ? (
            <>
              <div className="absolute inset-0">{renderPage(page, w)}</div>
              {renderOverlay ? <div className="absolute inset-0">{renderOverlay(page, view)}</div> : null}
            </>
          ) : null}
        </section>
      );
    });

  return (
    // Keys work from the toolbar too (undo right after choosing a tool).
    <div role="region" aria-label={`Notes: ${title}`} onKeyDown={keyDown} className={cn("flex min-h-0 flex-col overflow-hidden rounded-2xl bg-slate-100 ring-1 ring-slate-200", className)}>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 bg-white px-3 py-2 text-sm">
        <IconButton label="Previous page" onClick={() => goTo(current - 1)} disabled={current <= 1}>
          <ChevronLeftIcon size={18} />
        </IconButton>
        <label className="flex items-center gap-1.5 text-slate-600">
          <span className="sr-only">Page</span>
          <input
            aria-label="Page number"
            inputMode="numeric"
            className="h-8 w-12 rounded-md border-0 text-center text-sm tabular-nums ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
            value={pageInput ?? String(current)}
            onFocus={() => setPageInput(String(current))}
            onChange={(event) => setPageInput(event.target.value)}
            onBlur={() => setPageInput(null)}
            onKeyDown={(event) => {
              if (event.key !== "Enter") return;
              const number = Number(pageInput);
              if (Number.isInteger(number)) goTo(number);
              setPageInput(null);
            }}
          />
          <span className="tabular-nums">of {pages.length}</span>
        </label>
        <IconButton label="Next page" onClick={() => goTo(current + 1)} disabled={current >= pages.length}>
          <ChevronRightIcon size={18} />
        </IconButton>
        <span className="mx-1 h-5 w-px bg-slate-200" aria-hidden="true" />
        <button type="button" aria-label="Zoom out" title="Zoom out (-)" onClick={() => setScale(zoomOut(scale))} className="h-8 rounded-md px-2 text-slate-600 hover:bg-slate-100">
          −
        </button>
        <output aria-label="Zoom" className="w-12 text-center text-slate-600 tabular-nums">
          {Math.round(scale * 100)}%
        </output>
        <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={() => setScale(zoomIn(scale))} className="h-8 rounded-md px-2 text-slate-600 hover:bg-slate-100">
          +
        </button>
        <button type="button" aria-pressed={zoom === "fit"} onClick={() => setScale("fit")} className={cn("h-8 rounded-md px-2 text-slate-600 hover:bg-slate-100", zoom === "fit" && "bg-brand-50 text-brand-700")}>
          Fit width
        </button>
        {toolbar ? <div className="ml-auto flex flex-wrap items-center gap-1">{toolbar}</div> : null}
      </div>
      <div
        ref={setScroller}
        tabIndex={0}
        onScroll={onScroll}
        onTouchStart={touchStart}
        onTouchMove={touchMove}
        onTouchEnd={touchEnd}
        onTouchCancel={touchEnd}
        data-testid="notes-scroller"
        aria-label={`${title}, page ${current} of ${pages.length}`}
        className="min-h-0 flex-1 overflow-auto overscroll-contain p-4 focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-brand-600"
        // The browser pans; pinching is the viewer's (it would zoom the whole page otherwise).
        style={{ maxHeight: "85vh", touchAction: "pan-x pan-y" }}
      >
        <div style={pinchTo !== null && scale > 0 ? { transform: `scale(${pinchTo / scale})`, transformOrigin: "top center" } : undefined}>
        {pdfError ? (
          <Alert tone="danger" role="alert" title="We couldn't open these notes">
            Reload the page to try again.
          </Alert>
        ) : isPdf && notes.pdf_url ? (
          <Suspense
            fallback={
              <div className="flex items-center justify-center gap-2 py-12 text-sm text-slate-500">
                <Spinner className="size-5 text-brand-600" /> Opening the notes…
              </div>
            }
          >
            <PdfDocument url={notes.pdf_url} onError={setPdfError}>
              {pagesOf}
            </PdfDocument>
          </Suspense>
        ) : (
          pagesOf(renderImage)
        )}
        </div>
      </div>
      {children}
    </div>
  );
}
