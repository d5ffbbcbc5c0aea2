/// <reference types="vitest/config" />
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { apiDocs } from "./api-docs";
import { pdfjsAssets } from "./pdfjs-assets";
import { precompress } from "./precompress";
import { prerender } from "./prerender";

const backend = process.env.MENTORA_API_URL ?? "http://127.0.0.1:8000";
const proxied = { target: backend, changeOrigin: false };

export default defineConfig({
  plugins: [react(), tailwindcss(), apiDocs(), pdfjsAssets(), prerender(), precompress()],
  server: {
    port: 5173,
    proxy: {
      "/api": proxied,
      "/schema": proxied,
      "/health": proxied,
      "/ws": { ...proxied, ws: true },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    // The server sends a strict CSP (script-src 'self'): no inline module preload polyfill.
    modulePreload: { polyfill: false },
    // pdf.js is one ~410 kB module (the handwritten notes' lazy chunk, loaded only by the notes
    // viewer): it cannot split further, so the limit sits just above it and still flags any
    // other chunk that grows past it.
    chunkSizeWarningLimit: 430,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: a separate chunk stays cached across deploys.
        // Only those the first page needs ("$initial"); the rest load with the lazy route that
        // uses them; the editor's (ProseMirror, TipTap) and KaTeX in chunks of their own.
        codeSplitting: {
          groups: [
            { name: "vendor", test: /node_modules/, tags: ["$initial"], priority: 3 },
            { name: "katex", test: /node_modules[\\/]katex[\\/]/, priority: 2 },
            { name: "prosemirror", test: /node_modules[\\/](prosemirror-|orderedmap|rope-sequence|w3c-keyname)/, priority: 2 },
            { name: "pdfjs", test: /node_modules[\\/](pdfjs-dist|react-pdf)[\\/]/, priority: 2 },
            { name: "tiptap", test: /node_modules[\\/](@tiptap|linkifyjs|marked)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    css: false,
    restoreMocks: true,
    // Whole pages render through the real client: on a busy 2-core machine one can take more
    // than Vitest's default 5 s without anything being wrong.
    testTimeout: 15_000,
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
