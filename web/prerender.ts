import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import Beasties from "beasties";
import { createServer, type Plugin } from "vite";

// Pages served as prerendered HTML (web_client.py: `prerendered/<path>.html`). Only pages whose
// first screen is the same for everyone: those that depend on the session wait for it anyway.
const PAGES: Record<string, string> = { "/": "index.html" };
const ROOT_ELEMENT = '<div id="root"></div>';

interface PrerenderModule {
  renderLoader(): string;
  renderPage(url: string): Promise<string>;
}

/** The full stylesheet as "print" (fetched without holding the first paint; main.tsx applies it
 * before the client renders), and as is for browsers without scripts. */
function deferStylesheets(html: string): string {
  return html.replace(
    /<link rel="stylesheet"([^>]*)>/g,
    '<link rel="stylesheet"$1 media="print" data-deferred-style><noscript><link rel="stylesheet"$1></noscript>',
  );
}

/** After the build: puts the loading screen into dist/index.html and writes the pages above
 * into dist/prerendered/, each the built index.html with the page's markup inside #root and
 * the CSS that markup uses inlined in its head, so the first paint waits for neither the
 * stylesheet nor the scripts. */
export function prerender(): Plugin {
  return {
    name: "mentora-prerender",
    apply: "build",
    async writeBundle() {
      const { root, build } = this.environment.config;
      const outDir = join(root, build.outDir);
      const indexPath = join(outDir, "index.html");
      const template = readFileSync(indexPath, "utf8");
      if (!template.includes(ROOT_ELEMENT)) throw new Error(`index.html has no ${ROOT_ELEMENT}`);
      const critical = new Beasties({ path: outDir, publicPath: "/", preload: "body", pruneSource: false, logLevel: "warn" });
      const fill = async (markup: string) =>
        deferStylesheets(await critical.process(template.replace(ROOT_ELEMENT, `<div id="root">${markup}</div>`)));
      // A module loader only: the app's own config (and so this plugin) stays out of it.
      const server = await createServer({
        root,
        configFile: false,
        logLevel: "error",
        appType: "custom",
        server: { middlewareMode: true, hmr: false, ws: false },
      });
      try {
        const app = (await server.ssrLoadModule("/src/app/prerender.tsx")) as PrerenderModule;
        for (const [url, file] of Object.entries(PAGES)) {
          const path = join(outDir, "prerendered", file);
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, await fill(await app.renderPage(url)));
        }
        writeFileSync(indexPath, await fill(app.renderLoader()));
      } finally {
        await server.close();
      }
    },
  };
}
