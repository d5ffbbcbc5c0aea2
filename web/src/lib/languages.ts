/**
 * Languages mentors teach in: ISO 639 codes (what the API stores), named in the viewer's own
 * language by the browser.
 */
export const LANGUAGE_CODES = [
  "af", "am", "ar", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fil", "fr",
  "ga", "gu", "ha", "he", "hi", "hr", "hu", "id", "ig", "it", "ja", "kn", "ko", "lt", "lv", "ml",
  "mr", "ms", "nl", "no", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "sr", "sv", "sw", "ta", "te",
  "th", "tr", "uk", "ur", "vi", "yo", "zh", "zu",
] as const;

let names: Intl.DisplayNames | null | undefined;

export function languageName(code: string): string {
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(undefined, { type: "language" });
    } catch {
      names = null;
    }
  }
  try {
    const name = names?.of(code);
    if (name && name !== code) return name.charAt(0).toLocaleUpperCase() + name.slice(1);
  } catch {
    // An unknown code falls through to the code itself.
  }
  return code.toUpperCase();
}

/** Every known language plus any extra codes (e.g. already chosen ones), sorted by name. */
export function languageOptions(extra: readonly string[] = []): Array<{ code: string; name: string }> {
  const codes = new Set<string>([...LANGUAGE_CODES, ...extra]);
  const { compare } = new Intl.Collator();  // one collator for the sort, not one per comparison
  return [...codes].map((code) => ({ code, name: languageName(code) })).sort((a, b) => compare(a.name, b.name));
}

let listFormat: Intl.ListFormat | null | undefined;

/** "English, German and Spanish" in the viewer's locale. */
export function languageList(codes: readonly string[]): string {
  const named = codes.map(languageName);
  if (listFormat === undefined) {
    try {
      listFormat = new Intl.ListFormat(undefined, { style: "long", type: "conjunction" });
    } catch {
      listFormat = null;
    }
  }
  return listFormat?.format(named) ?? named.join(", ");
}
