/** The currencies mentors can charge in (the server's list). */
export const CURRENCIES = ["EUR", "USD", "GBP", "INR", "AUD", "CAD", "CHF", "JPY", "NGN", "CNY"] as const;
export type Currency = (typeof CURRENCIES)[number];

export function isCurrency(value: string | null | undefined): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value ?? "");
}

/**
 * An amount in minor units (the API's `*_cents`, hundredths for every currency) in its currency,
 * e.g. (4500, "EUR") -> "€45", (4550, "EUR") -> "€45.50".
 */
export function formatMoney(cents: number, currency: string): string {
  const amount = cents / 100;
  const whole = Number.isInteger(amount);
  try {
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency,
      ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
    }).format(amount);
  } catch {
    return `${amount.toFixed(whole ? 0 : 2)} ${currency}`;
  }
}

/** "€45 / hour", or null when the mentor has not set a rate. */
export function formatHourlyRate(cents: number | null | undefined, currency: string): string | null {
  return cents == null ? null : `${formatMoney(cents, currency)} / hour`;
}

/** The currency's symbol on its own ("€", "₹"), for input adornments. */
export function currencySymbol(currency: string): string {
  try {
    const part = new Intl.NumberFormat(undefined, { style: "currency", currency, currencyDisplay: "narrowSymbol" })
      .formatToParts(0)
      .find((item) => item.type === "currency");
    return part?.value ?? currency;
  } catch {
    return currency;
  }
}

let names: Intl.DisplayNames | null | undefined;

/** "EUR — Euro". */
export function currencyLabel(currency: string): string {
  if (names === undefined) {
    try {
      names = new Intl.DisplayNames(undefined, { type: "currency" });
    } catch {
      names = null;
    }
  }
  const name = names?.of(currency);
  return name && name !== currency ? `${currency} — ${name}` : currency;
}

/** A typed major-unit amount ("45", "45.5", "45,50") as minor units, or null when it isn't one. */
export function parseAmount(text: string): number | null {
  const cleaned = text.trim().replace(",", ".");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 100);
}

/** Minor units as a major-unit string for inputs: 4500 -> "45", 4550 -> "45.50". */
export function amountText(cents: number | null | undefined): string {
  if (cents == null) return "";
  return cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2);
}
