/** Small facts about stored lesson HTML, usable without loading the editor. */

/** The server refuses lesson HTML longer than this (before sanitising). */
export const MAX_HTML = 100_000;

/** True when the HTML has no text, formula, image, table or simulation: nothing a learner would see. */
export function isEmptyHtml(html: string): boolean {
  if (!html.trim()) return true;
  if (/<(img|table|hr)\b|data-latex=|data-type="simulation"/i.test(html)) return false;
  const text = html.replace(/<[^>]*>/g, "").replace(/&nbsp;|&#160;/g, " ");
  return text.trim() === "";
}

/** A file name for a download: "Newton's laws" -> "newtons-laws". */
export function fileSlug(title: string, fallback = "lesson"): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || fallback;
}
