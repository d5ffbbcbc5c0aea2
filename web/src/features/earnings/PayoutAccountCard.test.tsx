import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { PayoutAccount, TestPayoutAccount } from "../../api/payouts";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi, type Call } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";
import { PayoutAccountCard } from "./PayoutAccountCard";

const MENTOR = makeUser({ role: "mentor", timezone: "Europe/Berlin" });
const REF = "acct_test_0123456789abcdef";

function account(overrides: Partial<PayoutAccount> = {}): PayoutAccount {
  return { state: "not_started", reason: null, gateway: "test", payouts: "batches", countries: ["DE", "FR", "NL"], ...overrides };
}

function testAccount(overrides: Partial<TestPayoutAccount> = {}): TestPayoutAccount {
  return {
    ref: REF,
    email: "ada@example.org",
    country: "DE",
    state: "onboarding",
    reason: null,
    return_url: `${window.location.origin}/mentor/earnings?payouts=returned`,
    ...overrides,
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

function card(route = "/mentor/earnings") {
  return renderWithProviders(<PayoutAccountCard />, { route });
}

describe("the payout account card", () => {
  it("sets up payouts in the chosen country and goes to the provider's setup page", async () => {
    const calls = mockApi({
      "GET /api/v1/mentor/payout-account": () => json(account()),
      "POST /api/v1/mentor/payout-account/onboarding": () => json({ url: `${window.location.origin}/payouts/test/${REF}` }),
    });
    card();
    const region = await screen.findByRole("region", { name: "Payouts" });
    expect(await within(region).findByText("Not set up")).toBeInTheDocument();
    expect(within(region).getByText(/no real money is paid out/)).toBeInTheDocument();
    const country = within(region).getByRole("combobox", { name: "Country of residence" });
    await userEvent.selectOptions(country, "NL");
    await userEvent.click(within(region).getByRole("button", { name: "Set up payouts" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent(`/payouts/test/${REF}`));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ country: "NL" });
  });

  it("asks for the country first, and shows the server's refusal on that field", async () => {
    const calls = mockApi({
      "GET /api/v1/mentor/payout-account": () => json(account()),
      "POST /api/v1/mentor/payout-account/onboarding": () =>
        apiError(422, "invalid_payout_country", "Payouts are not available in that country.", { fields: { country: "Choose one of the countries listed." } }),
    });
    card();
    const country = await screen.findByRole("combobox", { name: "Country of residence" });
    await userEvent.selectOptions(country, "");
    await userEvent.click(screen.getByRole("button", { name: "Set up payouts" }));
    expect(await screen.findByText("Choose the country you live in.")).toBeInTheDocument();
    expect(country).toHaveAttribute("aria-invalid", "true");
    expect(country).toHaveAccessibleDescription("Choose the country you live in.");
    expect(calls.filter((call: Call) => call.method === "POST")).toHaveLength(0);

    await userEvent.selectOptions(country, "FR");
    expect(country).not.toHaveAttribute("aria-invalid");
    await userEvent.click(screen.getByRole("button", { name: "Set up payouts" }));
    expect(await screen.findByText("Choose one of the countries listed.")).toBeInTheDocument();
    expect(country).toHaveAccessibleDescription("Choose one of the countries listed.");
  });

  it("continues an unfinished setup on Stripe, and says it is checking after the return", async () => {
    const calls = mockApi({
      "GET /api/v1/mentor/payout-account": () => json(account({ state: "onboarding", gateway: "stripe", payouts: "transfers" })),
      "POST /api/v1/mentor/payout-account/onboarding": () => apiError(503, "payout_setup_unavailable", "Payout setup is unavailable right now."),
    });
    card("/mentor/earnings?payouts=returned");
    expect(await screen.findByText("Setup not finished")).toBeInTheDocument();
    expect(screen.getByText(/once its 48-hour complaint window has passed/)).toBeInTheDocument();
    expect(screen.getByText(/Stripe is confirming your details/).closest("[role=status]")).toHaveTextContent("Checking your details");
    expect(screen.queryByRole("combobox")).not.toBeInTheDocument();
    expect(screen.queryByText(/no real money/)).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Continue setup" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Payout setup is unavailable right now.");
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({});
  });

  it("tells a restricted mentor what is needed, and offers nothing to click while verifying", async () => {
    mockApi({ "GET /api/v1/mentor/payout-account": () => json(account({ state: "restricted", reason: "requirements.past_due", gateway: "stripe" })) });
    const { unmount } = card();
    expect(await screen.findByText("Action needed")).toBeInTheDocument();
    expect(screen.getByText(/needs more information from you/)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Update details" })).toBeEnabled();
    unmount();

    mockApi({ "GET /api/v1/mentor/payout-account": () => json(account({ state: "restricted", reason: "requirements.pending_verification", gateway: "stripe" })) });
    card();
    expect(await screen.findByText(/being verified/)).toBeInTheDocument();
    expect(screen.queryByRole("button")).not.toBeInTheDocument();
  });

  it("says payouts are enabled once the account is ready", async () => {
    mockApi({ "GET /api/v1/mentor/payout-account": () => json(account({ state: "ready", gateway: "stripe", payouts: "transfers" })) });
    card();
    const region = await screen.findByRole("region", { name: "Payouts" });
    expect(await within(region).findAllByText(/Payouts enabled/)).toHaveLength(2);
    expect(within(region).queryByRole("button")).not.toBeInTheDocument();
  });

  it("offers a retry when the account cannot be loaded", async () => {
    let fail = true;
    mockApi({ "GET /api/v1/mentor/payout-account": () => (fail ? apiError(503, "service_unavailable") : json(account({ state: "ready" }))) });
    card();
    expect(await screen.findByText("We couldn't load your payout account")).toBeInTheDocument();
    fail = false;
    await userEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByText("Payouts enabled")).toBeInTheDocument();
  });
});

describe("the test payout account page", () => {
  function routes(outcome: (call: Call) => Response, page = testAccount()) {
    return mockApi({
      "GET /api/v1/me": () => json(MENTOR),
      [`GET /api/v1/payments/test-payout-accounts/${REF}`]: () => json(page),
      [`POST /api/v1/payments/test-payout-accounts/${REF}/outcome`]: outcome,
      "GET /api/v1/mentor/payout-account": () => json(account({ state: "ready" })),
      "GET /api/v1/mentor/earnings": () => apiError(503, "service_unavailable"),
    });
  }

  it("is marked as a test, enables payouts and goes back to the earnings page", async () => {
    const calls = routes(() => json({ redirect_url: `${window.location.origin}/mentor/earnings?payouts=returned` }));
    renderWithProviders(<AppRoutes />, { route: `/payouts/test/${REF}` });
    expect(await screen.findByRole("heading", { name: "Set up your payout account" })).toBeInTheDocument();
    expect(screen.getByText("Test payout account — no real money")).toBeInTheDocument();
    expect(screen.getByText("ada@example.org")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Confirm details and enable payouts" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/mentor/earnings?payouts=returned"));
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ outcome: "complete" });
  });

  it("explains a restriction and says when the link is not valid", async () => {
    routes(() => json({ redirect_url: null }), testAccount({ state: "restricted", reason: "requirements.past_due" }));
    const { unmount } = renderWithProviders(<AppRoutes />, { route: `/payouts/test/${REF}` });
    expect(await screen.findByText("More information needed")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Submit without the documents asked for" })).toBeEnabled();
    unmount();

    mockApi({
      "GET /api/v1/me": () => json(MENTOR),
      [`GET /api/v1/payments/test-payout-accounts/${REF}`]: () => apiError(404, "payout_account_not_found"),
    });
    renderWithProviders(<AppRoutes />, { route: `/payouts/test/${REF}` });
    expect(await screen.findByText("This setup link isn't valid")).toBeInTheDocument();
  });
});
