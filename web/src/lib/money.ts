/** The currencies mentors can charge in (the server's list). */
export const CURRENCIES = ["EUR", "USD", "GBP", "INR", "AUD", "CAD", "CHF", "JPY", "NGN", "CNY"] as const;
export type Currency = (typeof CURRENCIES)[number];

export function isCurrency(value: string | null | undefined): value is Currency {
  return (CURRENCIES as readonly string[]).includes(value ?? "");
}

const digitsCache = new Map<string, number>();

/** The currency's ISO 4217 minor-unit exponent: 2 for EUR (cents), 0 for JPY (whole yen). */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

// Building a formatter costs far more than using one, and a list formats a price per row.
const moneyFormats = new Map<string, Intl.NumberFormat | null>();

function moneyFormat(currency: string, whole: boolean): Intl.NumberFormat | null {
  const key = `${currency}:${whole ? "whole" : "minor"}`;
  let format = moneyFormats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(undefined, {
        style: "currency",
        currency,
        ...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {}),
      });
    } catch {
      format = null;
    }
    moneyFormats.set(key, format);
  }
  return format;
}

/**
 * An amount in the currency's minor units (the API's `*_cents`: cents, paise, whole yen), e.g.
 * (4500, "EUR") -> "€45", (4550, "EUR") -> "€45.50", (3000, "JPY") -> "¥3,000".
 */
export function formatMoney(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  const amount = cents / 10 ** digits;
  const whole = Number.isInteger(amount);
  return moneyFormat(currency, whole)?.format(amount) ?? `${amount.toFixed(whole ? 0 : digits)} ${currency}`;
}

/** A converted price, rounded to whole units and marked approximate: "≈ $20". */
export function formatApproxMoney(cents: number, currency: string): string {
  const amount = Math.round(cents / 10 ** minorDigits(currency));
  return `≈ ${formatMoney(amount * 10 ** minorDigits(currency), currency)}`;
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

/**
 * A typed major-unit amount ("45", "45.5", "45,50") as minor units of `currency`, or null when it
 * isn't one (more decimals than the currency has: none for JPY).
 */
export function parseAmount(text: string, currency = "EUR"): number | null {
  const digits = minorDigits(currency);
  const cleaned = text.trim().replace(",", ".");
  const pattern = digits > 0 ? new RegExp(`^\\d+(\\.\\d{1,${digits}})?$`) : /^\d+$/;
  if (!pattern.test(cleaned)) return null;
  return Math.round(Number(cleaned) * 10 ** digits);
}

/** Minor units as a major-unit string for inputs: 4500 -> "45", 4550 -> "45.50" (EUR). */
export function amountText(cents: number | null | undefined, currency = "EUR"): string {
  if (cents == null) return "";
  const unit = 10 ** minorDigits(currency);
  return cents % unit === 0 ? String(cents / unit) : (cents / unit).toFixed(minorDigits(currency));
}
