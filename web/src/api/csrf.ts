/**
 * Double-submit CSRF: the server sets a script-readable cookie at sign-in, and every unsafe
 * request must echo its value in `X-CSRF-Token`. The cookie is `__Host-edu_csrf` over HTTPS and
 * `edu_csrf` where the server runs with insecure cookies (plain-http development).
 */
export const CSRF_HEADER = "X-CSRF-Token";
export const CSRF_COOKIES = ["__Host-edu_csrf", "edu_csrf"] as const;
export const UNSAFE_METHODS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function readCookie(name: string, cookieString: string = document.cookie): string | null {
  for (const part of cookieString.split(";")) {
    const index = part.indexOf("=");
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}

export function readCsrfToken(cookieString?: string): string | null {
  for (const name of CSRF_COOKIES) {
    const value = readCookie(name, cookieString);
    if (value) return value;
  }
  return null;
}
