import { PassThrough } from "node:stream";
import { Suspense } from "react";
import { renderToPipeableStream, renderToStaticMarkup } from "react-dom/server";
import { StaticRouter } from "react-router";
import { FullPageLoader } from "../components/layout/FullPageLoader";
import { Providers } from "./App";
import { createQueryClient } from "./query-client";
import { AppRoutes } from "./routes";

/**
 * Rendered at build time (vite.config.ts), so the browser paints before any script has run:
 * the loading screen every page starts with (index.html), and whole pages whose first screen
 * needs no data (the landing page). Both are what the client's first render shows too (no
 * session known yet, no data loaded), and the client replaces them (createRoot, no hydration).
 */
export function renderLoader(): string {
  return renderToStaticMarkup(<FullPageLoader />);
}

/** The page at `url` as the client first renders it, once its lazy code has loaded. */
export function renderPage(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (chunk: Buffer) => chunks.push(chunk));
    sink.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    const { pipe } = renderToPipeableStream(
      <Providers queryClient={createQueryClient()}>
        <StaticRouter location={url}>
          <Suspense fallback={<FullPageLoader />}>
            <AppRoutes />
          </Suspense>
        </StaticRouter>
      </Providers>,
      { onAllReady: () => pipe(sink), onShellError: reject, onError: reject },
    );
  });
}
