import { render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ContentBody } from "./ContentBody";

function renderBody(html: string): HTMLElement {
  const { container } = render(<ContentBody html={html} />);
  return container.firstElementChild as HTMLElement;
}

describe("ContentBody", () => {
  it("renders inline and block formulas with KaTeX and labels them for screen readers", () => {
    const body = renderBody(
      '<p>Energy is <span data-type="inline-math" data-latex="E = mc^2"></span>.</p>' +
        '<div data-type="block-math" data-latex="a^2 + b^2 = c^2"></div>',
    );
    const inline = body.querySelector('span[data-type="inline-math"]');
    const block = body.querySelector('div[data-type="block-math"]');
    expect(inline?.querySelector(".katex")).not.toBeNull();
    expect(inline?.querySelector(".katex-display")).toBeNull();
    expect(block?.querySelector(".katex-display")).not.toBeNull();
    expect(inline).toHaveAttribute("role", "img");
    expect(block).toHaveAccessibleName("a, squared, plus, b, squared, equals, c, squared");
    expect(inline?.getAttribute("aria-label")).toMatch(/E, equals, m, c, squared/);
  });

  it("shows a formula KaTeX can't parse as its source, without throwing", () => {
    const body = renderBody('<p><span data-type="inline-math" data-latex="\\frac{1"></span></p>');
    const formula = body.querySelector("[data-latex]");
    expect(formula?.querySelector(".katex-error")).not.toBeNull();
    expect(formula).toHaveAccessibleName("Formula that could not be displayed: \\frac{1");
  });

  it("strips scripts, event handlers and unsafe links even if the server let them through", () => {
    const body = renderBody(
      '<p onclick="alert(1)">Hi<script>alert(1)</script></p>' +
        '<img src="/files/content/m/abc" onerror="alert(2)" alt="Diagram">' +
        '<img src="https://tracker.example/pixel.gif" alt="">' +
        '<a href="javascript:alert(3)">bad</a><a href="https://phet.colorado.edu/">PhET</a>' +
        '<iframe src="https://evil.example"></iframe><style>body{display:none}</style>' +
        '<p class="fixed inset-0 note-tip" style="color:red">Tip</p>' +
        '<span data-latex="\\href{https://evil.example}{x}" data-type="inline-math"></span>',
    );
    expect(body.querySelector("script, iframe, style")).toBeNull();
    expect(body.innerHTML).not.toMatch(/onerror|onclick|javascript:|alert|style=/);
    const images = body.querySelectorAll("img");
    expect(images).toHaveLength(1);
    expect(images[0]).toHaveAttribute("src", "/files/content/m/abc");
    expect(images[0]).toHaveAttribute("loading", "lazy");
    const links = body.querySelectorAll("a");
    expect(links[0]).not.toHaveAttribute("href");
    expect(links[1]).toHaveAttribute("target", "_blank");
    expect(links[1]).toHaveAttribute("rel", "noopener noreferrer nofollow");
    expect(links[1]).toHaveAccessibleName(/^PhET ?\(opens in a new tab\)$/);
    // Only the lesson's own layout classes survive: nothing that could restyle the page.
    expect(body.querySelector(".note-tip")).not.toHaveClass("fixed");
    expect(body.querySelector("[data-type='inline-math']")).not.toHaveAttribute("data-latex");
  });

  it("wraps tables in a focusable scroll region named after the caption", () => {
    const body = renderBody("<table><caption>Units</caption><tbody><tr><td>m</td></tr></tbody></table>");
    const region = body.querySelector(".content-table");
    expect(region).toHaveAttribute("role", "region");
    expect(region).toHaveAttribute("tabindex", "0");
    expect(region).toHaveAccessibleName("Table: Units");
    expect(region?.querySelector("table td")).toHaveTextContent("m");
  });
});
