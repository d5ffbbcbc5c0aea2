/**
 * Lesson HTML for display. The server already sanitised it against an allow-list when it was
 * saved; this cleans it again with the same allow-list (defence in depth: a bug or an old row
 * must not become script on a learner's page), then renders formulas with KaTeX and adds the
 * reading affordances (safe links, lazy images, scrollable tables).
 */
import DOMPurify, { type Config } from "dompurify";
import katex from "katex";
import renderA11yString from "katex/contrib/render-a11y-string";
import { embeddableSimulation, simulationTitle, SIMULATION_TYPE } from "./simulation-embed";

// Mirrors the server's allow-list (adapters/content/html_sanitizer.py): anything else is dropped.
const TAGS = [
  "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span", "blockquote",
  "strong", "b", "em", "i", "u", "s", "sub", "sup", "mark", "small", "abbr",
  "ul", "ol", "li", "dl", "dt", "dd",
  "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
  "code", "pre", "kbd", "samp", "figure", "figcaption", "a", "img",
];
const GLOBAL_ATTRIBUTES = new Set(["class", "title", "lang", "dir"]);
const TAG_ATTRIBUTES: Record<string, ReadonlySet<string>> = {
  a: new Set(["href"]),
  img: new Set(["src", "alt", "width", "height"]),
  span: new Set(["data-latex", "data-type"]),
  // A simulation placed in the text: the reader turns it into a sandboxed frame.
  div: new Set(["data-latex", "data-type", "data-src", "data-title"]),
  ol: new Set(["start", "type"]),
  th: new Set(["colspan", "rowspan", "scope"]),
  td: new Set(["colspan", "rowspan"]),
  col: new Set(["span"]),
  colgroup: new Set(["span"]),
};
const ATTRIBUTES = [...new Set([...GLOBAL_ATTRIBUTES, ...Object.values(TAG_ATTRIBUTES).flatMap((names) => [...names])])];

const CLASS = /^(math|math-inline|math-display|language-[a-z0-9+#-]{1,30}|align-(left|center|right)|note-(info|warning|tip))$/;
// KaTeX commands that load URLs or inject HTML attributes, refused even though `trust` is off.
const UNSAFE_LATEX = /\\(href|url|includegraphics|html[A-Za-z]*)\b/;
const DATA_TYPES = new Set(["inline-math", "block-math", SIMULATION_TYPE]);
const NUMBER = /^[0-9]{1,4}$/;
const LIST_TYPES = new Set(["1", "a", "A", "i", "I"]);
const SCOPES = new Set(["row", "col", "rowgroup", "colgroup"]);
const DIRECTIONS = new Set(["ltr", "rtl", "auto"]);
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const MAX_LATEX = 5000;

/** Links and image sources: the web, mail, anchors and this site's own paths. */
const URI = /^(?:https?:|mailto:|#|\/(?!\/))/i;

function attributeValue(tag: string, name: string, value: string): string | null {
  if (!GLOBAL_ATTRIBUTES.has(name) && !TAG_ATTRIBUTES[tag]?.has(name)) return null;
  switch (name) {
    case "class": {
      const kept = value.split(/\s+/).filter((token) => CLASS.test(token));
      return kept.length ? kept.join(" ") : null;
    }
    case "data-latex":
      return UNSAFE_LATEX.test(value) || value.length > MAX_LATEX ? null : value;
    case "data-type":
      return DATA_TYPES.has(value) ? value : null;
    case "data-src":
      return embeddableSimulation(value);
    case "data-title":
      return simulationTitle(value) || null;
    case "src":
      // Lesson images only (content/ keys on the platform's own file store), as on the server.
      return /^\/files\/content\/[^/?#]/.test(value) ? value : null;
    case "href":
      return URI.test(value.trim()) ? value : null;
    case "width":
    case "height":
    case "colspan":
    case "rowspan":
    case "start":
    case "span":
      return NUMBER.test(value) ? value : null;
    case "type":
      return LIST_TYPES.has(value) ? value : null;
    case "scope":
      return SCOPES.has(value) ? value : null;
    case "dir":
      return DIRECTIONS.has(value) ? value : null;
    case "lang":
      return LANG.test(value) ? value : null;
    default:
      return value;
  }
}

// A private instance: hooks added here never affect anyone else's use of DOMPurify.
const purifier = DOMPurify(window);
purifier.addHook("uponSanitizeAttribute", (node, data) => {
  const value = attributeValue(node.nodeName.toLowerCase(), data.attrName, data.attrValue);
  if (value === null) data.keepAttr = false;
  else data.attrValue = value;
});

const CONFIG: Config = {
  ALLOWED_TAGS: TAGS,
  ALLOWED_ATTR: ATTRIBUTES,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: URI,
  // Attributes that are never addresses: DOMPurify would otherwise test their values as URLs.
  ADD_URI_SAFE_ATTR: ["data-latex", "data-type", "data-title", "lang", "dir", "width", "height", "start", "type", "colspan", "rowspan", "scope", "span"],
  // Dropped together with everything inside them, as on the server (script, style, svg, math,
  // iframe, template, … already are by default).
  ADD_FORBID_CONTENTS: ["object", "embed", "applet", "frame", "frameset", "textarea", "select", "form", "button", "input", "title", "head", "meta", "link", "base"],
};

/** Words a screen reader can say for a formula: "a squared plus b squared equals c squared". */
function spokenFormula(latex: string): string {
  try {
    return renderA11yString(latex, { strict: "ignore" });
  } catch {
    return latex;
  }
}

function renderFormula(element: Element): void {
  const latex = element.getAttribute("data-latex") ?? "";
  if (!latex.trim()) {
    element.setAttribute("aria-hidden", "true");
    return;
  }
  const block = element.getAttribute("data-type") === "block-math" || element.nodeName === "DIV";
  katex.render(latex, element as HTMLElement, {
    displayMode: block,
    throwOnError: false,
    trust: false,
    strict: "ignore",
    // The spoken label below replaces MathML, which several screen readers still don't read.
    output: "html",
  });
  const failed = element.querySelector(".katex-error") !== null;
  element.setAttribute("role", "img");
  element.setAttribute("aria-label", failed ? `Formula that could not be displayed: ${latex}` : spokenFormula(latex));
  element.classList.add(block ? "math-display" : "math-inline");
}

function srOnly(text: string): HTMLElement {
  const span = document.createElement("span");
  span.className = "sr-only";
  span.textContent = text;
  return span;
}

/** Whether a link leaves this site, judged by where the browser would really go: a
 * backslash or a tab inside a "path" can resolve to another host. */
export function isExternalHref(href: string, base: string = window.location.href): boolean {
  try {
    const url = new URL(href, base);
    return /^https?:$/.test(url.protocol) && url.origin !== new URL(base).origin;
  } catch {
    return true;
  }
}

function enhanceLink(link: HTMLAnchorElement): void {
  link.setAttribute("rel", "noopener noreferrer nofollow");
  const href = link.getAttribute("href") ?? "";
  if (/[\\\s]/.test(href)) {
    // The server refuses these; a stale or foreign body must not carry one either.
    link.removeAttribute("href");
    return;
  }
  if (href && isExternalHref(href)) {
    link.setAttribute("target", "_blank");
    link.append(srOnly(" (opens in a new tab)"));
  }
}

function enhanceImage(image: HTMLImageElement): void {
  if (!image.getAttribute("src")) {
    image.remove();
    return;
  }
  if (!image.hasAttribute("alt")) image.setAttribute("alt", "");
  image.setAttribute("loading", "lazy");
  image.setAttribute("decoding", "async");
}

/** Wide tables scroll sideways inside a focusable region instead of breaking the page. */
function wrapTable(table: HTMLTableElement): void {
  const wrapper = document.createElement("div");
  wrapper.className = "content-table";
  wrapper.setAttribute("role", "region");
  wrapper.setAttribute("tabindex", "0");
  const caption = table.querySelector("caption")?.textContent?.trim();
  wrapper.setAttribute("aria-label", caption ? `Table: ${caption}` : "Table");
  table.replaceWith(wrapper);
  wrapper.append(table);
}

/** Placeholders of simulations that may be shown: `ContentBody` renders a frame into each. */
export const SIMULATION_PLACEHOLDER = `div.content-simulation[data-type="${SIMULATION_TYPE}"][data-src]`;

/**
 * A simulation placeholder from an allowed site stays, emptied, for `ContentBody` to fill with a
 * sandboxed frame; any other becomes its title as plain text (or nothing without a title).
 */
function prepareSimulation(element: Element): void {
  const title = simulationTitle(element.getAttribute("data-title"));
  const url = embeddableSimulation(element.getAttribute("data-src"));
  if (!url) {
    if (!title) {
      element.remove();
      return;
    }
    const text = document.createElement("p");
    text.className = "content-simulation-unavailable";
    text.textContent = title;
    element.replaceWith(text);
    return;
  }
  for (const name of element.getAttributeNames()) element.removeAttribute(name);
  element.replaceChildren();
  element.className = "content-simulation";
  element.setAttribute("data-type", SIMULATION_TYPE);
  element.setAttribute("data-src", url);
  element.setAttribute("data-title", title);
}

/** Sanitised, formula-rendered HTML ready for `dangerouslySetInnerHTML`. */
export function renderContentHtml(html: string): string {
  if (!html) return "";
  const fragment = purifier.sanitize(html, { ...CONFIG, RETURN_DOM_FRAGMENT: true });
  // Before formulas: a placeholder is never one, whatever else it claims.
  fragment.querySelectorAll(`div[data-type="${SIMULATION_TYPE}"]`).forEach(prepareSimulation);
  fragment.querySelectorAll("[data-latex]").forEach(renderFormula);
  fragment.querySelectorAll("a").forEach(enhanceLink);
  fragment.querySelectorAll("img").forEach(enhanceImage);
  fragment.querySelectorAll("table").forEach(wrapTable);
  const holder = document.createElement("div");
  holder.append(fragment);
  return holder.innerHTML;
}
