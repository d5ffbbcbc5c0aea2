import { describe, expect, it } from "vitest";
import { renderLoader, renderPage } from "./prerender";

describe("pages rendered at build time", () => {
  it("renders the landing page with its lazy code loaded, as a visitor before any data", async () => {
    const html = await renderPage("/");
    expect(html).toContain("verified mentors");
    expect(html).toContain('id="main"');
    expect(html).toContain('aria-busy="true"'); // the figures wait for the API, as in the client
    expect(html).not.toContain("Loading…"); // the page itself, not the route's fallback
  });

  it("renders the loading screen the client starts with", () => {
    expect(renderLoader()).toContain("Loading Mentora…");
  });
});
