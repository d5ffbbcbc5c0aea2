import { render, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ContentBody } from "./ContentBody";
import { isExternalHref } from "./render-html";

function renderBody(html: string): HTMLElement {
  const { container } = render(<ContentBody html={html} />);
  return container.firstElementChild as HTMLElement;
}

describe("ContentBody", () => {
  it("judges links by where the browser would go: a backslash path is not internal", () => {
    const base = "https://mentora.test/learn/physics";
    expect(isExternalHref("/\\evil.example/x", base)).toBe(true);
    expect(isExternalHref("https://evil.example/", base)).toBe(true);
    expect(isExternalHref("/learn/physics/energy", base)).toBe(false);
    expect(isExternalHref("#part-2", base)).toBe(false);
    expect(isExternalHref("mailto:help@mentora.test", base)).toBe(false);
    const body = renderBody('<p><a href="/\\evil.example/x">next</a> <a href="/learn/a">here</a></p>');
    const [sneaky, plain] = Array.from(body.querySelectorAll("a"));
    expect(sneaky).not.toHaveAttribute("href");
    expect(plain).toHaveAttribute("href", "/learn/a");
    expect(plain).not.toHaveAttribute("target");
  });

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

describe("ContentBody simulations", () => {
  const PHET = "https://phet.colorado.edu/sims/html/energy-skate-park-basics/latest/energy-skate-park-basics_en.html";
  const placeholder = (src: string, title: string) => `<div data-type="simulation" data-src="${src}" data-title="${title}"></div>`;

  it("renders an allowed placeholder as a sandboxed, named frame where the author put it", () => {
    const body = renderBody(
      '<p>Before <span data-type="inline-math" data-latex="E_k = \\tfrac12 mv^2"></span></p>' + placeholder(PHET, "Energy Skate Park") + "<p>After</p>",
    );
    const frames = body.querySelectorAll("iframe");
    expect(frames).toHaveLength(1);
    const frame = frames[0]!;
    expect(frame).toHaveAttribute("src", PHET);
    expect(frame).toHaveAttribute("title", "Energy Skate Park");
    expect(frame).toHaveAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-forms");
    expect(frame).toHaveAttribute("loading", "lazy");
    expect(frame).toHaveAttribute("referrerpolicy", "no-referrer");
    // Between the two paragraphs, inside its placeholder.
    const holder = frame.closest(".content-simulation");
    expect(holder?.previousElementSibling).toHaveTextContent("Before");
    expect(holder?.nextElementSibling).toHaveTextContent("After");
    const open = within(body).getByRole("link", { name: /Open in a new tab/ });
    expect(open).toHaveAttribute("href", PHET);
    expect(open).toHaveAttribute("target", "_blank");
    // Formulas still render around it.
    expect(body.querySelector("[data-latex] .katex")).not.toBeNull();
  });

  it("shows only the title, as text, for an address the client refuses", () => {
    const body = renderBody(
      placeholder("https://evil.example/sim.html", "Evil sim") +
        placeholder("http://phet.colorado.edu/sims/x.html", "Plain http") +
        placeholder("https://phet.colorado.edu:8443/sims/x.html", "Odd port") +
        placeholder("https://user:pw@www.desmos.com/calculator", "With credentials") +
        placeholder("https://geogebra.org/m/abc", "No www") +
        '<div data-type="simulation" data-title="No address"></div>' +
        placeholder("javascript:alert(1)", ""),
    );
    expect(body.querySelector("iframe, a, [data-src]")).toBeNull();
    expect(body.querySelectorAll(".content-simulation-unavailable")).toHaveLength(6);
    expect(body).toHaveTextContent("Evil simPlain httpOdd portWith credentialsNo wwwNo address");
    expect(body.innerHTML).not.toMatch(/evil\.example|javascript:/);
  });

  it("still strips raw frames and scripts, and names placeholders inside lists and quotes", () => {
    const body = renderBody(
      `<iframe src="${PHET}" title="Raw"></iframe><script>alert(1)</script>` +
        `<ul><li><p>Try it:</p>${placeholder("https://www.desmos.com/calculator/abc123", "Parabola")}</li></ul>` +
        `<div data-type="simulation" data-src="https://www.geogebra.org/m/xyz" data-title="Circle" onload="alert(2)" data-latex="x"><p>inside</p><iframe src="https://evil.example"></iframe></div>`,
    );
    const frames = Array.from(body.querySelectorAll("iframe"));
    expect(frames.map((frame) => frame.getAttribute("title"))).toEqual(["Parabola", "Circle"]);
    expect(frames.map((frame) => frame.getAttribute("src"))).toEqual(["https://www.desmos.com/calculator/abc123", "https://www.geogebra.org/m/xyz"]);
    expect(frames[0]!.closest("li")).not.toBeNull();
    expect(body.querySelector("script")).toBeNull();
    expect(body.innerHTML).not.toMatch(/alert|onload|inside|evil\.example|katex/);
  });

  it("follows new HTML: frames come and go with their placeholders", () => {
    const { container, rerender } = render(<ContentBody html={placeholder(PHET, "First")} />);
    expect(container.querySelector("iframe")).toHaveAttribute("title", "First");
    rerender(<ContentBody html={`<p>Now two</p>${placeholder(PHET, "One")}${placeholder("https://www.desmos.com/calculator", "Two")}`} />);
    expect(Array.from(container.querySelectorAll("iframe"), (frame) => frame.title)).toEqual(["One", "Two"]);
    rerender(<ContentBody html="<p>None</p>" />);
    expect(container.querySelector("iframe")).toBeNull();
    expect(container).toHaveTextContent("None");
  });
});
