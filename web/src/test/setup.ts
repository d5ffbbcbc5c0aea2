import "@testing-library/jest-dom/vitest";
import { cleanup, configure } from "@testing-library/react";
import { afterEach, beforeEach } from "vitest";
import { configureLive } from "../live/connection";
import { FakeWebSocket } from "./fake-websocket";

// jsdom has no layout. ProseMirror (the rich text editor) measures ranges to scroll the cursor
// into view; give it empty measurements.
if (typeof Range !== "undefined" && !("getClientRects" in Range.prototype)) {
  Object.assign(Range.prototype, {
    getClientRects: () => Object.assign([], { item: () => null }),
    getBoundingClientRect: () => new DOMRect(0, 0, 0, 0),
  });
}
if (typeof document !== "undefined" && !("elementFromPoint" in document)) {
  Object.assign(document, { elementFromPoint: () => null });
}

// Lazy routes compile on first use in a run; give the first render of a file time for that.
configure({ asyncUtilTimeout: 4000 });

// No test reaches a real server: the live socket is a fake that stays "connecting" unless a test
// opens it (FakeWebSocket.latest().open()).
beforeEach(() => {
  FakeWebSocket.reset();
  configureLive({ createSocket: (url) => new FakeWebSocket(url) });
});

afterEach(() => {
  cleanup();
  document.cookie.split(";").forEach((part) => {
    const name = part.split("=")[0]?.trim();
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  });
});
