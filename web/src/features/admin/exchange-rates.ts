/** Exchange rates as an admin types them: the server's own check, run before sending. */
const RATE = /^\d{1,8}(\.\d{1,9})?$/;

/** Why a typed rate can't be saved, or null when it can. */
export function rateProblem(text: string): string | null {
  const value = text.trim();
  if (!value) return "Enter a rate.";
  if (!RATE.test(value)) return "Use a decimal number with at most 9 decimals, like 0.012.";
  if (Number(value) <= 0) return "The rate must be above 0.";
  return null;
}
