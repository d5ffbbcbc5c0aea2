import { describe, expect, it } from "vitest";
import { amountText, formatApproxMoney, formatHourlyRate, formatMoney, minorDigits, parseAmount } from "./money";

describe("money", () => {
  it("formats minor units in the currency, dropping .00", () => {
    expect(formatMoney(4500, "EUR")).toMatch(/45/);
    expect(formatMoney(4500, "EUR")).not.toMatch(/45[.,]00/);
    expect(formatMoney(4550, "EUR")).toMatch(/45[.,]50/);
    expect(formatMoney(150000, "INR")).toMatch(/1,500|1 500|1\.500/);
    expect(formatMoney(4500, "EUR")).toContain("€");
  });

  it("says per hour, or nothing without a rate", () => {
    expect(formatHourlyRate(3500, "GBP")).toMatch(/£35 \/ hour/);
    expect(formatHourlyRate(null, "GBP")).toBeNull();
  });

  it("reads typed amounts into minor units", () => {
    expect(parseAmount("45")).toBe(4500);
    expect(parseAmount(" 45.5 ")).toBe(4550);
    expect(parseAmount("45,25")).toBe(4525);
    expect(parseAmount("4.555")).toBeNull();
    expect(parseAmount("abc")).toBeNull();
    expect(parseAmount("-3")).toBeNull();
    expect(amountText(4550)).toBe("45.50");
    expect(amountText(4500)).toBe("45");
    expect(amountText(null)).toBe("");
  });
});

describe("money in currencies without hundredths", () => {
  it("treats JPY amounts as whole yen (ISO 4217 exponent 0)", () => {
    expect(minorDigits("JPY")).toBe(0);
    expect(minorDigits("USD")).toBe(2);
    expect(formatMoney(3000, "JPY")).toMatch(/3,000|3 000|3\.000/);
    expect(parseAmount("3000", "JPY")).toBe(3000);
    expect(parseAmount("30.5", "JPY")).toBeNull();
    expect(amountText(3000, "JPY")).toBe("3000");
  });

  it("marks converted prices approximate, in whole units", () => {
    expect(formatApproxMoney(1849, "USD")).toMatch(/^≈ \$18$/);
    expect(formatApproxMoney(3731, "JPY")).toMatch(/^≈ .*3,731$/);
  });
});
