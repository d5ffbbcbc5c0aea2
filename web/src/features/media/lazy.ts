/**
 * The notes viewer in chunks of its own (pdf.js, perfect-freehand and the viewer never reach the
 * main bundle). Render them inside a `<Suspense>`.
 */
import { lazy } from "react";

export const LazyNotesViewer = lazy(() => import("./NotesViewer"));
export const LazyHandwrittenNotes = lazy(() => import("./HandwrittenNotes"));
