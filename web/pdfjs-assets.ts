import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, normalize, sep } from "node:path";
import type { Plugin } from "vite";

/** Where the app serves pdf.js's data files; `PdfDocument.tsx` points pdf.js at them. */
export const PDFJS_ASSETS = "/pdfjs";
// Character maps (CJK text), the standard fonts (PDFs that don't embed theirs) and the image
// decoders (JPEG 2000 scans: the WebAssembly one, or its JavaScript fallback where the CSP
// does not allow WebAssembly).
const FOLDERS = ["cmaps", "standard_fonts", "wasm"] as const;

function pdfjsRoot(): string {
  return dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));
}

function filesUnder(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

/** Copies pdf.js's data files from `pdfjs-dist` into the build under {@link PDFJS_ASSETS}, and
 * serves them from there in development: the viewer never fetches them from a CDN, and they are
 * always the installed pdf.js's own. */
export function pdfjsAssets(): Plugin {
  const root = pdfjsRoot();
  return {
    name: "mentora-pdfjs-assets",
    configureServer(server) {
      server.middlewares.use(PDFJS_ASSETS, (request, response, next) => {
        const relative = normalize(decodeURIComponent((request.url ?? "").split("?")[0] ?? "")).replace(/^[/\\]+/, "");
        const folder = relative.split(sep)[0] ?? "";
        const file = join(root, relative);
        if (!(FOLDERS as readonly string[]).includes(folder) || !file.startsWith(root + sep) || !statSync(file, { throwIfNoEntry: false })?.isFile()) return next();
        if (file.endsWith(".wasm")) response.setHeader("Content-Type", "application/wasm");
        createReadStream(file).pipe(response);
      });
    },
    generateBundle() {
      for (const folder of FOLDERS) {
        for (const name of filesUnder(join(root, folder))) {
          if (name.startsWith("LICENSE")) continue;
          this.emitFile({ type: "asset", fileName: `${PDFJS_ASSETS.slice(1)}/${folder}/${name}`, source: readFileSync(join(root, folder, name)) });
        }
      }
    },
  };
}
