// Prints the gzipped size of what the browser loads before the first route renders: the
// entry script, every chunk index.html preloads, and the stylesheet. Fails over the budget.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET_KB = 250;
const dist = new URL("../dist/", import.meta.url).pathname;
const html = readFileSync(join(dist, "index.html"), "utf8");
// A set: the stylesheet is linked twice (deferred, and again for browsers without scripts).
const assets = [...new Set([...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]))];

let js = 0;
let css = 0;
for (const asset of assets) {
  const size = gzipSync(readFileSync(join(dist, asset)), { level: 9 }).length;
  if (asset.endsWith(".js")) js += size;
  else css += size;
  console.log(`${(size / 1024).toFixed(1).padStart(7)} kB  ${asset}`);
}
console.log(`initial JavaScript: ${(js / 1024).toFixed(1)} kB gzipped (budget ${BUDGET_KB} kB); CSS: ${(css / 1024).toFixed(1)} kB`);
if (js / 1024 > BUDGET_KB) {
  console.error("the initial JavaScript is over budget");
  process.exit(1);
}
