/** Link targets the server keeps: web and mail addresses, and links within the platform. */
export function isAllowedHref(href: string): boolean {
  const value = href.trim();
  if (!value || /[\s\\]/.test(value)) return false;
  if (/^(https?:\/\/[^/\s]+|mailto:[^\s@]+@[^\s@]+)/i.test(value)) return true;
  return (value.startsWith("/") && !value.startsWith("//")) || value.startsWith("#");
}

/** "example.org/page" -> "https://example.org/page"; other input is left as typed. */
export function normaliseHref(raw: string): string {
  const value = raw.trim();
  if (!value || /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith("/") || value.startsWith("#")) return value;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(value)) return `mailto:${value}`;
  if (/^[^\s/]+\.[a-z]{2,}(\/|$|\?|#|:)/i.test(value)) return `https://${value}`;
  return value;
}

