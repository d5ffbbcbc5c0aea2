import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { AppRoutes } from "../../app/routes";
import { apiError, json, makeUser, mockApi, noContent } from "../../test/mock-api";
import { renderWithProviders } from "../../test/render";

async function emailForm() {
  return within(await screen.findByRole("form", { name: "E-mail address" }));
}

describe("changing the e-mail address", () => {
  it("sends the new address with the password and says where the link went", async () => {
    document.cookie = "edu_csrf=csrf-abc; path=/";
    const calls = mockApi({
      "GET /api/v1/me": () => json(makeUser()),
      "POST /api/v1/auth/email/change": () => json({ message: "Check the new address." }, 202),
    });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    const form = await emailForm();
    expect(form.queryByLabelText("Code from your authenticator app")).not.toBeInTheDocument();

    await userEvent.type(form.getByLabelText("New e-mail address"), " ada.new@example.org ");
    await userEvent.type(form.getByLabelText("Current password"), "correct horse");
    await userEvent.click(form.getByRole("button", { name: "Send confirmation link" }));

    const status = await form.findByRole("status");
    expect(status).toHaveTextContent("Check your new inbox");
    expect(status).toHaveTextContent("We sent a link to ada.new@example.org");
    const post = calls.find((call) => call.method === "POST" && call.path === "/api/v1/auth/email/change");
    expect(post?.body).toEqual({ new_email: "ada.new@example.org", current_password: "correct horse" });
    expect(post?.headers.get("X-CSRF-Token")).toBe("csrf-abc");
    // The fields are cleared, so the password does not linger on screen.
    expect(form.getByLabelText("Current password")).toHaveValue("");
  });

  it("checks the fields before asking the server", async () => {
    const calls = mockApi({ "GET /api/v1/me": () => json(makeUser()) });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    const form = await emailForm();

    await userEvent.type(form.getByLabelText("New e-mail address"), "ADA@example.org");
    await userEvent.click(form.getByRole("button", { name: "Send confirmation link" }));

    expect(form.getByLabelText("New e-mail address")).toHaveAccessibleDescription("This is already your e-mail address.");
    expect(form.getByLabelText("New e-mail address")).toHaveFocus();
    expect(form.getByLabelText("Current password")).toHaveAccessibleDescription("Enter your current password.");
    expect(calls.some((call) => call.path === "/api/v1/auth/email/change")).toBe(false);
  });

  it("shows a wrong password on its field and a busy button while waiting", async () => {
    let answer: (response: Response) => void = () => undefined;
    mockApi({
      "GET /api/v1/me": () => json(makeUser()),
      "POST /api/v1/auth/email/change": () =>
        new Promise<Response>((resolve) => {
          answer = resolve;
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    const form = await emailForm();
    await userEvent.type(form.getByLabelText("New e-mail address"), "ada.new@example.org");
    await userEvent.type(form.getByLabelText("Current password"), "nope");
    await userEvent.click(form.getByRole("button", { name: "Send confirmation link" }));

    await waitFor(() => expect(form.getByRole("button", { name: /Send confirmation link/ })).toBeDisabled());
    answer(
      apiError(401, "invalid_credentials", "The current password is incorrect.", {
        fields: { current_password: "The current password is incorrect." },
      }),
    );
    await waitFor(() =>
      expect(form.getByLabelText("Current password")).toHaveAccessibleDescription("Your current password is incorrect."),
    );
    expect(form.queryByRole("status")).not.toBeInTheDocument();
    expect(screen.getByTestId("location")).toHaveTextContent("/settings");
  });

  it("asks for a code when two-step verification is on", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => json(makeUser({ second_factor_enabled: true })),
      "POST /api/v1/auth/email/change": () =>
        apiError(401, "invalid_second_factor", "The code is incorrect or has expired.", {
          fields: { second_factor_code: "The code is incorrect or has expired." },
        }),
    });
    renderWithProviders(<AppRoutes />, { route: "/settings" });
    const form = await emailForm();
    await userEvent.type(form.getByLabelText("New e-mail address"), "ada.new@example.org");
    await userEvent.type(form.getByLabelText("Current password"), "correct horse");
    await userEvent.click(form.getByRole("button", { name: "Send confirmation link" }));
    expect(form.getByLabelText("Code from your authenticator app")).toHaveAccessibleDescription(
      "Enter a code from your authenticator app.",
    );

    await userEvent.type(form.getByLabelText("Code from your authenticator app"), " 123456 ");
    await userEvent.click(form.getByRole("button", { name: "Send confirmation link" }));
    await waitFor(() =>
      expect(form.getByLabelText("Code from your authenticator app")).toHaveAccessibleDescription(
        /That code is not right/,
      ),
    );
    const post = calls.find((call) => call.path === "/api/v1/auth/email/change");
    expect(post?.body).toEqual({
      new_email: "ada.new@example.org",
      current_password: "correct horse",
      second_factor_code: "123456",
    });
  });
});

describe("the confirmation link", () => {
  it("confirms once and says the address changed", async () => {
    const calls = mockApi({
      "GET /api/v1/me": () => apiError(401, "not_authenticated", "Sign in."),
      "POST /api/v1/auth/email/confirm": () => noContent(),
    });
    renderWithProviders(<AppRoutes />, { route: "/confirm-email?token=tok-123" });
    expect(await screen.findByRole("heading", { name: "Your e-mail address is changed" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Sign in with your new address" })).toHaveAttribute("href", "/login");
    const posts = calls.filter((call) => call.path === "/api/v1/auth/email/confirm");
    expect(posts.map((call) => call.body)).toEqual([{ token: "tok-123" }]);
  });

  it("explains an address another account took meanwhile", async () => {
    mockApi({
      "GET /api/v1/me": () => json(makeUser()),
      "POST /api/v1/auth/email/confirm": () => apiError(409, "email_taken", "An account with this e-mail address already exists."),
    });
    renderWithProviders(<AppRoutes />, { route: "/confirm-email?token=tok-123" });
    expect(await screen.findByRole("heading", { name: "We couldn't change your e-mail address" })).toBeInTheDocument();
    expect(screen.getByText(/Another account started using this address/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Go to your settings" })).toHaveAttribute("href", "/settings");
  });

  it("says an expired link can be replaced from the settings", async () => {
    mockApi({
      "GET /api/v1/me": () => json(makeUser()),
      "POST /api/v1/auth/email/confirm": () => apiError(400, "invalid_token", "This link or token is invalid or has expired."),
    });
    renderWithProviders(<AppRoutes />, { route: "/confirm-email?token=old" });
    expect(await screen.findByText(/This link is invalid or has expired\. Confirmation links work once/)).toBeInTheDocument();
  });

  it("does not call the server without a token", async () => {
    const calls = mockApi({ "GET /api/v1/me": () => json(makeUser()) });
    renderWithProviders(<AppRoutes />, { route: "/confirm-email" });
    expect(await screen.findByRole("heading", { name: "This link is incomplete" })).toBeInTheDocument();
    expect(calls.some((call) => call.path === "/api/v1/auth/email/confirm")).toBe(false);
  });
});
