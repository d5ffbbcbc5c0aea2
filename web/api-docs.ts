import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Plugin } from "vite";

// The API reference pages (/schema/swagger, /schema/redoc) are rendered by the server from these
// bundles, served with the client rather than from a CDN: the pages work where the browser
// cannot reach one, and nothing third-party runs on the platform's origin.
const BUNDLES: Record<string, string> = {
  "api-docs/swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
  "api-docs/swagger-ui-standalone-preset.js": "swagger-ui-dist/swagger-ui-standalone-preset.js",
  "api-docs/swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
  "api-docs/redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
};

/** Emits the Swagger UI and Redoc bundles under `api-docs/` in the build. */
export function apiDocs(): Plugin {
  const require = createRequire(import.meta.url);
  return {
    name: "mentora-api-docs",
    apply: "build",
    generateBundle() {
      for (const [fileName, module] of Object.entries(BUNDLES)) {
        this.emitFile({ type: "asset", fileName, source: readFileSync(require.resolve(module)) });
      }
    },
  };
}
