import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

// jsdom lays nothing out, so the rule itself is checked: a long display formula must scroll in
// its own box rather than widen the page (and be clipped) on a phone.
const css = readFileSync(resolve(__dirname, "content-body.css"), "utf8");

function unlayeredRule(selector: string): string {
  const start = css.lastIndexOf(`${selector} {`);
  expect(start).toBeGreaterThan(css.lastIndexOf("@layer"));
  return css.slice(start, css.indexOf("}", start));
}

describe("display formulas on narrow screens", () => {
  it("scroll sideways inside a box that does not grow with them", () => {
    const rule = unlayeredRule(".content-body .math-display");
    expect(rule).toMatch(/contain:\s*inline-size/);
    expect(rule).toMatch(/max-width:\s*100%/);
    expect(rule).toMatch(/overflow-x:\s*auto/);
  });
});
