/** Whether pasted plain text is Markdown worth converting (rather than text to keep as typed). */
const BLOCK = /^(#{1,6}\s+\S|\s{0,3}[-*+]\s+\S|\s{0,3}\d{1,3}[.)]\s+\S|>\s?\S|```|\|.+\|\s*$|\$\$)/m;
const INLINE = /(\*\*[^*\n]+\*\*|__[^_\n]+__|\[[^\]\n]+\]\((https?:\/\/|\/|mailto:)[^)\s]*\)|`[^`\n]+`)/;

export function looksLikeMarkdown(text: string): boolean {
  if (!text.trim()) return false;
  return BLOCK.test(text) || INLINE.test(text);
}
