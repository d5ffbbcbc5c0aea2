import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

// Text the server sends as it is unless a compressed copy lies beside it (web_client.py picks
// the copy from Accept-Encoding). Images and fonts are compressed formats already.
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;
// Below this the copy saves less than a network packet.
const MINIMUM_BYTES = 1024;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** Writes `name.br` (brotli, highest quality) and `name.gz` (gzip -9) beside every text file
 * of the build worth compressing, each only when it is smaller than the file itself. */
export function precompress(): Plugin {
  return {
    name: "mentora-precompress",
    apply: "build",
    closeBundle() {
      const { root, build } = this.environment.config;
      const outDir = join(root, build.outDir);
      for (const file of filesUnder(outDir)) {
        if (!COMPRESSIBLE.test(file) || statSync(file).size < MINIMUM_BYTES) continue;
        const source = readFileSync(file);
        const copies: [string, Buffer][] = [
          [".br", brotliCompressSync(source, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
            },
          })],
          [".gz", gzipSync(source, { level: 9 })],
        ];
        for (const [suffix, compressed] of copies) {
          if (compressed.length < source.length) writeFileSync(file + suffix, compressed);
        }
      }
    },
  };
}
