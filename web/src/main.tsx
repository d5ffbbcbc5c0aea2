import { StrictMode, startTransition } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/App";
import "./index.css";

const root = document.getElementById("root");
if (!root) throw new Error("The page has no #root element");

/**
 * The built pages inline the CSS of their first screen and load the full stylesheet as "print"
 * (prerender.ts), so it does not hold the first paint. It applies once loaded, and the client
 * renders only then: what it shows beyond that first screen needs it.
 */
function applyDeferredStyles(): Promise<void[]> {
  const links = [...document.querySelectorAll<HTMLLinkElement>("link[data-deferred-style]")];
  return Promise.all(
    links.map(
      (link) =>
        new Promise<void>((resolve) => {
          const apply = () => {
            link.media = "all";
            resolve();
          };
          if (link.sheet) apply();
          else {
            link.addEventListener("load", apply, { once: true });
            link.addEventListener("error", apply, { once: true });
          }
        }),
    ),
  );
}

void applyDeferredStyles().then(() =>
  // As a transition the first render yields to the browser every few milliseconds instead of
  // holding the main thread for the whole tree; the built page stays on screen meanwhile.
  startTransition(() =>
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    ),
  ),
);
