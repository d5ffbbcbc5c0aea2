import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { browserTimezone } from "../../lib/timezones";
import { apiError, json, makeUser, mockApi, noContent } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

const visitor = { "GET /api/v1/me": () => apiError(401, "not_authenticated") };

describe("sign in", () => {
  it("explains why the person was sent here", async () => {
    mockApi(visitor);
    renderWithProviders(<AppRoutes />, { route: "/login?reason=suspended" });
    expect(await screen.findByText("Your account has been suspended")).toBeInTheDocument();
  });

  it("shows a wrong password as a form-level error and stays put", async () => {
    mockApi({ ...visitor, "POST /api/v1/auth/login": () => apiError(401, "invalid_credentials") });
    renderWithProviders(<AppRoutes />, { route: "/login" });
    await userEvent.type(await screen.findByLabelText("E-mail address"), "ada@example.org");
    await userEvent.type(screen.getByLabelText("Password"), "wrong-password");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("That e-mail address and password don't match an account.");
    expect(screen.getByTestId("location")).toHaveTextContent("/login");
  });

  it("checks the fields before asking the server", async () => {
    const calls = mockApi(visitor);
    renderWithProviders(<AppRoutes />, { route: "/login" });
    await userEvent.click(await screen.findByRole("button", { name: "Sign in" }));
    expect(screen.getByLabelText("E-mail address")).toHaveAccessibleDescription("Enter your e-mail address.");
    expect(screen.getByLabelText("E-mail address")).toHaveFocus();
    expect(calls.filter((call) => call.method === "POST")).toHaveLength(0);
  });

  it("signs in with a cookie session and goes on to `next`", async () => {
    const calls = mockApi({ ...visitor, "POST /api/v1/auth/login": () => json({ user: makeUser(), csrf_token: "c" }) });
    renderWithProviders(<AppRoutes />, { route: "/login?next=%2Fsettings&reason=expired" });
    await userEvent.type(await screen.findByLabelText("E-mail address"), "ada@example.org");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/settings"));
    expect(calls.find((call) => call.path === "/api/v1/auth/login")?.body).toEqual({
      email: "ada@example.org",
      password: "correct horse",
      remember: false,
      mode: "cookie",
    });
  });

  it("moves from the e-mail to the password with the keyboard, then to the other controls", async () => {
    mockApi(visitor);
    renderWithProviders(<AppRoutes />, { route: "/login" });
    await userEvent.click(await screen.findByLabelText("E-mail address"));
    await userEvent.tab();
    expect(screen.getByLabelText("Password")).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("button", { name: "Show password" })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByLabelText("Keep me signed in for a week")).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole("link", { name: "Forgot password?" })).toHaveFocus();
  });

  it("asks for a remembered session when the box is ticked", async () => {
    const calls = mockApi({ ...visitor, "POST /api/v1/auth/login": () => json({ user: makeUser(), csrf_token: "c" }) });
    renderWithProviders(<AppRoutes />, { route: "/login" });
    await userEvent.type(await screen.findByLabelText("E-mail address"), "ada@example.org");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.click(screen.getByLabelText("Keep me signed in for a week"));
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(calls.find((call) => call.path === "/api/v1/auth/login")?.body).toMatchObject({ remember: true }));
  });

  it("shows a suspended person the reason they were given", async () => {
    mockApi({
      ...visitor,
      "POST /api/v1/auth/login": () =>
        apiError(401, "account_suspended", "Your account has been suspended. Reason: Spam in the forum", {
          reason: "Spam in the forum",
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/login" });
    await userEvent.type(await screen.findByLabelText("E-mail address"), "ada@example.org");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent("Reason: Spam in the forum");
  });
});

describe("register", () => {
  async function fillAndSubmit() {
    await userEvent.type(await screen.findByLabelText("Full name"), "Ada Lovelace");
    await userEvent.type(screen.getByLabelText("E-mail address"), "ada@example.org");
    await userEvent.type(screen.getByLabelText("Password"), "password1");
    await userEvent.click(screen.getByRole("button", { name: /Create account|Submit application/ }));
  }

  it("puts the API's field errors next to the right fields", async () => {
    mockApi({
      ...visitor,
      "POST /api/v1/auth/register": () =>
        apiError(422, "weak_password", "This password is too common; choose one that is harder to guess.", {
          fields: { password: "This password is too common; choose one that is harder to guess." },
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/register" });
    await fillAndSubmit();
    const password = screen.getByLabelText("Password");
    await waitFor(() => expect(password).toHaveAttribute("aria-invalid", "true"));
    expect(password).toHaveAccessibleDescription("This password is too common; choose one that is harder to guess.");
    expect(screen.getByLabelText("E-mail address")).not.toHaveAttribute("aria-invalid");
  });

  it("says to check the mail whether or not the address has an account", async () => {
    mockApi({
      ...visitor,
      "POST /api/v1/auth/register": () => json({ message: "Check your mail." }, 202),
    });
    renderWithProviders(<AppRoutes />, { route: "/register" });
    await fillAndSubmit();
    expect(await screen.findByRole("heading", { name: "Check your inbox" })).toBeInTheDocument();
    expect(screen.getByText("ada@example.org")).toBeInTheDocument();
    expect(screen.getByText(/Already have an account with this address\?/)).toBeInTheDocument();
  });

  it("applies as a mentor in the browser's time zone", async () => {
    const calls = mockApi({
      ...visitor,
      "POST /api/v1/auth/register": () => json({ message: "Check your mail." }, 202),
    });
    renderWithProviders(<AppRoutes />, { route: "/register?role=mentor" });
    expect(await screen.findByRole("heading", { name: "Apply as a mentor" })).toBeInTheDocument();
    expect(screen.getByLabelText("Time zone")).toHaveValue(browserTimezone());
    await fillAndSubmit();
    expect(await screen.findByRole("heading", { name: "Check your inbox" })).toBeInTheDocument();
    expect(calls.find((call) => call.path === "/api/v1/auth/register")?.body).toMatchObject({
      role: "mentor",
      timezone: browserTimezone(),
      display_name: "Ada Lovelace",
    });
  });
});

describe("e-mail links", () => {
  it("verifies the address once", async () => {
    const calls = mockApi({ ...visitor, "POST /api/v1/auth/verify-email": () => noContent() });
    renderWithProviders(<AppRoutes />, { route: "/verify-email?token=abc" });
    expect(await screen.findByRole("heading", { name: "Your e-mail is verified" })).toBeInTheDocument();
    const verifications = calls.filter((call) => call.path === "/api/v1/auth/verify-email");
    expect(verifications).toHaveLength(1);
    expect(verifications[0]?.body).toEqual({ token: "abc" });
  });

  it("says a reused link's address is already verified and offers to sign in", async () => {
    mockApi({ ...visitor, "POST /api/v1/auth/verify-email": () => apiError(409, "email_already_verified") });
    renderWithProviders(<AppRoutes />, { route: "/verify-email?token=used" });
    expect(await screen.findByRole("heading", { name: "Your e-mail is already verified" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: /Sign in/ })).toBeInTheDocument();
  });

  it("explains an expired link", async () => {
    mockApi({ ...visitor, "POST /api/v1/auth/verify-email": () => apiError(400, "invalid_token") });
    renderWithProviders(<AppRoutes />, { route: "/verify-email?token=old" });
    expect(await screen.findByRole("heading", { name: "We couldn't verify your e-mail" })).toBeInTheDocument();
    expect(screen.getByText(/This link is invalid or has expired/)).toBeInTheDocument();
  });

  it("resets a password and checks that both entries match", async () => {
    const calls = mockApi({ ...visitor, "POST /api/v1/auth/password/reset": () => noContent() });
    renderWithProviders(<AppRoutes />, { route: "/reset-password?token=t1" });
    await userEvent.type(await screen.findByLabelText("New password"), "a-new-password");
    await userEvent.type(screen.getByLabelText("Confirm new password"), "a-different-one");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(screen.getByLabelText("Confirm new password")).toHaveAccessibleDescription("The passwords don't match.");
    expect(calls.some((call) => call.method === "POST")).toBe(false);

    await userEvent.clear(screen.getByLabelText("Confirm new password"));
    await userEvent.type(screen.getByLabelText("Confirm new password"), "a-new-password");
    await userEvent.click(screen.getByRole("button", { name: "Set new password" }));
    expect(await screen.findByRole("heading", { name: "Your password has been changed" })).toBeInTheDocument();
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ token: "t1", new_password: "a-new-password" });
  });
});

describe("two-step sign-in", () => {
  it("asks for the code after the password and signs in with it", async () => {
    const calls = mockApi({
      ...visitor,
      "POST /api/v1/auth/login": () => json({ user: null, second_factor_required: true, challenge: "ch-1" }),
      "POST /api/v1/auth/login/second-factor": () => json({ user: makeUser(), csrf_token: "c" }),
    });
    renderWithProviders(<AppRoutes />, { route: "/login?next=%2Fsettings" });
    await userEvent.type(await screen.findByLabelText("E-mail address"), "ada@example.org");
    await userEvent.type(screen.getByLabelText("Password"), "correct horse");
    await userEvent.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("heading", { name: "Two-step verification" })).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Verification code"), "654321");
    await userEvent.click(screen.getByRole("button", { name: "Verify and sign in" }));
    await waitFor(() => expect(screen.getByTestId("location")).toHaveTextContent("/settings"));
    expect(calls.find((call) => call.path === "/api/v1/auth/login/second-factor")?.body).toEqual({
      challenge: "ch-1",
      code: "654321",
      remember: false,
      mode: "cookie",
    });
  });
});
