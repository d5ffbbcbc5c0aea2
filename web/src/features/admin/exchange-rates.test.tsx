import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ExchangeRate } from "../../api/types";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { rateProblem } from "./exchange-rates";

const admin = makeUser({ id: "00000000-0000-4000-8000-000000000001", role: "admin", display_name: "Grace Hopper" });
const row = (currency: string, rate: string | null, extra: Partial<ExchangeRate> = {}): ExchangeRate => ({
  currency,
  rate,
  minor_digits: currency === "JPY" ? 0 : 2,
  updated_at: rate ? "2026-12-01T10:00:00Z" : null,
  updated_by: null,
  reference: currency === "USD",
  ...extra,
});
const rates = (items: ExchangeRate[]) => json({ reference_currency: "USD", items });

describe("exchange rates (admin)", () => {
  it("lists every currency and saves a changed rate", async () => {
    let inr = row("INR", "0.012");
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/exchange-rates": () => rates([row("INR", inr.rate), row("JPY", "0.0067"), row("NGN", null), row("USD", "1")]),
      "PUT /api/v1/admin/exchange-rates/INR": (call) => {
        inr = row("INR", (call.body as { rate: string }).rate);
        return json(inr);
      },
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/exchange-rates" });
    const form = await screen.findByRole("form", { name: "INR rate" });
    expect(screen.getByText("Reference currency: always 1")).toBeInTheDocument();
    expect(screen.getByText(/No minor unit/)).toBeInTheDocument();
    expect(screen.getByText(/no rate yet/)).toBeInTheDocument();
    const save = within(form).getByRole("button", { name: "Save" });
    expect(save).toBeDisabled();

    const input = within(form).getByLabelText("1 INR in USD");
    await userEvent.clear(input);
    await userEvent.type(input, "0.0125");
    await userEvent.click(save);
    await waitFor(() => expect(calls.some((call) => call.method === "PUT" && call.path === "/api/v1/admin/exchange-rates/INR")).toBe(true));
    expect(calls.find((call) => call.method === "PUT")?.body).toEqual({ rate: "0.0125" });
    expect(await screen.findByText(/1 INR = 0.0125 USD/)).toBeInTheDocument();
  });

  it("checks the rate before sending and shows the server's objection", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(admin),
      "GET /api/v1/admin/exchange-rates": () => rates([row("EUR", "1.08")]),
      "PUT /api/v1/admin/exchange-rates/EUR": () => apiError(422, "invalid_exchange_rate", "Use at most 9 decimal places.", { fields: { rate: "Use at most 9 decimal places." } }),
    });
    renderWithProviders(<AppRoutes />, { route: "/admin/exchange-rates" });
    const form = await screen.findByRole("form", { name: "EUR rate" });
    const input = within(form).getByLabelText("1 EUR in USD");
    await userEvent.clear(input);
    await userEvent.type(input, "-1");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    expect(input).toHaveAccessibleDescription(/decimal number/);
    expect(calls.some((call) => call.method === "PUT")).toBe(false);

    await userEvent.clear(input);
    await userEvent.type(input, "1.1");
    await userEvent.click(within(form).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(input).toHaveAccessibleDescription("Use at most 9 decimal places."));
  });

  it("knows a usable rate", () => {
    expect(rateProblem("0.012")).toBeNull();
    expect(rateProblem("")).toBe("Enter a rate.");
    expect(rateProblem("0")).toBe("The rate must be above 0.");
    expect(rateProblem("1e3")).toMatch(/decimal/);
  });
});
