/**
 * The pdf.js part of the notes viewer, in a chunk of its own: `NotesViewer` loads it only for
 * PDF notes, so neither the main bundle nor image notes pay for pdf.js.
 *
 * Uploaded PDFs are untrusted: `isEvalSupported: false` keeps pdf.js from compiling fonts with
 * `new Function` (the CVE-2024-4367 class), and the annotation layer (links, forms) is not
 * rendered. The worker is react-pdf's own pdfjs-dist build, so there is one pdf.js.
 */
import "react-pdf/dist/Page/TextLayer.css";
import { useMemo, type ReactNode } from "react";
import { Document, Page, pdfjs } from "react-pdf";
import workerUrl from "pdfjs-dist/build/pdf.worker.min.mjs?url";
import { Spinner } from "../../components/ui/Spinner";
import type { DocumentPage } from "./contract";

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

// pdf.js's data files, copied from pdfjs-dist by the build (`pdfjs-assets.ts`) and served by
// the app: character maps for CJK text, fonts for PDFs that don't embed theirs, and the
// JPEG 2000 decoder many scanners write.
const ASSETS = "/pdfjs";
const OPTIONS = {
  isEvalSupported: false,
  enableXfa: false,
  cMapUrl: `${ASSETS}/cmaps/`,
  cMapPacked: true,
  standardFontDataUrl: `${ASSETS}/standard_fonts/`,
  wasmUrl: `${ASSETS}/wasm/`,
} as const;

/** Draws page `page` `width` CSS pixels wide. */
export type PageRenderer = (page: DocumentPage, width: number) => ReactNode;

export interface PdfDocumentProps {
  url: string;
  children: (renderPage: PageRenderer) => ReactNode;
  onError: (error: Error) => void;
}

export default function PdfDocument({ url, children, onError }: PdfDocumentProps) {
  // A phone's 3x screen would triple the canvas memory of every page for little gain.
  const pixelRatio = Math.min(2, window.devicePixelRatio || 1);
  const render = useMemo<PageRenderer>(
    () =>
      function renderPage(page, width) {
        return (
          <Page
            pageNumber={page.number}
            width={width}
            devicePixelRatio={pixelRatio}
            renderAnnotationLayer={false}
            renderTextLayer
            loading={null}
            canvasBackground="white"
          />
        );
      },
    [pixelRatio],
  );
  return (
    <Document
      file={url}
      options={OPTIONS}
      onLoadError={onError}
      loading={
        <div className="flex items-center justify-center gap-2 py-12 text-sm text-slate-500">
          <Spinner className="size-5 text-brand-600" /> Opening the notes…
        </div>
      }
      error={null}
    >
      {children(render)}
    </Document>
  );
}
