/** Rules for formulas that hold without KaTeX loaded. */

/** The server drops a formula longer than this. */
export const MAX_LATEX = 5000;

// The server sanitiser drops formulas using commands that load URLs or inject HTML.
const UNSAFE_LATEX = /\\(href|url|includegraphics|html[A-Za-z]*)\b/;

/** Why a formula can't be stored, or null when it can (KaTeX still has to parse it). */
export function latexProblem(latex: string): string | null {
  const text = latex.trim();
  if (!text) return "Write the formula in LaTeX, e.g. E = mc^2.";
  if (text.length > MAX_LATEX) return `Keep the formula under ${MAX_LATEX.toLocaleString()} characters.`;
  if (UNSAFE_LATEX.test(text)) return "Links, images and HTML commands (\\href, \\url, \\includegraphics, \\html…) aren't allowed in formulas.";
  return null;
}

/** Building blocks offered next to the LaTeX field; `|` marks where the cursor goes. */
export const FORMULA_SNIPPETS: ReadonlyArray<{ label: string; latex: string; name: string }> = [
  { label: "a/b", latex: "\\frac{|}{}", name: "Fraction" },
  { label: "√x", latex: "\\sqrt{|}", name: "Square root" },
  { label: "xⁿ", latex: "^{|}", name: "Superscript" },
  { label: "xᵢ", latex: "_{|}", name: "Subscript" },
  { label: "Σ", latex: "\\sum_{i=1}^{n} |", name: "Sum" },
  { label: "∫", latex: "\\int_{a}^{b} | \\,dx", name: "Integral" },
  { label: "lim", latex: "\\lim_{x \\to |}", name: "Limit" },
  { label: "v⃗", latex: "\\vec{|}", name: "Vector" },
  { label: "·", latex: "\\cdot |", name: "Multiplication dot" },
  { label: "±", latex: "\\pm |", name: "Plus or minus" },
  { label: "≤", latex: "\\le |", name: "Less than or equal" },
  { label: "≈", latex: "\\approx |", name: "Approximately" },
  { label: "α", latex: "\\alpha|", name: "Alpha" },
  { label: "π", latex: "\\pi|", name: "Pi" },
  { label: "θ", latex: "\\theta|", name: "Theta" },
  { label: "Δ", latex: "\\Delta |", name: "Delta" },
];

/** Puts a snippet into `text` at the selection; returns the new text and where the cursor goes. */
export function insertSnippet(text: string, start: number, end: number, snippet: string): { text: string; cursor: number } {
  const marker = snippet.indexOf("|");
  const clean = snippet.replace("|", "");
  const next = text.slice(0, start) + clean + text.slice(end);
  return { text: next, cursor: start + (marker < 0 ? clean.length : marker) };
}
